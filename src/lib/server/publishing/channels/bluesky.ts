/**
 * Bluesky, through the AT Protocol's XRPC HTTP API, logged in with an app password:
 *   POST {service}/xrpc/com.atproto.server.createSession   identifier + app password → accessJwt, refreshJwt, did
 *   POST {service}/xrpc/com.atproto.server.refreshSession  a new accessJwt when the old one has expired
 *   POST {service}/xrpc/com.atproto.repo.uploadBlob        each card PNG as the raw body → a blob reference
 *   POST {service}/xrpc/com.atproto.repo.createRecord      the app.bsky.feed.post, with an app.bsky.embed.images embed
 *   GET  {service}/xrpc/com.atproto.repo.getRecord         the post, when a retry finds it already made
 * Docs followed: https://docs.bsky.app/docs/api/com-atproto-server-create-session (likewise …-refresh-session,
 * …-repo-upload-blob, …-repo-create-record, …-repo-get-record), https://docs.bsky.app/docs/advanced-guides/posts
 * (images, aspect ratios, link and hashtag facets), https://docs.bsky.app/docs/advanced-guides/rate-limits,
 * https://atproto.com/specs/xrpc (error bodies { error, message }) and https://atproto.com/specs/record-key.
 *
 * A retry cannot post twice: the record key is derived from the post's id, and the PDS refuses a second record
 * under the same key — today with a 500 (bluesky-social/atproto#4725), with an explicit RecordAlreadyExists
 * once #4728 lands. Either way the channel then looks the record up and returns it.
 *
 * Suggested environment: BLUESKY_SERVICE (default https://bsky.social), BLUESKY_IDENTIFIER (the handle or DID),
 * BLUESKY_APP_PASSWORD (Settings → Privacy and security → App passwords; never the account's own password).
 *
 * The session (access and refresh JWTs) is kept in `sessionFile` (mode 0600), so a scheduler that restarts —
 * even in a loop — logs in once, not at every start: createSession is rate limited per account (the rate-limits guide:
 * 30 per 5 minutes, 300 a day; bsky.social's entryway refuses after 100 a day, bluesky-social/bsky-docs#183). An expired access token is refreshed; only a refused refresh token leads to a new login.
 *
 * A post whose outcome is unknown is read back with getRecord under its fixed record key: the record is there
 * or, certainly, it is not (the lexicon's RecordNotFound). getRecord needs no session.
 *
 * Engagement: GET {service}/xrpc/app.bsky.feed.getPosts?uris=<at-uri> with the session (the PDS passes it to
 * the AppView) gives each post's likeCount, repostCount, replyCount and quoteCount —
 * https://docs.bsky.app/docs/api/app-bsky-feed-get-posts.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { redact as redactSecrets, resetMs, retryAfterMs } from './http.ts';
import { ChannelError, failedFetch, type Channel, type Lookup, type OutgoingPost, type Published, type Sought, defineChannel } from './types.ts';

export interface BlueskyOptions {
	service?: string;
	identifier: string;
	appPassword: string;
	now?: () => Date;
	/** Where the session is kept between restarts (JSON, mode 0600); without it, only in memory. */
	sessionFile?: string;
}

interface Session {
	accessJwt: string;
	refreshJwt: string;
	did: string;
}
interface Call {
	method: 'GET' | 'POST';
	query?: Record<string, string>;
	json?: unknown;
	png?: Buffer;
	token?: string;
}
interface Reply {
	status: number;
	headers: Headers;
	body: Record<string, unknown>;
}

const collection = 'app.bsky.feed.post';

/** The record key: the same for every attempt at a post, within the syntax [a-zA-Z0-9._:~-]{1,512}. */
export function recordKey(postId: string, createdAt: string): string {
	// A TID, as the app.bsky.feed.post schema asks ("key": "tid"): 64 bits — microseconds since 1970
	// and a 10-bit clock id — written in base32-sortable. Both parts come from the post itself (its
	// creation time, and a hash of its id for the sub-millisecond digits and the clock id), so every
	// attempt at one post uses the same key and a retry cannot create a second record.
	const hash = createHash('sha256').update(postId).digest();
	const micros = BigInt(Date.parse(createdAt)) * 1000n + BigInt(hash.readUInt16BE(0) % 1000);
	let value = (micros << 10n) | BigInt(hash.readUInt16BE(2) % 1024);
	const alphabet = '234567abcdefghijklmnopqrstuvwxyz';
	let tid = '';
	for (let i = 0; i < 13; i++) {
		tid = alphabet[Number(value & 31n)] + tid;
		value >>= 5n;
	}
	return tid;
}

/** Width and height from the PNG header (the IHDR chunk, bytes 16–23). */
export function pngSize(png: Buffer): { width: number; height: number } {
	if (png.length < 24 || png.toString('latin1', 12, 16) !== 'IHDR') {
		throw new ChannelError('A card image is not a PNG', 'permanent', undefined, { before: true });
	}
	return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Links and hashtags only become clickable as facets, which count UTF-8 bytes. */
export function facets(text: string): unknown[] {
	const bytes = (until: number) => Buffer.byteLength(text.slice(0, until));
	const found: unknown[] = [];
	for (const match of text.matchAll(/https?:\/\/[^\s]+?(?=[.,;:!?)]*(?:\s|$))/g)) {
		const index = match.index ?? 0;
		found.push({
			index: { byteStart: bytes(index), byteEnd: bytes(index + match[0].length) },
			features: [{ $type: 'app.bsky.richtext.facet#link', uri: match[0] }]
		});
	}
	for (const match of text.matchAll(/(?<=^|\s)#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*)/gu)) {
		const index = match.index ?? 0;
		found.push({
			index: { byteStart: bytes(index), byteEnd: bytes(index + match[0].length) },
			features: [{ $type: 'app.bsky.richtext.facet#tag', tag: match[1] }]
		});
	}
	return found;
}

/** How long the server asked us to wait: Retry-After, else RateLimit-Reset (unix seconds). */
const waitMs = (headers: Headers, now: number) => retryAfterMs(headers.get('retry-after'), now) ?? resetMs(headers.get('ratelimit-reset'), now);

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const reason = ({ status, body }: Reply) =>
	`${status} ${text(body.error) || 'error'}${text(body.message) ? `: ${text(body.message)}` : ''}`;
const expired = ({ status, body }: Reply) =>
	(status === 400 || status === 401) && (body.error === 'ExpiredToken' || body.error === 'InvalidToken');

export function bluesky(options: BlueskyOptions): Channel {
	const service = (options.service ?? 'https://bsky.social').replace(/\/+$/, '');
	const now = options.now ?? (() => new Date());
	const secrets = new Set([options.appPassword]);
	let session: Session | undefined;

	/** No secret ever reaches a message, whatever a server or a network error echoes. */
	const redact = (message: string) => redactSecrets(message, secrets);

	function failure(what: string, reply: Reply): ChannelError {
		const message = redact(`Bluesky ${what} failed: ${reason(reply)}`);
		if (reply.status === 429 || reply.status === 408 || reply.status >= 500) {
			return new ChannelError(message, 'transient', waitMs(reply.headers, now().getTime()));
		}
		return new ChannelError(message, 'permanent');
	}

	async function xrpc(nsid: string, call: Call, signal: AbortSignal): Promise<Reply> {
		const url = new URL(`${service}/xrpc/${nsid}`);
		for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
		const headers: Record<string, string> = {};
		if (call.token) headers.authorization = `Bearer ${call.token}`;
		if (call.png) headers['content-type'] = 'image/png';
		else if (call.json !== undefined) headers['content-type'] = 'application/json';
		const body = call.png ? new Uint8Array(call.png) : call.json !== undefined ? JSON.stringify(call.json) : undefined;
		try {
			const response = await fetch(url, { method: call.method, headers, body, signal });
			const raw = await response.text();
			let parsed: unknown;
			try {
				parsed = JSON.parse(raw);
			} catch {
				parsed = { message: raw.slice(0, 200) };
			}
			const fields = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
			return { status: response.status, headers: response.headers, body: fields };
		} catch (error) {
			// Only the record itself can make a post: a lost answer to it may be published; to the rest, not sent.
			const { kind, detail } = failedFetch(error, signal, 'Bluesky', nsid === 'com.atproto.repo.createRecord');
			throw new ChannelError(redact(`${detail} (${nsid})`), kind);
		}
	}

	function remember(body: Record<string, unknown>): Session {
		const { accessJwt, refreshJwt, did } = body;
		if (typeof accessJwt !== 'string' || typeof refreshJwt !== 'string' || typeof did !== 'string') {
			throw new ChannelError('Bluesky answered the login without a session', 'transient');
		}
		secrets.add(accessJwt).add(refreshJwt);
		session = { accessJwt, refreshJwt, did };
		keep(session);
		return session;
	}

	/**
	 * Writes the session where the next start finds it: whole (a rename), readable by this user only. A file
	 * that cannot be written does not stop the post: the session is kept in memory, and the next start logs in.
	 */
	function keep(kept: Session): void {
		const file = options.sessionFile;
		if (!file) return;
		const temporary = `${file}.${process.pid}.partial`;
		try {
			mkdirSync(dirname(file), { recursive: true });
			writeFileSync(temporary, `${JSON.stringify({ service, identifier: options.identifier, ...kept })}\n`, { mode: 0o600 });
			chmodSync(temporary, 0o600); // whatever the umask
			renameSync(temporary, file);
		} catch (error) {
			const code = (error as { code?: unknown }).code;
			console.error(`Bluesky: could not keep the session in ${file} (${typeof code === 'string' ? code : 'error'}); the next start will log in again`);
		}
	}

	/**
	 * The session kept by an earlier start, if it is this account's on this service. A missing or damaged
	 * file is no error: the channel logs in and writes a good one.
	 */
	function stored(): Session | undefined {
		if (!options.sessionFile) return undefined;
		let kept: Record<string, unknown>;
		try {
			kept = JSON.parse(readFileSync(options.sessionFile, 'utf8')) as Record<string, unknown>;
		} catch {
			return undefined;
		}
		const { accessJwt, refreshJwt, did } = kept ?? {};
		if (kept?.service !== service || kept.identifier !== options.identifier) return undefined;
		if (typeof accessJwt !== 'string' || typeof refreshJwt !== 'string' || typeof did !== 'string') return undefined;
		secrets.add(accessJwt).add(refreshJwt);
		return { accessJwt, refreshJwt, did };
	}

	/** The session in memory, else the kept one, else a new login. */
	async function current(signal: AbortSignal): Promise<Session> {
		session ??= stored();
		return session ?? login(signal);
	}

	async function login(signal: AbortSignal): Promise<Session> {
		const credentials = { identifier: options.identifier, password: options.appPassword };
		const reply = await xrpc('com.atproto.server.createSession', { method: 'POST', json: credentials }, signal);
		if (reply.status === 401) {
			throw new ChannelError(redact(`Bluesky rejected the app password for ${options.identifier} (${reason(reply)})`), 'permanent');
		}
		if (reply.status !== 200) throw failure('login', reply);
		return remember(reply.body);
	}

	async function refresh(old: Session, signal: AbortSignal): Promise<Session> {
		const reply = await xrpc('com.atproto.server.refreshSession', { method: 'POST', token: old.refreshJwt }, signal);
		if (reply.status === 200) return remember(reply.body);
		if (reply.status === 400 || reply.status === 401) return login(signal); // the refresh token expired or was revoked
		throw failure('session refresh', reply);
	}

	/** A call with the session's token; an expired token is refreshed once and the call made again. */
	async function authorized(nsid: string, call: Call, signal: AbortSignal): Promise<Reply> {
		const held = await current(signal);
		const reply = await xrpc(nsid, { ...call, token: held.accessJwt }, signal);
		if (!expired(reply)) return reply;
		return xrpc(nsid, { ...call, token: (await refresh(held, signal)).accessJwt }, signal);
	}

	return {
		name: 'bluesky',
		// How long a repeat is safe, and the pacing: the catalogue's entry (with the reasons).
		repeatSafeForMs: catalogue.bluesky.repeatSafeForMs,
		minIntervalMs: catalogue.bluesky.minIntervalMs,
		startsRequestLate: true, // a login or an upload cannot make a post: only the record counts as the request
		async send(post: OutgoingPost, signal: AbortSignal, starting?: () => void): Promise<Published> {
			const { did } = await current(signal);
			const rkey = recordKey(post.id, post.createdAt);
			const published = (uri: string) => ({ id: uri, url: `https://bsky.app/profile/${did}/post/${rkey}` });
			const cards = post.images.slice(0, 4).map((image) => ({ png: image.png, aspectRatio: pngSize(image.png) }));

			const images = [];
			for (const card of cards) {
				const reply = await authorized('com.atproto.repo.uploadBlob', { method: 'POST', png: card.png }, signal);
				if (reply.status !== 200 || !reply.body.blob) throw failure('image upload', reply);
				images.push({ alt: post.alt, image: reply.body.blob, aspectRatio: card.aspectRatio });
			}
			const links = facets(post.caption);
			const record = {
				$type: collection,
				text: post.caption,
				...(links.length > 0 ? { facets: links } : {}),
				createdAt: now().toISOString(),
				langs: [post.locale],
				...(images.length > 0 ? { embed: { $type: 'app.bsky.embed.images', images } } : {})
			};
			const where = { repo: did, collection, rkey };
			starting?.();
			const created = await authorized('com.atproto.repo.createRecord', { method: 'POST', json: { ...where, record } }, signal);
			if (created.status === 200 && typeof created.body.uri === 'string') return published(created.body.uri);

			// Already made by an earlier attempt (refused as a duplicate), or perhaps made before a 5xx: look.
			if (created.body.error === 'RecordAlreadyExists' || created.status === 409 || created.status >= 500) {
				const existing = await authorized('com.atproto.repo.getRecord', { method: 'GET', query: where }, signal);
				if (existing.status === 200 && typeof existing.body.uri === 'string') return published(existing.body.uri);
			}
			throw failure('post', created);
		},

		async find(post: Sought, signal: AbortSignal): Promise<Lookup> {
			const rkey = recordKey(post.id, post.createdAt);
			const repo = session?.did ?? options.identifier;
			const where = `at://${repo}/${collection}/${rkey}`;
			const reply = await xrpc('com.atproto.repo.getRecord', { method: 'GET', query: { repo, collection, rkey } }, signal);
			if (reply.status === 200 && typeof reply.body.uri === 'string') {
				const uri = reply.body.uri;
				const did = /^at:\/\/([^/]+)\//.exec(uri)?.[1] ?? repo;
				return { outcome: 'found', published: { id: uri, url: `https://bsky.app/profile/${did}/post/${rkey}` }, evidence: `record ${uri} exists` };
			}
			// Only the PDS's own "no such record" is certain; any other answer (the repo not found, a 5xx) says nothing.
			if (reply.status === 400 && reply.body.error === 'RecordNotFound') return { outcome: 'absent', evidence: `no record at ${where}` };
			return { outcome: 'unsure', evidence: redact(`getRecord for ${where} answered ${reason(reply)}`) };
		},

		async engagement(post, signal) {
			// The queue keeps the record's at:// URI; a post a person marked published has only its bsky.app address.
			const fromUrl = post.url ? /^https:\/\/bsky\.app\/profile\/([^/]+)\/post\/([^/?#]+)/.exec(post.url) : null;
			const uri = post.id?.startsWith('at://') ? post.id : fromUrl ? `at://${fromUrl[1]}/${collection}/${fromUrl[2]}` : undefined;
			if (!uri) throw new ChannelError('Bluesky: the post has no record address to read', 'permanent');
			let reply: Reply;
			try {
				reply = await authorized('app.bsky.feed.getPosts', { method: 'GET', query: { uris: uri } }, signal);
			} catch (error) {
				// The app password refused: every read would be; the reader stops asking until a person acts.
				if (error instanceof ChannelError && error.kind === 'permanent' && /rejected the app password/.test(error.detail)) {
					throw new ChannelError(error.detail, 'permanent', undefined, { pauseChannel: 'needs a new app password: Bluesky refused BLUESKY_APP_PASSWORD' });
				}
				throw error;
			}
			if (reply.status !== 200) throw failure('reading the post', reply);
			const found = (Array.isArray(reply.body.posts) ? reply.body.posts : []).find((item) => (item as { uri?: unknown })?.uri === uri) as Record<string, unknown> | undefined;
			// getPosts leaves out a post it cannot show (deleted, taken down).
			if (!found) throw new ChannelError(`Bluesky has no post at ${uri} (deleted?)`, 'permanent');
			const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
			return { likes: count(found.likeCount), reposts: count(found.repostCount), quotes: count(found.quoteCount), replies: count(found.replyCount) };
		},

		whereToLook(post: Sought) {
			const rkey = recordKey(post.id, post.createdAt);
			return {
				where: `the Bluesky account ${options.identifier}`,
				what: `the post at https://bsky.app/profile/${options.identifier}/post/${rkey} (its record key is fixed by the post)`
			};
		}
	};
}

/** On when BLUESKY_APP_PASSWORD is set. */
export const blueskyChannel = defineChannel({
	name: 'bluesky',
	env: ['BLUESKY_SERVICE', 'BLUESKY_IDENTIFIER', 'BLUESKY_APP_PASSWORD'],
	settings: (env): BlueskyOptions | undefined =>
		env.BLUESKY_APP_PASSWORD
			? { service: env.BLUESKY_SERVICE ?? 'https://bsky.social', identifier: env.BLUESKY_IDENTIFIER ?? '', appPassword: env.BLUESKY_APP_PASSWORD }
			: undefined,
	// The session is kept under the data folder, so that a restart does not log in again.
	create: (settings, { dataDir }) => bluesky({ ...settings, sessionFile: join(dataDir, 'bluesky-session.json') })
});
