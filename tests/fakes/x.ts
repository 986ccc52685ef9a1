/**
 * A fake X API v2 for tests: a real HTTP server on 127.0.0.1 (ephemeral port) answering what the X channel
 * calls, as https://docs.x.com/x-api documents it, with an OAuth 2.0 user token in the Authorization header:
 * - POST /2/media/upload, multipart (media, media_category, media_type) → { data: { id, media_key, size,
 *   expires_after_secs } }; a file that is no image is refused (400).
 * - POST /2/media/metadata { id, metadata: { alt_text: { text } } } → { data: { id, associated_metadata } }.
 * - POST /2/tweets { text, media: { media_ids } } → 201 { data: { id, text } }; a text over 280 weighted
 *   characters, or the same text as a recent post of the account, is refused (403), as X does.
 * - GET /2/users/{id}/tweets (tweet.fields, max_results, start_time, pagination_token) → { data, meta }:
 *   newest first, each text as X shows it: its links as t.co links and the image's t.co link at the end,
 *   & < > as entities.
 * - GET /2/tweets/{id} (tweet.fields) → { data: { id, text, edit_history_tweet_ids, public_metrics } } with
 *   tweet.fields=public_metrics (retweet_count, reply_count, like_count, quote_count, bookmark_count,
 *   impression_count); a post not there → 200 { errors: [a resource-not-found problem] }, as X answers.
 * - POST /2/oauth2/token (grant_type=refresh_token, refresh_token, client_id) → { token_type, access_token,
 *   refresh_token, expires_in: 7200, scope }: a refresh token works once (the new one replaces it), as X's
 *   rotate (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code); `expire()` ends
 *   every access token, as two hours do.
 * Errors are problem details ({ title, detail, type, status }); a wrong token gets 401. Every request is
 * recorded; the next answers of a route can be scripted with `next(behaviour, route)`: 429 with its
 * x-rate-limit-reset (or the 24-hour limit's headers), an HTTP error, a hang, a dropped connection, a
 * refused token — `afterCreate`: after the post is made.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { captionLength } from '#lib/core/captions.ts';

export type XRoute = 'upload' | 'metadata' | 'post' | 'list' | 'read';

export type XBehaviour =
	| { kind: 'ok' }
	/** 429 with x-rate-limit-reset `resetIn` seconds from now; `daily`: the account's 24-hour limit headers instead. */
	| { kind: 'rate-limited'; resetIn?: number; daily?: boolean }
	| { kind: 'error'; status?: number; detail?: string; afterCreate?: boolean }
	| { kind: 'hang'; afterCreate?: boolean }
	| { kind: 'drop'; afterCreate?: boolean }
	| { kind: 'bad-token' };

export interface XRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	json: Record<string, unknown> | undefined;
	fields: Record<string, string>;
	files: Record<string, { filename: string; type: string; bytes: Buffer }>;
}

export interface XPost {
	id: string;
	text: string;
	mediaIds: string[];
	createdAt: string;
	/** What GET /2/tweets/{id} gives as public_metrics (0 when not set); impression_count left out when undefined. */
	metrics?: { like_count: number; retweet_count: number; reply_count: number; quote_count: number; bookmark_count?: number; impression_count?: number };
}

export async function startFakeX({
	token = `fake-x-oauth2-user-token-${Math.random().toString(36).slice(2)}`,
	userId = '1460000000000000001',
	clientId = 'fake-x-client-id',
	now = Date.now,
	latencyMs = 0
}: { token?: string; userId?: string; clientId?: string; now?: () => number; /** How long POST /2/tweets takes, before and after making the post. */ latencyMs?: number } = {}) {
	const requests: XRequest[] = [];
	const posts: XPost[] = [];
	const media = new Map<string, { bytes: Buffer; alt?: string }>();
	const scripted: Record<XRoute, XBehaviour[]> = { upload: [], metadata: [], post: [], list: [], read: [] };
	let serial = 1_870_000_000_000_000_000n;
	const accessTokens = new Set([token]);
	const refreshTokens = new Set([`fake-x-refresh-${Math.random().toString(36).slice(2)}`]);
	const fake = {
		url: '',
		token,
		userId,
		clientId,
		/** The refresh token that works now (each is used once). */
		get refreshToken() {
			return [...refreshTokens].at(-1)!;
		},
		/** Posts the account may still make in this 24 hours (x-user-limit-24hour-remaining); at 0, a 429. */
		dailyLeft: 100,
		/** Every access token stops working, as they do after two hours. */
		expire: () => accessTokens.clear(),
		requests,
		/** The account's posts, oldest first. */
		posts,
		media,
		next: (behaviour: XBehaviour, route: XRoute) => void scripted[route].push(behaviour),
		close() {
			server.closeAllConnections();
			return new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};

	const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
		res.end(JSON.stringify(body));
	};
	const problem = (res: ServerResponse, status: number, title: string, detail: string, headers: Record<string, string> = {}) =>
		send(res, status, { title, detail, type: 'about:blank', status }, headers);
	const shown = (post: XPost) =>
		`${post.text.replace(/https?:\/\/\S+/g, () => `https://t.co/${(++serial).toString(36).slice(-10)}`)} https://t.co/${post.id.slice(-10)}`
			.replaceAll('&', '&amp;')
			.replaceAll('<', '&lt;')
			.replaceAll('>', '&gt;');

	const server = createServer(async (req, res) => {
		req.on('error', () => {});
		res.on('error', () => {});
		const chunks: Buffer[] = [];
		try {
			for await (const chunk of req) chunks.push(chunk as Buffer);
		} catch {
			return;
		}
		const body = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const record: XRequest = { method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, json: undefined, fields: {}, files: {} };
		const type = req.headers['content-type'] ?? '';
		if (type.startsWith('multipart/form-data')) {
			const form = await new Response(body, { headers: { 'content-type': type } }).formData();
			for (const [name, value] of form) {
				if (typeof value === 'string') record.fields[name] = value;
				else record.files[name] = { filename: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
			}
		} else if (type.startsWith('application/json')) {
			try {
				record.json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
			} catch {
				return problem(res, 400, 'Invalid Request', 'The request body is not JSON');
			}
		}
		requests.push(record);

		if (req.method === 'POST' && url.pathname === '/2/oauth2/token') {
			const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
			if (form.grant_type !== 'refresh_token' || form.client_id !== clientId) return send(res, 400, { error: 'invalid_request', error_description: 'Value passed for the client id was invalid.' });
			if (!refreshTokens.has(form.refresh_token ?? '')) return send(res, 400, { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' });
			refreshTokens.delete(form.refresh_token!);
			const access = `fake-x-access-${(++serial).toString(36)}`;
			const refresh = `fake-x-refresh-${(++serial).toString(36)}`;
			accessTokens.add(access);
			refreshTokens.add(refresh);
			return send(res, 200, { token_type: 'bearer', expires_in: 7200, access_token: access, scope: 'tweet.read tweet.write users.read media.write offline.access', refresh_token: refresh });
		}
		const route: XRoute | undefined =
			req.method === 'POST' && url.pathname === '/2/media/upload'
				? 'upload'
				: req.method === 'POST' && url.pathname === '/2/media/metadata'
					? 'metadata'
					: req.method === 'POST' && url.pathname === '/2/tweets'
						? 'post'
						: req.method === 'GET' && /^\/2\/users\/\d+\/tweets$/.test(url.pathname)
							? 'list'
							: req.method === 'GET' && /^\/2\/tweets\/[^/]+$/.test(url.pathname)
								? 'read'
								: undefined;
		if (!route) return problem(res, 404, 'Not Found Error', `No such route: ${req.method} ${url.pathname}`);
		const behaviour = scripted[route].shift() ?? { kind: 'ok' };
		if (behaviour.kind === 'bad-token' || !accessTokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return problem(res, 401, 'Unauthorized', 'Unauthorized');
		if (behaviour.kind === 'rate-limited') {
			const reset = String(Math.floor(now() / 1000) + (behaviour.resetIn ?? 900));
			const headers: Record<string, string> = behaviour.daily
				? { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '99', 'x-rate-limit-reset': String(Math.floor(now() / 1000) + 900), 'x-user-limit-24hour-limit': '17', 'x-user-limit-24hour-remaining': '0', 'x-user-limit-24hour-reset': reset }
				: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset };
			return problem(res, 429, 'Too Many Requests', 'Too Many Requests', headers);
		}
		const act = (): boolean => {
			if (behaviour.kind === 'hang') return true;
			if (behaviour.kind === 'drop') return void req.socket.destroy(), true;
			if (behaviour.kind === 'error') return problem(res, behaviour.status ?? 500, 'Internal Server Error', behaviour.detail ?? 'Something went wrong'), true;
			return false;
		};
		if (!('afterCreate' in behaviour && behaviour.afterCreate) && act()) return;

		switch (route) {
			case 'upload': {
				const file = record.files.media;
				const image = file && (file.bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) || file.bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])));
				if (!image) return problem(res, 400, 'Invalid Request', 'media: the file is not a supported image');
				if (file.bytes.length > 5 * 1024 * 1024) return problem(res, 400, 'Invalid Request', 'media: an image may be 5 MB at most');
				const id = String(++serial);
				media.set(id, { bytes: file.bytes });
				return send(res, 200, { data: { id, media_key: `3_${id}`, size: file.bytes.length, expires_after_secs: 86_400 } });
			}
			case 'metadata': {
				const id = String(record.json?.id ?? '');
				const text = (record.json?.metadata as { alt_text?: { text?: unknown } } | undefined)?.alt_text?.text;
				const item = media.get(id);
				if (!item) return problem(res, 400, 'Invalid Request', `id: no such media ${id}`);
				if (typeof text !== 'string' || text.length > 1000) return problem(res, 400, 'Invalid Request', 'alt_text: 1 to 1000 characters');
				item.alt = text;
				return send(res, 200, { data: { id, associated_metadata: { alt_text: { text } } } });
			}
			case 'post': {
				const text = typeof record.json?.text === 'string' ? record.json.text : '';
				const ids = ((record.json?.media as { media_ids?: unknown } | undefined)?.media_ids ?? []) as string[];
				if (!Array.isArray(ids) || ids.length > 4 || ids.some((id) => !media.has(id))) return problem(res, 400, 'Invalid Request', 'media.media_ids: unknown or too many media');
				const { length } = captionLength('x', text);
				if (length > 280) return problem(res, 403, 'Forbidden', 'You are not permitted to perform this action: the text is too long.');
				if (posts.some((post) => post.text === text)) return problem(res, 403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
				const daily = (left: number) => ({ 'x-user-limit-24hour-limit': '100', 'x-user-limit-24hour-remaining': String(left), 'x-user-limit-24hour-reset': String(Math.floor(now() / 1000) + 43_200) });
				if (fake.dailyLeft <= 0) return problem(res, 429, 'Too Many Requests', 'Too Many Requests', daily(0));
				if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs / 2));
				const post: XPost = { id: String(++serial), text, mediaIds: ids, createdAt: new Date(now()).toISOString() };
				posts.push(post);
				if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs / 2));
				fake.dailyLeft--;
				if (act()) return;
				return send(res, 201, { data: { id: post.id, text: shown(post), edit_history_tweet_ids: [post.id] } }, daily(fake.dailyLeft));
			}
			case 'list': {
				if (url.pathname !== `/2/users/${userId}/tweets`) return problem(res, 403, 'Forbidden', 'You can only read your own posts here');
				const max = Math.min(Math.max(Number(record.query.max_results ?? 10) || 10, 5), 100);
				const start = record.query.start_time ? Date.parse(record.query.start_time) : 0;
				const offset = record.query.pagination_token ? Number(Buffer.from(record.query.pagination_token, 'base64url').toString()) : 0;
				const newest = [...posts].reverse().filter((post) => Date.parse(post.createdAt) >= start);
				const page = newest.slice(offset, offset + max);
				const more = offset + max < newest.length;
				const fields = (record.query['tweet.fields'] ?? '').split(',');
				return send(res, 200, {
					...(page.length ? { data: page.map((post) => ({ id: post.id, text: shown(post), edit_history_tweet_ids: [post.id], ...(fields.includes('created_at') ? { created_at: post.createdAt } : {}) })) } : {}),
					meta: { result_count: page.length, ...(page.length ? { newest_id: page[0]!.id, oldest_id: page.at(-1)!.id } : {}), ...(more ? { next_token: Buffer.from(String(offset + max)).toString('base64url') } : {}) }
				});
			}
			case 'read': {
				const id = url.pathname.split('/').at(-1) ?? '';
				if (!/^\d{1,19}$/.test(id)) return problem(res, 400, 'Invalid Request', `The \`id\` query parameter value [${id}] does not match ^[0-9]{1,19}$`);
				const post = posts.find((candidate) => candidate.id === id);
				if (!post) {
					return send(res, 200, {
						errors: [{ value: id, detail: `Could not find tweet with id: [${id}].`, title: 'Not Found Error', resource_type: 'tweet', parameter: 'id', resource_id: id, type: 'https://api.twitter.com/2/problems/resource-not-found' }]
					});
				}
				const fields = (record.query['tweet.fields'] ?? '').split(',');
				const metrics = { bookmark_count: 0, ...(post.metrics ?? { like_count: 0, retweet_count: 0, reply_count: 0, quote_count: 0, impression_count: 0 }) };
				return send(res, 200, { data: { id: post.id, text: shown(post), edit_history_tweet_ids: [post.id], ...(fields.includes('public_metrics') ? { public_metrics: metrics } : {}) } });
			}
		}
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return fake;
}

export type FakeX = Awaited<ReturnType<typeof startFakeX>>;
