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
 *
 * Reading back (a post whose outcome is unknown once the key's hour has passed):
 * - GET /api/v1/accounts/verify_credentials: the token's account (scope read:accounts) —
 *   https://docs.joinmastodon.org/methods/accounts/#verify_credentials
 * - GET /api/v1/accounts/:id/statuses?limit=40&max_id=…: its statuses, newest first, a page at a time —
 *   https://docs.joinmastodon.org/methods/accounts/#statuses
 * The Idempotency-Key is not visible in a status, so ours is recognised by its text (the caption, as the status
 * is sent with it) and its time: created since the round's first attempt (less a margin for clock skew), and not
 * a status the queue already has for another post. `content` is HTML (paragraphs, <br />, links split into spans,
 * entities): its text with the markup and every whitespace dropped is compared with the caption's, character for
 * character. "Absent" is said only when the pages reach back past the first attempt, or end; otherwise, and when
 * two statuses match, a person decides.
 *
 * Engagement: GET /api/v1/statuses/:id (scope read:statuses) gives favourites_count, reblogs_count and
 * replies_count — https://docs.joinmastodon.org/methods/statuses/#get — read as likes, reposts and replies.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { redact as redactSecrets, resetMs, retryAfterMs } from './http.ts';
import { ChannelError, failedFetch, firstLine, type Channel, type Lookup, type OutgoingPost, type Sought, defineChannel } from './types.ts';

export interface MastodonOptions {
	/** The instance's base URL, e.g. https://mastodon.social. */
	url: string;
	/** The account's access token. Never appears in a message. */
	token: string;
	/** How often to ask whether an upload is processed. */
	pollMs?: number;
	/** The clock, for X-RateLimit-Reset and Retry-After dates. */
	now?: () => number;
	/** Reading back, at most this many pages of 40 statuses (default 10). */
	readBackPages?: number;
}

/** How far the instance's clock (created_at) may be behind ours (the round's first attempt). */
const CLOCK_SKEW_MS = 5 * 60_000;

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The text of a status's HTML `content`, without markup or whitespace: what is compared with a caption. */
export function statusText(html: string): string {
	const text = html
		.replace(/<br\s*\/?>|<\/p>/gi, '\n')
		.replace(/<[^>]*>/g, '')
		.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
			if (name[0] !== '#') return entities[name.toLowerCase()] ?? whole;
			const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
			return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
		});
	return squeeze(text);
}
/** Mastodon keeps the characters of a status but not its whitespace (paragraphs, line breaks): compare without. */
const squeeze = (text: string) => text.normalize('NFC').replace(/\s+/gu, '');

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
	const redact = (text: string) => redactSecrets(text, [options.token], { mark: '***' });
	const fail = (message: string, kind: ChannelError['kind'], retryAfterMs?: number, before = false) =>
		new ChannelError(redact(message), kind, retryAfterMs, { before });

	/** Retry-After, else Mastodon's own X-RateLimit-Reset (a date). */
	const retryAfter = (headers: Headers) => retryAfterMs(headers.get('retry-after'), now()) ?? resetMs(headers.get('x-ratelimit-reset'), now());

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

	/** Reads the account's statuses back to the round's first attempt, looking for the post's text. */
	async function find(post: Sought, signal: AbortSignal): Promise<Lookup> {
		if (post.twins.length > 0) return { outcome: 'unsure', evidence: `post ${post.twins.join(', ')} also waits for a check with the same caption` };
		const account = await call('reading the account', signal, 'GET', '/api/v1/accounts/verify_credentials');
		if (typeof account.json.id !== 'string') return { outcome: 'unsure', evidence: 'verify_credentials answered without an account id' };
		const from = post.since.getTime() - CLOCK_SKEW_MS;
		const fromIso = new Date(from).toISOString();
		const wanted = squeeze(post.caption);
		const matches: { id: string; url: string; createdAt: string }[] = [];
		let seen = 0;
		let oldest: string | undefined;
		let reachedBack = false;
		let maxId: string | undefined;
		for (let page = 0; page < (options.readBackPages ?? 10) && !reachedBack; page++) {
			const query = `limit=40${maxId ? `&max_id=${encodeURIComponent(maxId)}` : ''}`;
			const { json } = await call('reading the statuses', signal, 'GET', `/api/v1/accounts/${encodeURIComponent(account.json.id)}/statuses?${query}`);
			const statuses: unknown[] = Array.isArray(json) ? json : [];
			if (statuses.length === 0) reachedBack = true; // the account's first status is behind us
			for (const item of statuses) {
				const status = (item ?? {}) as Record<string, unknown>;
				const created = typeof status.created_at === 'string' ? Date.parse(status.created_at) : NaN;
				if (typeof status.id !== 'string' || Number.isNaN(created)) return { outcome: 'unsure', evidence: 'a status in the listing has no id or time' };
				maxId = status.id;
				if (created < from) {
					reachedBack = true; // newest first: everything after this is older still
					break;
				}
				seen++;
				oldest = status.created_at as string;
				if (post.taken.has(status.id) || (typeof status.url === 'string' && post.taken.has(status.url)) || status.reblog) continue;
				if (typeof status.content === 'string' && statusText(status.content) === wanted) {
					const url = typeof status.url === 'string' ? status.url : typeof status.uri === 'string' ? status.uri : '';
					matches.push({ id: status.id, url, createdAt: oldest });
				}
			}
		}
		const [match, ...more] = matches;
		if (match && more.length === 0 && match.url) {
			return { outcome: 'found', published: { id: match.id, url: match.url }, evidence: `status ${match.id} of ${match.createdAt} has the post’s text` };
		}
		if (match) return { outcome: 'unsure', evidence: `${matches.length} statuses since ${fromIso} have the post’s text (${matches.map((m) => m.url || m.id).join(', ')})` };
		if (reachedBack) return { outcome: 'absent', evidence: `none of the ${seen} statuses since ${fromIso} has the post’s text` };
		return {
			outcome: 'unsure',
			evidence: `the ${seen} statuses read reach back only to ${oldest ?? 'nothing'}, not to the first attempt at ${post.since.toISOString()}`
		};
	}

	return {
		name: 'mastodon',
		// How long a repeat is safe, and the pacing: the catalogue's entry (with the reasons).
		repeatSafeForMs: catalogue.mastodon.repeatSafeForMs,
		minIntervalMs: catalogue.mastodon.minIntervalMs,
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
		},
		find,
		async engagement(post, signal) {
			// A status's address ends with its id (https://instance/@account/109876…) when the queue kept no id.
			const id = post.id ?? (post.url ? /\/(\d+)\/?$/.exec(new URL(post.url).pathname)?.[1] : undefined);
			if (!id) throw fail('the post has no status id to read', 'permanent');
			let json: Record<string, unknown>;
			try {
				({ json } = await call('reading the status', signal, 'GET', `/api/v1/statuses/${encodeURIComponent(id)}`));
			} catch (error) {
				// A refused token refuses every read: the reader stops asking until a person renews it.
				if (error instanceof ChannelError && /^Mastodon 401 /.test(error.detail)) {
					throw new ChannelError(error.detail, 'permanent', undefined, { pauseChannel: 'needs a new token: Mastodon refused MASTODON_TOKEN' });
				}
				throw error;
			}
			const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
			return { likes: count(json.favourites_count), reposts: count(json.reblogs_count), replies: count(json.replies_count) };
		},
		whereToLook(post) {
			return { where: `the posting account’s profile on ${new URL(base).origin}`, what: `a status whose text begins “${firstLine(post.caption)}”` };
		}
	};
}

/** On when MASTODON_TOKEN is set. */
export const mastodonChannel = defineChannel({
	name: 'mastodon',
	env: ['MASTODON_URL', 'MASTODON_TOKEN'],
	settings: (env): MastodonOptions | undefined => (env.MASTODON_TOKEN ? { url: env.MASTODON_URL ?? '', token: env.MASTODON_TOKEN } : undefined),
	create: (settings) => mastodon(settings)
});
