import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cardText } from '#lib/server/views/card.ts';
import { renderPng } from '#lib/server/cards/render.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { startFakeWebhook, type FakeWebhook, type WebhookBehaviour } from '../../../../../tests/fakes/webhook.ts';
import { failure } from '../../../../../tests/fakes/expect.ts';
import type { OutgoingPost } from './types.ts';
import { webhook } from './webhook.ts';

const secret = 'whsec-correct-horse-battery-staple-4f9a';
let fake: FakeWebhook;
let post: OutgoingPost;
/** A whole second near the real clock, so the fake accepts the timestamp and date arithmetic is exact. */
const now = new Date(Math.floor(Date.now() / 1000) * 1000);

beforeAll(async () => {
	const card = cardText(loadContent(), 'kk', 'topic', 'connectivity', 'https://caravan.example.org');
	if (!card) throw new Error('the connectivity topic is missing from the content');
	post = {
		id: 'post-1',
		locale: 'kk',
		caption: 'Орта дәліз: Еуропа мен Орталық Азияны байланыстыратын жолдар',
		alt: 'Орта дәліз картасы',
		images: [
			{ format: 'square', png: await renderPng(card, 'square') },
			{ format: 'og', png: await renderPng(card, 'og') }
		],
		url: 'https://caravan.example.org/kk/topics/connectivity/',
		idempotencyKey: 'caravan-post-1',
	createdAt: '2026-12-01T10:00:00.000Z',
	scheduledAt: '2026-12-01T13:00:00.000Z'
	};
});
afterEach(async () => fake?.close());

async function start() {
	fake = await startFakeWebhook(secret);
	return fake;
}


test('a post arrives as signed multipart: caption, alt, the PNG bytes, idempotency key; the answer’s id and url come back', async () => {
	const { url, requests } = await start();
	const channel = webhook({ url, secret, now: () => now });
	expect([channel.name, channel.repeatSafeForMs]).toEqual(['webhook', 0]);

	expect(await channel.send(post, AbortSignal.timeout(5_000))).toEqual({ id: 'msg-1', url: 'https://receiver.example/posts/msg-1' });

	expect(requests).toHaveLength(1);
	const [request] = requests;
	expect(request).toMatchObject({ method: 'POST', path: '/hooks/caravan', verified: true });
	expect(request?.headers).toMatchObject({
		'idempotency-key': 'caravan-post-1',
		'x-caravan-timestamp': String(now.getTime() / 1000),
		'x-caravan-signature': expect.stringMatching(/^sha256=[0-9a-f]{64}$/)
	});
	expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
	expect(request?.post).toEqual({
		id: 'post-1',
		locale: 'kk',
		caption: post.caption,
		alt: post.alt,
		url: post.url,
		idempotencyKey: 'caravan-post-1',
		formats: ['square', 'og']
	});
	expect(request?.files.map(({ field, filename, type, size }) => ({ field, filename, type, size }))).toEqual(
		post.images.map((image) => ({ field: `image-${image.format}`, filename: `card-${image.format}.png`, type: 'image/png', size: image.png.length }))
	);
	expect(request?.files.every((file, i) => file.bytes.equals(post.images[i]!.png))).toBe(true);
});

test.each([
	{ answer: 'an empty 204', body: null, expected: { id: 'caravan-post-1' } },
	{ answer: 'plain text', body: 'thanks!', expected: { id: 'caravan-post-1' } },
	{ answer: 'JSON without an id', body: { ok: true }, expected: { id: 'caravan-post-1' } },
	{ answer: 'a numeric id and no url', body: { id: 42 }, expected: { id: '42' } }
])('a 2xx answer with $answer is published, with the idempotency key as id when there is none', async ({ body, expected }) => {
	const { url } = await start();
	fake.next({ kind: 'ok', body });
	expect(await webhook({ url, secret }).send(post, AbortSignal.timeout(5_000))).toEqual(expected);
});

describe('failures', () => {
	test.each([
		{ retryAfter: '42', ms: 42_000 },
		{ retryAfter: new Date(now.getTime() + 90_000).toUTCString(), ms: 90_000 },
		{ retryAfter: undefined, ms: undefined }
	])('429 with Retry-After $retryAfter is transient, retried after $ms ms', async ({ retryAfter, ms }) => {
		const { url } = await start();
		fake.next({ kind: 'rate-limited', retryAfter });
		const error = await failure(webhook({ url, secret, now: () => now }).send(post, AbortSignal.timeout(5_000)));
		expect([error.kind, error.retryAfterMs]).toEqual(['transient', ms]);
		expect(error.message).toBe('not sent: Webhook: HTTP 429 Too Many Requests: slow down');
	});

	// 500 and 503: the receiver answered that it did not take the post. 502, 504 (a gateway in front of it)
	// and 408: the request may have reached the receiver, so a repeat could post twice.
	test.each([
		{ status: 500, kind: 'transient', said: 'not sent' },
		{ status: 503, kind: 'transient', said: 'not sent' },
		{ status: 502, kind: 'unknown', said: 'sent, no answer \\(may be published\\)' },
		{ status: 504, kind: 'unknown', said: 'sent, no answer \\(may be published\\)' },
		{ status: 408, kind: 'unknown', said: 'sent, no answer \\(may be published\\)' }
	])('HTTP $status is $kind', async ({ status, kind, said }) => {
		const { url } = await start();
		fake.next({ kind: 'server-error', status });
		const error = await failure(webhook({ url, secret }).send(post, AbortSignal.timeout(5_000)));
		expect(error.kind).toBe(kind);
		expect(error.message).toMatch(new RegExp(`^${said}: Webhook: HTTP ${status} .*receiver is having a bad day$`));
	});

	test('a receiver that never answers is an unknown outcome once the timeout passes: it may have taken the post', async () => {
		const { url } = await start();
		fake.next({ kind: 'hang' });
		const started = Date.now();
		const error = await failure(webhook({ url, secret }).send(post, AbortSignal.timeout(300)));
		expect(Date.now() - started).toBeLessThan(2_000);
		expect([error.kind, error.message]).toEqual(['unknown', 'sent, no answer (may be published): Webhook: the receiver did not answer in time']);
	});

	test('a receiver that is down is a transient error', async () => {
		const { url } = await start();
		await fake.close();
		const error = await failure(webhook({ url, secret }).send(post, AbortSignal.timeout(5_000)));
		expect(error.kind).toBe('transient');
		expect(error.message).toBe('not sent: Webhook: the receiver could not be reached (ECONNREFUSED)');
	});

	test('a receiver that takes the post and closes the connection before its answer: unknown, it may be published', async () => {
		const { url, requests } = await start();
		fake.next({ kind: 'drop' });
		const error = await failure(webhook({ url, secret }).send(post, AbortSignal.timeout(5_000)));
		expect(requests).toHaveLength(1);
		expect([error.kind, error.message]).toEqual(['unknown', 'sent, no answer (may be published): Webhook: the connection to the receiver closed before its answer (UND_ERR_SOCKET)']);
	});

	test('a wrong secret is permanent, with the receiver’s reason and neither secret in the message', async () => {
		const { url, requests } = await start();
		const wrong = 'whsec-tampered-secret-0000';
		const error = await failure(webhook({ url, secret: wrong }).send(post, AbortSignal.timeout(5_000)));
		expect([error.kind, error.message]).toEqual(['permanent', 'rejected by the network: Webhook: HTTP 401 Unauthorized: signature does not match']);
		expect(requests[0]?.verified).toBe(false);
		expect(error.message).not.toContain(wrong);
		expect(error.message).not.toContain(secret);
	});

	test('a stale timestamp is refused (replay protection), permanently', async () => {
		const { url } = await start();
		const error = await failure(webhook({ url, secret, now: () => new Date(now.getTime() - 10 * 60_000) }).send(post, AbortSignal.timeout(5_000)));
		expect([error.kind, error.message]).toEqual(['permanent', 'rejected by the network: Webhook: HTTP 401 Unauthorized: timestamp too old or in the future']);
	});

	test('rejected content is permanent with the receiver’s reason', async () => {
		const { url } = await start();
		fake.next({ kind: 'rejected', reason: 'caption longer than 280 characters' });
		const error = await failure(webhook({ url, secret }).send(post, AbortSignal.timeout(5_000)));
		expect([error.kind, error.message]).toEqual(['permanent', 'rejected by the network: Webhook: HTTP 422 Unprocessable Entity: caption longer than 280 characters']);
	});

	test('a redirect is not followed (a 301 would turn the POST into a GET) and fails permanently', async () => {
		const { url, requests } = await start();
		fake.next({ kind: 'redirect', location: '/elsewhere' });
		const error = await failure(webhook({ url, secret }).send(post, AbortSignal.timeout(5_000)));
		expect(error.kind).toBe('permanent');
		expect(error.message).toMatch(/HTTP 301.*set WEBHOOK_URL to the final address/);
		expect(requests).toHaveLength(1);
	});

	test.each([
		{ url: 'ftp://user:hunter2-password@example.org/x', key: secret, message: 'not sent: Webhook: WEBHOOK_URL is not an http(s) URL' },
		{ url: 'not a url', key: secret, message: 'not sent: Webhook: WEBHOOK_URL is not an http(s) URL' },
		{ url: 'https://user:%zz-bad-escape@example.org/x', key: '', message: 'not sent: Webhook: WEBHOOK_SECRET is not set' }
	])('a configuration mistake ($message) fails permanently, without showing the URL', async ({ url, key, message }) => {
		const error = await failure(webhook({ url, secret: key }).send(post, AbortSignal.timeout(5_000)));
		expect([error.kind, error.message]).toEqual(['permanent', message]);
	});
});

test('a URL with user:password@ is sent with HTTP Basic authentication, not in the URL', async () => {
	const { url, requests } = await start();
	const published = await webhook({ url: url.replace('http://', 'http://caravan:p%40ss-word@'), secret }).send(post, AbortSignal.timeout(5_000));
	expect(published.id).toBe('msg-1');
	expect(requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('caravan:p@ss-word').toString('base64')}`);
	expect(requests[0]?.headers.host).toBe(new URL(url).host);
});

describe('secrets never reach a message', () => {
	const token = 'url-token-5b1e77c0';
	const password = 'basic-password-9c2d';
	let receiver: FakeWebhook;
	let closedUrl: string;
	beforeAll(async () => {
		receiver = await startFakeWebhook(secret);
		const closed = await startFakeWebhook(secret);
		closedUrl = closed.url;
		await closed.close();
	});
	afterAll(() => receiver.close());

	test.each<{ name: string; behaviour?: WebhookBehaviour; badSecret?: boolean; down?: boolean; expected: RegExp }>([
		{ name: 'bad signature', badSecret: true, expected: /HTTP 401 .*signature does not match/ },
		{ name: 'rate limited', behaviour: { kind: 'rate-limited', retryAfter: '5' }, expected: /HTTP 429/ },
		{ name: 'server error', behaviour: { kind: 'server-error' }, expected: /HTTP 500/ },
		{ name: 'timeout', behaviour: { kind: 'hang' }, expected: /^sent, no answer \(may be published\): Webhook: the receiver did not answer in time$/ },
		{
			name: 'receiver echoes the secrets',
			behaviour: { kind: 'rejected', reason: `bad key ${secret} for ?token=${token} and ${password}` },
			expected: /HTTP 422 .*bad key \[redacted\] for \?token=\[redacted\] and \[redacted\]$/
		},
		{ name: 'receiver down', down: true, expected: /ECONNREFUSED/ }
	])('$name', async ({ behaviour, badSecret, down, expected }) => {
		if (behaviour) receiver.next(behaviour);
		const url = `${(down ? closedUrl : receiver.url).replace('http://', `http://caravan:${password}@`)}?token=${token}`;
		const error = await failure(webhook({ url, secret: badSecret ? `${secret}-x` : secret }).send(post, AbortSignal.timeout(300)));
		expect(error.message).toMatch(expected);
		for (const leaked of [secret, token, password]) expect(error.message).not.toContain(leaked);
	});
});
