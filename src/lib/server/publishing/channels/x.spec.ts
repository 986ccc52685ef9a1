import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { startFakeX, type FakeX, type XBehaviour, type XRoute } from '../../../../../tests/fakes/x.ts';
import { failure, soughtPost } from '../../../../../tests/fakes/expect.ts';
import { readChannelSettings } from './index.ts';
import { comparable, X_IMAGE_BYTES, x } from './x.ts';
import type { OutgoingPost, Sought } from './types.ts';

let png: Buffer;
beforeAll(async () => {
	png = await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#0f1419' } }).png().toBuffer();
});
let fake: FakeX;
beforeEach(async () => {
	fake = await startFakeX();
});
afterEach(() => fake.close());

const channel = (token = fake.token) => x({ token, userId: fake.userId, apiUrl: fake.url });
const post = (overrides: Partial<OutgoingPost> = {}): OutgoingPost => ({
	id: 'post-1',
	locale: 'uz',
	caption: 'Ta’lim & yoshlar\n\nYevropa Ittifoqi Markaziy Osiyo yoshlari bilan.\n\nhttps://caravan.example.org/uz/topics/youth-education/',
	alt: 'Talabalar kutubxonada.',
	images: [{ format: 'og', png }],
	url: 'https://caravan.example.org/uz/topics/youth-education/',
	idempotencyKey: 'caravan-post-1',
	createdAt: '2026-12-01T10:00:00.000Z',
	scheduledAt: '2026-12-01T13:00:00.000Z',
	...overrides
});
const calls = () => fake.requests.map((request) => `${request.method} ${request.path}`);

describe('publishing', () => {
	test('the card is uploaded with its alt text, then one post carries it; the token in the header only', async () => {
		let before: string[] = [];
		const published = await channel().send(post(), AbortSignal.timeout(5_000), () => (before = calls()));
		const [made] = fake.posts;
		expect(fake.posts).toHaveLength(1);
		expect(published).toEqual({ id: made?.id, url: `https://x.com/i/web/status/${made?.id}` });
		expect(before).toEqual(['POST /2/media/upload', 'POST /2/media/metadata']);
		expect(calls().slice(before.length)).toEqual(['POST /2/tweets']);
		const [upload, metadata, tweet] = fake.requests;
		expect(upload?.fields).toEqual({ media_category: 'tweet_image', media_type: 'image/png' });
		expect(upload?.files.media?.bytes.equals(png)).toBe(true);
		expect(metadata?.json).toEqual({ id: made?.mediaIds[0], metadata: { alt_text: { text: post().alt } } });
		expect(tweet?.json).toEqual({ text: post().caption, media: { media_ids: made?.mediaIds } });
		expect(fake.requests.every((request) => request.headers.authorization === `Bearer ${fake.token}` && !request.path.includes(fake.token))).toBe(true);
	});

	test('the channel is named x, never repeats the post and paces as its catalogue entry says; 280 weighted characters', async () => {
		const made = channel();
		expect([made.name, made.repeatSafeForMs, made.minIntervalMs, made.startsRequestLate]).toEqual(['x', 0, catalogue.x.minIntervalMs, true]);
		expect(made.whereToLook!(soughtPost(post().caption))).toEqual({ where: `the X account ${fake.userId} (https://x.com/i/user/${fake.userId})`, what: 'a post whose text begins “Ta’lim & yoshlar”' });
		// A link counts 23 and CJK 2: 257 Latin letters and a link fit; one more does not.
		const link = ' https://caravan.example.org/en/a-very-long-address-that-x-counts-as-twenty-three/';
		await channel().send(post({ caption: `${'a'.repeat(256)}${link}` }), AbortSignal.timeout(2_000));
		const long = await failure(channel().send(post({ caption: `${'b'.repeat(257)}${link}` }), AbortSignal.timeout(2_000)));
		const wide = await failure(channel().send(post({ caption: '中'.repeat(141) }), AbortSignal.timeout(2_000)));
		expect([long.said, wide.said, fake.posts.length]).toEqual(['not sent', 'not sent', 1]);
		expect(long.message).toMatch(/281 characters; x allows 280/);
	});

	type Row = [string, XRoute, XBehaviour, 'transient' | 'unknown' | 'permanent', RegExp, number | undefined, boolean, number];
	test.each<Row>([
		['429 on the post: waits until x-rate-limit-reset', 'post', { kind: 'rate-limited', resetIn: 600 }, 'transient', /^not sent: X 429 \(posting\)/, 600_000, false, 0],
		['429 with the account’s 24-hour limit used up: the post waits until its reset', 'post', { kind: 'rate-limited', resetIn: 7_200, daily: true }, 'transient', /24-hour limit is reached/, 7_200_000, true, 0],
		['500 on the upload: not sent (an upload is not a post)', 'upload', { kind: 'error' }, 'transient', /^not sent: X 500 \(uploading the image\)/, undefined, false, 0],
		['503 on the post: may be published', 'post', { kind: 'error', status: 503 }, 'unknown', /^sent, no answer \(may be published\): X 503/, undefined, false, 0],
		['the answer to the post dropped after it was made', 'post', { kind: 'drop', afterCreate: true }, 'unknown', /closed before its answer/, undefined, false, 1],
		['the post hangs after it was made', 'post', { kind: 'hang', afterCreate: true }, 'unknown', /did not answer in time/, undefined, false, 1],
		['the upload hangs: not sent', 'upload', { kind: 'hang' }, 'transient', /^not sent: X did not answer in time/, undefined, false, 0],
		['a refusal (403): rejected with X’s words', 'post', { kind: 'error', status: 403, detail: 'You are not permitted to perform this action.' }, 'permanent', /^rejected by the network: X 403 \(posting\): You are not permitted/, undefined, false, 0]
	])('%s', async (_name, route, behaviour, kind, said, retryAfterMs, waits, made) => {
		fake.next(behaviour, route);
		const error = await failure(channel().send(post(), AbortSignal.timeout(1_000)));
		// x-rate-limit-reset is whole seconds: the wait is less than a second short of it.
		const wait = error.retryAfterMs === undefined || retryAfterMs === undefined ? error.retryAfterMs : Math.ceil(error.retryAfterMs / 1000) * 1000;
		expect([error.kind, wait, error.waits, fake.posts.length]).toEqual([kind, retryAfterMs, waits, made]);
		expect(error.message).toMatch(said);
	});

	test('when the last post used up the 24-hour limit, the next waits until it resets, before any request', async () => {
		fake.dailyLeft = 1;
		const made = channel();
		await made.send(post(), AbortSignal.timeout(2_000));
		const before = fake.requests.length;
		const error = await failure(made.send(post({ caption: 'Second post' }), AbortSignal.timeout(2_000)));
		expect([error.said, error.waits, fake.requests.length - before]).toEqual(['not sent', true, 0]);
		expect(Math.round(error.retryAfterMs! / 60_000)).toBe(720); // the fake's reset: 12 hours
	});

	test('a refused token (401) pauses the channel with “needs a new token”; the token is in no message', async () => {
		const error = await failure(channel('expired-x-token-0123456789').send(post(), AbortSignal.timeout(2_000)));
		expect(error.pauseChannel).toMatch(/^needs a new token: .*set X_TOKEN/);
		expect(error.message).not.toContain('expired-x-token-0123456789');
		expect(fake.posts).toHaveLength(0);
	});

	test('a post without a card, with five or with one over 5 MB is not sent; a card X cannot read is refused', async () => {
		for (const images of [[], Array.from({ length: 5 }, () => ({ format: 'og' as const, png })), [{ format: 'story' as const, png: Buffer.alloc(X_IMAGE_BYTES + 1) }]]) {
			expect((await failure(channel().send(post({ images }), AbortSignal.timeout(2_000)))).said).toBe('not sent');
		}
		const bad = await failure(channel().send(post({ images: [{ format: 'og', png: Buffer.from('no image') }] }), AbortSignal.timeout(2_000)));
		expect(bad.message).toMatch(/^rejected by the network: X 400 \(uploading the image\)/);
		expect(fake.posts).toHaveLength(0);
	});

	test('the settings: on with X_TOKEN or X_REFRESH_TOKEN, with the token’s expiry; an id that is not a number stops the start', () => {
		expect(readChannelSettings({}).x).toBeUndefined();
		expect(readChannelSettings({ X_TOKEN: 't', X_USER_ID: '1', X_TOKEN_EXPIRES: '2027-03-01' }).x).toMatchObject({ token: 't', userId: '1', apiUrl: 'https://api.x.com', tokenExpires: '2027-03-01T00:00:00.000Z' });
		expect(readChannelSettings({ X_REFRESH_TOKEN: 'r', X_CLIENT_ID: 'c', X_USER_ID: '1' }).x).toMatchObject({ token: undefined, refreshToken: 'r', clientId: 'c', tokenExpires: undefined });
		expect(() => x({ token: 't', userId: '@caravan' })).toThrow(/X_USER_ID/);
		expect(() => x({ refreshToken: 'r', userId: '1' })).toThrow(/X_CLIENT_ID/);
	});
});

describe('refreshing the access token (OAuth 2.0, offline.access)', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'caravan-x-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));
	const refreshing = (refreshToken = fake.refreshToken, token?: string) =>
		x({ token, refreshToken, clientId: fake.clientId, userId: fake.userId, apiUrl: fake.url, tokenFile: join(dir, 'x-token.json') });

	test('an expired access token is refreshed once and the request asked again; the new pair is kept (0600) and a restart goes on from it', async () => {
		const first = fake.refreshToken;
		const channel = refreshing(first, fake.token);
		fake.expire();
		await channel.send(post(), AbortSignal.timeout(5_000));
		expect(fake.posts).toHaveLength(1);
		expect(calls()).toEqual(['POST /2/media/upload', 'POST /2/oauth2/token', 'POST /2/media/upload', 'POST /2/media/metadata', 'POST /2/tweets']);
		expect(fake.requests[1]?.headers.authorization).toBeUndefined();
		const kept = JSON.parse(readFileSync(join(dir, 'x-token.json'), 'utf8')) as Record<string, unknown>;
		expect(kept.refresh).toBe(fake.refreshToken);
		expect(kept.refresh).not.toBe(first);
		expect(JSON.stringify(kept)).not.toContain(first); // the used token is not kept, only a hash of it
		expect(statSync(join(dir, 'x-token.json')).mode & 0o777).toBe(0o600);
		// After a restart (a new channel from the same settings), the kept access token is used: no refresh.
		const before = fake.requests.length;
		await refreshing(first).send(post({ caption: 'Second post' }), AbortSignal.timeout(5_000));
		expect(fake.requests.slice(before).map((request) => request.path)).toEqual(['/2/media/upload', '/2/media/metadata', '/2/tweets']);
	});

	test('without an access token, one is fetched first', async () => {
		await refreshing().send(post(), AbortSignal.timeout(5_000));
		expect(calls()[0]).toBe('POST /2/oauth2/token');
		expect(fake.posts).toHaveLength(1);
	});

	test('a refresh token X refuses pauses the channel with “needs a new token”; no token is in the message', async () => {
		const error = await failure(refreshing('used-refresh-token-0123456789').send(post(), AbortSignal.timeout(5_000)));
		expect(error.pauseChannel).toMatch(/^needs a new token: .*X_REFRESH_TOKEN/);
		expect(error.message).toMatch(/^rejected by the network: X 400 \(refreshing the token\)/);
		expect(error.message).not.toContain('used-refresh-token-0123456789');
		expect(fake.posts).toHaveLength(0);
	});
});

describe('reading back', () => {
	const sought = (overrides: Partial<Sought> = {}) => soughtPost(post().caption, overrides);

	test('X’s text (links as t.co, the image’s link added, & as an entity) is still the post’s: found with its address', async () => {
		fake.next({ kind: 'drop', afterCreate: true }, 'post');
		await failure(channel().send(post(), AbortSignal.timeout(2_000)));
		const id = fake.posts[0]!.id;
		expect(await channel().find!(sought(), AbortSignal.timeout(2_000))).toMatchObject({ outcome: 'found', published: { id, url: `https://x.com/i/web/status/${id}` } });
		expect((await channel().find!(sought({ taken: new Set([id]) }), AbortSignal.timeout(2_000))).outcome).toBe('absent');
		expect(fake.requests.at(-1)?.query).toMatchObject({ 'tweet.fields': 'created_at', max_results: '100' });
	});

	test('no post with the caption since the first attempt: absent; a caption that is only a link: unsure', async () => {
		await channel().send(post({ caption: 'Another post https://caravan.example.org/' }), AbortSignal.timeout(2_000));
		expect(await channel().find!(sought(), AbortSignal.timeout(2_000))).toMatchObject({ outcome: 'absent', evidence: expect.stringMatching(/none of the 1 posts since/) });
		expect((await channel().find!(soughtPost('https://caravan.example.org/'), AbortSignal.timeout(2_000))).outcome).toBe('unsure');
		expect(comparable('A &amp; B https://t.co/abc')).toBe(comparable('A & B https://caravan.example.org/'));
	});
});
