/**
 * The marks on posts' links (core/captions.ts markLinks): added when a post is published, counted
 * when its caption is made and checked, so every caption still fits its network with them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { captionLength, captionRules, linkMarks, markLinks, pendingPostId } from '#lib/core/captions.ts';
import { channelNames } from '#lib/core/catalogue.ts';
import { locales } from '#lib/core/i18n.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { openDb } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { outbox } from '#lib/server/publishing/channels/outbox.ts';
import { postText } from './compose.ts';
import { planCampaigns } from './plan.ts';
import { publishDue } from './publish.ts';

const site = 'https://caravan.example.org';
const content = loadContent();
const dir = mkdtempSync(join(tmpdir(), 'caravan-marks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('markLinks', () => {
	const marks = linkMarks(true, site, { channel: 'mastodon', campaign: 'facts-mastodon', id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' });

	test('marks links to the site with network, medium, campaign and post; leaves other links and text alone', () => {
		const text = `Water\n\n${site}/en/topics/water/\nhttps://eur-lex.europa.eu/x?y=1 #Water`;
		expect(markLinks(text, marks)).toBe(
			`Water\n\n${site}/en/topics/water/?utm_source=mastodon&utm_medium=social&utm_campaign=facts-mastodon&utm_content=1b4e28ba-2fa1-11d2-883f-0016d3cca427\nhttps://eur-lex.europa.eu/x?y=1 #Water`
		);
	});

	test('keeps a query, a fragment and the sentence’s punctuation; replaces old marks; not a look-alike host', () => {
		const marked = (url: string) => markLinks(url, marks);
		expect(marked(`See ${site}/ru/facts/?a=1#top.`)).toBe(
			`See ${site}/ru/facts/?a=1&utm_source=mastodon&utm_medium=social&utm_campaign=facts-mastodon&utm_content=1b4e28ba-2fa1-11d2-883f-0016d3cca427#top.`
		);
		expect(marked(`${site}/kk/?utm_source=x&utm_content=old`)).toBe(
			`${site}/kk/?utm_source=mastodon&utm_medium=social&utm_campaign=facts-mastodon&utm_content=1b4e28ba-2fa1-11d2-883f-0016d3cca427`
		);
		expect(marked(`${site}.evil.example/en/`)).toBe(`${site}.evil.example/en/`);
	});

	test('off: links go out as they are; a manual post’s campaign is "manual"', () => {
		expect(markLinks(`${site}/en/`, linkMarks(false, site, { channel: 'telegram' }))).toBe(`${site}/en/`);
		expect(markLinks(`${site}/en/`, linkMarks(true, site, { channel: 'telegram' }))).toContain('utm_campaign=manual&utm_content=' + pendingPostId);
		expect(pendingPostId).toHaveLength(randomUUID().length);
	});
});

describe('captions fit every network with their links marked', () => {
	// The longest captions there are: every item's, in every language, to every channel, with the
	// longest campaign id there is; counted as sent, with a real post id.
	const campaign = content.campaigns.map((entry) => entry.id).sort((a, b) => b.length - a.length)[0]!;
	const items = [
		...content.topics.map((topic) => ({ kind: 'topic' as const, slug: topic.slug })),
		...content.facts.map((fact) => ({ kind: 'fact' as const, slug: fact.id })),
		...content.opportunities.map((entry) => ({ kind: 'opportunity' as const, slug: entry.id }))
	];
	test.each(locales)('%s', (locale) => {
		let shortenedForMarks = 0;
		for (const channel of channelNames) {
			for (const { kind, slug } of items) {
				const made = (marks: boolean) => postText(content, { kind, slug, locale, channel, siteUrl: site, hashtags: ['EUCentralAsia', 'Youth'], marks, campaign }).caption;
				const caption = made(true);
				const sent = markLinks(caption, linkMarks(true, site, { channel, campaign, id: randomUUID() }));
				expect(sent).toContain('utm_content=');
				const { length, limit } = captionLength(channel, sent);
				expect(length, `${locale} ${kind} ${slug} on ${channel}:\n${sent}`).toBeLessThanOrEqual(limit);
				if (caption !== made(false)) shortenedForMarks++;
			}
		}
		// Some captions had to be shorter to leave room for the marks: they were counted, not just lucky.
		expect(shortenedForMarks).toBeGreaterThan(0);
		expect(Object.keys(captionRules)).toContain('bluesky');
	});

	test('Mastodon counts the marked link as 23; Bluesky and Telegram count it whole', () => {
		const plain = `Hi ${site}/en/topics/water/`;
		const marks = linkMarks(true, site, { channel: 'x', campaign: 'c', id: randomUUID() });
		expect(captionLength('mastodon', plain, marks).length).toBe(captionLength('mastodon', plain).length);
		expect(captionLength('bluesky', plain, marks).length).toBe(markLinks(plain, marks).length);
		expect(captionLength('telegram', plain, marks).length).toBeGreaterThan(captionLength('telegram', plain).length + 80);
	});
});

test('a planned post is published with its links marked: its network, its campaign and its own id', async () => {
	const db = openDb(join(dir, 'caravan.db'));
	const queue = new Queue(db, () => new Date('2026-12-01T13:00:00Z'));
	planCampaigns(content, db, site, { marks: true });
	const post = queue.list().find((entry) => entry.channel === 'telegram')!;
	expect(post.caption).toContain(`${site}/`);
	expect(post.caption).not.toContain('utm_');
	db.prepare("UPDATE posts SET channel = 'outbox', scheduled_utc = '2026-12-01T12:00:00.000Z'").run();
	queue.approve(post.id, 'approver');
	const options = { owner: 'test', leaseMs: 60_000, timeoutMs: 5_000, maxAttempts: 3, backoffMs: 1_000, cardsDir: join(dir, 'cards'), siteUrl: site, marks: true };
	const channels = new Map([['outbox', outbox(join(dir, 'outbox'), () => new Date('2026-12-01T13:00:00Z'))]]);
	expect(await publishDue(queue, content, channels, options)).toMatchObject({ published: 1 });
	const folder = join(dir, 'outbox', '2026-12-01', post.id);
	const campaign = post.plan_key!.split('/')[0];
	const query = `?utm_source=outbox&utm_medium=social&utm_campaign=${campaign}&utm_content=${post.id}`;
	expect(readFileSync(join(folder, 'caption.txt'), 'utf8')).toContain(query);
	expect(JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')).url).toMatch(new RegExp(`${query.replace(/[?]/g, '\\?')}$`));
	db.close();
});
