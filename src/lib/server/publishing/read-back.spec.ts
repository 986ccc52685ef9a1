/**
 * A post whose outcome is unknown (needs_check) is read back where the network allows it — Mastodon, Bluesky,
 * the outbox — and resolved as published or sent again; where it does not (Telegram, webhooks) a person is
 * told where to look. Each network is its fake, with the answer to the post dropped after it was made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { publisherOptions } from '../../../../tests/fakes/expect.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadContent } from '#lib/server/content/load.ts';
import { openDb } from '#lib/server/store/database.ts';
import type { ChannelName } from '#lib/core/catalogue.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { startFakeBluesky } from '../../../../tests/fakes/bluesky.ts';
import { startFakeMastodon } from '../../../../tests/fakes/mastodon.ts';
import { startFakeTelegram } from '../../../../tests/fakes/telegram.ts';
import { startFakeWebhook } from '../../../../tests/fakes/webhook.ts';
import { bluesky } from '#lib/server/publishing/channels/bluesky.ts';
import { mastodon } from '#lib/server/publishing/channels/mastodon.ts';
import { outbox } from '#lib/server/publishing/channels/outbox.ts';
import { telegram } from '#lib/server/publishing/channels/telegram.ts';
import type { Channel, OutgoingPost } from '#lib/server/publishing/channels/types.ts';
import { webhook } from '#lib/server/publishing/channels/webhook.ts';
import { checkUnknown, whereToLook } from './read-back.ts';
import { publishDue } from './publish.ts';

const content = loadContent();
const minutes = 60_000;
const caption = 'Жастар\n\nОрталық Азия халқының жартысы 30 жасқа толмаған.\n\nhttps://caravan.example.org/kk/facts/half-population-under-20/ #EUCentralAsia';
const dirs: string[] = [];
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
	dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

function setup() {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-check-'));
	dirs.push(dir);
	const clock = { now: new Date('2026-12-01T13:00:00Z') };
	const file = join(dir, 'caravan.db');
	const queue = new Queue(openDb(file), () => clock.now);
	// A hang ends at this timeout; long enough that the requests before it (a media upload) finish on a
	// busy machine.
	const options = publisherOptions(dir, { timeoutMs: 1_000 });
	const due = (channel: ChannelName, text = caption) => {
		const { post } = queue.create(
			{ item_kind: 'fact', item_slug: 'half-population-under-20', locale: 'kk', channel, caption: text, alt: 'Карта', formats: ['square'], scheduled_utc: '2026-12-01T12:00:00.000Z', zone: 'Asia/Almaty' },
			'editor'
		);
		queue.approve(post.id, 'approver');
		return post.id;
	};
	const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
	const lines: string[] = [];
	const check = (channels: Map<string, Channel>, extra = {}) =>
		checkUnknown(queue, channels, { timeoutMs: 5_000, now: () => clock.now, log: (line: string) => lines.push(line), ...extra });
	return { dir, file, queue, options, due, advance, clock, check, lines };
}

/** What the publisher would hand a channel, without cards (the networks here take posts without images). */
const outgoing = (queue: Queue, id: string): OutgoingPost => {
	const post = queue.get(id)!;
	return {
		id,
		locale: post.locale,
		caption: post.caption,
		alt: post.alt,
		images: [],
		url: 'https://caravan.example.org/kk/facts/half-population-under-20/',
		idempotencyKey: `caravan-${id}`,
		createdAt: post.created_at,
		scheduledAt: post.scheduled_utc
	};
};

describe('Mastodon: the account’s statuses are read back', () => {
	async function mastodonSetup(options: { pages?: number } = {}) {
		const world = setup();
		const fake = await startFakeMastodon({ now: () => world.clock.now.getTime() });
		servers.push(fake);
		const channel = mastodon({ url: fake.url, token: fake.token, pollMs: 10, now: () => world.clock.now.getTime(), readBackPages: options.pages });
		return { ...world, fake, channels: new Map([['mastodon', channel]]) };
	}

	/** The post's first attempt loses its answer; 56 minutes later its key is gone and it goes to needs_check. */
	async function unknownOutcome(world: Awaited<ReturnType<typeof mastodonSetup>>, made: boolean) {
		const id = world.due('mastodon');
		world.fake.next(made ? { kind: 'hang', afterCreate: true } : { kind: 'hang' }, 'statuses');
		expect(await publishDue(world.queue, content, world.channels, world.options)).toMatchObject({ retried: 1 });
		world.advance(56 * minutes);
		expect(await publishDue(world.queue, content, world.channels, world.options)).toMatchObject({ unknown: 1 });
		expect(world.queue.get(id)?.state).toBe('needs_check');
		world.advance(5 * minutes);
		return id;
	}

	test('a post sent with its links marked is found by its text as sent (marks and all)', async () => {
		const world = await mastodonSetup();
		const id = world.due('mastodon', `${caption}\n\nhttps://caravan.example.org/kk/facts/half-population-under-20/`);
		// A longer timeout than the other tests' (the hang still ends it): the card's upload must not be what times out.
		const marked = { ...world.options, marks: true, timeoutMs: 2_000 };
		world.fake.next({ kind: 'hang', afterCreate: true }, 'statuses');
		expect(await publishDue(world.queue, content, world.channels, marked)).toMatchObject({ retried: 1 });
		world.advance(56 * minutes);
		expect(await publishDue(world.queue, content, world.channels, marked)).toMatchObject({ unknown: 1 });
		world.advance(5 * minutes);
		expect(world.fake.statuses).toHaveLength(1);
		expect(JSON.stringify(world.fake.statuses[0])).toContain(`utm_content=${id}`);
		expect(await world.check(world.channels, { siteUrl: world.options.siteUrl, marks: true })).toMatchObject({ published: 1, sendAgain: 0 });
		expect(world.fake.statuses).toHaveLength(1);
	});

	test('a status made before the answer was lost is found: the post is published with its address', async () => {
		const world = await mastodonSetup();
		const id = await unknownOutcome(world, true);
		expect(world.fake.statuses).toHaveLength(1);

		expect(await world.check(world.channels)).toMatchObject({ published: 1, sendAgain: 0, unsure: 0 });

		const status = world.fake.statuses[0]!;
		expect(world.queue.get(id)).toMatchObject({ state: 'published', remote_url: status.url });
		const last = world.queue.audit(id).at(-1)!;
		expect(last.actor).toMatch(/^scheduler \(read back from mastodon: status \d+ of 2026-12-01T13:00:00\.000Z has the post’s text\)$/);
		expect(last.reason).toBe(`checked: was published at ${status.url}`);
		// Read to the account's first status (a second page, empty), so that no second status with this text is missed.
		expect(world.fake.requests.filter((request) => request.path.startsWith('/api/v1/accounts/')).map((request) => request.path)).toEqual([
			'/api/v1/accounts/verify_credentials',
			'/api/v1/accounts/109876543210987654/statuses',
			'/api/v1/accounts/109876543210987654/statuses'
		]);
		expect(world.fake.statuses).toHaveLength(1); // nothing sent again
	});

	test('certainly absent (the listing reaches back past the first attempt): sent again, and posted once', async () => {
		const world = await mastodonSetup();
		// The same caption, posted legitimately last week, is not this round's post.
		world.fake.addStatus(caption, '2026-11-24T13:00:00.000Z');
		const id = await unknownOutcome(world, false);
		// 45 other statuses since: more than one page of 40.
		for (let n = 0; n < 45; n++) world.fake.addStatus(`Другое сообщение ${n}`, new Date(Date.parse('2026-12-01T13:01:00Z') + n * 1000).toISOString());

		expect(await world.check(world.channels)).toMatchObject({ published: 0, sendAgain: 1, unsure: 0 });

		expect(world.queue.get(id)).toMatchObject({ state: 'approved', attempts: 0 });
		const last = world.queue.audit(id).at(-1)!;
		expect(last.actor).toBe('scheduler (read back from mastodon: none of the 45 statuses since 2026-12-01T12:55:00.000Z has the post’s text)');
		expect(last.reason).toBe('checked: was not published, send again');
		const pages = world.fake.requests.filter((request) => request.path.endsWith('/statuses') && request.method === 'GET');
		expect(pages).toHaveLength(2); // paged back with max_id until past the first attempt

		expect(await publishDue(world.queue, content, world.channels, world.options)).toMatchObject({ published: 1 });
		expect(world.fake.statuses.filter((status) => status.text === caption)).toHaveLength(2); // last week's, and this one
		expect(world.queue.get(id)?.state).toBe('published');
	});

	test('when the listing cannot reach back to the first attempt, a person decides', async () => {
		const world = await mastodonSetup({ pages: 1 });
		const id = await unknownOutcome(world, false);
		for (let n = 0; n < 45; n++) world.fake.addStatus(`Другое сообщение ${n}`, new Date(Date.parse('2026-12-01T13:01:00Z') + n * 1000).toISOString());

		expect(await world.check(world.channels)).toMatchObject({ published: 0, sendAgain: 0, unsure: 1 });

		expect(world.queue.get(id)?.state).toBe('needs_check');
		expect(world.lines.join('\n')).toMatch(/the 40 statuses read reach back only to 2026-12-01T13:0\d:\d\d\.000Z, not to the first attempt/);
	});

	test('a read-back that could not tell waits 15 minutes before the next, per database: a restored copy is read on its own', async () => {
		const world = await mastodonSetup({ pages: 1 });
		const id = await unknownOutcome(world, false);
		for (let n = 0; n < 45; n++) world.fake.addStatus(`Другое сообщение ${n}`, new Date(Date.parse('2026-12-01T13:01:00Z') + n * 1000).toISOString());
		const reads = () => world.fake.requests.filter((request) => request.path.startsWith('/api/v1/accounts/') && request.path.endsWith('/statuses')).length;

		expect(await world.check(world.channels)).toMatchObject({ unsure: 1 });
		const first = reads();
		expect(first).toBeGreaterThan(0);
		world.advance(10 * minutes);
		expect(await world.check(world.channels)).toMatchObject({ unsure: 0 });
		expect(reads()).toBe(first);

		// A copy of the database (a backup put back elsewhere) holds the same post: its first check reads back.
		const copy = join(world.dir, 'copy.db');
		openDb(world.file).exec(`VACUUM INTO '${copy}'`);
		const restored = new Queue(openDb(copy), () => world.clock.now);
		expect(await checkUnknown(restored, world.channels, { now: () => world.clock.now, log: () => {} })).toMatchObject({ unsure: 1 });
		expect(reads()).toBeGreaterThan(first);

		world.advance(5 * minutes);
		const before = reads();
		expect(await world.check(world.channels)).toMatchObject({ unsure: 1 });
		expect(reads()).toBeGreaterThan(before);
		expect(world.queue.get(id)?.state).toBe('needs_check');
	});

	test('the same caption posted by another queued post is not mistaken for this one', async () => {
		const world = await mastodonSetup();
		const id = await unknownOutcome(world, false);
		// Another post with the very same caption, published since (its status id is in the queue).
		const other = world.due('mastodon');
		expect(await publishDue(world.queue, content, world.channels, world.options)).toMatchObject({ published: 1 });
		expect(world.queue.get(other)?.state).toBe('published');

		expect(await world.check(world.channels)).toMatchObject({ published: 0, sendAgain: 1 });
		expect(world.queue.get(id)?.state).toBe('approved');
	});

	test('two posts waiting with the same caption cannot be told apart by text: both are left to a person', async () => {
		const world = await mastodonSetup();
		const ids = [world.due('mastodon'), world.due('mastodon')];
		world.fake.next({ kind: 'hang', afterCreate: true }, 'statuses'); // one of them was made
		world.fake.next({ kind: 'hang' }, 'statuses');
		expect(await publishDue(world.queue, content, world.channels, world.options)).toMatchObject({ retried: 2 });
		world.advance(56 * minutes);
		expect(await publishDue(world.queue, content, world.channels, world.options)).toMatchObject({ unknown: 2 });
		world.advance(5 * minutes);

		expect(await world.check(world.channels)).toMatchObject({ published: 0, sendAgain: 0, unsure: 2 });
		expect(ids.map((id) => world.queue.get(id)?.state)).toEqual(['needs_check', 'needs_check']);
		expect(world.lines.join('\n')).toContain(`post ${ids[1]} also waits for a check with the same caption`);
	});

	test('right after the answer was lost, nothing is concluded yet (a slow server may still make it)', async () => {
		const world = await mastodonSetup();
		const id = await unknownOutcome(world, false);
		world.advance(-5 * minutes);
		expect(await world.check(world.channels)).toMatchObject({ published: 0, sendAgain: 0, unsure: 0 });
		expect(world.queue.get(id)?.state).toBe('needs_check');
		expect(world.fake.requests.filter((request) => request.method === 'GET' && request.path.includes('accounts'))).toHaveLength(0);
	});
});

describe('Bluesky: the record under the post’s fixed key is read back', () => {
	async function blueskySetup() {
		const world = setup();
		const fake = await startFakeBluesky({ password: 'app-password' });
		servers.push(fake);
		const channel = bluesky({ service: fake.url, identifier: fake.handle, appPassword: 'app-password', sessionFile: join(world.dir, 'bluesky-session.json') });
		return { ...world, fake, channel, channels: new Map([['bluesky', channel]]) };
	}

	/** The post is claimed and sent, the answer is lost (the fake stores it or not), and a person is asked. */
	async function lostAnswer(world: Awaited<ReturnType<typeof blueskySetup>>, made: boolean) {
		const id = world.due('bluesky');
		world.queue.claimDue(world.options.owner, { leaseMs: 60_000 });
		world.fake.next(made ? 'write-then-hang' : 'hang', 'com.atproto.repo.createRecord');
		const error = await world.channel.send(outgoing(world.queue, id), AbortSignal.timeout(300)).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(Error);
		world.queue.needsCheck(id, world.options.owner, 'outcome unknown: no answer');
		world.advance(5 * minutes);
		return id;
	}

	test('found: published with the post’s bsky.app address', async () => {
		const world = await blueskySetup();
		const id = await lostAnswer(world, true);
		expect(world.fake.records.size).toBe(1);

		expect(await world.check(world.channels)).toMatchObject({ published: 1 });

		const [uri] = [...world.fake.records.keys()];
		const rkey = uri!.split('/').at(-1);
		expect(world.queue.get(id)).toMatchObject({ state: 'published', remote_url: `https://bsky.app/profile/${world.fake.did}/post/${rkey}` });
		expect(world.queue.audit(id).at(-1)?.actor).toBe(`scheduler (read back from bluesky: record ${uri} exists)`);
		expect(world.fake.calls('com.atproto.repo.getRecord').map((call) => call.query.rkey)).toEqual([rkey]);
	});

	test('absent (RecordNotFound under the fixed key): sent again, and posted once', async () => {
		const world = await blueskySetup();
		const id = await lostAnswer(world, false);
		expect(world.fake.records.size).toBe(0);

		expect(await world.check(world.channels)).toMatchObject({ sendAgain: 1 });
		expect(world.queue.get(id)?.state).toBe('approved');
		expect(world.queue.audit(id).at(-1)?.actor).toMatch(/^scheduler \(read back from bluesky: no record at at:\/\/.+\/app\.bsky\.feed\.post\/[a-z2-7]{13}\)$/);

		world.queue.claimDue(world.options.owner, { leaseMs: 60_000 });
		const published = await world.channel.send(outgoing(world.queue, id), AbortSignal.timeout(5_000));
		world.queue.published(id, world.options.owner, published);
		expect(world.fake.records.size).toBe(1);
	});
});

describe('the outbox: the post’s folder is read back', () => {
	test('a folder written before the publisher died: published; no folder: sent again', async () => {
		const world = setup();
		const box = outbox(join(world.dir, 'outbox'), () => world.clock.now);
		const channels = new Map([['outbox', box]]);
		const written = world.due('outbox');
		const missing = world.due('outbox');
		world.queue.claimDue(world.options.owner, { leaseMs: 60_000 });
		await box.send(outgoing(world.queue, written), AbortSignal.timeout(5_000)); // then the process died
		for (const id of [written, missing]) world.queue.needsCheck(id, world.options.owner, 'lease expired mid-send');
		world.advance(5 * minutes);

		expect(await world.check(channels)).toMatchObject({ published: 1, sendAgain: 1 });

		expect(world.queue.get(written)).toMatchObject({ state: 'published', remote_url: null });
		expect(world.queue.audit(written).at(-1)?.actor).toBe(`scheduler (read back from outbox: folder ${join(world.dir, 'outbox', '2026-12-01', written)} was written)`);
		expect(world.queue.get(missing)?.state).toBe('approved');
		expect(world.queue.audit(missing).at(-1)?.actor).toBe(`scheduler (read back from outbox: no folder ${join(world.dir, 'outbox', '2026-12-01', missing)})`);
	});
});

describe('networks that cannot be read back: a person is told where to look', () => {
	test('Telegram: the chat, the time window and the caption’s first line', async () => {
		const world = setup();
		const fake = await startFakeTelegram();
		servers.push(fake);
		const channels = new Map([['telegram', telegram({ apiUrl: fake.url, token: fake.token, chatId: '@caravan_news' })]]);
		const id = world.due('telegram');
		fake.next({ kind: 'hang' });
		expect(await publishDue(world.queue, content, channels, world.options)).toMatchObject({ unknown: 1 });
		world.advance(5 * minutes);
		expect(await world.check(channels)).toMatchObject({ published: 0, sendAgain: 0, unsure: 0 });
		expect(world.queue.get(id)?.state).toBe('needs_check');

		const guide = whereToLook(world.queue, channels, world.queue.get(id)!);
		expect(guide).toEqual([
			'Look in the Telegram chat @caravan_news (https://t.me/caravan_news).',
			'When: between 2026-12-01 13:00 and 13:02 UTC (18:00–18:02 Asia/Almaty).',
			'Look for: a photo whose caption begins “Жастар”.',
			'Found it: mark the post published with its address. Not there: send it again.'
		]);

	});

	test('a webhook: the receiver (origin only) and the idempotency key and id it was sent with', async () => {
		const world = setup();
		const fake = await startFakeWebhook('webhook-secret-0123456789');
		servers.push(fake);
		const url = `${fake.url}?token=s3cr3t-in-the-query`;
		const channels = new Map([['webhook', webhook({ url, secret: 'webhook-secret-0123456789' })]]);
		const id = world.due('webhook');
		fake.next({ kind: 'hang' });
		expect(await publishDue(world.queue, content, channels, world.options)).toMatchObject({ unknown: 1 });

		const guide = whereToLook(world.queue, channels, world.queue.get(id)!);
		expect(guide[0]).toBe(`Look in the webhook receiver at ${new URL(fake.url).origin}/… (its log or what it made from the request).`);
		expect(guide[2]).toBe(`Look for: a request with Idempotency-Key caravan-${id} (post id ${id} in its "post" field).`);
		expect(guide.join('\n')).not.toContain('s3cr3t');
	});
});
