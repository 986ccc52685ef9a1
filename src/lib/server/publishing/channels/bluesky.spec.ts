import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cardText } from '#lib/server/views/card.ts';
import { renderPng } from '#lib/server/cards/render.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { startFakeBluesky, type Behaviour, type FakeBluesky, type FakeBlueskyOptions } from '../../../../../tests/fakes/bluesky.ts';
import { bluesky, facets, recordKey } from './bluesky.ts';
import { ChannelError, type OutgoingPost } from './types.ts';

const appPassword = 'zq7x-w4m2-k9p3-r8t5';
const clock = new Date('2026-12-01T13:00:00Z');
const caption = 'Көлік байланысы\n\nЕуропа мен Орталық Азия.\n\nhttps://caravan.example.org/kk/topics/connectivity/\n#EU #ОрталықАзия';
let square: Buffer;
let og: Buffer;

beforeAll(async () => {
	const card = cardText(loadContent(), 'kk', 'topic', 'connectivity', 'https://caravan.example.org')!;
	[square, og] = await Promise.all([renderPng(card, 'square'), renderPng(card, 'og')]);
});

const fakes: FakeBluesky[] = [];
const dirs: string[] = [];
afterEach(async () => {
	await Promise.all(fakes.splice(0).map((fake) => fake.close()));
	dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

async function setup(fakeOptions: FakeBlueskyOptions = {}, password = appPassword) {
	const fake = await startFakeBluesky({ password: appPassword, ...fakeOptions });
	fakes.push(fake);
	const channel = bluesky({ service: `${fake.url}/`, identifier: fake.handle, appPassword: password, now: () => clock });
	return { fake, channel };
}

const post = (changes: Partial<OutgoingPost> = {}): OutgoingPost => ({
	id: '0b9a3c52-6f1e-4d7a-9c1b-2e5f8a7d4c31',
	locale: 'kk',
	caption,
	alt: 'Карта: Еуропа мен Орталық Азияны байланыстыратын жолдар',
	images: [
		{ format: 'square', png: square },
		{ format: 'og', png: og }
	],
	url: 'https://caravan.example.org/kk/topics/connectivity/',
	idempotencyKey: 'caravan-0b9a3c52-6f1e-4d7a-9c1b-2e5f8a7d4c31',
	createdAt: '2026-12-01T10:00:00.000Z',
	scheduledAt: '2026-12-01T13:00:00.000Z',
	...changes
});
const rkey = recordKey('0b9a3c52-6f1e-4d7a-9c1b-2e5f8a7d4c31', '2026-12-01T10:00:00.000Z');

/** Runs a send that must fail, and checks that no secret (app password, tokens) is in what it threw. */
async function failure(fake: FakeBluesky, sending: Promise<unknown>): Promise<ChannelError> {
	const error = await sending.then(
		() => expect.fail('the send should have failed'),
		(error: unknown) => error
	);
	expect(error).toBeInstanceOf(ChannelError);
	const shown = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
	for (const secret of [appPassword, ...fake.tokens]) expect(shown).not.toContain(secret);
	return error as ChannelError;
}

describe('posting', () => {
	test('logs in, uploads each card as PNG bytes, posts the caption with alt text and aspect ratios, returns the record', async () => {
		const { fake, channel } = await setup();

		const published = await channel.send(post(), AbortSignal.timeout(5_000));

		const uri = `at://${fake.did}/app.bsky.feed.post/${rkey}`;
		expect(published).toEqual({ id: uri, url: `https://bsky.app/profile/${fake.did}/post/${rkey}` });
		expect(fake.requests.map((request) => `${request.method} ${request.nsid}`)).toEqual([
			'POST com.atproto.server.createSession',
			'POST com.atproto.repo.uploadBlob',
			'POST com.atproto.repo.uploadBlob',
			'POST com.atproto.repo.createRecord'
		]);
		expect(fake.requests[0]?.body).toEqual({ identifier: fake.handle, password: appPassword });

		const uploads = fake.calls('com.atproto.repo.uploadBlob');
		expect(uploads.map((upload) => upload.headers['content-type'])).toEqual(['image/png', 'image/png']);
		expect(uploads.map((upload) => upload.headers.authorization)).toEqual([expect.stringMatching(/^Bearer eyJ\.access\./), expect.stringMatching(/^Bearer /)]);
		expect(uploads.map((upload) => Buffer.compare(upload.body as Buffer, upload === uploads[0] ? square : og))).toEqual([0, 0]);
		expect(uploads.map((upload) => upload.bytes)).toEqual([square.length, og.length]);

		const created = fake.calls('com.atproto.repo.createRecord')[0]?.body as Record<string, unknown>;
		expect(created).toMatchObject({ repo: fake.did, collection: 'app.bsky.feed.post', rkey });
		const record = fake.records.get(uri)?.value;
		expect(record).toMatchObject({
			$type: 'app.bsky.feed.post',
			text: caption,
			createdAt: '2026-12-01T13:00:00.000Z',
			langs: ['kk'],
			embed: {
				$type: 'app.bsky.embed.images',
				images: [
					{ alt: post().alt, aspectRatio: { width: 1080, height: 1080 }, image: { $type: 'blob', mimeType: 'image/png', size: square.length } },
					{ alt: post().alt, aspectRatio: { width: 1200, height: 630 }, image: { $type: 'blob', mimeType: 'image/png', size: og.length } }
				]
			}
		});
		const blobs = (record?.embed as { images: { image: { ref: { $link: string } } }[] }).images.map((image) => fake.blobs.get(image.image.ref.$link));
		expect(blobs).toEqual([square, og]);
	});

	test('the link and the hashtags are clickable: facets at their UTF-8 byte offsets', () => {
		const bytes = Buffer.from(caption);
		const found = facets(caption) as { index: { byteStart: number; byteEnd: number }; features: Record<string, string>[] }[];
		expect(found.map(({ index }) => bytes.subarray(index.byteStart, index.byteEnd).toString())).toEqual([
			'https://caravan.example.org/kk/topics/connectivity/',
			'#EU',
			'#ОрталықАзия'
		]);
		expect(found.map(({ features }) => features[0])).toEqual([
			{ $type: 'app.bsky.richtext.facet#link', uri: 'https://caravan.example.org/kk/topics/connectivity/' },
			{ $type: 'app.bsky.richtext.facet#tag', tag: 'EU' },
			{ $type: 'app.bsky.richtext.facet#tag', tag: 'ОрталықАзия' }
		]);
		expect(facets('See https://example.org/a. And #2026, not a tag.')).toEqual([
			expect.objectContaining({ features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.org/a' }] })
		]);
	});

	test('the record key is a TID, fixed by the post: same post, same key; another post, another key', () => {
		expect(rkey).toMatch(/^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/);
		expect(recordKey(post().id, post().createdAt)).toBe(rkey);
		expect(recordKey('another-post', post().createdAt)).not.toBe(rkey);
		// TIDs sort by time: a later post has a later key.
		expect(recordKey(post().id, '2026-12-02T10:00:00.000Z') > rkey).toBe(true);
	});

	test('keeps its session: a second post does not log in again', async () => {
		const { fake, channel } = await setup();
		await channel.send(post(), AbortSignal.timeout(5_000));
		await channel.send(post({ id: '11111111-2222-4333-8444-555555555555' }), AbortSignal.timeout(5_000));
		expect(fake.calls('com.atproto.server.createSession')).toHaveLength(1);
		expect(fake.records.size).toBe(2);
	});

	test('an expired access token is refreshed once, and the call made again', async () => {
		const { fake, channel } = await setup();
		await channel.send(post(), AbortSignal.timeout(5_000));
		fake.expireTokens();

		await channel.send(post({ id: '11111111-2222-4333-8444-555555555555' }), AbortSignal.timeout(5_000));

		expect(fake.requests.slice(4).map((request) => request.nsid)).toEqual([
			'com.atproto.repo.uploadBlob', // 400 ExpiredToken
			'com.atproto.server.refreshSession',
			'com.atproto.repo.uploadBlob',
			'com.atproto.repo.uploadBlob',
			'com.atproto.repo.createRecord'
		]);
		expect(fake.calls('com.atproto.server.createSession')).toHaveLength(1);
		expect(fake.records.size).toBe(2);
	});

	test('a scripted ExpiredToken on createRecord is refreshed too', async () => {
		const { fake, channel } = await setup();
		fake.next('expired-token', 'com.atproto.repo.createRecord');
		await channel.send(post(), AbortSignal.timeout(5_000));
		expect(fake.calls('com.atproto.server.refreshSession')).toHaveLength(1);
		expect(fake.calls('com.atproto.repo.createRecord')).toHaveLength(2);
		expect(fake.records.size).toBe(1);
	});
});

describe('a repeat cannot post twice', () => {
	test.each([
		['InternalServerError', 'server-error'],
		['InternalServerError', 'write-then-server-error'],
		['RecordAlreadyExists', 'server-error'],
		['RecordAlreadyExists', 'write-then-server-error']
	] as const)('duplicates refused with %s; createRecord first answers %s: one record in the end', async (duplicate, behaviour) => {
		const { fake, channel } = await setup({ duplicate });
		fake.next(behaviour, 'com.atproto.repo.createRecord');
		const uri = `at://${fake.did}/app.bsky.feed.post/${rkey}`;

		const first = await channel.send(post(), AbortSignal.timeout(5_000)).catch((error: unknown) => error);
		if (behaviour === 'server-error') {
			// Nothing was written: the 500 is transient and the post is retried.
			expect(first).toMatchObject({ kind: 'transient', message: expect.stringMatching(/^not sent: .*500 InternalServerError/) });
			expect(fake.records.size).toBe(0);
		} else {
			// Written, then a 500: the channel looks and finds the record.
			expect(first).toMatchObject({ id: uri });
		}
		const retry = await channel.send(post(), AbortSignal.timeout(5_000));
		const afterCrash = await channel.send(post(), AbortSignal.timeout(5_000));

		expect([retry.id, afterCrash.id]).toEqual([uri, uri]);
		expect(fake.records.size).toBe(1);
		expect(channel.repeatSafeForMs).toBe(Infinity);
	});
});

describe('failures', () => {
	test.each([
		['com.atproto.server.createSession', { reset: Math.floor(clock.getTime() / 1000) + 90 }, 90_000],
		['com.atproto.repo.uploadBlob', { retryAfter: '42' }, 42_000],
		['com.atproto.repo.createRecord', { retryAfter: 'Tue, 01 Dec 2026 13:02:00 GMT' }, 120_000]
	])('429 on %s is transient with the wait the server asked for', async (nsid, rateLimited, wait) => {
		const { fake, channel } = await setup();
		fake.next({ rateLimited }, nsid);
		const error = await failure(fake, channel.send(post(), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'transient', retryAfterMs: wait, message: expect.stringMatching(/^not sent: .*429 RateLimitExceeded/) });
	});

	test.each(['com.atproto.server.createSession', 'com.atproto.repo.uploadBlob', 'com.atproto.repo.createRecord'])(
		'500 on %s is transient',
		async (nsid) => {
			const { fake, channel } = await setup();
			fake.next('server-error', nsid);
			const error = await failure(fake, channel.send(post(), AbortSignal.timeout(5_000)));
			expect(error).toMatchObject({ kind: 'transient', message: expect.stringMatching(/^not sent: Bluesky .* failed: 500 InternalServerError/) });
			expect(fake.records.size).toBe(0);
		}
	);

	// Only the record can make a post: no answer to it may mean it is published; no answer to a login or an upload cannot.
	test.each([
		{ nsid: 'com.atproto.server.createSession', kind: 'transient', message: 'not sent: Bluesky did not answer in time (com.atproto.server.createSession)' },
		{ nsid: 'com.atproto.repo.uploadBlob', kind: 'transient', message: 'not sent: Bluesky did not answer in time (com.atproto.repo.uploadBlob)' },
		{ nsid: 'com.atproto.repo.createRecord', kind: 'unknown', message: 'sent, no answer (may be published): Bluesky did not answer in time (com.atproto.repo.createRecord)' }
	])('a server that never answers $nsid is $kind within the timeout: $message', async ({ nsid, kind, message }) => {
		const { fake, channel } = await setup();
		fake.next('hang', nsid);
		const started = performance.now();
		const error = await failure(fake, channel.send(post(), AbortSignal.timeout(300)));
		expect(error).toMatchObject({ kind, message });
		expect(performance.now() - started).toBeLessThan(2_000);
	});

	test('an unreachable server is transient', async () => {
		const { fake } = await setup();
		await fake.close();
		const channel = bluesky({ service: fake.url, identifier: fake.handle, appPassword });
		const error = await failure(fake, channel.send(post(), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'transient', message: 'not sent: Bluesky could not be reached (ECONNREFUSED) (com.atproto.server.createSession)' });
	});

	test.each<[string, Behaviour | undefined, string]>([
		['a wrong app password', undefined, 'wrong-pass-word-1234'],
		['a scripted 401 AuthenticationRequired', 'bad-credentials', appPassword]
	])('%s is permanent, with Bluesky’s reason and never the password', async (_, behaviour, password) => {
		const { fake, channel } = await setup({}, password);
		if (behaviour) fake.next(behaviour, 'com.atproto.server.createSession');
		const error = await failure(fake, channel.send(post(), AbortSignal.timeout(5_000)));
		expect(error.kind).toBe('permanent');
		expect(error.message).toBe(`rejected by the network: Bluesky rejected the app password for ${fake.handle} (401 AuthenticationRequired: Invalid identifier or password)`);
		expect(error.message).not.toContain(password);
		expect(fake.calls('com.atproto.repo.uploadBlob')).toHaveLength(0);
	});

	test.each(['com.atproto.server.createSession', 'com.atproto.repo.uploadBlob', 'com.atproto.repo.createRecord'])(
		'a server that echoes the request on %s gets the app password and tokens redacted from the message',
		async (nsid) => {
			const { fake, channel } = await setup();
			fake.next('echo', nsid);
			const error = await failure(fake, channel.send(post(), AbortSignal.timeout(5_000)));
			expect(error).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/^rejected by the network: .*400 InvalidRequest: Unexpected request:/) });
			expect(error.message).toContain('[redacted]');
		}
	);

	test('a caption over 300 graphemes is refused for good with the PDS’s message, and not looked for again', async () => {
		const { fake, channel } = await setup();
		const error = await failure(fake, channel.send(post({ caption: '🇰🇿'.repeat(301) }), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({
			kind: 'permanent',
			message: 'rejected by the network: Bluesky post failed: 400 InvalidRequest: Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes'
		});
		expect(fake.calls('com.atproto.repo.getRecord')).toHaveLength(0);
	});

	test('a revoked session that cannot be refreshed logs in again; if the app password is gone, that is permanent', async () => {
		const { fake, channel } = await setup();
		await channel.send(post(), AbortSignal.timeout(5_000));
		fake.expireTokens();
		fake.next('expired-token', 'com.atproto.server.refreshSession');
		fake.next('bad-credentials', 'com.atproto.server.createSession');
		const error = await failure(fake, channel.send(post({ id: '11111111-2222-4333-8444-555555555555' }), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'permanent', message: expect.stringContaining('Bluesky rejected the app password') });
	});
});

describe('the session is kept across restarts', () => {
	/** A data folder, and a channel as the scheduler makes it at each start: a new instance, the same session file. */
	async function restarts() {
		const dir = mkdtempSync(join(tmpdir(), 'caravan-bluesky-'));
		dirs.push(dir);
		const sessionFile = join(dir, 'bluesky-session.json');
		const { fake } = await setup();
		const start = () => bluesky({ service: fake.url, identifier: fake.handle, appPassword, now: () => clock, sessionFile });
		return { fake, sessionFile, start };
	}
	const another = (n: number) => post({ id: `11111111-2222-4333-8444-55555555555${n}` });

	test('two channel instances (a restart) log in once; the session file is private and names no password', async () => {
		const { fake, sessionFile, start } = await restarts();
		await start().send(post(), AbortSignal.timeout(5_000));
		await start().send(another(1), AbortSignal.timeout(5_000));
		await start().send(another(2), AbortSignal.timeout(5_000));

		expect(fake.calls('com.atproto.server.createSession')).toHaveLength(1);
		expect(fake.calls('com.atproto.server.refreshSession')).toHaveLength(0);
		expect(fake.records.size).toBe(3);
		expect(statSync(sessionFile).mode & 0o777).toBe(0o600);
		expect(readFileSync(sessionFile, 'utf8')).not.toContain(appPassword);
	});

	test('after a restart, an expired access token is refreshed, not logged in again, and the new pair is kept', async () => {
		const { fake, sessionFile, start } = await restarts();
		await start().send(post(), AbortSignal.timeout(5_000));
		fake.expireTokens();

		await start().send(another(1), AbortSignal.timeout(5_000));
		await start().send(another(2), AbortSignal.timeout(5_000)); // with the refreshed pair: no second refresh

		expect(fake.calls('com.atproto.server.createSession')).toHaveLength(1);
		expect(fake.calls('com.atproto.server.refreshSession')).toHaveLength(1);
		const kept = JSON.parse(readFileSync(sessionFile, 'utf8')) as { accessJwt: string };
		expect(fake.calls('com.atproto.repo.createRecord').at(-1)?.headers.authorization).toBe(`Bearer ${kept.accessJwt}`);
	});

	test('a refused refresh token logs in again, once', async () => {
		const { fake, start } = await restarts();
		await start().send(post(), AbortSignal.timeout(5_000));
		fake.expireTokens();
		fake.next('expired-token', 'com.atproto.server.refreshSession');
		await start().send(another(1), AbortSignal.timeout(5_000));
		expect(fake.calls('com.atproto.server.createSession')).toHaveLength(2);
		expect(fake.records.size).toBe(2);
	});

	test('a session kept for another account, or a damaged file, is not used: the channel logs in', async () => {
		const { fake, sessionFile, start } = await restarts();
		writeFileSync(sessionFile, JSON.stringify({ service: fake.url, identifier: 'someone-else.example', did: 'did:plc:other', accessJwt: 'a', refreshJwt: 'r' }));
		await start().send(post(), AbortSignal.timeout(5_000));
		writeFileSync(sessionFile, '{ not json');
		await start().send(another(1), AbortSignal.timeout(5_000));
		expect(fake.calls('com.atproto.server.createSession')).toHaveLength(2);
		const uploads = fake.calls('com.atproto.repo.uploadBlob');
		expect(uploads).toHaveLength(2 * post().images.length);
		expect(uploads.map((call) => call.headers.authorization)).not.toContain('Bearer a');
	});

	test('a session that cannot be written does not stop the post (it is kept in memory)', async () => {
		const { fake, sessionFile } = await restarts();
		writeFileSync(`${sessionFile}.dir`, 'a file where a folder should be');
		const channel = bluesky({ service: fake.url, identifier: fake.handle, appPassword, sessionFile: join(`${sessionFile}.dir`, 'session.json') });
		await channel.send(post(), AbortSignal.timeout(5_000));
		await channel.send(another(1), AbortSignal.timeout(5_000));
		expect(fake.records.size).toBe(2);
		expect(fake.calls('com.atproto.server.createSession')).toHaveLength(1);
	});

	test('tokens read from the file never appear in a message', async () => {
		const { fake, start } = await restarts();
		await start().send(post(), AbortSignal.timeout(5_000));
		fake.next('echo', 'com.atproto.repo.uploadBlob');
		const error = await failure(fake, start().send(another(1), AbortSignal.timeout(5_000)));
		expect(error.message).toContain('[redacted]');
	});
});
