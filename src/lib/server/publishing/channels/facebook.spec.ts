import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { startFakeFacebook, type Behaviour, type FakeGraph } from '../../../../../tests/fakes/facebook.ts';
import { failure, soughtPost } from '../../../../../tests/fakes/expect.ts';
import { facebook } from './facebook.ts';
import type { OutgoingPost, Sought } from './types.ts';

let jpeg: Buffer;
beforeAll(async () => {
	jpeg = await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#0b5394' } }).jpeg().toBuffer();
});
let fake: FakeGraph;
beforeEach(async () => {
	fake = await startFakeFacebook({ fetchImages: true });
});
afterEach(() => fake.close());

const channel = (token = fake.token) => facebook({ pageId: fake.account, token, apiUrl: fake.api, siteUrl: fake.url, localImages: true });
const post = (overrides: Partial<OutgoingPost> = {}): OutgoingPost => ({
	id: 'post-1',
	locale: 'ru',
	caption: 'Связи\n\nДороги между Центральной Азией и Европой.\n\nhttps://caravan.example.org/ru/topics/connectivity/',
	alt: 'Карта дорог между Центральной Азией и Европой.',
	images: [{ format: 'og', png: Buffer.from('not used'), url: fake.host('card.jpg', jpeg) }],
	url: 'https://caravan.example.org/ru/topics/connectivity/',
	idempotencyKey: 'caravan-post-1',
	createdAt: '2026-12-01T10:00:00.000Z',
	scheduledAt: '2026-12-01T13:00:00.000Z',
	...overrides
});

describe('publishing', () => {
	test('one photo post on the Page: the card by its public URL, the caption and the alt text; the token in the header only', async () => {
		let before = -1;
		const published = await channel().send(post(), AbortSignal.timeout(5_000), () => (before = fake.requests.length));
		const [made] = fake.posts;
		expect(published).toEqual({ id: made?.postId, url: `https://www.facebook.com/${made?.postId}` });
		expect(before).toBe(0);
		expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`POST /v22.0/${fake.account}/photos`]);
		expect(fake.requests[0]?.body).toEqual({ url: post().images[0]?.url, caption: post().caption, alt_text_custom: post().alt });
		expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${fake.token}`);
		expect(made).toMatchObject({ text: post().caption, alt: post().alt, imageUrl: post().images[0]?.url });
	});

	test('the channel is named facebook, never repeats (no idempotency key) and paces as its catalogue entry says', () => {
		const made = channel();
		expect([made.name, made.repeatSafeForMs, made.minIntervalMs]).toEqual(['facebook', 0, catalogue.facebook.minIntervalMs]);
	});

	test.each<[string, Behaviour, 'transient' | 'unknown' | 'permanent', RegExp, number | undefined, number]>([
		['429 with Retry-After: not sent, waits as asked', { kind: 'rate-limited', retryAfter: '30' }, 'transient', /^not sent: Facebook 429/, 30_000, 0],
		['a Page rate limit (code 32 in a 400) with the usage header’s wait', { kind: 'rate-limited', status: 400, code: 32, regainMinutes: 12 }, 'transient', /^not sent: .*code 32/, 720_000, 0],
		['500 before the post is made: may be published (one request makes it)', { kind: 'error' }, 'unknown', /^sent, no answer \(may be published\): Facebook 500/, undefined, 0],
		['500 after the post is made', { kind: 'error', afterCreate: true }, 'unknown', /^sent, no answer/, undefined, 1],
		['the answer dropped after the post is made', { kind: 'drop', afterCreate: true }, 'unknown', /closed before its answer/, undefined, 1],
		['no answer at all', { kind: 'hang', afterCreate: true }, 'unknown', /did not answer in time/, undefined, 1],
		['a refused permission (code 200): rejected', { kind: 'error', status: 403, code: 200, message: '(#200) The user hasn’t authorized the application to perform this action' }, 'permanent', /^rejected by the network: .*code 200/, undefined, 0]
	])('%s', async (_name, behaviour, kind, said, retryAfterMs, made) => {
		fake.next(behaviour, 'publish');
		const error = await failure(channel().send(post(), AbortSignal.timeout(1_000)));
		expect([error.kind, error.retryAfterMs, fake.posts.length]).toEqual([kind, retryAfterMs, made]);
		expect(error.message).toMatch(said);
	});

	test('an expired token pauses the channel (“needs a new token”); the token is in no message', async () => {
		fake.next({ kind: 'bad-token', status: 400 }, 'publish');
		const error = await failure(channel().send(post(), AbortSignal.timeout(2_000)));
		expect(error.pauseChannel).toMatch(/^needs a new token: .*set FACEBOOK_PAGE_TOKEN/);
		expect(error.message).not.toContain(fake.token);
	});

	test('a card Facebook cannot fetch is rejected; a post without a card address is not sent', async () => {
		const missing = await failure(channel().send(post({ images: [{ format: 'og', png: Buffer.alloc(0), url: `${fake.url}/_images/none.jpg` }] }), AbortSignal.timeout(2_000)));
		expect(missing.message).toMatch(/^rejected by the network: .*Media download has failed/);
		const none = await failure(channel().send(post({ images: [{ format: 'og', png: Buffer.alloc(0) }] }), AbortSignal.timeout(2_000)));
		expect([none.said, fake.posts.length]).toEqual(['not sent', 0]);
	});
});

describe('reading back', () => {
	const sought = (overrides: Partial<Sought> = {}) => soughtPost(post().caption, overrides);

	test('a photo with the post’s caption is found with its address; one the queue has for another post is not', async () => {
		fake.next({ kind: 'drop', afterCreate: true }, 'publish');
		await failure(channel().send(post(), AbortSignal.timeout(2_000)));
		const found = await channel().find!(sought(), AbortSignal.timeout(2_000));
		expect(found).toMatchObject({ outcome: 'found', published: { id: fake.posts[0]?.id, url: fake.posts[0]?.permalink } });
		const other = await channel().find!(sought({ taken: new Set([fake.posts[0]!.id]) }), AbortSignal.timeout(2_000));
		expect(other.outcome).toBe('absent');
	});

	test('no such photo, and the listing ends: certainly absent', async () => {
		await channel().send(post({ caption: 'Another post' }), AbortSignal.timeout(2_000));
		expect(await channel().find!(sought(), AbortSignal.timeout(2_000))).toMatchObject({ outcome: 'absent', evidence: expect.stringMatching(/none of the 1 posts since/) });
	});
});
