/**
 * A fake Mastodon instance: a real HTTP server on 127.0.0.1 (ephemeral port) with the three endpoints the
 * Mastodon channel uses, answering like Mastodon does (https://docs.joinmastodon.org/methods/media/,
 * https://docs.joinmastodon.org/methods/statuses/#create):
 * - POST /api/v2/media (multipart: file, description) → 202 with `url: null` (or 200 when processed at once);
 * - GET /api/v1/media/:id → 206 while processing, 200 with `url` when done; 404 for someone else's or attached media;
 * - POST /api/v1/statuses (JSON, form or multipart) → 200 with the Status; the Idempotency-Key is remembered per
 *   token, and a second POST with the same key returns the same status and creates nothing.
 * - GET /api/v1/accounts/verify_credentials → the token's Account (https://docs.joinmastodon.org/methods/accounts/#verify_credentials);
 * - GET /api/v1/accounts/:id/statuses?limit&max_id&since_id → the account's statuses, newest first, at most `limit` (default 20,
 *   at most 40), older than max_id, with a Link header to the next page (https://docs.joinmastodon.org/methods/accounts/#statuses).
 * - GET /api/v1/statuses/:id → the Status with its favourites_count, reblogs_count and replies_count (the test sets them in
 *   `counts`); 404 "Record not found" for a status that is not there (https://docs.joinmastodon.org/methods/statuses/#get).
 * A status's `content` is HTML as Mastodon's TextFormatter makes it: paragraphs at blank lines, <br /> at line breaks, links
 * and hashtags as <a> with the URL split into invisible/ellipsis spans, and HTML entities escaped.
 * Errors are `{"error": "..."}` like Mastodon's: 401 "The access token is invalid", 422 "Validation failed: …",
 * 429 with X-RateLimit-Limit/Remaining/Reset (ISO time, as Mastodon's Rack::Attack sends).
 * Every request is recorded (method, path, headers, parsed body, uploaded files), and the next requests can be
 * scripted with `next(behaviour, route?)`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = 'media' | 'poll' | 'statuses' | 'account' | 'timeline' | 'status';

export type Behaviour =
	/** Answer as Mastodon does (media: 202, then 200 on the first poll). */
	| { kind: 'ok' }
	/** Media upload: processed at once, 200 with the url. */
	| { kind: 'processed' }
	/** Media upload: 202, then 206 for this many polls before the 200. */
	| { kind: 'processing'; polls: number }
	/** An error status (500 by default) with Mastodon's `{"error"}` body; `afterCreate`: the status is created first. */
	| { kind: 'error'; status?: number; message?: string; afterCreate?: boolean }
	/** 429 with X-RateLimit-Reset `resetInMs` from now, and Retry-After when given. */
	| { kind: 'rate-limited'; resetInMs?: number; retryAfter?: string }
	/** Never answer; `afterCreate`: the status is created, then no answer. */
	| { kind: 'hang'; afterCreate?: boolean }
	/** 401 as for a revoked token. */
	| { kind: 'unauthorized' };

export interface RecordedFile {
	field: string;
	filename: string;
	type: string;
	size: number;
	bytes: Buffer;
}

export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	/** JSON, form or multipart fields; `name[]` fields become arrays under `name`. */
	body: Record<string, unknown>;
	files: RecordedFile[];
}

export interface FakeMedia {
	id: string;
	token: string;
	description: string;
	file: RecordedFile;
	pollsLeft: number;
	processed: boolean;
	statusId?: string;
}

export interface FakeStatus {
	id: string;
	token: string;
	idempotencyKey?: string;
	text: string;
	mediaIds: string[];
	visibility: string;
	language: string | null;
	url: string;
	uri: string;
	createdAt: string;
	/** Its favourites, boosts and replies, as a test sets them. */
	counts?: { favourites?: number; reblogs?: number; replies?: number };
}

export interface FakeMastodon {
	url: string;
	/** The one valid access token. */
	token: string;
	requests: RecordedRequest[];
	media: FakeMedia[];
	statuses: FakeStatus[];
	/** Script the next matching request (of `route`, or of any route). Queued in order. */
	next(behaviour: Behaviour, route?: Route): void;
	/** A status the account posted some other way (by hand, another app), at `createdAt` (ISO). */
	addStatus(text: string, createdAt: string): FakeStatus;
	close(): Promise<void>;
}

const CHARACTER_LIMIT = 500;
const ACCOUNT_ID = '109876543210987654';
const DESCRIPTION_LIMIT = 1_500;
const MAX_MEDIA = 4;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Mastodon's StatusLengthValidator: grapheme clusters, every link counted as 23. */
function statusLength(text: string): number {
	return [...graphemes.segment(text.replace(/https?:\/\/\S+/g, 'x'.repeat(23)))].length;
}

const escapeHtml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * The status text as Mastodon's TextFormatter renders it: links shortened for display (the rest of the URL is
 * still there, in invisible spans), hashtags linked, a paragraph per blank line, <br /> per line break.
 */
function contentHtml(text: string, base: string): string {
	const inline = (line: string) =>
		line
			.split(/(https?:\/\/\S+|(?<=^|\s)#[\p{L}\p{N}_]+)/u)
			.map((part, n) => {
				if (n % 2 === 0) return escapeHtml(part);
				if (part.startsWith('#')) {
					const tag = part.slice(1);
					return `<a href="${base}/tags/${encodeURIComponent(tag.toLowerCase())}" class="mention hashtag" rel="tag">#<span>${escapeHtml(tag)}</span></a>`;
				}
				const [, prefix = '', rest = ''] = /^(https?:\/\/(?:www\.)?)(.*)$/.exec(part) ?? [];
				const shown = rest.slice(0, 30);
				const hidden = rest.slice(30);
				return `<a href="${escapeHtml(part)}" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">${escapeHtml(prefix)}</span><span class="${hidden ? 'ellipsis' : ''}">${escapeHtml(shown)}</span><span class="invisible">${escapeHtml(hidden)}</span></a>`;
			})
			.join('');
	return text
		.trim()
		.split(/(?:\r?\n){2,}/)
		.map((paragraph) => `<p>${paragraph.split(/\r?\n/).map(inline).join('<br />')}</p>`)
		.join('');
}

function fields(entries: Iterable<[string, unknown]>): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	for (const [name, value] of entries) {
		if (name.endsWith('[]')) {
			const key = name.slice(0, -2);
			const list = Array.isArray(body[key]) ? (body[key] as unknown[]) : [];
			body[key] = [...list, value];
		} else body[name] = value;
	}
	return body;
}

async function parseBody(contentType: string, raw: Buffer): Promise<{ body: Record<string, unknown>; files: RecordedFile[] }> {
	if (raw.length === 0) return { body: {}, files: [] };
	if (contentType.startsWith('application/json')) {
		const parsed: unknown = JSON.parse(raw.toString('utf8'));
		return { body: parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}, files: [] };
	}
	if (contentType.startsWith('application/x-www-form-urlencoded')) {
		return { body: fields(new URLSearchParams(raw.toString('utf8'))), files: [] };
	}
	if (contentType.startsWith('multipart/form-data')) {
		const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
		const files: RecordedFile[] = [];
		const plain: [string, unknown][] = [];
		for (const [name, value] of form) {
			if (typeof value === 'string') plain.push([name, value]);
			else {
				const bytes = Buffer.from(await value.arrayBuffer());
				files.push({ field: name, filename: value.name, type: value.type, size: bytes.length, bytes });
			}
		}
		return { body: fields(plain), files };
	}
	return { body: {}, files: [] };
}

function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
	if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export async function startFakeMastodon(options: { now?: () => number } = {}): Promise<FakeMastodon> {
	const now = options.now ?? Date.now;
	const token = `fake-token-${randomBytes(12).toString('hex')}`;
	const requests: RecordedRequest[] = [];
	const media: FakeMedia[] = [];
	const statuses: FakeStatus[] = [];
	const scripted: { behaviour: Behaviour; route?: Route }[] = [];
	/** Idempotency keys, per token as Mastodon keeps them per account: `${token} ${key}` → status. */
	const keys = new Map<string, FakeStatus>();
	let sequence = 0;
	let base = '';
	// Mastodon's ids are snowflakes: milliseconds since 1970 shifted left 16 bits, plus a sequence, so a status's id
	// orders it by its creation time and the timeline can page by max_id.
	const nextId = (at = now()) => String((BigInt(at) << 16n) + BigInt(++sequence % 65_536));

	const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
		res.end(JSON.stringify(body));
	};
	const fail = (res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}) =>
		send(res, status, { error }, headers);

	const mediaJson = (item: FakeMedia) => {
		const size = pngSize(item.file.bytes);
		const path = `${base}/system/media_attachments/files/${item.id}`;
		return {
			id: item.id,
			type: 'image',
			url: item.processed ? `${path}/original/${item.file.filename}` : null,
			preview_url: `${path}/small/${item.file.filename}`,
			remote_url: null,
			preview_remote_url: null,
			text_url: null,
			meta: size ? { original: { width: size.width, height: size.height, size: `${size.width}x${size.height}`, aspect: size.width / size.height } } : {},
			description: item.description || null,
			blurhash: null
		};
	};
	const accountJson = () => ({
		id: ACCOUNT_ID,
		username: 'caravan',
		acct: 'caravan',
		display_name: 'Caravan',
		url: `${base}/@caravan`,
		statuses_count: statuses.length,
		created_at: '2026-01-01T00:00:00.000Z'
	});
	const statusJson = (status: FakeStatus) => ({
		id: status.id,
		created_at: status.createdAt,
		in_reply_to_id: null,
		in_reply_to_account_id: null,
		sensitive: false,
		spoiler_text: '',
		visibility: status.visibility,
		language: status.language,
		uri: status.uri,
		url: status.url,
		replies_count: status.counts?.replies ?? 0,
		reblogs_count: status.counts?.reblogs ?? 0,
		favourites_count: status.counts?.favourites ?? 0,
		content: contentHtml(status.text, base),
		reblog: null,
		account: accountJson(),
		media_attachments: media.filter((item) => item.statusId === status.id).map(mediaJson),
		mentions: [],
		tags: [],
		emojis: [],
		card: null,
		poll: null
	});

	function routeOf(method: string, path: string): { route: Route; id?: string } | undefined {
		if (method === 'POST' && path === '/api/v2/media') return { route: 'media' };
		if (method === 'POST' && path === '/api/v1/statuses') return { route: 'statuses' };
		const poll = /^\/api\/v1\/media\/([^/]+)$/.exec(path);
		if (method === 'GET' && poll) return { route: 'poll', id: decodeURIComponent(poll[1] ?? '') };
		if (method === 'GET' && path === '/api/v1/accounts/verify_credentials') return { route: 'account' };
		const timeline = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(path);
		if (method === 'GET' && timeline) return { route: 'timeline', id: decodeURIComponent(timeline[1] ?? '') };
		const one = /^\/api\/v1\/statuses\/([^/]+)$/.exec(path);
		if (method === 'GET' && one) return { route: 'status', id: decodeURIComponent(one[1] ?? '') };
		return undefined;
	}

	function take(route: Route): Behaviour {
		const index = scripted.findIndex((entry) => entry.route === undefined || entry.route === route);
		if (index < 0) return { kind: 'ok' };
		const [entry] = scripted.splice(index, 1);
		return entry?.behaviour ?? { kind: 'ok' };
	}

	function upload(res: ServerResponse, caller: string, request: RecordedRequest, behaviour: Behaviour) {
		const file = request.files.find((entry) => entry.field === 'file');
		if (!file) return fail(res, 422, "Validation failed: File can't be blank");
		if (!pngSize(file.bytes)) return fail(res, 422, 'File type of uploaded media could not be verified');
		const description = typeof request.body.description === 'string' ? request.body.description : '';
		if ([...description].length > DESCRIPTION_LIMIT)
			return fail(res, 422, `Validation failed: Description is too long (maximum is ${DESCRIPTION_LIMIT} characters)`);
		const item: FakeMedia = {
			id: nextId(),
			token: caller,
			description,
			file,
			pollsLeft: behaviour.kind === 'processing' ? behaviour.polls : 0,
			processed: behaviour.kind === 'processed'
		};
		media.push(item);
		send(res, item.processed ? 200 : 202, mediaJson(item));
	}

	function poll(res: ServerResponse, caller: string, id: string | undefined) {
		const item = media.find((entry) => entry.id === id && entry.token === caller && entry.statusId === undefined);
		if (!item) return fail(res, 404, 'Record not found');
		if (item.pollsLeft > 0) {
			item.pollsLeft--;
			return send(res, 206, mediaJson(item));
		}
		item.processed = true;
		send(res, 200, mediaJson(item));
	}

	function createStatus(res: ServerResponse, caller: string, request: RecordedRequest, behaviour: Behaviour) {
		const key = request.headers['idempotency-key'];
		const idempotencyKey = typeof key === 'string' && key !== '' ? key : undefined;
		const duplicate = idempotencyKey ? keys.get(`${caller} ${idempotencyKey}`) : undefined;
		if (duplicate) return send(res, 200, statusJson(duplicate));

		const text = typeof request.body.status === 'string' ? request.body.status : '';
		const mediaIds = Array.isArray(request.body.media_ids) ? request.body.media_ids.map(String) : [];
		if (mediaIds.length > MAX_MEDIA) return fail(res, 422, `Cannot attach more than ${MAX_MEDIA} files`);
		const attached = mediaIds.map((id) => media.find((item) => item.id === id && item.token === caller && item.statusId === undefined));
		if (attached.some((item) => !item)) return fail(res, 422, 'Validation failed: Media attachments could not be found');
		if (attached.some((item) => !item?.processed))
			return fail(res, 422, 'Cannot attach files that have not finished processing. Try again in a moment!');
		if (text.trim() === '' && mediaIds.length === 0) return fail(res, 422, "Validation failed: Text can't be blank");
		if (statusLength(text) > CHARACTER_LIMIT)
			return fail(res, 422, `Validation failed: Text character limit of ${CHARACTER_LIMIT} exceeded`);

		const id = nextId();
		const status: FakeStatus = {
			id,
			token: caller,
			idempotencyKey,
			text,
			mediaIds,
			visibility: typeof request.body.visibility === 'string' ? request.body.visibility : 'public',
			language: typeof request.body.language === 'string' ? request.body.language : null,
			url: `${base}/@caravan/${id}`,
			uri: `${base}/users/caravan/statuses/${id}`,
			createdAt: new Date(now()).toISOString()
		};
		statuses.push(status);
		for (const item of attached) if (item) item.statusId = id;
		if (idempotencyKey) keys.set(`${caller} ${idempotencyKey}`, status);

		if (behaviour.kind === 'hang' && behaviour.afterCreate) return; // created, but the answer never comes
		if (behaviour.kind === 'error' && behaviour.afterCreate)
			return fail(res, behaviour.status ?? 500, behaviour.message ?? 'Internal server error');
		send(res, 200, statusJson(status));
	}

	/** The account's statuses, newest first (ids grow with time), paged as Mastodon pages them. */
	function timeline(res: ServerResponse, id: string | undefined, query: URLSearchParams) {
		if (id !== ACCOUNT_ID) return fail(res, 404, 'Record not found');
		const limit = Math.min(40, Math.max(1, Number(query.get('limit') ?? 20) || 20));
		const maxId = query.get('max_id');
		const sinceId = query.get('since_id');
		const older = (a: string, b: string) => BigInt(a) < BigInt(b);
		const page = [...statuses]
			.sort((a, b) => (older(a.id, b.id) ? 1 : -1))
			.filter((status) => (!maxId || older(status.id, maxId)) && (!sinceId || older(sinceId, status.id)))
			.slice(0, limit);
		const last = page.at(-1);
		const headers: Record<string, string> = last
			? { link: `<${base}/api/v1/accounts/${ACCOUNT_ID}/statuses?limit=${limit}&max_id=${last.id}>; rel="next", <${base}/api/v1/accounts/${ACCOUNT_ID}/statuses?limit=${limit}&min_id=${page[0]?.id}>; rel="prev"` }
			: {};
		send(res, 200, page.map(statusJson), headers);
	}

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const method = req.method ?? 'GET';
		const address = new URL(req.url ?? '/', 'http://fake.invalid');
		const path = address.pathname;
		const parsed = await parseBody(req.headers['content-type'] ?? '', Buffer.concat(chunks));
		const request: RecordedRequest = { method, path, headers: req.headers, ...parsed };
		requests.push(request);

		const matched = routeOf(method, path);
		if (!matched) return fail(res, 404, 'Record not found');
		const behaviour = take(matched.route);
		const afterCreate = matched.route === 'statuses' && 'afterCreate' in behaviour && behaviour.afterCreate === true;

		if (behaviour.kind === 'hang' && !afterCreate) return; // never answer
		if (behaviour.kind === 'rate-limited') {
			const headers: Record<string, string> = {
				'x-ratelimit-limit': '300',
				'x-ratelimit-remaining': '0',
				// Mastodon sends microseconds: 2026-12-01T13:00:30.000000Z
				'x-ratelimit-reset': new Date(now() + (behaviour.resetInMs ?? 60_000)).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
			};
			if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
			return fail(res, 429, 'Too many requests', headers);
		}
		const authorization = req.headers.authorization ?? '';
		if (behaviour.kind === 'unauthorized' || authorization !== `Bearer ${token}`)
			return fail(res, 401, 'The access token is invalid', { 'www-authenticate': 'Bearer realm="Doorkeeper", error="invalid_token"' });
		if (behaviour.kind === 'error' && !afterCreate)
			return fail(res, behaviour.status ?? 500, behaviour.message ?? 'Internal server error');

		if (matched.route === 'media') return upload(res, token, request, behaviour);
		if (matched.route === 'poll') return poll(res, token, matched.id);
		if (matched.route === 'account') return send(res, 200, accountJson());
		if (matched.route === 'timeline') return timeline(res, matched.id, address.searchParams);
		if (matched.route === 'status') {
			const found = statuses.find((status) => status.id === matched.id);
			return found ? send(res, 200, statusJson(found)) : fail(res, 404, 'Record not found');
		}
		return createStatus(res, token, request, behaviour);
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) fail(res, 500, error instanceof Error ? error.message : String(error));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url: base,
		token,
		requests,
		media,
		statuses,
		next: (behaviour, route) => void scripted.push({ behaviour, route }),
		addStatus(text, createdAt) {
			const id = nextId(Date.parse(createdAt));
			const status: FakeStatus = {
				id,
				token,
				text,
				mediaIds: [],
				visibility: 'public',
				language: null,
				url: `${base}/@caravan/${id}`,
				uri: `${base}/users/caravan/statuses/${id}`,
				createdAt
			};
			statuses.push(status);
			return status;
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections(); // hung requests too
			})
	};
}
