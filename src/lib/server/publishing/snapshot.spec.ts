/**
 * A post carries what it will publish: the card, caption and alt made together from the content, kept
 * with the post, so an edit to the content afterwards changes nothing an approver has approved.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { cardPng } from '#lib/server/cards/cache.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { openDb } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { cardText } from '#lib/server/views/card.ts';
import { startFakeWebhook, type FakeWebhook } from '../../../../tests/fakes/webhook.ts';
import { webhook } from './channels/webhook.ts';
import { cardSnapshot, contentNow, postText, refreshPost } from './compose.ts';
import { publishDue } from './publish.ts';

const site = 'https://caravan.example.org';
const secret = 'snapshot-secret-0123456789';
const dirs: string[] = [];
const servers: FakeWebhook[] = [];
afterEach(async () => {
	dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A database, a copy of the content to edit, and an approved webhook post of a fact, due now. */
async function approvedPost() {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-snapshot-'));
	dirs.push(dir);
	const contentDir = join(dir, 'content');
	cpSync('content', contentDir, { recursive: true });
	const before = loadContent(contentDir);
	const queue = new Queue(openDb(join(dir, 'caravan.db')));
	const made = postText(before, { kind: 'fact', slug: 'half-population-under-20', locale: 'en', channel: 'webhook', siteUrl: site, formats: ['og'] });
	const { post } = queue.create(
		{ item_kind: 'fact', item_slug: 'half-population-under-20', locale: 'en', channel: 'webhook', ...made, formats: ['og'], scheduled_utc: new Date(Date.now() - 60_000).toISOString(), zone: 'Europe/Brussels' },
		'editor'
	);
	queue.approve(post.id, 'approver');
	// The content changes after the approval: a new figure, headline and sentence for the same fact.
	writeFileSync(
		join(contentDir, 'facts/half-population-under-20/en.yaml'),
		'figure: "60%"\nheadline: "In 2019, 60% of Central Asia was under 30"\ntext: >-\n  Six in ten people in Central Asia are under 30 years old.\n'
	);
	const after = loadContent(contentDir);
	return { dir, queue, id: post.id, before, after };
}

test('an approved post publishes the card and alt it was approved with, not those of content edited since', async () => {
	const { dir, queue, id, before, after } = await approvedPost();
	const fake = await startFakeWebhook(secret);
	servers.push(fake);
	const channels = new Map([['webhook', webhook({ url: fake.url, secret })]]);
	const cardsDir = join(dir, 'cards');

	const result = await publishDue(queue, after, channels, {
		owner: 'test', leaseMs: 60_000, timeoutMs: 10_000, maxAttempts: 3, backoffMs: 1_000, cardsDir, siteUrl: site, paceScale: 0
	});
	expect(result.published).toBe(1);
	const [request] = fake.requests;
	const approvedCard = cardText(before, 'en', 'fact', 'half-population-under-20', site)!;
	const newCard = cardText(after, 'en', 'fact', 'half-population-under-20', site)!;
	expect(request!.post).toMatchObject({ alt: approvedCard.alt });
	expect(request!.post!.alt).not.toBe(newCard.alt);
	const sent = request!.files.find((file) => file.field === 'image-og')!.bytes;
	expect(sent.equals(await cardPng(cardsDir, approvedCard, 'og'))).toBe(true);
	expect(sent.equals(await cardPng(cardsDir, newCard, 'og'))).toBe(false);
	expect(queue.get(id)!.state).toBe('published');
}, 60_000);

test('the post says when the content has a newer version, and a refresh takes it, back to draft, in the audit log', async () => {
	const { queue, id, before, after } = await approvedPost();
	const post = queue.get(id)!;
	expect(contentNow(before, post, site)).toBe('same');
	expect(contentNow(after, post, site)).toBe('newer');

	const refreshed = refreshPost(queue, after, id, 'editor@example.org', { siteUrl: site });
	expect(refreshed.state).toBe('draft');
	expect(refreshed.caption).toContain('Six in ten people in Central Asia are under 30 years old.');
	expect(refreshed.caption.startsWith('In 2019, 60% of Central Asia was under 30\n\n')).toBe(true);
	expect(refreshed.alt).toBe(cardText(after, 'en', 'fact', 'half-population-under-20', site)!.alt);
	expect(contentNow(after, refreshed, site)).toBe('same');
	expect(queue.audit(id).at(-1)).toMatchObject({ actor: 'editor@example.org', from_state: 'approved', to_state: 'draft' });
	expect(queue.audit(id).at(-1)!.reason).toMatch(/newer version of the content/);
}, 30_000);

test('a post made before posts kept their card takes the content\'s card when approved; a post with its own card keeps it', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-snapshot-'));
	dirs.push(dir);
	const content = loadContent();
	const queue = new Queue(openDb(join(dir, 'caravan.db')));
	const draft = (made: Partial<ReturnType<typeof postText>>) =>
		queue.create(
			{ item_kind: 'topic', item_slug: 'connectivity', locale: 'ru', channel: 'outbox', caption: 'Связи', ...made, formats: ['og'], scheduled_utc: '2027-01-04T09:00:00.000Z', zone: 'Asia/Tashkent' },
			'editor'
		).post;
	const now = cardSnapshot(cardText(content, 'ru', 'topic', 'connectivity', site)!, ['og']);

	const legacy = draft({});
	expect(legacy.card).toBeNull();
	expect(queue.approve(legacy.id, 'approver', now)).toMatchObject({ state: 'approved', card: now.card, card_keys: now.card_keys });
	expect(queue.audit(legacy.id).at(-1)!.reason).toBe('approved (with the card of the content now)');

	const own = cardSnapshot({ ...now.card, title: 'Связи (как было)' }, ['og']);
	const kept = draft(own);
	expect(queue.approve(kept.id, 'approver', now)).toMatchObject({ state: 'approved', card: own.card, card_keys: own.card_keys });
});
