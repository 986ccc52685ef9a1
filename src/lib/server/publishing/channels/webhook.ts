/**
 * Webhook: POSTs each post to a URL the installation chooses (a CMS, a chat bridge, Zapier/n8n, a
 * partner's own publisher). This is Caravan's own small protocol, so this comment is its reference:
 *
 *   POST <WEBHOOK_URL>
 *   Content-Type: multipart/form-data; boundary=…
 *   Idempotency-Key: <post.idempotencyKey>          (the same on every attempt at one post)
 *   X-Caravan-Timestamp: <unix seconds>
 *   X-Caravan-Signature: sha256=<hex HMAC-SHA256(WEBHOOK_SECRET, "<timestamp>." + raw body bytes)>
 *
 *   field `post`           JSON { id, locale, caption, alt, url, idempotencyKey, formats: ["square", …] }
 *   field `image-<format>` one PNG per format (image/png, filename card-<format>.png); the post's `alt` describes each
 *
 * Every failure's message starts with what it says about the request (types.ts `said`): not sent, sent
 * and no answer (may be published), or rejected by the receiver.
 *
 * Receivers should: recompute the HMAC over the exact bytes received (before any parsing), prefixed with
 * the timestamp header and a dot, and compare in constant time; reject timestamps more than ~5 minutes
 * from their clock, so a captured request cannot be replayed later (the timestamp is signed, so it cannot
 * be changed without breaking the signature); and, ideally, ignore a second request with an
 * Idempotency-Key they have seen. The scheme follows GitHub's `sha256=` header and Stripe's signed
 * `timestamp.body` payload.
 *
 * Answers: 2xx, optionally with JSON { id, url } (without an id, the idempotency key is the id);
 * 429 with Retry-After (seconds or HTTP date), 500, 503 and other 5xx are retried; 502 and 504 (from a
 * gateway in front of the receiver) and 408 may have reached the receiver, so their outcome is unknown
 * (a person checks, as a repeat is not safe); other 4xx fail the post with the receiver's reason (JSON
 * `error` or `message`, or the text of the body). Redirects are not followed: fetch would turn a
 * 301/302 POST into a GET, and a 200 from the redirected page would look published.
 *
 * A URL with user:password@ is sent with HTTP Basic authentication instead. Everything in the URL
 * beyond its origin may be a secret (a token in the path, a key in the query, the credentials): no
 * message ever quotes it — the URL shows as origin + "/…", its parts as [redacted]. Not every receiver
 * deduplicates, so a repeat is never safe (repeatSafeForMs 0).
 *
 * Suggested environment: WEBHOOK_URL (https://…), WEBHOOK_SECRET (shared secret, 32+ random bytes).
 */
import { createHmac } from 'node:crypto';
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { redact, retryAfterMs } from './http.ts';
import { ChannelError, failedFetch, type Channel, type OutgoingPost, type Published, type Sought, defineChannel } from './types.ts';

export interface WebhookOptions {
	url: string;
	secret: string;
	now?: () => Date;
}

/** The multipart body, as the exact bytes that are signed and sent. */
async function multipart(post: OutgoingPost): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string }> {
	const form = new FormData();
	const { id, locale, caption, alt, url, idempotencyKey } = post;
	form.append('post', JSON.stringify({ id, locale, caption, alt, url, idempotencyKey, formats: post.images.map((image) => image.format) }));
	for (const image of post.images) {
		form.append(`image-${image.format}`, new Blob([new Uint8Array(image.png)], { type: 'image/png' }), `card-${image.format}.png`);
	}
	const encoded = new Response(form);
	const contentType = encoded.headers.get('content-type');
	if (!contentType) throw new ChannelError('Webhook: could not encode the request', 'permanent', undefined, { before: true });
	return { body: new Uint8Array(await encoded.arrayBuffer()), contentType };
}

function sign(secret: string, timestamp: string, body: Uint8Array): string {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** A percent-encoded part of a URL, decoded; as it is when it is not valid percent-encoding. */
function decode(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
}

/**
 * The URL may carry secrets beyond its origin — a token in the path, a key in the query, user:password@
 * — and a receiver or fetch may quote any of it. Whatever they say goes through this: the URL shows as
 * its origin and "/…", each such part (as sent, and decoded) as [redacted]. Parts shorter than 6
 * characters are left: they are ordinary words, not secrets.
 */
function redactor(url: string, secret: string): (text: string) => string {
	const urls = new Set([url]);
	const parts = new Set([secret]);
	const target = URL.canParse(url) ? new URL(url) : undefined;
	if (target) {
		urls.add(target.href);
		const bare = new URL(target.href);
		bare.username = bare.password = '';
		urls.add(bare.href);
		const query = target.search.slice(1).split('&').map((pair) => pair.slice(pair.indexOf('=') + 1));
		const pieces = [target.pathname, ...target.pathname.split('/'), ...query, ...target.searchParams.values(), target.username, target.password, target.hash];
		for (const piece of pieces) for (const form of [piece, decode(piece)]) parts.add(form);
	}
	const shown = target ? `${target.origin}/…` : 'WEBHOOK_URL';
	return (text) => redact(redact(text, urls, { mark: shown, minLength: 6 }), parts, { minLength: 6 });
}

/** The receiver's own words: JSON `error`/`message`, or the start of the body text. */
function reason(text: string): string {
	try {
		const json: unknown = JSON.parse(text);
		if (json && typeof json === 'object') {
			const { error, message } = json as Record<string, unknown>;
			if (typeof error === 'string') return error;
			if (typeof message === 'string') return message;
		}
	} catch {
		// not JSON: the text itself
	}
	return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

export function webhook(options: WebhookOptions): Channel {
	const now = options.now ?? (() => new Date());
	const target = URL.canParse(options.url) ? new URL(options.url) : undefined;
	// Our own words never quote the URL; what the receiver and fetch say is redacted before it is quoted.
	const redact = redactor(options.url, options.secret);
	const quote = (text: string) => reason(redact(text)); // redacted before it is cut short
	const fail = (message: string, kind: ChannelError['kind'], retryAfter?: number, before = false) =>
		new ChannelError(`Webhook: ${message}`, kind, retryAfter, { before });
	// fetch refuses URLs with credentials: user:password@ becomes HTTP Basic authentication.
	let authorization: string | undefined;
	if (target && (target.username || target.password)) {
		authorization = `Basic ${Buffer.from(`${decode(target.username)}:${decode(target.password)}`).toString('base64')}`;
		target.username = target.password = '';
	}

	return {
		name: 'webhook',
		// How long a repeat is safe, and the pacing: the catalogue's entry (with the reasons).
		repeatSafeForMs: catalogue.webhook.repeatSafeForMs,
		minIntervalMs: catalogue.webhook.minIntervalMs,
		startsRequestLate: true, // the request starts once its body is encoded
		async send(post: OutgoingPost, signal: AbortSignal, starting?: () => void): Promise<Published> {
			if (!target || !/^https?:$/.test(target.protocol)) throw fail('WEBHOOK_URL is not an http(s) URL', 'permanent', undefined, true);
			if (!options.secret) throw fail('WEBHOOK_SECRET is not set', 'permanent', undefined, true);
			const { body, contentType } = await multipart(post);
			const timestamp = String(Math.floor(now().getTime() / 1000));
			let response: Response;
			let text: string;
			starting?.();
			try {
				response = await fetch(target, {
					method: 'POST',
					headers: {
						'content-type': contentType,
						'idempotency-key': post.idempotencyKey,
						'x-caravan-timestamp': timestamp,
						'x-caravan-signature': sign(options.secret, timestamp, body),
						...(authorization ? { authorization } : {})
					},
					body,
					redirect: 'manual',
					signal
				});
				text = await response.text();
			} catch (error) {
				// From the error's code only: fetch's own words may quote the URL and what is secret in it.
				const { kind, detail } = failedFetch(error, signal, 'the receiver');
				throw fail(detail, kind);
			}

			const status = `HTTP ${response.status}${response.statusText ? ` ${redact(response.statusText)}` : ''}`;
			if (response.ok) {
				let answer: unknown;
				try {
					answer = JSON.parse(text);
				} catch {
					answer = undefined; // delivered all the same: an empty or non-JSON answer is fine
				}
				const { id, url } = (answer && typeof answer === 'object' ? answer : {}) as Record<string, unknown>;
				return {
					id: typeof id === 'string' || typeof id === 'number' ? String(id) : post.idempotencyKey,
					...(typeof url === 'string' ? { url } : {})
				};
			}
			if (response.status === 429) {
				throw fail(`${status}: ${quote(text) || 'rate limited'}`, 'transient', retryAfterMs(response.headers.get('retry-after'), now().getTime()));
			}
			// 502, 504 (a gateway in front of the receiver) and 408: the request may have reached the receiver.
			const maybeTaken = response.status === 502 || response.status === 504 || response.status === 408;
			if (response.status >= 500 || maybeTaken) throw fail(`${status}${text ? `: ${quote(text)}` : ''}`, maybeTaken ? 'unknown' : 'transient');
			if (response.status >= 300 && response.status < 400) {
				throw fail(`${status}: the webhook URL redirects; set WEBHOOK_URL to the final address`, 'permanent');
			}
			throw fail(`${status}${text ? `: ${quote(text)}` : ''}`, 'permanent');
		},
		// Caravan cannot ask a receiver what it has: a person looks, by the key and id the post was sent with.
		whereToLook(post: Sought) {
			return {
				where: `the webhook receiver at ${target ? `${target.origin}/…` : 'WEBHOOK_URL'} (its log or what it made from the request)`,
				what: `a request with Idempotency-Key ${post.idempotencyKey} (post id ${post.id} in its "post" field)`
			};
		}
	};
}

/** On when WEBHOOK_URL is set. */
export const webhookChannel = defineChannel({
	name: 'webhook',
	env: ['WEBHOOK_URL', 'WEBHOOK_SECRET'],
	settings: (env): WebhookOptions | undefined => (env.WEBHOOK_URL ? { url: env.WEBHOOK_URL, secret: env.WEBHOOK_SECRET ?? '' } : undefined),
	create: (settings) => webhook(settings)
});
