/**
 * A fake VK API for tests: a real HTTP server on 127.0.0.1 (ephemeral port) answering the methods the VK
 * channel calls as https://dev.vk.com documents them — POST /method/<name> with a form (access_token, v and
 * the method's parameters); answers { response } or, with HTTP 200, { error: { error_code, error_msg,
 * request_params } } (https://dev.vk.com/en/reference/errors):
 * - photos.getWallUploadServer (group_id) → { album_id, upload_url, user_id }; the upload_url is this fake's
 *   POST /upload/<n>, multipart with `photo` → { server, photo, hash } (photo "[]" when the file is no image).
 * - photos.saveWallPhoto (group_id, server, photo, hash) → [{ id, owner_id: -group_id, … }].
 * - wall.post (owner_id, from_group, message, attachments) → { post_id }; over 50 posts in 24 hours error
 *   214, as VK limits a community's wall.
 * - wall.get (owner_id, count, offset) → { count, items }: newest first, a pinned post (if any) first of all.
 * - wall.getById (posts: owner_post,…) → { items }: each post still on the wall with its comments, likes,
 *   reposts and views ({ count }), as version 5.199 answers; a post no longer there is left out.
 * A wrong token gets error 5. Every request is recorded (method, path, form fields, files); the next answers
 * of a route can be scripted with `next(behaviour, route)`: VK's errors (5, 6, 9, 214, or any code), an HTTP
 * error, a hang, a dropped connection — `afterCreate`: after the post is made.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type VkRoute = 'server' | 'upload' | 'save' | 'post' | 'list' | 'read';

export type VkBehaviour =
	| { kind: 'ok' }
	/** VK's error with this code (HTTP 200): 6 too many requests, 9 flood control, 214 posting denied … */
	| { kind: 'error'; code: number; message?: string; afterCreate?: boolean }
	/** The token is refused: error 5. */
	| { kind: 'bad-token' }
	/** An HTTP error (500 by default), with Retry-After if given; `afterCreate`: the post is made first. */
	| { kind: 'http'; status?: number; retryAfter?: string; afterCreate?: boolean }
	| { kind: 'hang'; afterCreate?: boolean }
	| { kind: 'drop'; afterCreate?: boolean };

export interface VkRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	fields: Record<string, string>;
	files: Record<string, { filename: string; type: string; bytes: Buffer }>;
}

export interface VkPost {
	id: number;
	text: string;
	attachments: string[];
	/** Unix seconds, as VK writes `date`. */
	date: number;
	isPinned?: boolean;
	/** What wall.getById gives (0 when not set); `views` left out when undefined, as VK leaves it out where it has none. */
	counts?: { likes: number; reposts: number; comments: number; views?: number };
}

const groupErrors: Record<number, string> = {
	5: 'User authorization failed: invalid access_token (4).',
	6: 'Too many requests per second',
	9: 'Flood control',
	214: 'Access to adding post denied: a user can only post 50 posts a day',
	10: 'Internal server error',
	29: 'Rate limit reached'
};

export async function startFakeVk({
	token = `vk1.a.fake-${Math.random().toString(36).slice(2)}`,
	group = '218000001',
	now = Date.now,
	latencyMs = 0
}: { token?: string; group?: string; now?: () => number; /** How long wall.post takes, before and after making the post. */ latencyMs?: number } = {}) {
	const requests: VkRequest[] = [];
	const posts: VkPost[] = [];
	const photos = new Map<string, { id: number; bytes: Buffer }>();
	const scripted: Record<VkRoute, VkBehaviour[]> = { server: [], upload: [], save: [], post: [], list: [], read: [] };
	let serial = 1;
	const fake = {
		url: '',
		/** The API base a channel is given (VK_API_URL). */
		api: '',
		token,
		group,
		requests,
		/** The wall, oldest first. */
		posts,
		/** Posts a community's wall takes in 24 hours. */
		dailyLimit: 50,
		next: (behaviour: VkBehaviour, route: VkRoute) => void scripted[route].push(behaviour),
		close() {
			server.closeAllConnections();
			return new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};

	const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
		res.end(JSON.stringify(body));
	};
	const vkError = (res: ServerResponse, code: number, fields: Record<string, string>, message = groupErrors[code] ?? 'One of the parameters specified was missing or invalid') =>
		send(res, 200, { error: { error_code: code, error_msg: message, request_params: Object.entries(fields).filter(([key]) => key !== 'access_token').map(([key, value]) => ({ key, value })) } });

	const server = createServer(async (req, res) => {
		req.on('error', () => {});
		res.on('error', () => {});
		const chunks: Buffer[] = [];
		try {
			for await (const chunk of req) chunks.push(chunk as Buffer);
		} catch {
			return; // the client went away mid-request
		}
		const body = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const record: VkRequest = { method: req.method ?? '', path: url.pathname, headers: req.headers, fields: {}, files: {} };
		const type = req.headers['content-type'] ?? '';
		if (type.startsWith('multipart/form-data')) {
			const form = await new Response(body, { headers: { 'content-type': type } }).formData();
			for (const [name, value] of form) {
				if (typeof value === 'string') record.fields[name] = value;
				else record.files[name] = { filename: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
			}
		} else record.fields = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
		requests.push(record);
		const fields = record.fields;

		const method = /^\/method\/([\w.]+)$/.exec(url.pathname)?.[1];
		const route: VkRoute | undefined = url.pathname.startsWith('/upload/')
			? 'upload'
			: ({ 'photos.getWallUploadServer': 'server', 'photos.saveWallPhoto': 'save', 'wall.post': 'post', 'wall.get': 'list', 'wall.getById': 'read' } as const)[method ?? ''];
		if (!route) return vkError(res, 3, fields, 'Unknown method passed');
		const behaviour = scripted[route].shift() ?? { kind: 'ok' };
		const early = !('afterCreate' in behaviour && behaviour.afterCreate);
		const act = (): boolean => {
			if (behaviour.kind === 'hang') return true;
			if (behaviour.kind === 'drop') return void req.socket.destroy(), true;
			if (behaviour.kind === 'http') {
				send(res, behaviour.status ?? 500, { error: 'Internal Server Error' }, behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {});
				return true;
			}
			if (behaviour.kind === 'error') return vkError(res, behaviour.code, fields, behaviour.message), true;
			if (behaviour.kind === 'bad-token') return vkError(res, 5, fields), true;
			return false;
		};
		if (early && act()) return;

		if (route === 'upload') {
			const photo = record.files.photo;
			const image = photo && (photo.bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) || photo.bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])));
			if (!image) return send(res, 200, { server: 1, photo: '[]', hash: 'd41d8cd98f00b204e9800998ecf8427e' });
			const id = ++serial;
			const hash = `hash${id}`;
			photos.set(hash, { id, bytes: photo.bytes });
			return send(res, 200, { server: 857_000 + id, photo: JSON.stringify([{ markers_restarted: true, photo: `fake${id}` }]), hash });
		}
		if (fields.v !== '5.199') return vkError(res, 8, fields, 'Invalid request: v (version) is required');
		if (fields.access_token !== token) return vkError(res, 5, fields);
		switch (route) {
			case 'server':
				if (fields.group_id !== group) return vkError(res, 15, fields, 'Access denied: no access to this group');
				return send(res, 200, { response: { album_id: -14, upload_url: `${fake.url}/upload/${++serial}`, user_id: 0 } });
			case 'save': {
				const photo = photos.get(fields.hash ?? '');
				if (fields.group_id !== group || !photo || !fields.server || !fields.photo) return vkError(res, 100, fields, 'One of the parameters specified was missing or invalid: photo is undefined');
				return send(res, 200, { response: [{ album_id: -14, date: Math.floor(now() / 1000), id: photo.id, owner_id: -Number(group), access_key: 'fake', sizes: [] }] });
			}
			case 'post': {
				if (fields.owner_id !== `-${group}` || fields.from_group !== '1') return vkError(res, 15, fields, 'Access denied');
				if (!fields.message && !fields.attachments) return vkError(res, 100, fields, 'One of the parameters specified was missing or invalid: message is empty or invalid');
				const attachments = (fields.attachments ?? '').split(',').filter(Boolean);
				for (const attachment of attachments) {
					const id = Number(/^photo-\d+_(\d+)$/.exec(attachment)?.[1]);
					if (![...photos.values()].some((photo) => photo.id === id)) return vkError(res, 100, fields, `One of the parameters specified was missing or invalid: attachments: ${attachment} not found`);
				}
				const day = now() - 86_400_000;
				if (posts.filter((post) => post.date * 1000 > day).length >= fake.dailyLimit) return vkError(res, 214, fields);
				if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs / 2));
				const post: VkPost = { id: ++serial, text: fields.message ?? '', attachments, date: Math.floor(now() / 1000) };
				posts.push(post);
				if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs / 2));
				if (act()) return;
				return send(res, 200, { response: { post_id: post.id } });
			}
			case 'list': {
				const count = Math.min(Number(fields.count ?? 20) || 20, 100);
				const offset = Number(fields.offset ?? 0) || 0;
				// filter=owner: the community's own posts; the fake's wall has no others.
				const pinned = posts.filter((post) => post.isPinned);
				const wall = [...pinned, ...[...posts].reverse().filter((post) => !post.isPinned)];
				const items = wall.slice(offset, offset + count).map((post) => ({
					id: post.id,
					owner_id: -Number(group),
					from_id: -Number(group),
					date: post.date,
					text: post.text,
					...(post.isPinned ? { is_pinned: 1 } : {}),
					attachments: post.attachments.map((attachment) => ({ type: 'photo', photo: { id: Number(attachment.split('_')[1]), owner_id: -Number(group) } }))
				}));
				return send(res, 200, { response: { count: wall.length, items } });
			}
			case 'read': {
				const wanted = (fields.posts ?? '').split(',').filter(Boolean);
				if (wanted.length === 0) return vkError(res, 100, fields, 'One of the parameters specified was missing or invalid: posts is undefined');
				const items = wanted.flatMap((key) => {
					const post = posts.find((candidate) => `-${group}_${candidate.id}` === key);
					if (!post) return [];
					const counts = post.counts ?? { likes: 0, reposts: 0, comments: 0, views: 0 };
					return [
						{
							id: post.id,
							owner_id: -Number(group),
							from_id: -Number(group),
							date: post.date,
							text: post.text,
							comments: { count: counts.comments, can_post: 1 },
							likes: { count: counts.likes, user_likes: 0, can_like: 1 },
							reposts: { count: counts.reposts, user_reposted: 0 },
							...(counts.views === undefined ? {} : { views: { count: counts.views } })
						}
					];
				});
				return send(res, 200, { response: { items } });
			}
		}
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	fake.api = `${fake.url}/method`;
	return fake;
}

export type FakeVk = Awaited<ReturnType<typeof startFakeVk>>;
