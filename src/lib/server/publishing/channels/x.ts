/**
 * X (API v2): each card is uploaded, its alt text set, then one post carries the caption and the cards.
 * Optional: X's API access is paid, and the channel is off unless X_TOKEN is set.
 *
 * Environment: X_USER_ID (the account's numeric id); X_TOKEN (an OAuth 2.0 user access token with the scopes
 * tweet.read, tweet.write, users.read and media.write) and X_TOKEN_EXPIRES (its expiry, when known); or, for
 * a channel that keeps working past the access token's two hours, X_CLIENT_ID, X_REFRESH_TOKEN (from the same
 * authorization with offline.access) and X_CLIENT_SECRET (for a confidential client); X_API_URL (default
 * https://api.x.com).
 *
 * Refreshing (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code):
 * POST /2/oauth2/token (grant_type=refresh_token, refresh_token, client_id; Basic authentication with the
 * client secret when there is one) → { access_token, refresh_token, expires_in }. A refresh token is used
 * once: the new pair is written to `tokenFile` (mode 0600) the moment it arrives, and a restart goes on from
 * it — unless X_REFRESH_TOKEN was changed since, which then starts afresh. The access token is refreshed a
 * minute before it expires, and once after a 401; a refresh X refuses pauses the channel.
 *
 * API (https://docs.x.com/x-api; the token in the Authorization header, never in a URL):
 * - POST /2/media/upload, multipart with `media` (the PNG) and `media_category=tweet_image` → { data: { id,
 *   media_key } }. An image not attached to a post is no post: the upload can be repeated.
 * - POST /2/media/metadata { id, metadata: { alt_text: { text } } }: the card's alt text (1,000 characters).
 * - POST /2/tweets { text, media: { media_ids } } → 201 { data: { id, text } }: the post, at
 *   https://x.com/i/web/status/{id}. The only request that can make it, with no idempotency key: never
 *   repeated blind (repeatSafeForMs 0).
 * - GET /2/users/{id}/tweets?tweet.fields=created_at&start_time=…&max_results=100 → { data: [{ id, text,
 *   created_at }], meta: { next_token } }: the account's posts, newest first, for reading back. X gives a
 *   post's text with each link as a t.co link and the image's own t.co link at its end, and &, < and > as
 *   entities: the read-back compares texts without their links and with the entities read.
 * - GET /2/tweets/{id}?tweet.fields=public_metrics → { data: { id, text, public_metrics: { like_count,
 *   retweet_count, reply_count, quote_count, bookmark_count, impression_count } } }: a published post's
 *   engagement, read as likes, reposts, replies, quotes and (when X gives it) impressions → views; the scope
 *   tweet.read is enough. A post no longer there is answered 200 with `errors` (a resource-not-found
 *   problem) and no `data`.
 *
 * Errors are problem details ({ title, detail, type, status }, RFC 7807):
 * - 401: the token expired or was revoked: the channel is paused ("needs a new token").
 * - 429: not sent; tried again at x-rate-limit-reset (unix seconds) — or, when the account's 24-hour limit
 *   is used up (x-user-limit-24hour-remaining: 0), the post waits until x-user-limit-24hour-reset. Those
 *   headers come with each post made too: when the last one said 0, the next post waits before any request.
 * - 5xx: not sent — unless on POST /2/tweets, when the outcome is unknown.
 * - any other (400, 403 — a duplicate text, a text too long, no permission): refused, with X's words.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { captionProblem } from '#lib/core/captions.ts';
import { jsonObject, redact, resetMs, retryAfterMs, type Json } from './http.ts';
import { findByCaption, tokenExpiry } from './meta.ts';
import { ChannelError, defineChannel, failedFetch, firstLine, type Channel, type Lookup, type Published, type Sought } from './types.ts';

/** The largest image X takes (https://docs.x.com/x-api/media: images 5 MB). */
export const X_IMAGE_BYTES = 5 * 1024 * 1024;

/** The words the channel is paused with when X refuses its token. */
export const xNeedsNewToken =
	'needs a new token: X refused the token (expired or revoked). Authorize the app again for the account, set X_TOKEN (or X_REFRESH_TOKEN), restart the scheduler, then resume the channel.';

export interface XOptions {
	/** X_TOKEN: without a refresh token, the one access token; with one, the first (it may be left out). */
	token?: string;
	/** X_CLIENT_ID, X_CLIENT_SECRET and X_REFRESH_TOKEN: for refreshing the access token. */
	clientId?: string;
	clientSecret?: string;
	refreshToken?: string;
	/** Where refreshed tokens are kept between restarts (JSON, mode 0600). */
	tokenFile?: string;
	/** X_USER_ID. */
	userId: string;
	/** X_API_URL, default https://api.x.com. */
	apiUrl?: string;
	/** The token's expiry (ISO), when known: for the dashboard's warning. */
	tokenExpires?: string;
	now?: () => number;
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** A post's text as the read-back compares it: without links (X rewrites them to t.co and adds one for the image), entities read. */
export function comparable(text: string): string {
	return text
		.replace(/https?:\/\/\S+/g, ' ')
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&amp;', '&')
		.replace(/\s+/gu, ' ')
		.trim();
}

/** The tokens in use, and what they were started from. */
interface Tokens {
	access: string | undefined;
	refresh: string | undefined;
	/** When the access token expires (ms), when known. */
	expiresAt: number | undefined;
}

/** Which X_REFRESH_TOKEN a kept pair descends from, without keeping that token itself. */
const seedOf = (refreshToken: string) => createHash('sha256').update(refreshToken).digest('hex');

export function x(options: XOptions): Channel {
	const refreshing = Boolean(options.refreshToken);
	if (!options.token && !refreshing) throw new Error('X needs a token (X_TOKEN), or X_CLIENT_ID and X_REFRESH_TOKEN');
	if (refreshing && !options.clientId) throw new Error('X needs the app’s client id (X_CLIENT_ID) to refresh its token');
	if (!/^\d+$/.test(options.userId)) throw new Error(`X needs the account's numeric id (X_USER_ID), got "${options.userId}"`);
	const api = (options.apiUrl ?? 'https://api.x.com').replace(/\/+$/, '');
	if (!URL.canParse(api)) throw new Error('X_API_URL is not a URL');
	const now = options.now ?? Date.now;
	const user = options.userId;
	const secrets = new Set([options.token, options.refreshToken, options.clientSecret].filter((secret): secret is string => Boolean(secret)));
	const fail = (message: string, kind: ChannelError['kind'], wait?: number, extra: { before?: boolean; waits?: boolean; pauseChannel?: string } = {}) =>
		new ChannelError(redact(message, secrets, { mark: '[token]' }), kind, wait, extra);
	const tokens: Tokens = kept() ?? { access: options.token, refresh: options.refreshToken, expiresAt: undefined };

	/** The pair an earlier run refreshed to, if it descends from the X_REFRESH_TOKEN set now. */
	function kept(): Tokens | undefined {
		if (!options.tokenFile || !options.refreshToken) return undefined;
		try {
			const file = JSON.parse(readFileSync(options.tokenFile, 'utf8')) as Record<string, unknown>;
			if (file.seed !== seedOf(options.refreshToken) || typeof file.access !== 'string' || typeof file.refresh !== 'string') return undefined;
			secrets.add(file.access).add(file.refresh);
			return { access: file.access, refresh: file.refresh, expiresAt: typeof file.expiresAt === 'number' ? file.expiresAt : undefined };
		} catch {
			return undefined; // none yet, or unreadable: start from the environment's
		}
	}

	/** Writes the pair at once and whole (a rename), readable by this user only: the old refresh token no longer works. */
	function keep(): void {
		if (!options.tokenFile || !options.refreshToken) return;
		const temporary = `${options.tokenFile}.${process.pid}.partial`;
		try {
			mkdirSync(dirname(options.tokenFile), { recursive: true });
			writeFileSync(temporary, `${JSON.stringify({ seed: seedOf(options.refreshToken), ...tokens })}\n`, { mode: 0o600 });
			chmodSync(temporary, 0o600);
			renameSync(temporary, options.tokenFile);
		} catch (error) {
			const code = (error as { code?: unknown }).code;
			console.error(`X: could not keep the refreshed token in ${options.tokenFile} (${typeof code === 'string' ? code : 'error'}); after a restart the channel will need a new X_REFRESH_TOKEN`);
		}
	}

	/** A new access token from the refresh token; X refusing it pauses the channel. */
	async function renew(signal: AbortSignal): Promise<void> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (options.clientSecret) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(options.clientId!)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`;
		let response: Response;
		let answer: Json | undefined;
		try {
			response = await fetch(`${api}/2/oauth2/token`, {
				method: 'POST',
				headers,
				body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh ?? '', client_id: options.clientId! }),
				signal
			});
			answer = (await response.json().catch(() => undefined)) as Json | undefined;
		} catch (error) {
			const { kind, detail } = failedFetch(error, signal, 'X', false);
			throw fail(`${detail} (refreshing the token)`, kind);
		}
		const access = str(answer?.access_token);
		if (response.ok && access) {
			tokens.access = access;
			tokens.refresh = str(answer?.refresh_token) ?? tokens.refresh;
			tokens.expiresAt = typeof answer?.expires_in === 'number' ? now() + answer.expires_in * 1000 : undefined;
			secrets.add(access);
			if (tokens.refresh) secrets.add(tokens.refresh);
			keep();
			return;
		}
		const said = `X ${response.status} (refreshing the token): ${str(answer?.error_description) ?? str(answer?.error) ?? (response.statusText || 'no reason given')}`;
		if (response.status === 400 || response.status === 401) throw fail(said, 'permanent', undefined, { pauseChannel: xNeedsNewToken });
		throw fail(said, 'transient', retryAfterMs(response.headers.get('retry-after'), now()));
	}

	/** When the account's 24-hour posting limit frees up, when X last said it was used up. */
	let dailyResetAt: number | undefined;
	function noteDaily(headers: Headers): void {
		const left = headers.get('x-user-limit-24hour-remaining');
		if (left === null) return;
		dailyResetAt = left === '0' ? now() + (resetMs(headers.get('x-user-limit-24hour-reset'), now()) ?? 60 * 60_000) : undefined;
	}

	/** The access token to send, refreshed first when it is missing or expires within a minute. */
	async function bearer(signal: AbortSignal): Promise<string> {
		if (refreshing && (!tokens.access || (tokens.expiresAt !== undefined && tokens.expiresAt - now() < 60_000))) await renew(signal);
		return tokens.access ?? '';
	}

	/**
	 * One request. `posting`: it can make the post (POST /2/tweets), so a lost answer or a 5xx leaves the
	 * outcome unknown; any other request's failure is not sent.
	 */
	async function call(step: string, signal: AbortSignal, path: string, { body, posting = false, retried = false }: { body?: FormData | Json; posting?: boolean; retried?: boolean } = {}): Promise<Json> {
		let response: Response;
		let text: string;
		const token = await bearer(signal);
		try {
			const json = body !== undefined && !(body instanceof FormData);
			response = await fetch(`${api}${path}`, {
				method: body === undefined ? 'GET' : 'POST',
				headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
				...(body === undefined ? {} : { body: json ? JSON.stringify(body) : (body as FormData) }),
				signal
			});
			text = await response.text();
		} catch (error) {
			const { kind, detail } = failedFetch(error, signal, 'X', posting);
			throw fail(`${detail} (${step})`, kind);
		}
		const json = jsonObject(text);
		const { status } = response;
		if (posting) noteDaily(response.headers);
		if (status >= 200 && status < 300) {
			if (!json) throw fail(`X answered ${status} without JSON (${step})`, posting ? 'unknown' : 'transient');
			return json;
		}
		const errors = Array.isArray(json?.errors) ? (json.errors as Json[]) : [];
		const said = str(json?.detail) ?? str(errors[0]?.message) ?? str(errors[0]?.detail) ?? str(json?.title) ?? (response.statusText || 'no reason given');
		const message = `X ${status} (${step}): ${said}`;
		const headers = response.headers;
		// A 401 is a refusal, never a post made: with a refresh token, refreshed once and asked again.
		if (status === 401 && refreshing && !retried) {
			await renew(signal);
			return call(step, signal, path, { body, posting, retried: true });
		}
		if (status === 401) throw fail(message, 'permanent', undefined, { pauseChannel: xNeedsNewToken });
		if (status === 429) {
			if (headers.get('x-user-limit-24hour-remaining') === '0') {
				const wait = resetMs(headers.get('x-user-limit-24hour-reset'), now()) ?? 60 * 60_000;
				throw fail(`${message}: the account's 24-hour limit is reached; the post waits`, 'transient', wait, { waits: true });
			}
			throw fail(message, 'transient', resetMs(headers.get('x-rate-limit-reset'), now()) ?? retryAfterMs(headers.get('retry-after'), now()));
		}
		if (status >= 500) throw fail(message, posting ? 'unknown' : 'transient', retryAfterMs(headers.get('retry-after'), now()));
		throw fail(message, 'permanent');
	}

	const published = (id: string): Published & { url: string } => ({ id, url: `https://x.com/i/web/status/${id}` });

	return {
		name: 'x',
		// How long a repeat is safe, and the pacing: the catalogue's entry (with the reasons).
		repeatSafeForMs: catalogue.x.repeatSafeForMs,
		minIntervalMs: catalogue.x.minIntervalMs,
		startsRequestLate: true, // the uploads and their alt text cannot make a post: only POST /2/tweets
		async send(post, signal, starting) {
			const { maxImages } = catalogue.x.media;
			if (post.images.length === 0) throw fail('The post has no card to send to X', 'permanent', undefined, { before: true });
			if (post.images.length > maxImages) throw fail(`X takes ${maxImages} images per post; this post has ${post.images.length}`, 'permanent', undefined, { before: true });
			const problem = captionProblem('x', post.caption);
			if (problem) throw fail(problem, 'permanent', undefined, { before: true });
			const large = post.images.find((image) => image.png.length > X_IMAGE_BYTES);
			if (large) throw fail(`The ${large.format} card is ${(large.png.length / 1_048_576).toFixed(1)} MB; X takes images of 5 MB at most`, 'permanent', undefined, { before: true });
			const waitDaily = (dailyResetAt ?? 0) - now();
			if (waitDaily > 0) throw fail("the account's 24-hour posting limit was used up at the last post; the post waits", 'transient', waitDaily, { waits: true, before: true });

			const mediaIds: string[] = [];
			for (const image of post.images) {
				const form = new FormData();
				form.set('media', new Blob([new Uint8Array(image.png)], { type: 'image/png' }), `card-${image.format}.png`);
				form.set('media_category', 'tweet_image');
				form.set('media_type', 'image/png');
				const uploaded = await call('uploading the image', signal, '/2/media/upload', { body: form });
				const id = str((uploaded.data as Json | undefined)?.id);
				if (!id) throw fail('X answered the upload without a media id', 'transient');
				if (post.alt.trim()) await call('setting the alt text', signal, '/2/media/metadata', { body: { id, metadata: { alt_text: { text: post.alt.slice(0, 1000) } } } });
				mediaIds.push(id);
			}

			starting?.();
			const made = await call('posting', signal, '/2/tweets', { body: { text: post.caption, media: { media_ids: mediaIds } }, posting: true });
			const id = str((made.data as Json | undefined)?.id);
			if (!id) throw fail('X answered the post without its id', 'unknown');
			return published(id);
		},
		find(post: Sought, signal: AbortSignal): Promise<Lookup> {
			const caption = comparable(post.caption);
			if (!caption) return Promise.resolve({ outcome: 'unsure', evidence: 'the caption is only a link: X rewrites links, so the text cannot tell the post' });
			const start = new Date(post.since.getTime() - 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
			return findByCaption(
				{ ...post, caption },
				async (cursor) => {
					const query = new URLSearchParams({ 'tweet.fields': 'created_at', max_results: '100', start_time: start, ...(cursor ? { pagination_token: cursor } : {}) });
					const json = await call('reading the posts', signal, `/2/users/${user}/tweets?${query}`);
					const items = (Array.isArray(json.data) ? json.data : []) as Json[];
					const next = str((json.meta as Json | undefined)?.next_token);
					return {
						items: items.map((item) => {
							const id = str(item.id) ?? '';
							const text = str(item.text);
							return { ...published(id), text: text === undefined ? undefined : comparable(text), time: str(item.created_at) };
						}),
						next
					};
				},
				{ network: 'X' }
			);
		},
		async engagement(post, signal) {
			// The queue keeps the post's id; a post a person marked published has its address, …/status/<id>.
			const id = post.id && /^\d+$/.test(post.id) ? post.id : post.url ? /\/status(?:es)?\/(\d+)/.exec(post.url)?.[1] : undefined;
			if (!id) throw fail('the post has no X post id to read', 'permanent');
			const json = await call('reading the post', signal, `/2/tweets/${id}?${new URLSearchParams({ 'tweet.fields': 'public_metrics' })}`);
			const data = json.data as Json | undefined;
			if (!data) {
				const errors = Array.isArray(json.errors) ? (json.errors as Json[]) : [];
				throw fail(`X has no post ${id}: ${str(errors[0]?.detail) ?? str(errors[0]?.title) ?? 'no data in the answer'}`, 'permanent');
			}
			const metrics = (data.public_metrics ?? {}) as Json;
			const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
			// An answer without impression_count has no views, not 0.
			const views = count(metrics.impression_count);
			return {
				likes: count(metrics.like_count) ?? 0,
				reposts: count(metrics.retweet_count) ?? 0,
				replies: count(metrics.reply_count) ?? 0,
				quotes: count(metrics.quote_count) ?? 0,
				...(views === undefined ? {} : { views })
			};
		},
		whereToLook(post: Sought) {
			return { where: `the X account ${user} (https://x.com/i/user/${user})`, what: `a post whose text begins “${firstLine(post.caption)}”` };
		}
	};
}

/** On when X_TOKEN or X_REFRESH_TOKEN is set. */
export const xChannel = defineChannel({
	name: 'x',
	env: ['X_USER_ID', 'X_TOKEN', 'X_TOKEN_EXPIRES', 'X_CLIENT_ID', 'X_CLIENT_SECRET', 'X_REFRESH_TOKEN', 'X_API_URL'],
	settings: (env): XOptions | undefined =>
		env.X_TOKEN || env.X_REFRESH_TOKEN
			? {
					token: env.X_TOKEN || undefined,
					userId: env.X_USER_ID ?? '',
					apiUrl: env.X_API_URL || 'https://api.x.com',
					// A refreshed token's expiry is X's to say; the date is for a token set by hand.
					tokenExpires: env.X_REFRESH_TOKEN ? undefined : tokenExpiry('X_TOKEN_EXPIRES', env.X_TOKEN_EXPIRES),
					clientId: env.X_CLIENT_ID || undefined,
					clientSecret: env.X_CLIENT_SECRET || undefined,
					refreshToken: env.X_REFRESH_TOKEN || undefined
				}
			: undefined,
	// Refreshed tokens are kept under the data folder, so that a restart goes on with the latest pair.
	create: (settings, { dataDir }) => x({ ...settings, tokenFile: join(dataDir, 'x-token.json') })
});
