import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { cachePath, cardKey } from '#lib/server/cards/cache.ts';
import { cardText } from '#lib/server/views/card.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { openDb } from '#lib/server/store/database.ts';
import type { ChannelName } from '#lib/core/catalogue.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { startFakeBluesky } from '../../../../tests/fakes/bluesky.ts';
import { startFakeMastodon, type Behaviour as MastodonBehaviour, type Route } from '../../../../tests/fakes/mastodon.ts';
import { startFakeTelegram } from '../../../../tests/fakes/telegram.ts';
import { startFakeWebhook } from '../../../../tests/fakes/webhook.ts';
import { bluesky } from '#lib/server/publishing/channels/bluesky.ts';
import { mastodon } from '#lib/server/publishing/channels/mastodon.ts';
import { outbox } from '#lib/server/publishing/channels/outbox.ts';
import { telegram } from '#lib/server/publishing/channels/telegram.ts';
import { ChannelError, type Channel } from '#lib/server/publishing/channels/types.ts';
import { webhook } from '#lib/server/publishing/channels/webhook.ts';
import { backoff, publishDue, recover } from './publish.ts';

const content = loadContent();
const dirs: string[] = [];
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
	dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A network's real channel against its fake server, and how many requests the fake has had. */
interface Network {
	channel: Channel;
	requests: () => number;
}

/**
 * Each network's real channel against its fake server; `rateLimited`: the fake answers that many
 * requests first with a 429 whose wait ended a minute ago.
 */
const networks: Record<string, (rateLimited?: number) => Promise<Network>> = {
	async mastodon(rateLimited = 0) {
		const fake = await startFakeMastodon();
		servers.push(fake);
		for (let i = 0; i < rateLimited; i++) fake.next({ kind: 'rate-limited', resetInMs: -60_000 });
		return { channel: mastodon({ url: fake.url, token: fake.token, pollMs: 10 }), requests: () => fake.requests.length };
	},
	async bluesky(rateLimited = 0) {
		const fake = await startFakeBluesky({ password: 'app-password' });
		servers.push(fake);
		for (let i = 0; i < rateLimited; i++) fake.next({ rateLimited: { reset: Math.floor(Date.now() / 1000) - 60 } });
		return { channel: bluesky({ service: fake.url, identifier: fake.handle, appPassword: 'app-password' }), requests: () => fake.requests.length };
	},
	async telegram(rateLimited = 0) {
		const fake = await startFakeTelegram();
		servers.push(fake);
		for (let i = 0; i < rateLimited; i++) fake.next({ kind: 'tooMany', header: new Date(Date.now() - 60_000).toUTCString() });
		return { channel: telegram({ apiUrl: fake.url, token: fake.token, chatId: '@caravan_news' }), requests: () => fake.requests.length };
	},
	async webhook(rateLimited = 0) {
		const fake = await startFakeWebhook('webhook-secret-0123456789');
		servers.push(fake);
		for (let i = 0; i < rateLimited; i++) fake.next({ kind: 'rate-limited', retryAfter: new Date(Date.now() - 60_000).toUTCString() });
		return { channel: webhook({ url: fake.url, secret: 'webhook-secret-0123456789' }), requests: () => fake.requests.length };
	}
};

function setup() {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-publish-'));
	dirs.push(dir);
	let now = new Date('2026-12-01T13:00:00Z');
	const file = join(dir, 'caravan.db');
	const db = openDb(file);
	const queue = new Queue(db, () => now);
	const options = {
		owner: 'test-publisher',
		leaseMs: 60_000,
		timeoutMs: 5_000,
		maxAttempts: 3,
		backoffMs: 1_000,
		cardsDir: join(dir, 'cards'),
		siteUrl: 'https://caravan.example.org',
		random: () => 1
	};
	const due = (channel: ChannelName) => {
		const { post } = queue.create(
			{ item_kind: 'fact', item_slug: 'half-population-under-20', locale: 'kk', channel, caption: 'Жастар', alt: 'Карта', formats: ['square', 'og'], scheduled_utc: '2026-12-01T12:00:00.000Z', zone: 'Asia/Almaty' },
			'editor'
		);
		queue.approve(post.id, 'approver');
		return post.id;
	};
	return { dir, file, db, queue, options, due, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

/** Waits until `condition` holds, checking every 10 ms; fails after `ms`, saying what it waited for. */
async function until(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Waited ${ms} ms for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

test('an approved, due post goes to the outbox once: images, caption and manifest, and the post is published', async () => {
	const { dir, queue, options, due } = setup();
	const id = due('outbox');
	const channels = new Map([['outbox', outbox(join(dir, 'outbox'), () => new Date('2026-12-01T13:00:00Z'))]]);

	expect(await publishDue(queue, content, channels, options)).toEqual({ published: 1, retried: 0, failed: 0, unknown: 0 });
	expect(await publishDue(queue, content, channels, options)).toEqual({ published: 0, retried: 0, failed: 0, unknown: 0 });

	const folder = join(dir, 'outbox', '2026-12-01', id);
	const square = readFileSync(join(folder, 'card-square.png'));
	expect([square.readUInt32BE(16), square.readUInt32BE(20)]).toEqual([1080, 1080]);
	expect(existsSync(join(folder, 'card-og.png'))).toBe(true);
	expect(readFileSync(join(folder, 'caption.txt'), 'utf8')).toBe('Жастар\n');
	const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
	expect(manifest).toMatchObject({ post: id, locale: 'kk', alt: 'Карта', url: 'https://caravan.example.org/kk/facts/half-population-under-20/' });
	expect(manifest.images.map((image: { alt: string }) => image.alt)).toEqual(['Карта', 'Карта']);
	expect(queue.get(id)).toMatchObject({ state: 'published', remote_id: `2026-12-01/${id}`, attempts: 1 });
});

test('on shutdown, claimed posts not yet sent are given back unsent, not left publishing', async () => {
	const { queue, options, due } = setup();
	const ids = [due('outbox'), due('outbox'), due('outbox')];
	let stopping = false;
	const sent: string[] = [];
	const slow: Channel = {
		name: 'outbox',
		repeatSafeForMs: Infinity,
		minIntervalMs: 0,
		async send(post) {
			sent.push(post.id);
			stopping = true; // SIGTERM arrives while the first post is being sent
			return { id: post.id };
		}
	};
	await publishDue(queue, content, new Map([['outbox', slow]]), { ...options, stopping: () => stopping });
	expect(sent).toHaveLength(1);
	expect(queue.get(sent[0]!)?.state).toBe('published');
	for (const id of ids.filter((id) => id !== sent[0])) {
		expect(queue.get(id)).toMatchObject({ state: 'approved', attempts: 0, lease_owner: null });
		expect(queue.audit(id).at(-1)?.reason).toBe('released unsent: the publisher is stopping');
	}
});

test('on shutdown, a post waiting for its pacing slot is given back unsent: it never reaches the network', async () => {
	const { queue, options, due } = setup();
	const [first, second] = [due('telegram'), due('telegram')];
	const fake = await startFakeTelegram();
	servers.push(fake);
	// Telegram is paced to one post every 3 s: the second post waits for its slot after the first is sent.
	const channels = new Map([['telegram', telegram({ apiUrl: fake.url, token: fake.token, chatId: '@caravan_news' })]]);
	let stopping = false;
	const tick = publishDue(queue, content, channels, { ...options, stopping: () => stopping });
	await until('the first post published', () => queue.get(first)?.state === 'published');
	stopping = true; // SIGTERM, while the second post waits for its slot
	expect(await tick).toMatchObject({ published: 1 });
	expect(fake.requests).toHaveLength(1);
	expect(queue.get(second)).toMatchObject({ state: 'approved', attempts: 0, lease_owner: null });
	expect(queue.audit(second).at(-1)?.reason).toBe('released unsent: the publisher is stopping');
});

describe('what a failed post’s reason says: not sent, sent without an answer, or rejected', () => {
	const closedUrl = async () => {
		const gone = await startFakeTelegram();
		await gone.close();
		return gone.url;
	};
	// Each network's channel against its fake, made to fail one way; what the post's reason then says.
	test.each<{ channel: ChannelName; failure: string; make: () => Promise<{ channel: Channel }>; state: string; reason: RegExp }>([
		{
			channel: 'telegram',
			failure: 'the photo was posted, then the connection closed before the answer',
			make: async () => {
				const fake = await startFakeTelegram();
				servers.push(fake);
				fake.next({ kind: 'drop' });
				return { channel: telegram({ apiUrl: fake.url, token: fake.token, chatId: '@caravan_news' }) };
			},
			state: 'needs_check',
			reason: /^sent, no answer \(may be published\): /
		},
		{
			channel: 'telegram',
			failure: 'the connection is refused',
			make: async () => ({ channel: telegram({ apiUrl: await closedUrl(), token: '1:unused', chatId: '@caravan_news' }) }),
			state: 'approved',
			reason: /^not sent: Telegram could not be reached \(ECONNREFUSED\)$/
		},
		{
			channel: 'telegram',
			failure: 'Telegram answers 400',
			make: async () => {
				const fake = await startFakeTelegram();
				servers.push(fake);
				fake.next({ kind: 'badRequest', description: 'Bad Request: chat not found' });
				return { channel: telegram({ apiUrl: fake.url, token: fake.token, chatId: '@caravan_news' }) };
			},
			state: 'failed',
			reason: /^rejected by the network: Telegram HTTP 400: Bad Request: chat not found$/
		},
		{
			channel: 'webhook',
			failure: 'the receiver took the post, then the connection closed before the answer',
			make: async () => {
				const fake = await startFakeWebhook('webhook-secret-0123456789');
				servers.push(fake);
				fake.next({ kind: 'drop' });
				return { channel: webhook({ url: fake.url, secret: 'webhook-secret-0123456789' }) };
			},
			state: 'needs_check',
			reason: /^sent, no answer \(may be published\): /
		},
		{
			channel: 'webhook',
			failure: 'the connection is refused',
			make: async () => ({ channel: webhook({ url: await closedUrl(), secret: 'webhook-secret-0123456789' }) }),
			state: 'approved',
			reason: /^not sent: .*ECONNREFUSED/
		},
		{
			channel: 'bluesky',
			failure: 'the PDS does not answer the post in time',
			make: async () => {
				const fake = await startFakeBluesky({ password: 'app-password' });
				servers.push(fake);
				fake.next('hang', 'com.atproto.repo.createRecord');
				return { channel: bluesky({ service: fake.url, identifier: fake.handle, appPassword: 'app-password' }) };
			},
			state: 'approved', // a repeat is safe on Bluesky: sent again, under the same record key
			reason: /^sent, no answer \(may be published\): Bluesky did not answer in time/
		},
		{
			channel: 'mastodon',
			failure: 'Mastodon answers 500 after making the status',
			make: async () => {
				const fake = await startFakeMastodon();
				servers.push(fake);
				fake.next({ kind: 'error', status: 500, afterCreate: true }, 'statuses');
				return { channel: mastodon({ url: fake.url, token: fake.token, pollMs: 10 }) };
			},
			state: 'approved', // the Idempotency-Key makes a repeat within the hour safe
			reason: /^sent, no answer \(may be published\): Mastodon 500 \(posting\)/
		}
	])('$channel: when $failure, the post is $state and its reason says $reason', async ({ channel: name, make, state, reason }) => {
		const { queue, options, due } = setup();
		const id = due(name);
		const { channel } = await make();
		await publishDue(queue, content, new Map([[name, channel]]), { ...options, timeoutMs: 2_000, paceScale: 0 });
		expect(queue.get(id)?.state).toBe(state);
		expect(queue.get(id)?.last_error).toMatch(reason);
		expect(queue.audit(id).at(-1)?.reason).toContain(queue.get(id)?.last_error);
	});

	test('the outbox folder cannot be written (a full disk, a file in its way): not sent, and tried again', async () => {
		const { dir, queue, options, due } = setup();
		const id = due('outbox');
		writeFileSync(join(dir, 'outbox'), 'a file where the outbox folder should be');
		await publishDue(queue, content, new Map([['outbox', outbox(join(dir, 'outbox'))]]), options);
		expect(queue.get(id)).toMatchObject({ state: 'approved', last_error: expect.stringMatching(/^not sent: the outbox folder could not be written \(E[A-Z]+\)/) });
	});

	test('before anything is sent (a channel that is not configured), the reason says not sent', async () => {
		const { queue, options, due } = setup();
		const id = due('telegram');
		await publishDue(queue, content, new Map(), options);
		expect(queue.get(id)?.last_error).toMatch(/^not sent: Channel "telegram" is not configured/);
	});
});

test('a published address that is not http(s) is not kept: the post keeps its id, and the audit log says why', async () => {
	const { queue, options, due } = setup();
	const id = due('webhook');
	const fake = await startFakeWebhook('webhook-secret-0123456789');
	servers.push(fake);
	fake.next({ kind: 'ok', body: { id: 'msg-9', url: 'javascript:alert(document.cookie)' } });
	await publishDue(queue, content, new Map([['webhook', webhook({ url: fake.url, secret: 'webhook-secret-0123456789' })]]), options);
	expect(queue.get(id)).toMatchObject({ state: 'published', remote_id: 'msg-9', remote_url: null });
	expect(queue.audit(id).at(-1)?.reason).toMatch(/not an http\(s\) address \(javascript:\)/);
});

describe('where a post takes several requests, only the one that can make it counts as its request', () => {
	// The publisher dies while the card is being uploaded (the fake never answers the upload); another
	// scheduler recovers the post once its lease has run out.
	test.each<{ channel: ChannelName; make: () => Promise<{ channel: Channel; uploading: () => boolean }> }>([
		{
			channel: 'mastodon',
			make: async () => {
				const fake = await startFakeMastodon();
				servers.push(fake);
				fake.next({ kind: 'hang' }, 'media');
				return { channel: mastodon({ url: fake.url, token: fake.token, pollMs: 10 }), uploading: () => fake.requests.length > 0 };
			}
		},
		{
			channel: 'bluesky',
			make: async () => {
				const fake = await startFakeBluesky({ password: 'app-password' });
				servers.push(fake);
				fake.next('hang', 'com.atproto.repo.uploadBlob');
				return {
					channel: bluesky({ service: fake.url, identifier: fake.handle, appPassword: 'app-password' }),
					uploading: () => fake.calls('com.atproto.repo.uploadBlob').length > 0
				};
			}
		}
	])('$channel: a crash during the card upload costs no attempt, and the post was not sent', async ({ channel: name, make }) => {
		const { file, queue, options, due } = setup();
		const id = due(name);
		const { channel, uploading } = await make();
		const tick = publishDue(queue, content, new Map([[name, channel]]), { ...options, timeoutMs: 2_000, paceScale: 0, log: () => {} });
		await until('the card upload', uploading);
		const later = new Queue(openDb(file), () => new Date(Date.parse('2026-12-01T13:00:00Z') + options.leaseMs + 1_000));
		recover(later, new Map([[name, channel]]), { owner: 'recovering-scheduler', maxAttempts: options.maxAttempts });
		expect(queue.get(id)).toMatchObject({ state: 'approved', attempts: 0 });
		expect(queue.audit(id).at(-1)?.reason).toMatch(/^not sent: lease of test-publisher expired before its request started/);
		await tick; // its own outcome can no longer be recorded: the post is not its any more
	});
});

describe('a repeat only while the network would recognise it', () => {
	const minutes = 60_000;
	// Mastodon keeps an Idempotency-Key for an hour: a repeat is safe for 55 minutes from the first attempt.
	// `posts`: the status requests Mastodon received.
	test.each<{ name: string; attempts: { after: number; script?: [MastodonBehaviour, Route] }[]; backoffMs?: number; state: string; posts: number }>([
		{
			name: 'the answer is lost 10 min after the first attempt: sent again',
			attempts: [{ after: 0, script: [{ kind: 'error', status: 503 }, 'statuses'] }, { after: 10 * minutes, script: [{ kind: 'hang', afterCreate: true }, 'statuses'] }],
			state: 'approved',
			posts: 2
		},
		{
			name: 'the answer is lost 50 min after the first attempt and the retry would come after 55',
			attempts: [{ after: 0, script: [{ kind: 'error', status: 503 }, 'statuses'] }, { after: 50 * minutes, script: [{ kind: 'hang', afterCreate: true }, 'statuses'] }],
			backoffMs: 5 * minutes, // the second retry waits 10 min
			state: 'needs_check',
			posts: 2
		},
		{
			// The key goes with the status only: uploads that failed for 50 min did not start its hour.
			name: 'the upload fails, and 50 min later the status’s answer is lost: its hour starts then',
			attempts: [{ after: 0, script: [{ kind: 'error', status: 503 }, 'media'] }, { after: 50 * minutes, script: [{ kind: 'hang', afterCreate: true }, 'statuses'] }],
			backoffMs: 5 * minutes,
			state: 'approved',
			posts: 1
		},
		{
			name: 'the answer is lost, and the retry is only reached after 56 min (a backlog)',
			attempts: [{ after: 0, script: [{ kind: 'hang', afterCreate: true }, 'statuses'] }, { after: 56 * minutes }],
			state: 'needs_check',
			posts: 1
		},
		{
			name: 'a 500 after the status was made, and the retry is only reached after 56 min',
			attempts: [{ after: 0, script: [{ kind: 'error', status: 500, afterCreate: true }, 'statuses'] }, { after: 56 * minutes }],
			state: 'needs_check',
			posts: 1
		}
	])('Mastodon: $name → $state', async ({ attempts, backoffMs, state, posts }) => {
		const { queue, options, due, advance } = setup();
		const id = due('mastodon');
		const fake = await startFakeMastodon();
		servers.push(fake);
		const channels = new Map([['mastodon', mastodon({ url: fake.url, token: fake.token, pollMs: 10 })]]);
		for (const { after, script } of attempts) {
			advance(after);
			if (script) fake.next(...script);
			await publishDue(queue, content, channels, { ...options, backoffMs: backoffMs ?? options.backoffMs, timeoutMs: 2_000, paceScale: 0 });
		}
		expect(queue.get(id)?.state).toBe(state);
		expect(fake.requests.filter((request) => request.path === '/api/v1/statuses')).toHaveLength(posts);
		if (state === 'needs_check') expect(queue.audit(id).at(-1)?.reason).toMatch(/55 min/);
	});

	// Channels as configured, for their windows: nothing is sent here.
	const configured = new Map<string, Channel>([
		['mastodon', mastodon({ url: 'http://127.0.0.1:9', token: 'unused' })],
		['bluesky', bluesky({ service: 'http://127.0.0.1:9', identifier: 'caravan.test', appPassword: 'unused' })],
		['telegram', telegram({ apiUrl: 'http://127.0.0.1:9', token: '1:unused', chatId: '@caravan_news' })],
		['outbox', outbox('/nonexistent')]
	]);

	// `firstAttempt`: how long before the crashed attempt the round's first attempt was (none: it is the first).
	// `retried`: an earlier round failed 2 h before and was retried, which starts a new round.
	test.each<{ channel: ChannelName; history: string; firstAttempt?: number; retried?: true; state: string }>([
		{ channel: 'mastodon', history: 'crashed during the first attempt', state: 'approved' },
		{ channel: 'mastodon', history: 'crashed on a retry 56 min after the first attempt', firstAttempt: 56 * minutes, state: 'needs_check' },
		{ channel: 'mastodon', history: 'failed 2 h ago, was retried and crashed during the new first attempt', retried: true, state: 'approved' },
		{ channel: 'bluesky', history: 'crashed on a retry 3 h after the first attempt', firstAttempt: 180 * minutes, state: 'approved' },
		{ channel: 'outbox', history: 'crashed on a retry 3 h after the first attempt', firstAttempt: 180 * minutes, state: 'approved' },
		{ channel: 'telegram', history: 'crashed during the first attempt', state: 'needs_check' }
	])('after a crash, $channel $history → $state', ({ channel, firstAttempt, retried, state }) => {
		const { queue, options, due, advance } = setup();
		const id = due(channel);
		if (retried) {
			queue.claimDue('earlier', { leaseMs: options.leaseMs });
			queue.startRequest(id, 'earlier');
			queue.failed(id, 'earlier', 'HTTP 401');
			advance(120 * minutes);
			queue.retry(id, 'approver');
		}
		if (firstAttempt) {
			queue.claimDue('earlier', { leaseMs: options.leaseMs });
			queue.startRequest(id, 'earlier');
			queue.retryLater(id, 'earlier', 'HTTP 503', 1_000, options.maxAttempts);
			advance(firstAttempt);
		}
		queue.claimDue('crashed', { leaseMs: options.leaseMs });
		queue.startRequest(id, 'crashed'); // it died with the request under way
		advance(options.leaseMs + 1_000);
		expect(recover(queue, configured, options).map((post) => post.id)).toEqual([id]);
		expect(queue.get(id)).toMatchObject({ state, lease_owner: null });
	});
});

describe('a secret in the webhook URL', () => {
	// Each URL against the fake, with the forms of its secret a receiver or fetch might quote.
	test.each<{ name: string; url: (base: string) => string; echo?: true; secrets: string[] }>([
		{
			name: 'a token in the path, quoted by the receiver’s 404',
			url: (base) => `${base}/T0123ABCD/xoxb-path-token-77f1`,
			secrets: ['T0123ABCD', 'xoxb-path-token-77f1']
		},
		{
			name: 'a key in the query, quoted back URL-encoded',
			url: (base) => `${base}?key=${encodeURIComponent('k+8/Zq==wX9')}`,
			echo: true,
			secrets: ['k+8/Zq==wX9', encodeURIComponent('k+8/Zq==wX9'), 'k 8/Zq==wX9']
		},
		{
			name: 'user:password@, the user quoted back',
			url: (base) => base.replace('http://', 'http://hook-user-5c2e:hook-pass-91ab@'),
			echo: true,
			secrets: ['hook-user-5c2e', 'hook-pass-91ab']
		}
	])('$name: not in last_error, the audit log or the log', async ({ url, echo, secrets }) => {
		const { queue, options, due } = setup();
		const id = due('webhook');
		const fake = await startFakeWebhook('webhook-secret-0123456789');
		servers.push(fake);
		if (echo) fake.next({ kind: 'echo' });
		const lines: string[] = [];
		const channels = new Map([['webhook', webhook({ url: url(fake.url), secret: 'webhook-secret-0123456789' })]]);
		expect(await publishDue(queue, content, channels, { ...options, log: (line) => lines.push(line) })).toMatchObject({ failed: 1 });

		const post = queue.get(id)!;
		expect(post.last_error).toMatch(/^rejected by the network: Webhook: HTTP (404|400) .*\[redacted\]/); // the receiver’s words, without the secret
		const printed = [post.last_error, ...queue.audit(id).map((entry) => entry.reason), ...lines].join('\n');
		for (const secret of secrets) expect(printed).not.toContain(secret);
	});
});

describe('when the outcome of one post cannot be recorded', () => {
	// Post 1's send is slow; while it is out, another connection to the database acts.
	test.each([
		{
			name: 'the database is busy',
			meanwhile: ({ file }: { file: string }) => {
				const blocker = new Database(file);
				blocker.exec('BEGIN IMMEDIATE'); // holds the write lock until the publisher reports the failure
				return () => {
					blocker.exec('COMMIT');
					blocker.close();
				};
			},
			logged: /database is locked/,
			states: ['publishing', 'published', 'published'], // post 1 waits for its lease to run out
			sent: 3
		},
		{
			name: 'the lease was taken over',
			meanwhile: ({ file, later }: { file: string; later: Date }) => {
				// Another scheduler finds the leases run out and recovers the posts: post 1, under way, goes to
				// needs_check (a repeat is not safe on webhooks); posts 2 and 3, never sent, back to approved.
				new Queue(openDb(file), () => later).recoverExpired('other-scheduler', { repeatSafeForMs: () => 0, maxAttempts: 3 });
				return () => {};
			},
			logged: /is needs_check: it cannot become published/,
			// Posts 2 and 3 are not sent under the lease they lost, but once each, when claimed again.
			states: ['needs_check', 'published', 'published'],
			sent: 3
		}
	])('$name: the error is logged and the rest of the batch goes on', async ({ meanwhile, logged, states, sent }) => {
		const { file, db, queue, options, due } = setup();
		db.pragma('busy_timeout = 100');
		const ids = [due('webhook'), due('webhook'), due('webhook')];
		const fake = await startFakeWebhook('webhook-secret-0123456789', { latencyMs: 300 });
		servers.push(fake);
		const channels = new Map([['webhook', webhook({ url: fake.url, secret: 'webhook-secret-0123456789' })]]);
		const lines: string[] = [];
		let release = () => {};
		const log = (line: string) => {
			lines.push(line);
			release();
			release = () => {};
		};
		const tick = publishDue(queue, content, channels, { ...options, log });
		await until('the first request at the webhook', () => fake.requests.length > 0);
		release = meanwhile({ file, later: new Date(Date.parse('2026-12-01T13:00:00Z') + options.leaseMs + 1_000) });

		await expect(tick).resolves.toBeDefined();
		release();
		expect(ids.map((id) => queue.get(id)?.state)).toEqual(states);
		expect(fake.requests).toHaveLength(sent);
		expect(lines[0]).toContain(ids[0]);
		expect(lines[0]).toMatch(logged);
	});
});

describe('failures', () => {
	/**
	 * A channel that fails the way a network does, for the delivery rules (the networks' own fakes come
	 * with their modules). It stands in for the webhook: the queue takes only the catalogue's channels.
	 */
	const failing = (error: Error): Channel & { calls: number } => ({
		name: 'webhook',
		repeatSafeForMs: 0,
		minIntervalMs: 0,
		calls: 0,
		async send() {
			this.calls++;
			throw error;
		}
	});

	test('a transient error is retried with exponential backoff until attempts run out, then fails with the reason', async () => {
		const { queue, options, due, advance } = setup();
		const id = due('webhook');
		const channel = failing(new ChannelError('HTTP 503 Service Unavailable', 'transient'));
		const channels = new Map([['webhook', channel]]);
		for (const wait of [1_000, 2_000]) {
			expect(await publishDue(queue, content, channels, options)).toEqual({ published: 0, retried: 1, failed: 0, unknown: 0 });
			expect(queue.get(id)?.next_attempt_utc).toBe(new Date(Date.parse('2026-12-01T13:00:00Z') + wait + (wait === 2_000 ? 1_000 : 0)).toISOString());
			advance(wait);
		}
		expect(await publishDue(queue, content, channels, options)).toEqual({ published: 0, retried: 0, failed: 1, unknown: 0 });
		expect(queue.get(id)).toMatchObject({ state: 'failed', attempts: 3, last_error: 'not sent: HTTP 503 Service Unavailable' });
		expect(channel.calls).toBe(3);
	});

	test('the network’s own Retry-After is honoured', async () => {
		const { queue, options, due } = setup();
		const id = due('webhook');
		await publishDue(queue, content, new Map([['webhook', failing(new ChannelError('429 Too Many Requests', 'transient', 42_000))]]), options);
		expect(queue.get(id)?.next_attempt_utc).toBe('2026-12-01T13:00:42.000Z');
	});

	test.each(Object.keys(networks) as ChannelName[])('%s: a 429 whose wait is already over waits the normal backoff, not 0', async (name) => {
		const { queue, options, due } = setup();
		const id = due(name);
		const network = await networks[name]!(options.maxAttempts);
		const result = await publishDue(queue, content, new Map([[name, network.channel]]), { ...options, paceScale: 0 });
		// One attempt in this tick, not all of them at once.
		expect(result).toEqual({ published: 0, retried: 1, failed: 0, unknown: 0 });
		expect(network.requests()).toBe(1);
		expect(queue.get(id)).toMatchObject({ state: 'approved', attempts: 1, next_attempt_utc: '2026-12-01T13:00:01.000Z' });
	});

	// Nothing reached the network, so a repeat is safe everywhere: not an unknown outcome for a person to check.
	test.each([
		{ channel: 'telegram', failure: 'the card cache cannot be written' },
		{ channel: 'webhook', failure: 'the card cache cannot be written' },
		{ channel: 'telegram', failure: 'a cached card cannot be read' },
		{ channel: 'webhook', failure: 'a cached card cannot be read' }
	] as const)('$channel: when $failure, nothing was sent and the post is retried', async ({ channel, failure }) => {
		const { queue, options, due } = setup();
		const id = due(channel);
		const network = await networks[channel]!();
		if (failure === 'the card cache cannot be written') {
			writeFileSync(options.cardsDir, 'a file where the cache folder should be');
		} else {
			const card = cardText(content, 'kk', 'fact', 'half-population-under-20', options.siteUrl)!;
			mkdirSync(cachePath(options.cardsDir, cardKey(card, 'square')), { recursive: true }); // a folder where the PNG should be
		}
		expect(await publishDue(queue, content, new Map([[channel, network.channel]]), options)).toEqual({ published: 0, retried: 1, failed: 0, unknown: 0 });
		expect(network.requests()).toBe(0);
		expect(queue.get(id)).toMatchObject({ state: 'approved', attempts: 1, last_error: expect.stringMatching(/^not sent: E[A-Z]+: /) });
	});

	test('a permanent error fails at once with the network’s reason', async () => {
		const { queue, options, due } = setup();
		const id = due('webhook');
		await publishDue(queue, content, new Map([['webhook', failing(new ChannelError('401 Unauthorized: bad token', 'permanent'))]]), options);
		expect(queue.get(id)).toMatchObject({ state: 'failed', attempts: 1, last_error: 'rejected by the network: 401 Unauthorized: bad token' });
	});

	test.each([
		[0, 'needs_check'],
		[Infinity, 'approved']
	])('a send whose outcome is unknown (timeout) — repeat safe for %s ms — leaves the post %s', async (repeatSafeForMs, state) => {
		const { queue, options, due } = setup();
		const id = due('webhook');
		const channel = { ...failing(new ChannelError('Timed out after 30 s', 'unknown')), repeatSafeForMs };
		await publishDue(queue, content, new Map([['webhook', channel]]), options);
		expect(queue.get(id)?.state).toBe(state);
		expect(queue.audit(id).at(-1)?.reason).toContain('Timed out after 30 s');
	});

	test('a post for a channel that is not configured fails with a clear reason', async () => {
		const { queue, options, due } = setup();
		const id = due('telegram');
		await publishDue(queue, content, new Map(), options);
		expect(queue.get(id)?.last_error).toMatch(/Channel "telegram" is not configured/);
	});

	test('posts to one network are paced to its rate limit', async () => {
		const { queue, options, due } = setup();
		due('telegram');
		due('telegram');
		const sent: number[] = [];
		const paced: Channel = {
			name: 'telegram',
			repeatSafeForMs: Infinity,
			minIntervalMs: 400,
			async send(post) {
				sent.push(Date.now());
				return { id: post.id };
			}
		};
		expect(await publishDue(queue, content, new Map([['telegram', paced]]), options)).toMatchObject({ published: 2 });
		expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(390);
		// Against a local test server the pacing can be switched off.
		due('telegram');
		const before = Date.now();
		await publishDue(queue, content, new Map([['telegram', { ...paced, name: 'telegram' }]]), { ...options, paceScale: 0 });
		expect(Date.now() - before).toBeLessThan(2_000);
	});

	test('backoff doubles with each attempt, with jitter between half and all of it', () => {
		expect([1, 2, 3, 4].map((attempt) => backoff(attempt, 1_000, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
		expect(backoff(3, 1_000, () => 0)).toBe(2_000);
	});
});
