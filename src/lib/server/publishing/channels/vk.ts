/**
 * VK: a community's wall. Each card is uploaded to VK (a wall photo), then one wall post from the
 * community carries the photos and the caption.
 *
 * Environment: VK_GROUP_ID (the community's id, a positive number), VK_TOKEN (a user access token of an
 * administrator or editor of the community, with the rights wall and photos — and offline, for a token
 * that does not expire), VK_TOKEN_EXPIRES (its expiry date, when it has one), VK_API_URL (default
 * https://api.vk.com/method).
 *
 * API (https://dev.vk.com/en/api/api-requests; every method is POST {api}/{method} with its parameters,
 * access_token and v=5.199 as a form, so the token is never in a URL):
 * - photos.getWallUploadServer (group_id) → { upload_url }: where the photos go.
 * - POST upload_url, multipart with the field `photo` (JPEG, PNG or GIF) → { server, photo, hash }; a
 *   photo of "[]" means VK did not take the file.
 * - photos.saveWallPhoto (group_id, server, photo, hash) → [{ id, owner_id }]: the photo, attached as
 *   photo{owner_id}_{id}. Neither the upload nor the saved photo is a post: both can be repeated.
 * - wall.post (owner_id=-group_id, from_group=1, message, attachments) → { post_id }: the post, at
 *   https://vk.com/wall-{group_id}_{post_id}. The only request that can make it; VK takes no key Caravan
 *   can rely on to tell a repeat, so it is never repeated blind (repeatSafeForMs 0).
 * - wall.get (owner_id=-group_id, count, offset, filter=owner) → { count, items: [{ id, from_id, date, text,
 *   is_pinned }] }: the wall, newest first (a pinned post first of all). Read before each post, for the
 *   community's posts of the last 24 hours: at 50 the post waits, before any request that could use an
 *   attempt; and for reading a post whose outcome is unknown back.
 * - wall.getById (posts=-group_id_post_id) → { items: [{ id, owner_id, likes: { count }, reposts: { count },
 *   comments: { count }, views: { count } }] }: a published post's engagement, read as likes, reposts,
 *   comments → replies and views (with the same token and its right wall). A post VK cannot show (deleted,
 *   not visible to the token) is left out of `items`.
 *
 * Errors come with HTTP 200 as { error: { error_code, error_msg } } (https://dev.vk.com/en/reference/errors):
 * - 5 (authorization failed): the token expired or was revoked: the channel is paused ("needs a new token").
 * - 6 (too many requests per second): not sent, tried again after a second.
 * - 9 (flood control) and 29 (the method's rate limit): not sent; the post waits, using no attempt. On a
 *   read of engagement the same errors hold the channel's reads for as long (VK_FLOOD_WAIT_MS, VK_LIMIT_WAIT_MS).
 * - 214 (access to adding posts denied: a community's wall takes 50 posts a day): the post waits.
 * - 1 and 10 (VK's own errors), and HTTP 5xx: not sent — unless on wall.post, when the outcome is unknown.
 * - anything else (15 access denied, 100 a bad parameter …): refused, with VK's words.
 */
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { captionProblem } from '#lib/core/captions.ts';
import { jsonObject, redact, retryAfterMs, type Json } from './http.ts';
import { findByCaption, tokenExpiry, type Listed } from './meta.ts';
import { ChannelError, defineChannel, failedFetch, firstLine, type Channel, type Lookup, type OutgoingPost, type Published, type Sought } from './types.ts';

/** The API version Caravan's requests and its reading of the answers follow. */
export const VK_VERSION = '5.199';

/** How long a post waits when VK's daily posting limit (214) or a method's limit (29) is reached. */
export const VK_LIMIT_WAIT_MS = 60 * 60_000;
/** How long a post waits after flood control (9). */
export const VK_FLOOD_WAIT_MS = 10 * 60_000;

/** The words the channel is paused with when VK refuses its token. */
export const vkNeedsNewToken =
	'needs a new token: VK refused the token (expired or revoked). Make a new user token with the rights wall, photos and offline, set VK_TOKEN, restart the scheduler, then resume the channel.';

export interface VkOptions {
	/** VK_TOKEN. */
	token: string;
	/** VK_GROUP_ID: the community's id, without the minus. */
	groupId: string;
	/** VK_API_URL, default https://api.vk.com/method. */
	apiUrl?: string;
	/** The token's expiry (ISO), when known: for the dashboard's warning. */
	tokenExpires?: string;
	now?: () => number;
}

const str = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

export function vk(options: VkOptions): Channel {
	const { token } = options;
	const group = options.groupId.replace(/^-/, '');
	if (!token) throw new Error('VK needs a token (VK_TOKEN)');
	if (!/^\d+$/.test(group)) throw new Error(`VK needs the community's id as a number (VK_GROUP_ID), got "${options.groupId}"`);
	const api = (options.apiUrl ?? 'https://api.vk.com/method').replace(/\/+$/, '');
	if (!URL.canParse(api)) throw new Error('VK_API_URL is not a URL');
	const now = options.now ?? Date.now;
	const owner = `-${group}`;
	const fail = (message: string, kind: ChannelError['kind'], wait?: number, extra: { before?: boolean; waits?: boolean; pauseChannel?: string } = {}) =>
		new ChannelError(redact(message, [token], { mark: '[token]' }), kind, wait, extra);

	/** One request's answer as text and status; a failed fetch in the shared words. */
	async function request(url: string, body: URLSearchParams | FormData, step: string, signal: AbortSignal, posting: boolean) {
		try {
			const response = await fetch(url, { method: 'POST', headers: { accept: 'application/json' }, body, signal });
			return { response, text: await response.text() };
		} catch (error) {
			const { kind, detail } = failedFetch(error, signal, 'VK', posting);
			throw fail(`${detail} (${step})`, kind);
		}
	}

	/** An HTTP error or an answer that is not JSON: a 429 waits as asked; the rest is VK not taking it, or, on wall.post, unknown. */
	function httpProblem(response: Response, text: string, step: string, posting: boolean): ChannelError {
		const message = `VK HTTP ${response.status} (${step})${text && text.length < 200 && !text.trimStart().startsWith('<') ? `: ${text.trim()}` : ''}`;
		if (response.status === 429) return fail(message, 'transient', retryAfterMs(response.headers.get('retry-after'), now()));
		if (response.status >= 500 || response.ok) return fail(message, posting ? 'unknown' : 'transient', retryAfterMs(response.headers.get('retry-after'), now()));
		return fail(message, 'permanent');
	}

	/**
	 * A method of the API; its `response`, or a ChannelError by VK's error code. `posting`: the request can
	 * make the post; `waiting`: what waits when VK asks us to (the post, or the reads of engagement).
	 */
	async function call(method: string, params: Record<string, string>, signal: AbortSignal, posting = false, waiting = 'the post waits'): Promise<unknown> {
		const step = method;
		const { response, text } = await request(`${api}/${method}`, new URLSearchParams({ ...params, access_token: token, v: VK_VERSION }), step, signal, posting);
		const json = jsonObject(text);
		// VK's own errors are an object; anything else (a proxy's error page, an HTTP error) is read by its status.
		const error = json?.error && typeof json.error === 'object' ? (json.error as { error_code?: unknown; error_msg?: unknown }) : undefined;
		if (!error) {
			if (!response.ok || !json || !('response' in json)) throw httpProblem(response, text, step, posting);
			return json.response;
		}
		const code = typeof error.error_code === 'number' ? error.error_code : undefined;
		const message = `VK error ${code ?? '?'} (${step}): ${typeof error.error_msg === 'string' ? error.error_msg : 'no reason given'}`;
		if (code === 5) throw fail(message, 'permanent', undefined, { pauseChannel: vkNeedsNewToken });
		if (code === 6) throw fail(message, 'transient', 1_000);
		if (code === 9) throw fail(`${message}: VK's flood control; ${waiting}`, 'transient', VK_FLOOD_WAIT_MS, { waits: true });
		if (code === 29) throw fail(`${message}: the method's limit is reached; ${waiting}`, 'transient', VK_LIMIT_WAIT_MS, { waits: true });
		if (code === 214) throw fail(`${message}: the wall's posting limit (50 a day) is reached; the post waits`, 'transient', VK_LIMIT_WAIT_MS, { waits: true });
		if (code === 1 || code === 10) throw fail(message, posting ? 'unknown' : 'transient');
		throw fail(message, 'permanent');
	}

	/** Uploads one card and saves it as a wall photo: its attachment, photo{owner}_{id}. */
	async function photo(uploadUrl: string, image: OutgoingPost['images'][number], signal: AbortSignal): Promise<string> {
		const form = new FormData();
		form.set('photo', new Blob([new Uint8Array(image.png)], { type: 'image/png' }), `card-${image.format}.png`);
		const { response, text } = await request(uploadUrl, form, 'uploading the photo', signal, false);
		let uploaded: Json | undefined;
		try {
			uploaded = JSON.parse(text) as Json;
		} catch {
			uploaded = undefined;
		}
		if (!response.ok || !uploaded) throw httpProblem(response, text, 'uploading the photo', false);
		const server = str(uploaded.server);
		const hash = str(uploaded.hash);
		const saved = str(uploaded.photo);
		if (!server || !hash || !saved || saved === '[]') {
			throw fail(`VK did not take the ${image.format} card (uploading the photo)${typeof uploaded.error === 'string' ? `: ${uploaded.error}` : ''}`, 'permanent');
		}
		const answer = await call('photos.saveWallPhoto', { group_id: group, server, photo: saved, hash }, signal);
		const first = (Array.isArray(answer) ? answer[0] : undefined) as Json | undefined;
		const id = str(first?.id);
		const by = str(first?.owner_id);
		if (!id || !by) throw fail('VK saved the photo without its id (photos.saveWallPhoto)', 'transient');
		return `photo${by}_${id}`;
	}

	/**
	 * How long until the wall takes a post again, or 0: the community's posts of the last 24 hours against
	 * the limit, each freeing its place a day after it was made.
	 */
	async function untilRoom(signal: AbortSignal): Promise<number> {
		const limit = catalogue.vk.dailyPosts;
		const answer = (await call('wall.get', { owner_id: owner, count: '100', filter: 'owner' }, signal)) as Json | undefined;
		const dayAgo = now() - 86_400_000;
		const made = ((Array.isArray(answer?.items) ? answer.items : []) as Json[])
			.filter((item) => str(item.from_id) === owner && typeof item.date === 'number' && item.date * 1000 > dayAgo)
			.map((item) => (item.date as number) * 1000)
			.sort((a, b) => b - a);
		if (made.length < limit) return 0;
		return Math.max(60_000, made[limit - 1]! + 86_400_000 - now());
	}

	const published = (postId: string): Published & { url: string } => ({ id: `${owner}_${postId}`, url: `https://vk.com/wall${owner}_${postId}` });

	/** One page of the wall, newest first; a pinned post is left out (it can be old and stands first). */
	async function page(cursor: string | undefined, signal: AbortSignal): Promise<{ items: Listed[]; next: string | undefined }> {
		const count = 20;
		const offset = Number(cursor ?? 0);
		const answer = (await call('wall.get', { owner_id: owner, count: String(count), offset: String(offset) }, signal)) as Json | undefined;
		const items = (Array.isArray(answer?.items) ? answer.items : []) as Json[];
		const total = typeof answer?.count === 'number' ? answer.count : 0;
		return {
			items: items
				.filter((item) => item.is_pinned !== 1)
				.map((item) => {
					const id = str(item.id) ?? '';
					const date = typeof item.date === 'number' ? new Date(item.date * 1000).toISOString() : undefined;
					return { ...published(id), text: str(item.text), time: date };
				}),
			next: offset + count < total && items.length > 0 ? String(offset + count) : undefined
		};
	}

	return {
		name: 'vk',
		// How long a repeat is safe, and the pacing: the catalogue's entry (with the reasons).
		repeatSafeForMs: catalogue.vk.repeatSafeForMs,
		minIntervalMs: catalogue.vk.minIntervalMs,
		startsRequestLate: true, // the upload server, the uploads and the saved photos cannot make a post: only wall.post
		async send(post, signal, starting) {
			const { maxImages } = catalogue.vk.media;
			if (post.images.length === 0) throw fail('The post has no card to send to VK', 'permanent', undefined, { before: true });
			if (post.images.length > maxImages) throw fail(`VK takes ${maxImages} photos per post; this post has ${post.images.length}`, 'permanent', undefined, { before: true });
			const problem = captionProblem('vk', post.caption);
			if (problem) throw fail(problem, 'permanent', undefined, { before: true });

			const wait = await untilRoom(signal);
			if (wait > 0) throw fail(`the community's wall has had ${catalogue.vk.dailyPosts} posts in 24 hours, VK's limit; the post waits`, 'transient', wait, { waits: true, before: true });
			const server = (await call('photos.getWallUploadServer', { group_id: group }, signal)) as Json | undefined;
			const uploadUrl = str(server?.upload_url);
			if (!uploadUrl || !URL.canParse(uploadUrl)) throw fail('VK answered without an upload address (photos.getWallUploadServer)', 'transient');
			const attachments: string[] = [];
			for (const image of post.images) attachments.push(await photo(uploadUrl, image, signal));

			starting?.();
			const answer = (await call('wall.post', { owner_id: owner, from_group: '1', message: post.caption, attachments: attachments.join(',') }, signal, true)) as Json | undefined;
			const postId = str(answer?.post_id);
			if (!postId) throw fail('VK answered the post without its id (wall.post)', 'unknown');
			return published(postId);
		},
		find(post: Sought, signal: AbortSignal): Promise<Lookup> {
			return findByCaption(post, (cursor) => page(cursor, signal), { network: 'VK' });
		},
		async engagement(post, signal) {
			// The queue keeps -group_post; a post a person marked published has its address, https://vk.com/wall-group_post (or ?w=wall-group_post).
			const id = post.id && /^-?\d+_\d+$/.test(post.id) ? post.id : post.url ? /wall(-?\d+_\d+)/.exec(post.url)?.[1] : undefined;
			if (!id) throw fail('the post has no VK wall post id to read', 'permanent');
			const answer = await call('wall.getById', { posts: id }, signal, false, "the channel's reads wait");
			// Version 5.199 answers { items }; older versions answered the array itself.
			const items = (Array.isArray(answer) ? answer : Array.isArray((answer as Json | undefined)?.items) ? (answer as Json).items : []) as Json[];
			const found = items.find((item) => `${str(item.owner_id)}_${str(item.id)}` === id);
			if (!found) throw fail(`VK has no post ${id} on the wall (deleted, or not visible to the token)`, 'permanent');
			const count = (field: unknown) => {
				const value = (field as { count?: unknown } | undefined)?.count;
				return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
			};
			// A post without a view count (VK leaves `views` out where it has none) has no views, not 0.
			const views = count(found.views);
			return { likes: count(found.likes) ?? 0, reposts: count(found.reposts) ?? 0, replies: count(found.comments) ?? 0, ...(views === undefined ? {} : { views }) };
		},
		whereToLook(post: Sought) {
			return { where: `the VK community's wall (https://vk.com/club${group})`, what: `a post whose text begins “${firstLine(post.caption)}”` };
		}
	};
}

/** On when VK_TOKEN is set. */
export const vkChannel = defineChannel({
	name: 'vk',
	env: ['VK_GROUP_ID', 'VK_TOKEN', 'VK_TOKEN_EXPIRES', 'VK_API_URL'],
	settings: (env): VkOptions | undefined =>
		env.VK_TOKEN
			? { token: env.VK_TOKEN, groupId: env.VK_GROUP_ID ?? '', apiUrl: env.VK_API_URL || 'https://api.vk.com/method', tokenExpires: tokenExpiry('VK_TOKEN_EXPIRES', env.VK_TOKEN_EXPIRES) }
			: undefined,
	create: (settings) => vk(settings)
});
