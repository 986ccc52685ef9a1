/**
 * Mastodon: each card is uploaded with the post's alt text as its description, then one public status
 * carries the caption and the cards.
 *
 * Suggested environment: MASTODON_URL (the instance, e.g. https://mastodon.social) and MASTODON_TOKEN
 * (an access token of the posting account with the write:media and write:statuses scopes).
 *
 * API (https://docs.joinmastodon.org/methods/):
 * - POST /api/v2/media (multipart: file, description): 200 with `url` when processed, 202 with `url: null`
 *   while it is still processing — https://docs.joinmastodon.org/methods/media/#v2
 * - GET /api/v1/media/:id: 206 while processing, 200 with `url` when done — https://docs.joinmastodon.org/methods/media/#get
 * - POST /api/v1/statuses (status, media_ids[], visibility, language) with an Idempotency-Key header:
 *   Mastodon remembers the key for an hour and answers a repeat with the status it already made, so
 *   sending a post again within the hour cannot post it twice; after it, it can. The publisher repeats
 *   a post only within 55 minutes of its first attempt — https://docs.joinmastodon.org/methods/statuses/#create
 * Errors are `{"error": "…"}`; rate limits are 429 with X-RateLimit-Reset (an ISO time) —
 * https://docs.joinmastodon.org/api/rate-limits/
 * A failed upload can never make a post, so it is `transient` ("not sent"); a lost answer to the status
 * itself, or a 5xx to it, is `unknown` ("sent, no answer (may be published)"), which the publisher sends
 * again while the key makes that safe.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { ChannelError, failedFetch, type Channel, type OutgoingPost } from './types.ts';

export interface MastodonOptions {
	/** The instance's base URL, e.g. https://mastodon.social. */
	url: string;
	/** The account's access token. Never appears in a message. */
	token: string;
	/** How often to ask whether an upload is processed. */
	pollMs?: number;
	/** The clock, for X-RateLimit-Reset and Retry-After dates. */
	now?: () => number;
}

/** Mastodon takes at most four attachments per status. */
const MAX_MEDIA = 4;

interface Answer {
	status: number;
	json: Record<string, unknown>;
}

export function mastodon(options: MastodonOptions): Channel {
	const base = options.url.replace(/\/+$/, '');
	const pollMs = options.pollMs ?? 250;
	const now = options.now ?? Date.now;
	const redact = (text: string) => (options.token ? text.split(options.token).join('***') : text);
	const fail = (message: string, kind: ChannelError['kind'], retryAfterMs?: number, before = false) =>
		new ChannelError(redact(message), kind, retryAfterMs, { before });

	/** Retry-After (seconds or an HTTP date), else Mastodon's own X-RateLimit-Reset. */
	function retryAfter(headers: Headers): number | undefined {
		const header = headers.get('retry-after')?.trim();
		if (header && /^\d+$/.test(header)) return Number(header) * 1000;
		for (const date of [header, headers.get('x-ratelimit-reset')]) {
			const at = Date.parse(date ?? '');
			if (!Number.isNaN(at)) return Math.max(0, Math.ceil(at - now()));
		}
		return undefined;
	}

	/** One request; `posting`: it may create the status, so a lost answer leaves the outcome unknown. */
	async function call(step: string, signal: AbortSignal, method: string, path: string, init: RequestInit = {}, posting = false): Promise<Answer> {
		let response: Response;
		let text: string;
		try {
			response = await fetch(`${base}${path}`, {
				...init,
				method,
				headers: { accept: 'application/json', ...init.headers, authorization: `Bearer ${options.token}` },
				signal
			});
			text = await response.text();
		} catch (error) {
			const { kind, detail } = failedFetch(error, signal, 'Mastodon', posting);
			throw fail(`${detail} (${step})`, kind);
		}
		let json: Record<string, unknown> | undefined;
		try {
			const parsed: unknown = JSON.parse(text);
			if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
		} catch {
			json = undefined;
		}
		const { status } = response;
		if (status >= 200 && status < 300) {
			if (!json) throw fail(`Mastodon answered ${status} without JSON (${step})`, posting ? 'unknown' : 'transient');
			return { status, json };
		}
		const reason = typeof json?.error === 'string' ? json.error : response.statusText || 'no reason given';
		const message = `Mastodon ${status} (${step}): ${reason}`;
		if (status === 429) throw fail(message, 'transient', retryAfter(response.headers));
		// Mastodon can answer 500 after it made the status: for the post itself, that may be published.
		if (status >= 500 || status === 408) throw fail(message, posting ? 'unknown' : 'transient');
		throw fail(message, 'permanent'); // 400, 401, 403, 404, 413, 422: retrying will not help
	}

	/** Uploads one card and waits until Mastodon has processed it; returns the attachment id. */
	async function upload(image: OutgoingPost['images'][number], alt: string, signal: AbortSignal): Promise<string> {
		const form = new FormData();
		form.append('file', new Blob([new Uint8Array(image.png)], { type: 'image/png' }), `card-${image.format}.png`);
		form.append('description', alt);
		let answer = await call(`uploading the ${image.format} card`, signal, 'POST', '/api/v2/media', { body: form });
		const id = answer.json.id;
		if (typeof id !== 'string') throw fail('Mastodon answered the upload without an id', 'transient');
		while (answer.status !== 200 || !answer.json.url) {
			try {
				await delay(pollMs, undefined, { signal });
			} catch {
				throw fail(`Mastodon did not finish processing the ${image.format} card in time`, 'transient');
			}
			answer = await call(`processing the ${image.format} card`, signal, 'GET', `/api/v1/media/${encodeURIComponent(id)}`);
		}
		return id;
	}

	return {
		name: 'mastodon',
		repeatSafeForMs: 55 * 60_000, // the Idempotency-Key is kept for an hour: a margin of 5 minutes
		minIntervalMs: 36_000, // 300 statuses per 3 hours
		startsRequestLate: true, // uploads cannot make a post: only the status counts as the request
		async send(post, signal, starting) {
			if (post.images.length > MAX_MEDIA)
				throw fail(`Mastodon takes at most ${MAX_MEDIA} images per post; this post has ${post.images.length}`, 'permanent', undefined, true);
			const mediaIds: string[] = [];
			for (const image of post.images) mediaIds.push(await upload(image, post.alt, signal));
			starting?.();
			const { json } = await call('posting', signal, 'POST', '/api/v1/statuses', {
				headers: { 'content-type': 'application/json', 'idempotency-key': post.idempotencyKey },
				body: JSON.stringify({ status: post.caption, media_ids: mediaIds, visibility: 'public', language: post.locale })
			}, true);
			if (typeof json.id !== 'string') throw fail('Mastodon answered the post without an id', 'unknown');
			const url = typeof json.url === 'string' ? json.url : typeof json.uri === 'string' ? json.uri : undefined;
			return url ? { id: json.id, url } : { id: json.id };
		}
	};
}
