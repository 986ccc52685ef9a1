/**
 * A fake Bluesky PDS: a real HTTP server on 127.0.0.1 speaking the XRPC endpoints the Bluesky channel uses,
 * with the documented paths, bodies, answers and error shape ({ error, message }, https://atproto.com/specs/xrpc):
 *   POST /xrpc/com.atproto.server.createSession   { identifier, password } → { did, handle, accessJwt, refreshJwt }
 *   POST /xrpc/com.atproto.server.refreshSession  Bearer refreshJwt → a new pair; the old refresh token is revoked
 *   POST /xrpc/com.atproto.repo.uploadBlob        raw body → { blob: { $type: 'blob', ref: { $link }, mimeType, size } }
 *   POST /xrpc/com.atproto.repo.createRecord      { repo, collection, rkey, record } → { uri, cid, commit, validationStatus }
 *   GET  /xrpc/com.atproto.repo.getRecord         ?repo&collection&rkey → { uri, cid, value }, or 400 RecordNotFound;
 *                                                 no authentication needed (the lexicon: "Does not require auth")
 *   GET  /xrpc/app.bsky.feed.getPosts              ?uris=… (up to 25) → { posts: [PostView] } with likeCount, repostCount,
 *                                                 replyCount, quoteCount (the test sets them in `counts`); a post not
 *                                                 there is left out (https://docs.bsky.app/docs/api/app-bsky-feed-get-posts)
 * Records are kept by key, and a second record under the same key is refused the way a PDS refuses it: today a
 * 500 InternalServerError (bluesky-social/atproto#4725), or the RecordAlreadyExists proposed in #4728.
 * Posts are checked as the PDS checks them: text up to 300 graphemes, at most 4 images, each with alt text and an
 * uploaded blob. Every request is recorded, and the next requests can be scripted (see `next`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
	| 'succeed'
	| 'server-error'
	/** createRecord stores the record, then answers 500: the worst case for a retry. */
	| 'write-then-server-error'
	/** The request is carried out (a record is stored), then no answer ever comes: a lost answer. */
	| 'write-then-hang'
	| 'hang'
	| 'bad-credentials'
	| 'expired-token'
	/** A 400 that echoes the request's Authorization header and JSON body, as a careless proxy might. */
	| 'echo'
	| { rateLimited: { retryAfter?: string; reset?: number } };

export interface FakeRequest {
	method: string;
	nsid: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	/** Parsed JSON, or the raw bytes of an upload. */
	body: unknown;
	bytes: number;
}

export interface FakeBlueskyOptions {
	handle?: string;
	did?: string;
	password?: string;
	duplicate?: 'InternalServerError' | 'RecordAlreadyExists';
}

export interface FakeBluesky {
	url: string;
	did: string;
	handle: string;
	requests: FakeRequest[];
	/** Stored records by at:// uri. */
	records: Map<string, { uri: string; cid: string; value: Record<string, unknown> }>;
	/** Uploaded blobs by CID. */
	blobs: Map<string, Buffer>;
	/** Each post's likes, reposts, replies and quotes, by at:// uri, as the test sets them. */
	counts: Map<string, { likeCount?: number; repostCount?: number; replyCount?: number; quoteCount?: number }>;
	/** Every token handed out, so tests can check none leaks. */
	tokens: Set<string>;
	/** What the next request (to the given method, or to any) does; queued in order. */
	next(behaviour: Behaviour, nsid?: string): void;
	/** Every access token issued so far expires (answers 400 ExpiredToken). */
	expireTokens(): void;
	calls(nsid: string): FakeRequest[];
	close(): Promise<void>;
}

const base32 = (bytes: Buffer) => {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
	let bits = 0;
	let value = 0;
	let out = '';
	for (const byte of bytes) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			out += alphabet[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	return bits > 0 ? out + alphabet[(value << (5 - bits)) & 31] : out;
};
/** A CIDv1 (sha2-256) in base32: codec 0x55 raw for blobs ("bafkrei…"), 0x71 dag-cbor for records ("bafyrei…"). */
const cid = (codec: number, data: Buffer) =>
	`b${base32(Buffer.concat([Buffer.from([0x01, codec, 0x12, 0x20]), createHash('sha256').update(data).digest()]))}`;
const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;

export async function startFakeBluesky(options: FakeBlueskyOptions = {}): Promise<FakeBluesky> {
	const handle = options.handle ?? 'caravan.example.org';
	const did = options.did ?? 'did:plc:caravanfake7x3k2q4m5n6p';
	const password = options.password ?? 'abcd-efgh-ijkl-mnop';
	const duplicate = options.duplicate ?? 'InternalServerError';
	const requests: FakeRequest[] = [];
	const records: FakeBluesky['records'] = new Map();
	const blobs = new Map<string, Buffer>();
	const counts: FakeBluesky['counts'] = new Map();
	const tokens = new Set<string>();
	const access = new Set<string>();
	const expiredAccess = new Set<string>();
	const refresh = new Set<string>();
	const script: { behaviour: Behaviour; nsid?: string }[] = [];

	const issue = () => {
		const pair = { accessJwt: `eyJ.access.${randomBytes(12).toString('hex')}`, refreshJwt: `eyJ.refresh.${randomBytes(12).toString('hex')}` };
		access.add(pair.accessJwt);
		refresh.add(pair.refreshJwt);
		tokens.add(pair.accessJwt).add(pair.refreshJwt);
		return { did, handle, ...pair, active: true };
	};

	const server = createServer((req, res) => void receive(req, res).catch(() => res.destroy()));

	async function receive(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://fake');
		const nsid = url.pathname.replace(/^\/xrpc\//, '');
		const isJson = (req.headers['content-type'] ?? '').startsWith('application/json');
		let body: unknown = raw.length === 0 ? undefined : raw;
		if (isJson) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				return send(res, 400, { error: 'InvalidRequest', message: 'Request body is not valid JSON' });
			}
		}
		requests.push({ method: req.method ?? '', nsid, query: Object.fromEntries(url.searchParams), headers: req.headers, body, bytes: raw.length });

		const scripted = script.findIndex((entry) => !entry.nsid || entry.nsid === nsid);
		const behaviour = scripted >= 0 ? script.splice(scripted, 1)[0]!.behaviour : 'succeed';
		if (behaviour === 'hang') return; // never answers; close() ends the connection
		if (behaviour === 'server-error') return send(res, 500, { error: 'InternalServerError', message: 'Internal Server Error' });
		if (behaviour === 'bad-credentials') return send(res, 401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
		if (behaviour === 'expired-token') return send(res, 400, { error: 'ExpiredToken', message: 'Token has expired' });
		if (behaviour === 'echo') {
			const echoed = `${req.headers.authorization ?? ''} ${isJson ? raw.toString('utf8') : ''}`;
			return send(res, 400, { error: 'InvalidRequest', message: `Unexpected request: ${echoed}` });
		}
		if (typeof behaviour === 'object') {
			const { retryAfter, reset = Math.floor(Date.now() / 1000) + 60 } = behaviour.rateLimited;
			res.setHeader('RateLimit-Limit', '5000');
			res.setHeader('RateLimit-Remaining', '0');
			res.setHeader('RateLimit-Reset', String(reset));
			res.setHeader('RateLimit-Policy', '5000;w=3600');
			if (retryAfter) res.setHeader('Retry-After', retryAfter);
			return send(res, 429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' });
		}
		const [status, reply] = answer(req.method ?? '', nsid, url.searchParams, req.headers, body);
		if (behaviour === 'write-then-hang') return; // done, but the answer is lost
		if (behaviour === 'write-then-server-error' && status === 200) {
			return send(res, 500, { error: 'InternalServerError', message: 'Internal Server Error' });
		}
		send(res, status, reply);
	}

	function send(res: ServerResponse, status: number, body: unknown) {
		res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
		res.end(JSON.stringify(body));
	}

	const invalid = (message: string, error = 'InvalidRequest'): [number, unknown] => [400, { error, message }];

	function authorize(headers: IncomingHttpHeaders): [number, unknown] | undefined {
		const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
		if (!token) return [401, { error: 'AuthenticationRequired', message: 'Authentication Required' }];
		if (expiredAccess.has(token)) return invalid('Token has expired', 'ExpiredToken');
		if (!access.has(token)) return [401, { error: 'InvalidToken', message: 'Token could not be verified' }];
		return undefined;
	}

	function answer(method: string, nsid: string, query: URLSearchParams, headers: IncomingHttpHeaders, body: unknown): [number, unknown] {
		const json = (body && typeof body === 'object' && !Buffer.isBuffer(body) ? body : {}) as Record<string, unknown>;
		if (method === 'POST' && nsid === 'com.atproto.server.createSession') {
			if (typeof json.identifier !== 'string' || typeof json.password !== 'string') return invalid('Input must have the property "identifier"');
			const known = [handle, did].includes(json.identifier.toLowerCase().replace(/^@/, ''));
			if (!known || json.password !== password) return [401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' }];
			return [200, issue()];
		}
		if (method === 'POST' && nsid === 'com.atproto.server.refreshSession') {
			const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1] ?? '';
			if (!refresh.delete(token)) return invalid('Token has been revoked', 'ExpiredToken');
			return [200, issue()];
		}
		if (method === 'POST' && nsid === 'com.atproto.repo.uploadBlob') {
			const denied = authorize(headers);
			if (denied) return denied;
			if (!Buffer.isBuffer(body)) return invalid('Request body is empty');
			const ref = cid(0x55, body);
			blobs.set(ref, body);
			return [200, { blob: { $type: 'blob', ref: { $link: ref }, mimeType: headers['content-type'] ?? '*/*', size: body.length } }];
		}
		if (method === 'POST' && nsid === 'com.atproto.repo.createRecord') {
			const denied = authorize(headers);
			if (denied) return denied;
			const { repo, collection, rkey, record } = json as { repo?: unknown; collection?: unknown; rkey?: unknown; record?: Record<string, unknown> };
			if (repo !== did && repo !== handle) return invalid('Invalid repo: must be the session’s own');
			if (collection !== 'app.bsky.feed.post') return invalid('This fake knows app.bsky.feed.post only');
			if (typeof rkey !== 'string' || !/^[A-Za-z0-9._:~-]{1,512}$/.test(rkey) || rkey === '.' || rkey === '..') return invalid('Invalid record key');
			const problem = checkPost(record);
			if (problem) return invalid(`Invalid app.bsky.feed.post record: ${problem}`);
			const uri = `at://${did}/${collection}/${rkey}`;
			if (records.has(uri)) {
				return duplicate === 'RecordAlreadyExists'
					? invalid(`Record already exists: ${uri}`, 'RecordAlreadyExists')
					: [500, { error: 'InternalServerError', message: 'Internal Server Error' }];
			}
			const stored = { uri, cid: cid(0x71, Buffer.from(JSON.stringify(record))), value: record! };
			records.set(uri, stored);
			const rev = base32(randomBytes(8)).slice(0, 13);
			return [200, { uri, cid: stored.cid, commit: { cid: cid(0x71, Buffer.from(rev)), rev }, validationStatus: 'valid' }];
		}
		if (method === 'GET' && nsid === 'com.atproto.repo.getRecord') {
			const repo = query.get('repo');
			const uri = `at://${repo === handle ? did : repo}/${query.get('collection')}/${query.get('rkey')}`;
			const stored = records.get(uri);
			return stored ? [200, stored] : invalid(`Could not locate record: ${uri}`, 'RecordNotFound');
		}
		if (method === 'GET' && nsid === 'app.bsky.feed.getPosts') {
			const denied = authorize(headers);
			if (denied) return denied;
			const uris = query.getAll('uris');
			if (uris.length === 0 || uris.length > 25) return invalid('Error: uris must have between 1 and 25 items');
			const posts = uris.flatMap((uri) => {
				const stored = records.get(uri);
				if (!stored) return [];
				const count = counts.get(uri) ?? {};
				return [{ uri, cid: stored.cid, author: { did, handle }, record: stored.value, indexedAt: stored.value.createdAt, likeCount: count.likeCount ?? 0, repostCount: count.repostCount ?? 0, replyCount: count.replyCount ?? 0, quoteCount: count.quoteCount ?? 0 }];
			});
			return [200, { posts }];
		}
		return [501, { error: 'MethodNotImplemented', message: 'Method Not Implemented' }];
	}

	function checkPost(record: Record<string, unknown> | undefined): string | undefined {
		if (!record || record.$type !== 'app.bsky.feed.post') return 'Record/$type must be app.bsky.feed.post';
		if (typeof record.text !== 'string') return 'Record must have the property "text"';
		if (graphemes(record.text) > 300) return 'Record/text must not be longer than 300 graphemes';
		if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt))) return 'Record/createdAt must be an valid atproto datetime';
		const embed = record.embed as { $type?: string; images?: { alt?: unknown; image?: { ref?: { $link?: string } } }[] } | undefined;
		if (!embed) return undefined;
		if (embed.$type !== 'app.bsky.embed.images' || !Array.isArray(embed.images)) return 'Record/embed must be app.bsky.embed.images';
		if (embed.images.length > 4) return 'Record/embed/images must not have more than 4 elements';
		for (const [i, image] of embed.images.entries()) {
			if (typeof image.alt !== 'string') return `Record/embed/images/${i} must have the property "alt"`;
			const link = image.image?.ref?.$link;
			if (!link || !blobs.has(link)) return `Could not find blob: ${link}`;
		}
		return undefined;
	}

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		did,
		handle,
		requests,
		records,
		blobs,
		counts,
		tokens,
		next: (behaviour, nsid) => void script.push({ behaviour, nsid }),
		expireTokens() {
			for (const token of access) expiredAccess.add(token);
			access.clear();
		},
		calls: (nsid) => requests.filter((request) => request.nsid === nsid),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
