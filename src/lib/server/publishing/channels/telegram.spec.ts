import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { cardText } from '#lib/server/views/card.ts';
import { renderPng } from '#lib/server/cards/render.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { carouselSlides } from '#lib/server/views/carousel.ts';
import { startFakeTelegram } from '../../../../../tests/fakes/telegram.ts';
import { failure } from '../../../../../tests/fakes/expect.ts';
import { telegram } from './telegram.ts';
import type { OutgoingPost } from './types.ts';

let square: Buffer;
let og: Buffer;
/** The connectivity topic's carousel in Kazakh, square: a set of 4 to 6 slides. */
let slides: Buffer[];
// Drawing the slides takes a few seconds on a busy machine: more than a hook's default 10 s allows.
beforeAll(async () => {
	slides = await Promise.all(carouselSlides(loadContent(), 'kk', 'connectivity', 'https://caravan.example.org').map((card) => renderPng(card, 'square')));
}, 60_000);
beforeAll(async () => {
	const card = cardText(loadContent(), 'kk', 'topic', 'connectivity', 'https://caravan.example.org');
	if (!card) throw new Error('the connectivity topic is missing from the content');
	[square, og] = await Promise.all([renderPng(card, 'square'), renderPng(card, 'og')]);
});

const fakes: { close(): Promise<void> }[] = [];
afterEach(async () => {
	vi.unstubAllGlobals();
	await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function setup(options: Parameters<typeof startFakeTelegram>[0] = {}) {
	const fake = await startFakeTelegram(options);
	fakes.push(fake);
	const channel = telegram({ apiUrl: fake.url, token: fake.token, chatId: '@caravan_news' });
	return { fake, channel };
}

const post = (overrides: Partial<OutgoingPost> = {}): OutgoingPost => ({
	id: 'post-1',
	locale: 'kk',
	caption: 'Көлік дәліздері: Орталық Азия мен Еуропа\n\nhttps://caravan.example.org/kk/topics/connectivity/',
	alt: 'Карточка: көлік дәліздері',
	images: [
		{ format: 'square', png: square },
		{ format: 'og', png: og }
	],
	url: 'https://caravan.example.org/kk/topics/connectivity/',
	idempotencyKey: 'caravan-post-1',
	createdAt: '2026-12-01T10:00:00.000Z',
	scheduledAt: '2026-12-01T13:00:00.000Z',
	...overrides
});


test('a post goes out as one photo with its caption; the result names the message and its public link', async () => {
	const { fake, channel } = await setup();
	expect(channel).toMatchObject({ name: 'telegram', repeatSafeForMs: 0 });

	expect(await channel.send(post(), AbortSignal.timeout(5_000))).toEqual({
		id: '-1001234567890/1',
		url: 'https://t.me/caravan_news/1'
	});

	expect(fake.requests).toHaveLength(1); // a post of single cards sends its first image
	const [request] = fake.requests;
	expect(request).toMatchObject({ method: 'POST', path: `/bot${fake.token}/sendPhoto` });
	expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
	// No alt text: Telegram has no field for it. FormData sends line breaks as CRLF; Telegram drops the '\r'.
	expect(request?.fields).toEqual({ chat_id: '@caravan_news', caption: post().caption.replaceAll('\n', '\r\n') });
	expect(request?.files.photo).toMatchObject({ filename: 'card-square.png', type: 'image/png', size: square.length });
	expect(request?.files.photo?.bytes.equals(square)).toBe(true);
});

test('a chat without a public username gets an id but no link', async () => {
	const { fake } = await setup({ chat: { id: -1009876543210, type: 'channel', title: 'Private' } });
	const channel = telegram({ apiUrl: `${fake.url}/`, token: fake.token, chatId: '-1009876543210' });
	expect(await channel.send(post(), AbortSignal.timeout(5_000))).toEqual({ id: '-1009876543210/1', url: undefined });
	expect(fake.requests[0]?.fields.chat_id).toBe('-1009876543210');
});

describe('failures', () => {
	test.each([
		{ name: 'retry_after in the reply', behaviour: { retryAfter: 7 }, wait: 7_000 },
		{ name: 'retry_after wins over the header', behaviour: { retryAfter: 3, header: '60' }, wait: 3_000 },
		{ name: 'a Retry-After header in seconds', behaviour: { header: '30' }, wait: 30_000 },
		{ name: 'no wait given', behaviour: {}, wait: undefined }
	])('429 is transient with the wait Telegram asked for: $name', async ({ behaviour, wait }) => {
		const { fake, channel } = await setup();
		fake.next({ kind: 'tooMany', ...behaviour });
		const error = await failure(channel.send(post(), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'transient', retryAfterMs: wait });
		expect(error.message).toMatch(/^not sent: Telegram HTTP 429: Too Many Requests/);
	});

	test('a Retry-After header with an HTTP date is turned into milliseconds from now', async () => {
		const { fake, channel } = await setup();
		fake.next({ kind: 'tooMany', header: new Date(Date.now() + 120_000).toUTCString() });
		const error = await failure(channel.send(post(), AbortSignal.timeout(5_000)));
		expect(error.kind).toBe('transient');
		expect(error.retryAfterMs).toBeGreaterThan(115_000);
		expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
	});

	// 500 and 503: Telegram itself answered that it did not take the message. 502 and 504 come from a
	// gateway in front of it: the request may have reached Telegram, and a repeat could post twice.
	test.each([
		{ behaviour: { kind: 'serverError' as const, status: 500 }, kind: 'transient', message: 'not sent: Telegram HTTP 500: Internal Server Error' },
		{ behaviour: { kind: 'serverError' as const, status: 503 }, kind: 'transient', message: 'not sent: Telegram HTTP 503: Internal Server Error' },
		{ behaviour: { kind: 'serverError' as const, status: 502, body: '<html>Bad Gateway</html>' }, kind: 'unknown', message: 'sent, no answer (may be published): Telegram HTTP 502' },
		{ behaviour: { kind: 'serverError' as const, status: 504, body: '<html>Gateway Time-out</html>' }, kind: 'unknown', message: 'sent, no answer (may be published): Telegram HTTP 504' }
	])('HTTP $behaviour.status is $kind: $message', async ({ behaviour, kind, message }) => {
		const { fake, channel } = await setup();
		fake.next(behaviour);
		expect(await failure(channel.send(post(), AbortSignal.timeout(5_000)))).toMatchObject({ kind, message, retryAfterMs: undefined });
	});

	test('a hung connection is an unknown outcome once the send timeout runs out: the photo may have gone out', async () => {
		const { fake, channel } = await setup();
		fake.next({ kind: 'hang' });
		const started = Date.now();
		const error = await failure(channel.send(post(), AbortSignal.timeout(300)));
		expect(Date.now() - started).toBeLessThan(2_000);
		expect(error).toMatchObject({ kind: 'unknown', message: 'sent, no answer (may be published): Telegram did not answer in time' });
	});

	test('a photo posted, then the connection closed before the answer: unknown, and the reason says it may be published', async () => {
		const { fake, channel } = await setup();
		fake.next({ kind: 'drop' });
		const error = await failure(channel.send(post(), AbortSignal.timeout(5_000)));
		expect(fake.messages).toHaveLength(1); // it is in the channel
		expect(error).toMatchObject({ kind: 'unknown', message: 'sent, no answer (may be published): the connection to Telegram closed before its answer (UND_ERR_SOCKET)' });
	});

	test('a server that is not there is transient', async () => {
		const { fake } = await setup();
		await fake.close();
		const channel = telegram({ apiUrl: fake.url, token: fake.token, chatId: '@caravan_news' });
		const error = await failure(channel.send(post(), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'transient', message: 'not sent: Telegram could not be reached (ECONNREFUSED)' });
	});

	test.each([
		{ name: 'a wrong token', token: '123456789:AAWrongTokenWrongTokenWrongToken_xyz', behaviour: undefined, message: 'rejected by the network: Telegram HTTP 401: Unauthorized' },
		{ name: 'a revoked token', token: undefined, behaviour: { kind: 'unauthorized' as const }, message: 'rejected by the network: Telegram HTTP 401: Unauthorized' },
		{
			name: 'a bot that may not post',
			token: undefined,
			behaviour: { kind: 'badRequest' as const, description: 'Bad Request: not enough rights to send photos to the chat' },
			message: 'rejected by the network: Telegram HTTP 400: Bad Request: not enough rights to send photos to the chat'
		},
		{
			name: 'a group that became a supergroup',
			token: undefined,
			behaviour: { kind: 'badRequest' as const, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: -1001111111111 } },
			message: 'rejected by the network: Telegram HTTP 400: Bad Request: group chat was upgraded to a supergroup chat (the chat is now -1001111111111: update TELEGRAM_CHAT_ID)'
		}
	])('$name is permanent, with Telegram’s reason and without the token', async ({ token, behaviour, message }) => {
		const { fake } = await setup();
		if (behaviour) fake.next(behaviour);
		const used = token ?? fake.token;
		const channel = telegram({ apiUrl: fake.url, token: used, chatId: '@caravan_news' });
		const error = await failure(channel.send(post(), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'permanent', message });
		expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(used);
	});

	test('a chat the bot does not know is permanent with Telegram’s reason', async () => {
		const { fake } = await setup();
		const channel = telegram({ apiUrl: fake.url, token: fake.token, chatId: '@someone_else' });
		expect(await failure(channel.send(post(), AbortSignal.timeout(5_000)))).toMatchObject({
			kind: 'permanent',
			message: 'rejected by the network: Telegram HTTP 400: Bad Request: chat not found'
		});
	});

	test.each([
		{ name: 'a caption over 1024 characters', overrides: { caption: 'я'.repeat(1025) }, message: 'not sent: The caption has 1025 characters; Telegram allows 1024 under a photo' },
		{ name: 'no image', overrides: { images: [] }, message: 'not sent: The post has no card image to send to Telegram' }
	])('$name fails permanently before anything is sent', async ({ overrides, message }) => {
		const { fake, channel } = await setup();
		expect(await failure(channel.send(post(overrides), AbortSignal.timeout(5_000)))).toMatchObject({ kind: 'permanent', message });
		expect(fake.requests).toHaveLength(0);
	});
});

describe('the token never appears in an error', () => {
	const token = '123456789:AAFakeTokenForTestsOnly_abcdefghijkl';
	const urlWithToken = `https://api.telegram.org/bot${token}/sendPhoto`;

	test.each([
		{ name: 'a TypeError quoting the URL', thrown: new TypeError(`Failed to parse URL from ${urlWithToken}`) },
		{ name: 'a cause quoting the URL', thrown: Object.assign(new TypeError('fetch failed'), { cause: new Error(`connect to ${urlWithToken}`) }) },
		{ name: 'a cause code that is not a code', thrown: Object.assign(new TypeError('fetch failed'), { cause: { code: token } }) }
	])('fetch’s own errors are wrapped: $name', async ({ thrown }) => {
		vi.stubGlobal('fetch', async () => {
			throw thrown;
		});
		const channel = telegram({ token, chatId: '@caravan_news' });
		const error = await failure(channel.send(post(), AbortSignal.timeout(5_000)));
		expect(error).toMatchObject({ kind: 'unknown', message: 'sent, no answer (may be published): the connection to Telegram closed before its answer' });
		expect(error.cause).toBeUndefined();
		expect(`${error.message} ${error.stack}`).not.toContain(token);
	});

	test('a reply that quotes the token has it removed', async () => {
		vi.stubGlobal('fetch', async () => Response.json({ ok: false, error_code: 400, description: `Bad Request: bot ${token} is odd` }, { status: 400 }));
		const error = await failure(telegram({ token, chatId: '@caravan_news' }).send(post(), AbortSignal.timeout(5_000)));
		expect(error.message).toBe('rejected by the network: Telegram HTTP 400: Bad Request: bot [token] is odd');
	});

	test('configuration errors name the variable, not its value', () => {
		expect(() => telegram({ token: '', chatId: '@caravan_news' })).toThrow('TELEGRAM_BOT_TOKEN');
		expect(() => telegram({ token, chatId: '' })).toThrow('TELEGRAM_CHAT_ID');
		expect(() => telegram({ apiUrl: `not a url ${token}`, token, chatId: '@c' })).toThrow(/^TELEGRAM_API_URL is not a URL$/);
	});
});

describe('a carousel', () => {
	const carousel = (overrides: Partial<OutgoingPost> = {}) =>
		post({ carousel: true, images: slides.map((png, i) => ({ format: 'square' as const, png, alt: `slide ${i + 1}` })), ...overrides });

	test('goes out as ONE sendMediaGroup: every slide attached in order, the caption on the first; the result names every message', async () => {
		const { fake, channel } = await setup();
		expect(slides.length).toBeGreaterThanOrEqual(4);
		const ids = slides.map((_, i) => i + 1);
		expect(await channel.send(carousel(), AbortSignal.timeout(5_000))).toEqual({ id: `-1001234567890/${ids.join(',')}`, url: 'https://t.me/caravan_news/1' });

		expect(fake.requests).toHaveLength(1);
		const [request] = fake.requests;
		expect(request).toMatchObject({ method: 'POST', path: `/bot${fake.token}/sendMediaGroup` });
		expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		const media = JSON.parse(request!.fields.media!) as { type: string; media: string; caption?: string }[];
		expect(media).toEqual(slides.map((_, i) => ({ type: 'photo', media: `attach://slide${i + 1}`, ...(i === 0 ? { caption: carousel().caption } : {}) })));
		expect(request?.fields.caption).toBeUndefined(); // the album's caption is its first photo's
		slides.forEach((png, i) => expect(request?.files[`slide${i + 1}`]?.bytes.equals(png), `slide ${i + 1}`).toBe(true));
		expect(fake.albums).toEqual([{ caption: carousel().caption, messageIds: ids, files: ids.map((n) => `slide${n}`) }]);
	});

	test('an album posted whose answer is lost is unknown, as a photo is: never sent again blind', async () => {
		const { fake, channel } = await setup();
		fake.next({ kind: 'drop' });
		const error = await failure(channel.send(carousel(), AbortSignal.timeout(5_000)));
		expect(fake.albums).toHaveLength(1);
		expect(error).toMatchObject({ kind: 'unknown', message: 'sent, no answer (may be published): the connection to Telegram closed before its answer (UND_ERR_SOCKET)' });
		expect(channel.repeatSafeForMs).toBe(0);
	});

	test('429 on the album is transient with Telegram’s wait; nothing posted', async () => {
		const { fake, channel } = await setup();
		fake.next({ kind: 'tooMany', retryAfter: 5 });
		expect(await failure(channel.send(carousel(), AbortSignal.timeout(5_000)))).toMatchObject({ kind: 'transient', retryAfterMs: 5_000 });
		expect(fake.albums).toHaveLength(0);
	});

	test.each([
		{ name: 'one slide', count: 1 },
		{ name: 'eleven slides', count: 11 }
	])('a set of $name fails permanently before anything is sent (Telegram takes 2 to 10)', async ({ count }) => {
		const { fake, channel } = await setup();
		const images = Array.from({ length: count }, (_, i) => ({ format: 'square' as const, png: slides[i % slides.length]! }));
		expect(await failure(channel.send(carousel({ images }), AbortSignal.timeout(5_000)))).toMatchObject({
			kind: 'permanent',
			message: `not sent: A Telegram album takes 2 to 10 photos; this carousel has ${count}`
		});
		expect(fake.requests).toHaveLength(0);
	});
});
