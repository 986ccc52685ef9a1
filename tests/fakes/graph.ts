/**
 * A fake of Meta's Graph API as Instagram, a Facebook Page and Threads use it: a real HTTP server on
 * 127.0.0.1 (ephemeral port) answering the documented endpoints the channels call, in Graph's own forms
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling/: errors are
 * `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`; a wrong token is 400 with
 * OAuthException code 190). instagram.ts, facebook.ts and threads.ts each start it with their network's paths:
 * - Instagram (https://developers.facebook.com/docs/instagram-platform/content-publishing/): POST /{ig-user-id}/media,
 *   GET /{container-id}?fields=status_code,status, GET /{ig-user-id}/content_publishing_limit, POST
 *   /{ig-user-id}/media_publish, GET /{media-id}?fields=permalink, GET /{ig-user-id}/media.
 * - Threads (https://developers.facebook.com/docs/threads/posts): POST /{user-id}/threads (media_type IMAGE,
 *   image_url, text, alt_text), GET /{container-id}?fields=status,error_message, GET
 *   /{user-id}/threads_publishing_limit, POST /{user-id}/threads_publish, GET /{user-id}/threads.
 * - Facebook Page (https://developers.facebook.com/docs/graph-api/reference/page/photos/): POST /{page-id}/photos
 *   (url, caption) → { id, post_id }, GET /{page-id}/photos?type=uploaded.
 * - Engagement: GET /{media-id}/insights?metric=… (Instagram, Threads: `{ data: [{ name, period, values: [{ value }],
 *   title, id }] }`, and Graph's error 100 for a metric the network does not give for an image post — Instagram's
 *   impressions and plays since v22.0); GET /{page-post-id}?fields=reactions.summary(total_count)…,comments…,shares
 *   (Facebook: the totals, `shares` left out at 0). The figures are each post's `counts`, as the test sets them.
 * - Instagram carousels (https://developers.facebook.com/docs/instagram-platform/content-publishing/#carousel-posts):
 *   POST /{ig-user-id}/media with is_carousel_item=true and image_url (an item container, no caption), then
 *   POST /{ig-user-id}/media with media_type=CAROUSEL, children=<2–10 item container ids, comma-separated>
 *   and caption (the carousel container), then media_publish of the carousel container. An item container
 *   cannot be published alone; a carousel whose items are missing, not items, or in ERROR is refused.
 * A container is IN_PROGRESS for `processingPolls` status reads, then FINISHED (or ERROR when the image cannot
 * be fetched, is not a JPEG for Instagram, or `failContainers` says so); once published it is PUBLISHED, and a
 * second publish of it is refused. When `fetchImages` is on, the fake fetches image_url as the networks do.
 * Every request is recorded (method, path, query, form body, headers); the next requests of a route can be
 * scripted with `next(behaviour, route)`.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Flavour = 'instagram' | 'threads' | 'facebook';
export type Route = 'container' | 'status' | 'limit' | 'publish' | 'permalink' | 'list' | 'insights';

export type Behaviour =
	| { kind: 'ok' }
	/** 429 (or `status`) with Graph's rate-limit code (4 by default), Retry-After and/or estimated_time_to_regain_access. */
	| { kind: 'rate-limited'; status?: number; code?: number; retryAfter?: string; regainMinutes?: number }
	/** An error status (500 by default); `afterCreate`: the post is made first. */
	| { kind: 'error'; status?: number; code?: number; message?: string; afterCreate?: boolean }
	/** Never answer; `afterCreate`: the post is made, then no answer. */
	| { kind: 'hang'; afterCreate?: boolean }
	/** The connection is closed without an answer; `afterCreate`: after the post is made. */
	| { kind: 'drop'; afterCreate?: boolean }
	/** The token is refused: OAuthException 190 (HTTP 401 unless `status`). */
	| { kind: 'bad-token'; status?: number };

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	body: Record<string, string>;
	headers: IncomingHttpHeaders;
}

export interface FakeContainer {
	id: string;
	imageUrl: string;
	text: string;
	alt: string | undefined;
	state: 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'ERROR' | 'EXPIRED';
	pollsLeft: number;
	error?: string;
	/** An Instagram carousel's item (is_carousel_item=true): published only through its carousel. */
	carouselItem?: boolean;
	/** An Instagram carousel container: its item containers, in order. */
	children?: string[];
}

export interface FakePost {
	id: string;
	/** Facebook's Page post id (page_post). */
	postId?: string;
	container?: string;
	text: string;
	alt: string | undefined;
	imageUrl: string;
	permalink: string;
	timestamp: string;
	/** Its figures by the network's own names (likes, comments, saved…; Facebook: reactions, comments, shares), as a test sets them. */
	counts?: Record<string, number>;
	/** A carousel's images (its items' image_url), in order. */
	images?: string[];
}

/** The metrics each network's media insights take for an image post (Instagram since v22.0; Threads' media insights). */
const insightMetrics: Partial<Record<Flavour, string[]>> = {
	instagram: ['views', 'reach', 'likes', 'comments', 'shares', 'saved', 'total_interactions', 'follows', 'profile_visits', 'profile_activity'],
	threads: ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares']
};

export interface FakeGraph {
	url: string;
	/** The API base a channel is given (with the version). */
	api: string;
	token: string;
	account: string;
	requests: RecordedRequest[];
	containers: Map<string, FakeContainer>;
	/** Newest last. */
	posts: FakePost[];
	quota: { used: number; total: number };
	/** Status reads a new container stays IN_PROGRESS for (Infinity: for ever). */
	processingPolls: number;
	/** When set, new containers end in ERROR with these words. */
	failContainers: string | undefined;
	next(behaviour: Behaviour, route: Route): void;
	/** Serves bytes at `${url}/_images/<name>`; returns that address. */
	host(name: string, bytes: Buffer, type?: string): string;
	close(): Promise<void>;
}

const versions: Record<Flavour, string> = { instagram: 'v22.0', facebook: 'v22.0', threads: 'v1.0' };

/** Meta writes times with an offset without a colon: 2026-12-01T13:00:00+0000. */
const metaTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');

export async function startFakeGraph(
	flavour: Flavour,
	{
		now = Date.now,
		fetchImages = false,
		latencyMs = 0,
		token = `EAAG-fake-${flavour}-token-${Math.random().toString(36).slice(2)}`
	}: { now?: () => number; fetchImages?: boolean; /** How long the request that makes the post takes, before and after making it. */ latencyMs?: number; token?: string } = {}
): Promise<FakeGraph> {
	const version = versions[flavour];
	const account = flavour === 'facebook' ? '104857600000001' : flavour === 'threads' ? '27000000000001' : '17841400000000001';
	const requests: RecordedRequest[] = [];
	const containers = new Map<string, FakeContainer>();
	const posts: FakePost[] = [];
	const scripted: Record<Route, Behaviour[]> = { container: [], status: [], limit: [], publish: [], permalink: [], list: [], insights: [] };
	const images = new Map<string, { bytes: Buffer; type: string }>();
	const open = new Set<import('node:net').Socket>();
	let serial = 1000;
	const fake: FakeGraph = {
		url: '',
		api: '',
		token,
		account,
		requests,
		containers,
		posts,
		quota: { used: 0, total: flavour === 'threads' ? 250 : 100 },
		processingPolls: 0,
		failContainers: undefined,
		next: (behaviour, route) => void scripted[route].push(behaviour),
		host(name, bytes, type = 'image/jpeg') {
			images.set(name, { bytes, type });
			return `${fake.url}/_images/${name}`;
		},
		close: () =>
			new Promise((resolve) => {
				for (const socket of open) socket.destroy();
				server.close(() => resolve());
			})
	};

	const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
		response.writeHead(status, { 'content-type': 'application/json', ...headers });
		response.end(JSON.stringify(body));
	};
	const graphError = (response: ServerResponse, status: number, message: string, code: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
		json(response, status, { error: { message, type: code === 190 ? 'OAuthException' : 'GraphMethodException', code, ...extra, fbtrace_id: 'AbCdEf123' } }, headers);

	async function fetchImage(url: string): Promise<string | undefined> {
		if (!fetchImages) return undefined;
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
			const bytes = Buffer.from(await response.arrayBuffer());
			if (!response.ok) return `Media download has failed. The media URI doesn't meet our requirements (HTTP ${response.status})`;
			const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
			if (flavour === 'instagram' && !jpeg) return 'Only photo or video can be accepted as media type. (The image format is not supported: JPEG only)';
			return undefined;
		} catch {
			return 'Media download has failed. The media URI could not be fetched';
		}
	}

	const makePost = (text: string, alt: string | undefined, imageUrl: string, container?: string): FakePost => {
		const id = String(++serial * 7919);
		const post: FakePost =
			flavour === 'facebook'
				? { id, postId: `${account}_${id}`, text, alt, imageUrl, permalink: `https://www.facebook.com/photo.php?fbid=${id}`, timestamp: metaTime(now()) }
				: {
						id,
						container,
						text,
						alt,
						imageUrl,
						permalink: flavour === 'instagram' ? `https://www.instagram.com/p/C${id}/` : `https://www.threads.net/@caravan/post/C${id}`,
						timestamp: metaTime(now())
					};
		posts.push(post);
		return post;
	};

	const server = createServer((request, response) => {
		// A client killed mid-request (the fault-injection test) resets the connection: nothing to answer.
		request.on('error', () => {});
		response.on('error', () => {});
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			void (async () => {
				const url = new URL(request.url ?? '/', 'http://127.0.0.1');
				if (url.pathname.startsWith('/_images/')) {
					const image = images.get(decodeURIComponent(url.pathname.slice('/_images/'.length)));
					if (!image) return void json(response, 404, { error: 'no such image' });
					response.writeHead(200, { 'content-type': image.type, 'content-length': String(image.bytes.length) });
					return void response.end(image.bytes);
				}
				const raw = Buffer.concat(chunks).toString('utf8');
				const body = Object.fromEntries(new URLSearchParams(raw));
				const query = Object.fromEntries(url.searchParams);
				const path = url.pathname;
				requests.push({ method: request.method ?? 'GET', path, query, body, headers: request.headers });
				const parts = path.split('/').filter(Boolean);
				if (parts[0] !== version) return void graphError(response, 400, 'Unknown path components', 2500);
				const [node, edge] = parts.slice(1);

				const given = (request.headers.authorization ?? '').replace(/^(Bearer|OAuth) /, '') || query.access_token || body.access_token;
				const route: Route | undefined =
					request.method === 'POST' && (edge === 'media' || (edge === 'threads' && flavour === 'threads') || edge === 'photos')
						? flavour === 'facebook'
							? 'publish'
							: 'container'
						: request.method === 'POST' && (edge === 'media_publish' || edge === 'threads_publish')
							? 'publish'
							: request.method === 'GET' && edge === 'insights' && flavour !== 'facebook'
								? 'insights'
							: edge === 'content_publishing_limit' || edge === 'threads_publishing_limit'
								? 'limit'
								: request.method === 'GET' && (edge === 'media' || edge === 'threads' || edge === 'photos')
									? 'list'
									: request.method === 'GET' && node && !edge
										? containers.has(node)
											? 'status'
											: 'permalink'
										: undefined;
				if (!route) return void graphError(response, 400, `Unsupported ${request.method} request`, 100);
				const behaviour = scripted[route].shift() ?? { kind: 'ok' };
				if (behaviour.kind === 'bad-token') {
					return void graphError(response, behaviour.status ?? 401, 'Error validating access token: Session has expired.', 190, { error_subcode: 463 });
				}
				if (given !== token) return void graphError(response, 400, 'Invalid OAuth access token - Cannot parse access token', 190);
				if (behaviour.kind === 'rate-limited') {
					const headers: Record<string, string> = {};
					if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
					if (behaviour.regainMinutes !== undefined) {
						headers['x-business-use-case-usage'] = JSON.stringify({ [account]: [{ type: 'pages', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: behaviour.regainMinutes }] });
					}
					return void graphError(response, behaviour.status ?? 429, 'Application request limit reached', behaviour.code ?? 4, { is_transient: true }, headers);
				}
				const early = behaviour.kind !== 'ok' && !('afterCreate' in behaviour && behaviour.afterCreate);
				if (early) {
					if (behaviour.kind === 'hang') return; // never answered; closed with the server
					if (behaviour.kind === 'drop') return void request.socket.destroy();
					if (behaviour.kind === 'error') return void graphError(response, behaviour.status ?? 500, behaviour.message ?? 'An unexpected error has occurred. Please retry your request later.', behaviour.code ?? 2, { is_transient: (behaviour.status ?? 500) >= 500 });
				}
				const afterwards = () => {
					if (behaviour.kind === 'hang') return true;
					if (behaviour.kind === 'drop') return void request.socket.destroy(), true;
					if (behaviour.kind === 'error') return void graphError(response, behaviour.status ?? 500, behaviour.message ?? 'An unexpected error has occurred. Please retry your request later.', behaviour.code ?? 2, { is_transient: (behaviour.status ?? 500) >= 500 }), true;
					return false;
				};

				const wait = () => new Promise((resolve) => setTimeout(resolve, latencyMs / 2));
				if (route === 'publish' && latencyMs > 0) await wait();
				if (route !== 'status' && route !== 'permalink' && route !== 'insights' && node !== account && node !== 'me') {
					return void graphError(response, 400, `Unsupported ${request.method} request. Object with ID '${node}' does not exist`, 100, { error_subcode: 33 });
				}

				switch (route) {
					case 'container': {
						const text = flavour === 'threads' ? body.text : body.caption;
						if (flavour === 'instagram' && body.media_type === 'CAROUSEL') {
							const children = (body.children ?? '').split(',').filter(Boolean);
							if (children.length < 2 || children.length > 10) return void graphError(response, 400, 'The carousel must have 2 to 10 children', 100, { error_subcode: 2207050 });
							const items = children.map((child) => containers.get(child));
							if (items.some((item) => !item || !item.carouselItem)) return void graphError(response, 400, 'A child of the carousel is not a carousel item container', 100);
							if (items.some((item) => item!.state === 'ERROR' || item!.state === 'EXPIRED')) return void graphError(response, 400, 'A child of the carousel could not be used', 100, { error_subcode: 2207028 });
							if ((text ?? '').length > 2200) return void graphError(response, 400, 'The caption is too long (2200 characters at most)', 100, { error_subcode: 2207010 });
							const id = String(++serial * 104729);
							containers.set(id, {
								id,
								imageUrl: items[0]!.imageUrl,
								text: text ?? '',
								alt: undefined,
								state: fake.failContainers ? 'ERROR' : fake.processingPolls > 0 ? 'IN_PROGRESS' : 'FINISHED',
								pollsLeft: fake.processingPolls,
								error: fake.failContainers,
								children
							});
							if (afterwards()) return;
							return void json(response, 200, { id });
						}
						const image = body.image_url;
						if (!image) return void graphError(response, 400, 'The parameter image_url is required', 100);
						if (flavour === 'threads' && body.media_type !== 'IMAGE') return void graphError(response, 400, 'Param media_type must be one of {TEXT, IMAGE, VIDEO, CAROUSEL}', 100);
						const limit = flavour === 'threads' ? 500 : 2200;
						if ((text ?? '').length > limit) return void graphError(response, 400, `The caption is too long (${limit} characters at most)`, 100, { error_subcode: 2207010 });
						const problem = fake.failContainers ?? (await fetchImage(image));
						const id = String(++serial * 104729);
						containers.set(id, {
							id,
							imageUrl: image,
							text: text ?? '',
							alt: body.alt_text,
							state: problem ? 'ERROR' : fake.processingPolls > 0 ? 'IN_PROGRESS' : 'FINISHED',
							pollsLeft: fake.processingPolls,
							error: problem,
							...(flavour === 'instagram' && body.is_carousel_item === 'true' ? { carouselItem: true } : {})
						});
						if (afterwards()) return;
						return void json(response, 200, { id });
					}
					case 'status': {
						const container = containers.get(node!)!;
						if (container.state === 'IN_PROGRESS' && container.pollsLeft !== Infinity && --container.pollsLeft <= 0) container.state = 'FINISHED';
						const state = container.state;
						if (flavour === 'threads') return void json(response, 200, { id: container.id, status: state, ...(container.error ? { error_message: container.error } : {}) });
						return void json(response, 200, { id: container.id, status_code: state, status: container.error ? `Error: ${container.error}` : state === 'FINISHED' ? 'Finished: Media has been uploaded and it is ready to be published.' : state });
					}
					case 'limit':
						return void json(response, 200, { data: [{ quota_usage: fake.quota.used, config: { quota_total: fake.quota.total, quota_duration: 86400 } }] });
					case 'publish': {
						if (flavour === 'facebook') {
							if (!body.url) return void graphError(response, 400, '(#324) Requires upload file', 324);
							const problem = await fetchImage(body.url);
							if (problem) return void graphError(response, 400, problem, 100);
							const post = makePost(body.caption ?? '', body.alt_text_custom, body.url);
							if (latencyMs > 0) await wait();
							if (afterwards()) return;
							return void json(response, 200, { id: post.id, post_id: post.postId });
						}
						const container = containers.get(body.creation_id ?? '');
						if (!container) return void graphError(response, 400, 'Media ID is not available', 9007, { error_subcode: 2207027 });
						if (container.state === 'PUBLISHED') return void graphError(response, 400, 'The media has already been published', 9007, { error_subcode: 2207027 });
						if (container.state !== 'FINISHED') return void graphError(response, 400, 'Media ID is not available: the media is not ready for publishing', 9007, { error_subcode: 2207027 });
						if (container.carouselItem) return void graphError(response, 400, 'A carousel item is published only through its carousel container', 100);
						if (fake.quota.used >= fake.quota.total) {
							return void graphError(response, 400, 'Application request limit reached: the account has reached its publishing limit', 9, { error_subcode: 2207042 });
						}
						fake.quota.used++;
						container.state = 'PUBLISHED';
						const post = makePost(container.text, container.alt, container.imageUrl, container.id);
						if (container.children) post.images = container.children.map((child) => containers.get(child)!.imageUrl);
						if (latencyMs > 0) await wait();
						if (afterwards()) return;
						return void json(response, 200, { id: post.id });
					}
					case 'insights': {
						const post = posts.find((item) => item.id === node);
						if (!post) return void graphError(response, 400, `Unsupported get request. Object with ID '${node}' does not exist`, 100, { error_subcode: 33 });
						const asked = (query.metric ?? '').split(',').filter(Boolean);
						const refused = asked.find((metric) => !insightMetrics[flavour]!.includes(metric));
						if (!asked.length) return void graphError(response, 400, '(#100) The parameter metric is required', 100);
						if (refused) return void graphError(response, 400, `(#100) The Media Insights API does not support the ${refused} metric for this media product type.`, 100);
						return void json(response, 200, {
							data: asked.map((name) => ({ name, period: 'lifetime', values: [{ value: post.counts?.[name] ?? 0 }], title: name, description: '', id: `${post.id}/insights/${name}/lifetime` }))
						});
					}
					case 'permalink': {
						if (flavour === 'facebook' && (query.fields ?? '').includes('reactions')) {
							const post = posts.find((item) => item.postId === node);
							if (!post) return void graphError(response, 400, `Unsupported get request. Object with ID '${node}' does not exist`, 100, { error_subcode: 33 });
							const counts = post.counts ?? {};
							return void json(response, 200, {
								id: node,
								reactions: { data: [], summary: { total_count: counts.reactions ?? 0, viewer_reaction: 'NONE' } },
								comments: { data: [], summary: { order: 'ranked', total_count: counts.comments ?? 0, can_comment: true } },
								...(counts.shares ? { shares: { count: counts.shares } } : {})
							});
						}
						const post = posts.find((item) => item.id === node);
						if (!post) return void graphError(response, 400, `Unsupported get request. Object with ID '${node}' does not exist`, 100, { error_subcode: 33 });
						return void json(response, 200, { id: post.id, permalink: post.permalink });
					}
					case 'list': {
						const limit = Math.min(Number(query.limit ?? 25) || 25, 100);
						const start = query.after ? Number(Buffer.from(query.after, 'base64url').toString()) : 0;
						const newest = [...posts].reverse();
						const slice = newest.slice(start, start + limit);
						const more = start + limit < newest.length;
						const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
						const data = slice.map((post) =>
							flavour === 'facebook'
								? { id: post.id, name: post.text, link: post.permalink, created_time: post.timestamp }
								: flavour === 'threads'
									? { id: post.id, text: post.text, permalink: post.permalink, timestamp: post.timestamp }
									: { id: post.id, caption: post.text, permalink: post.permalink, timestamp: post.timestamp }
						);
						return void json(response, 200, {
							data,
							paging: { cursors: { before: cursor(start), after: cursor(start + limit) }, ...(more ? { next: `${fake.api}${path.slice(version.length + 1)}?after=${cursor(start + limit)}` } : {}) }
						});
					}
				}
			})().catch((error: unknown) => {
				response.writeHead(500);
				response.end(String(error));
			});
		});
	});
	server.on('connection', (socket) => {
		open.add(socket);
		socket.on('close', () => open.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	fake.api = `${fake.url}/${version}`;
	return fake;
}
