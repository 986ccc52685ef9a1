import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { cardText } from '#lib/server/views/card.ts';
import { renderPng } from '#lib/server/cards/render.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { buildCaption, captionLength } from '#lib/core/captions.ts';
import { startFakeMastodon, type Behaviour, type FakeMastodon, type Route } from '../../../../../tests/fakes/mastodon.ts';
import { failure } from '../../../../../tests/fakes/expect.ts';
import { mastodon, statusText } from './mastodon.ts';
import { ChannelError, type OutgoingPost } from './types.ts';

const NOW = Date.parse('2026-12-01T13:00:00Z');
const link = 'https://caravan.example.org/kk/topics/connectivity/';
let images: OutgoingPost['images'];
let fake: FakeMastodon;

beforeAll(async () => {
	const card = cardText(loadContent(), 'kk', 'topic', 'connectivity', 'https://caravan.example.org');
	if (!card) throw new Error('the connectivity topic is missing from the content');
	images = [
		{ format: 'square', png: await renderPng(card, 'square') },
		{ format: 'og', png: await renderPng(card, 'og') }
	];
}, 60_000);
beforeEach(async () => {
	fake = await startFakeMastodon({ now: () => NOW });
});
afterEach(() => fake.close());

const channel = (token = fake.token) => mastodon({ url: `${fake.url}/`, token, pollMs: 10, now: () => NOW });
const post = (overrides: Partial<OutgoingPost> = {}): OutgoingPost => ({
	id: 'post-1',
	locale: 'kk',
	caption: `Байланыс\n\nОрталық Азия мен Еуропаны жалғайтын жолдар.\n\n${link}`,
	alt: 'Карта: Орталық Азия мен Еуропа арасындағы көлік жолдары.',
	images,
	url: link,
	idempotencyKey: 'caravan-post-1',
	createdAt: '2026-12-01T10:00:00.000Z',
	scheduledAt: '2026-12-01T13:00:00.000Z',
	...overrides
});
const paths = () => fake.requests.map((request) => `${request.method} ${request.path}`);
const statusPosts = () => fake.requests.filter((request) => request.path === '/api/v1/statuses');


describe('publishing', () => {
	test('uploads each card with the alt text as its description, waits for processing, then posts once', async () => {
		const published = await channel().send(post(), AbortSignal.timeout(5_000));

		expect(fake.statuses).toHaveLength(1);
		const [status] = fake.statuses;
		expect(published).toEqual({ id: status?.id, url: `${fake.url}/@caravan/${status?.id}` });
		// 202 on upload, 200 on the first poll, for each card; then the status.
		expect(paths()).toEqual([
			'POST /api/v2/media',
			`GET /api/v1/media/${fake.media[0]?.id}`,
			'POST /api/v2/media',
			`GET /api/v1/media/${fake.media[1]?.id}`,
			'POST /api/v1/statuses'
		]);
		// The PNG bytes arrive whole, and the alt text is each image's description.
		const uploads = fake.requests.filter((request) => request.path === '/api/v2/media');
		expect(uploads.map((request, n) => images[n] !== undefined && request.files[0]?.bytes.equals(images[n].png))).toEqual([true, true]);
		expect(uploads.map((request) => ({ type: request.files[0]?.type, size: request.files[0]?.size }))).toEqual(
			images.map((image) => ({ type: 'image/png', size: image.png.length }))
		);
		expect(fake.media.map((item) => item.description)).toEqual([post().alt, post().alt]);
		expect(uploads.every((request) => request.headers.authorization === `Bearer ${fake.token}`)).toBe(true);
		// The status: caption, both cards in order, public, in the post's language, with the post's key.
		expect(statusPosts()[0]?.body).toEqual({
			status: post().caption,
			media_ids: fake.media.map((item) => item.id),
			visibility: 'public',
			language: 'kk'
		});
		expect(statusPosts()[0]?.headers['idempotency-key']).toBe('caravan-post-1');
		expect(status).toMatchObject({ text: post().caption, mediaIds: fake.media.map((item) => item.id), language: 'kk' });
	});

	test('the channel is named mastodon and a repeat is safe for 55 minutes (the key is kept for an hour)', () => {
		expect(channel()).toMatchObject({ name: 'mastodon', repeatSafeForMs: 55 * 60_000 });
	});

	test('an upload processed at once (200 with a url) is not polled', async () => {
		fake.next({ kind: 'processed' }, 'media');
		fake.next({ kind: 'processed' }, 'media');
		await channel().send(post(), AbortSignal.timeout(5_000));
		expect(paths()).toEqual(['POST /api/v2/media', 'POST /api/v2/media', 'POST /api/v1/statuses']);
	});

	test('a slow upload is polled (206) until it is processed, and only then attached', async () => {
		fake.next({ kind: 'processing', polls: 3 }, 'media');
		await channel().send(post({ images: images.slice(0, 1) }), AbortSignal.timeout(5_000));
		expect(paths().filter((path) => path.startsWith('GET'))).toHaveLength(4);
		expect(fake.statuses).toHaveLength(1);
	});

	test('a caption made to fit Mastodon (link counted as 23) goes through whole, up to 500 exactly', async () => {
		const long = 'Орталық Азия мен Еуропа арасындағы жолдар, энергетика және цифрлық байланыс туралы. '.repeat(12);
		const fitted = buildCaption('mastodon', { title: 'Байланыс', body: long, url: link, hashtags: ['EUCentralAsia'] });
		const exact = `${'Қ'.repeat(500 - 24)} ${link}`;
		expect(captionLength('mastodon', fitted).length).toBeLessThanOrEqual(500);
		expect(captionLength('mastodon', exact).length).toBe(500);

		for (const [n, caption] of [fitted, exact].entries())
			await channel().send(post({ caption, idempotencyKey: `caravan-${n}` }), AbortSignal.timeout(5_000));
		expect(fake.statuses.map((status) => status.text)).toEqual([fitted, exact]);
	});

	test('more than four images fails before anything is uploaded', async () => {
		const five = Array.from({ length: 5 }, () => images[0]).filter((image) => image !== undefined);
		const error = await failure(channel().send(post({ images: five }), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/^not sent: .*at most 4 images/) });
		expect(fake.requests).toHaveLength(0);
	});
});

describe('retries never post twice (Idempotency-Key)', () => {
	test('after a 500 on /statuses, the retry reuses the same key and the fake ends with exactly one status', async () => {
		fake.next({ kind: 'error', status: 500 }, 'statuses');
		const error = await failure(channel().send(post(), AbortSignal.timeout(5_000)));
		// Mastodon can answer 500 having made the status: as far as the channel knows, it may be published.
		expect(error).toMatchObject({ kind: 'unknown', message: 'sent, no answer (may be published): Mastodon 500 (posting): Internal server error' });
		expect(fake.statuses).toHaveLength(0);

		const published = await channel().send(post(), AbortSignal.timeout(5_000));
		expect(statusPosts().map((request) => request.headers['idempotency-key'])).toEqual(['caravan-post-1', 'caravan-post-1']);
		expect(fake.statuses).toHaveLength(1);
		expect(published.id).toBe(fake.statuses[0]?.id);
	});

	test.each<[string, Behaviour, number, ChannelError['kind']]>([
		['500 after the status was made', { kind: 'error', status: 500, afterCreate: true }, 5_000, 'unknown'],
		['a timeout after the status was made', { kind: 'hang', afterCreate: true }, 300, 'unknown']
	])('when the answer is lost (%s), the retry gets the same status back and nothing is posted twice', async (_, behaviour, timeout, kind) => {
		fake.next(behaviour, 'statuses');
		// Either way the publisher sends it again, within the hour: a repeat is safe here.
		expect((await failure(channel().send(post(), AbortSignal.timeout(timeout)))).kind).toBe(kind);
		expect(fake.statuses).toHaveLength(1); // Mastodon did post it

		const published = await channel().send(post(), AbortSignal.timeout(5_000));
		expect(published.id).toBe(fake.statuses[0]?.id);
		expect(fake.statuses).toHaveLength(1);
		expect(statusPosts().map((request) => request.headers['idempotency-key'])).toEqual(['caravan-post-1', 'caravan-post-1']);
	});

	test('sending a published post again (a crash before it was recorded) returns the same status', async () => {
		const first = await channel().send(post(), AbortSignal.timeout(5_000));
		const again = await channel().send(post(), AbortSignal.timeout(5_000));
		expect(again).toEqual(first);
		expect(fake.statuses).toHaveLength(1);
	});
});

describe('failures', () => {
	test.each<[string, Record<string, string | number>, number]>([
		['X-RateLimit-Reset (ISO, Mastodon’s own)', { resetInMs: 30_000 }, 30_000],
		['Retry-After in seconds', { resetInMs: 30_000, retryAfter: '12' }, 12_000],
		['Retry-After as an HTTP date', { resetInMs: 30_000, retryAfter: new Date(NOW + 42_000).toUTCString() }, 42_000]
	])('429 → transient, waiting as %s says', async (_, limits, wait) => {
		for (const route of ['media', 'statuses'] as Route[]) {
			fake.next({ kind: 'rate-limited', ...limits }, route);
			const error = await failure(channel().send(post(), AbortSignal.timeout(5_000)));
			expect(error).toMatchObject({ kind: 'transient', retryAfterMs: wait, message: expect.stringMatching(/^not sent: Mastodon 429 .*Too many requests/) });
		}
		expect(fake.statuses).toHaveLength(0);
	});

	test.each<[Route, string, ChannelError['kind'], string]>([
		['media', 'uploading the square card', 'transient', 'not sent'],
		['poll', 'processing the square card', 'transient', 'not sent'],
		['statuses', 'posting', 'unknown', 'sent, no answer (may be published)']
	])('500 on %s → %s, with the step and Mastodon’s reason', async (route, step, kind, said) => {
		fake.next({ kind: 'error', status: 500 }, route);
		const error = await failure(channel().send(post(), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind, message: `${said}: Mastodon 500 (${step}): Internal server error` });
		expect(error.retryAfterMs).toBeUndefined();
	});

	test.each<[Route, ChannelError['kind'], string]>([
		['media', 'transient', 'not sent: Mastodon did not answer in time (uploading the square card)'],
		['poll', 'transient', 'not sent: Mastodon did not answer in time (processing the square card)'],
		// The status may have been made: the outcome is unknown (sent again, since the key makes a repeat safe).
		['statuses', 'unknown', 'sent, no answer (may be published): Mastodon did not answer in time (posting)']
	])('a hang on %s → %s, within the timeout: %s', async (route, kind, message) => {
		fake.next({ kind: 'hang' }, route);
		const started = Date.now();
		const error = await failure(channel().send(post(), AbortSignal.timeout(300)));
		expect(error).toMatchObject({ kind, message });
		expect(Date.now() - started).toBeLessThan(2_000);
	});

	test('an upload that never finishes processing → transient when the time is up', async () => {
		fake.next({ kind: 'processing', polls: 1_000 }, 'media');
		const error = await failure(channel().send(post(), AbortSignal.timeout(300)));
		expect(error.kind).toBe('transient');
		expect(error.message).toMatch(/^not sent: .*in time/);
		expect(fake.statuses).toHaveLength(0);
	});

	test('an unreachable instance → transient', async () => {
		await fake.close();
		const error = await failure(channel().send(post(), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'transient', message: 'not sent: Mastodon could not be reached (ECONNREFUSED) (uploading the square card)' });
		fake = await startFakeMastodon(); // for afterEach
	});

	test('a caption over 500 → permanent, with Mastodon’s reason', async () => {
		const error = await failure(channel().send(post({ caption: `${'Қ'.repeat(500 - 23)} ${link}` }), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'permanent', message: 'rejected by the network: Mastodon 422 (posting): Validation failed: Text character limit of 500 exceeded' });
		expect(fake.statuses).toHaveLength(0);
	});

	test.each<[string, Behaviour | undefined, string | undefined]>([
		['a revoked token', { kind: 'unauthorized' }, undefined],
		['a wrong token', undefined, 'not-the-right-token-5f1c9a']
	])('bad credentials (%s) → permanent, with Mastodon’s reason and no token in the message', async (_, behaviour, token) => {
		if (behaviour) fake.next(behaviour);
		const used = token ?? fake.token;
		const error = await failure(channel(used).send(post(), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'permanent', message: 'rejected by the network: Mastodon 401 (uploading the square card): The access token is invalid' });
		expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(used);
	});
});

describe('the token is never shown', () => {
	test.each<[string, Behaviour, Route]>([
		['429', { kind: 'rate-limited', resetInMs: 1_000 }, 'statuses'],
		['500', { kind: 'error', status: 500 }, 'poll'],
		['hang', { kind: 'hang' }, 'media'],
		['401', { kind: 'unauthorized' }, 'statuses']
	])('%s: the message names no secret', async (_, behaviour, route) => {
		fake.next(behaviour, route);
		const error = await failure(channel().send(post(), AbortSignal.timeout(300)));
		expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(fake.token);
	});

	test('not even when the server repeats it back in its error', async () => {
		fake.next({ kind: 'error', status: 403, message: `Token ${fake.token} lacks the write:statuses scope` }, 'statuses');
		const error = await failure(channel().send(post(), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'permanent', message: 'rejected by the network: Mastodon 403 (posting): Token *** lacks the write:statuses scope' });
		expect(error.message).not.toContain(fake.token);
	});

	test('the result carries the status id and url only', async () => {
		const published = await channel().send(post(), AbortSignal.timeout(5_000));
		expect(Object.keys(published).sort()).toEqual(['id', 'url']);
		expect(JSON.stringify(published)).not.toContain(fake.token);
	});
});

describe('reading a status back', () => {
	test('the text of Mastodon’s HTML is the caption’s, whatever the markup, entities and line breaks', () => {
		const caption = 'Q&A: "EU <3 Central Asia"\n\nЖолдар мен байланыс.\nhttps://caravan.example.org/kk/topics/connectivity/ #EU';
		// As Mastodon's TextFormatter renders it: paragraphs, <br />, the link split into spans, the hashtag linked.
		const html =
			'<p>Q&amp;A: &quot;EU &lt;3 Central Asia&quot;</p><p>Жолдар мен байланыс.<br /><a href="https://caravan.example.org/kk/topics/connectivity/" rel="nofollow noopener" translate="no" target="_blank"><span class="invisible">https://</span><span class="ellipsis">caravan.example.org/kk/topics/</span><span class="invisible">connectivity/</span></a> <a href="https://mastodon.example/tags/eu" class="mention hashtag" rel="tag">#<span>EU</span></a></p>';
		expect(statusText(html)).toBe(caption.replace(/\s+/g, ''));
		expect(statusText(html.replace('Жолдар', 'Жолдары'))).not.toBe(caption.replace(/\s+/g, ''));
		expect(statusText('<p>it&#39;s &#x41;</p>')).toBe("it'sA");
	});
});
