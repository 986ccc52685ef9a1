/** The one small interface every social network module implements, and how a module declares itself. */
import type { ChannelName, Engagement, Format } from '#lib/core/catalogue.ts';
import type { Locale } from '#lib/core/i18n.ts';
import { said, type Said } from '#lib/core/delivery.ts';

export interface OutgoingPost {
	id: string;
	locale: Locale;
	caption: string;
	alt: string;
	/**
	 * The card images, in the post's formats; for a carousel, its slides in order, in its one format.
	 * `url`: where the network can fetch the card as a JPEG (the site's /cards/posts/<post>/<format>.jpg,
	 * a slide's /cards/posts/<post>/<format>-<n>.jpg), for networks that take an image by its address.
	 * `alt`: a slide's own alt text (a single card's is the post's `alt`).
	 */
	images: { format: Format; png: Buffer; url?: string; alt?: string }[];
	/**
	 * The images are a topic's carousel, to go out as one post (a Telegram media group, an Instagram
	 * carousel): only channels whose catalogue entry has `carousel` are given one.
	 */
	carousel?: boolean;
	/** The page the post links to. */
	url: string;
	/** The same for every attempt at this post: for networks that deduplicate by key. */
	idempotencyKey: string;
	/** When the post was created (ISO 8601): fixed for the post, like its id. */
	createdAt: string;
	/** When the post is due (ISO 8601, UTC): the same on every attempt, however late it is sent. */
	scheduledAt: string;
	/** The media container an earlier attempt made and kept (two-step networks): resume with it. */
	container?: string;
	/**
	 * Keeps the container (null: forgets it) on disk before the publish request: a two-step network calls
	 * it once the container exists and before `starting`. It may throw when the post is no longer ours.
	 */
	keepContainer?: (container: string | null) => void;
	/** A carousel's item containers an earlier attempt made and kept, in order: reuse them. */
	children?: readonly string[];
	/** Keeps them (null: forgets them) on disk, as each is made and before the carousel's container is. */
	keepChildren?: (children: readonly string[] | null) => void;
}

export interface Published {
	id: string;
	url?: string;
}

export interface Channel {
	name: string;
	/**
	 * For how long, from the first attempt at a post, sending it again cannot make a second post
	 * (Infinity: always; 0: never). A channel takes it from its catalogue entry (core/catalogue.ts);
	 * the rule that reads it is core/delivery.ts.
	 */
	repeatSafeForMs: number;
	/** The shortest gap between two posts from this installation: its catalogue entry's. */
	minIntervalMs: number;
	/**
	 * True when `send` calls its `starting` itself, just before the request that can make the post leaves
	 * (after a login or uploads, which cannot, and after the request is built): the later the mark, the
	 * fewer posts a crash leaves uncertain that never went out. Otherwise the publisher takes the request
	 * to start with `send`.
	 */
	startsRequestLate?: boolean;
	/**
	 * Sends the post. `starting` records that the request that can make the post is about to leave (a
	 * crash after it leaves the post uncertain, one before it does not); it may throw when the post is no
	 * longer this publisher's, and then nothing must be sent.
	 */
	send(post: OutgoingPost, signal: AbortSignal, starting?: () => void): Promise<Published>;
	/**
	 * Reads the network back for a post whose send may or may not have reached it (needs_check), where the
	 * network lets us: `found` with the post's id and address, `absent` only when it is certain the post is
	 * not there, `unsure` otherwise (a person decides). Networks that cannot be read back leave it out.
	 */
	find?(post: Sought, signal: AbortSignal): Promise<Lookup>;
	/** Where on the network a person finds the post, and what identifies it there. */
	whereToLook?(post: Sought): { where: string; what: string };
	/**
	 * Reads a published post's engagement back (likes, reposts, replies, views…), in the catalogue's metric
	 * names (core/catalogue.ts engagementMetrics), for the networks that let us; its catalogue entry lists
	 * which. `post` is what the queue kept: the network's id (missing for a post a person marked published)
	 * and its address. Fails with a ChannelError: `transient` (try later), `permanent` (this post cannot be
	 * read: deleted, not ours), or with `pauseChannel` set when the token is refused. A network without it
	 * (Telegram, the webhook, the outbox) is not read.
	 */
	engagement?(post: { id?: string; url?: string }, signal: AbortSignal): Promise<Engagement>;
}

/** The environment, as config.ts reads it. */
export type Env = Record<string, string | undefined>;

/**
 * A channel's module: one per network, listed in index.ts. What the dashboard's browser code needs too
 * (the caption rule, the repeat window, the pacing, the preview) is its entry in core/catalogue.ts.
 */
export interface ChannelModule<Name extends ChannelName = ChannelName, Settings = unknown> {
	name: Name;
	/** The environment variables it reads: names only, for the dashboard's channel page (never their values). */
	env: readonly string[];
	/**
	 * Its settings from the environment, or undefined when it is not switched on (its credentials are
	 * not set). Called by config.ts, the one place configuration is read.
	 */
	settings(env: Env): Settings | undefined;
	/** The channel, from its settings and the installation's data folders. */
	create(settings: Settings, where: { dataDir: string; outboxDir: string }): Channel;
}

/** Declares a channel's module, keeping its name and its settings' type. */
export function defineChannel<const Name extends ChannelName, Settings>(module: ChannelModule<Name, Settings>): ChannelModule<Name, Settings> {
	return module;
}

/** A post that went out, or may have: what a read-back looks for. */
export interface Sought {
	id: string;
	caption: string;
	idempotencyKey: string;
	/** When the post was created (ISO 8601): Bluesky's record key comes from it. */
	createdAt: string;
	/** When the post was due (ISO 8601): the outbox's folder is named by its day. */
	scheduledAt: string;
	/** The first attempt of the post's current round: nothing this round sent is older. */
	since: Date;
	/** When the post went to needs_check: every attempt of the round was made before. */
	until: Date;
	/** The network ids and addresses the queue has recorded for other posts on this channel: none of them is this post. */
	taken: ReadonlySet<string>;
	/** Other posts on this channel waiting for a check with the very same caption: a text alone cannot tell them apart. */
	twins: readonly string[];
	/** The media container kept for the post (two-step networks): its status says whether it was published. */
	container?: string;
}

/** What a read-back found. `evidence` says how, in words for the audit log. */
export type Lookup =
	| { outcome: 'found'; published: Published; evidence: string }
	| { outcome: 'absent'; evidence: string }
	| { outcome: 'unsure'; evidence: string };

/** The caption's first line, for a person to search for on a network. */
export function firstLine(caption: string): string {
	const line = caption.split('\n').map((part) => part.trim()).find((part) => part !== '') ?? '';
	return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}


/** A reason in those words: what happened to the request, then the detail. */
export function reason(what: Said, detail: string): string {
	return `${what}: ${detail}`;
}

/** The words each kind of failure says, unless the failure came before the request (then: not sent). */
const saidOf: Record<ChannelError['kind'], Said> = { transient: said.notSent, unknown: said.noAnswer, permanent: said.rejected };

/**
 * A failure sending a post. Its message starts with what it says about the request (`said`).
 * - `transient`: the network did not take the post (refused connection, 429, 5xx): try again later. Not sent.
 * - `permanent`: the network refused the post (bad credentials, rejected content): a person must look.
 *   Rejected by the network — or not sent, when the channel refused it itself before any request
 *   (`before: true`: a caption too long, no image).
 * - `unknown`: the request may have reached the network (timeout, connection lost mid-request): sent
 *   again only where a repeat is safe, otherwise a person checks first. Sent, no answer (may be published).
 */
export class ChannelError extends Error {
	/** What the failure says about the request. */
	readonly said: Said;
	/** The message without those first words. */
	readonly detail: string;
	/**
	 * The post waits, using no attempt: the network is not refusing it, only not now (its publishing quota
	 * is used up, its container is still being processed). Only for `transient`.
	 */
	readonly waits: boolean;
	/**
	 * The channel itself cannot go on until a person acts (its token expired or was revoked): the channel
	 * is paused with these words and its posts wait, instead of failing one by one.
	 */
	readonly pauseChannel?: string;
	constructor(
		detail: string,
		readonly kind: 'transient' | 'permanent' | 'unknown',
		/** How long the network asked us to wait (Retry-After, retry_after). */
		readonly retryAfterMs?: number,
		{ before = false, waits = false, pauseChannel }: { before?: boolean; waits?: boolean; pauseChannel?: string } = {}
	) {
		const what = before && kind !== 'unknown' ? said.notSent : saidOf[kind];
		super(reason(what, detail));
		this.name = 'ChannelError';
		this.said = what;
		this.detail = detail;
		this.waits = waits && kind === 'transient';
		this.pauseChannel = pauseChannel;
	}
}

/**
 * The reason for any error from a send: a ChannelError's own words; anything else (a bug, a file that
 * cannot be read) says not sent when it came before the request, and may be published after it started.
 */
export function reasonOf(error: unknown, requestStarted: boolean): string {
	if (error instanceof ChannelError) return error.message;
	return reason(requestStarted ? said.noAnswer : said.notSent, error instanceof Error ? error.message : String(error));
}

/** Errors raised before a single byte of the request left this machine. */
const notSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * What a failed fetch means for the post: `transient` when the request never left (connection refused,
 * no such host), `unknown` when it may have reached the network (timeout, connection lost).
 */
export function failedFetchKind(error: unknown, signal: AbortSignal): 'transient' | 'unknown' {
	if (signal.aborted) return 'unknown';
	const code = errorCode(error);
	return code !== undefined && notSent.has(code) ? 'transient' : 'unknown';
}

/** fetch's error code (ECONNREFUSED, UND_ERR_SOCKET), when it is one: never free text, which may quote the URL. */
function errorCode(error: unknown): string | undefined {
	const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
	return typeof cause?.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(cause.code) ? cause.code : undefined;
}

/**
 * A failed fetch in the shared words, for a request to `network` (e.g. "Telegram"): its kind (see
 * failedFetchKind) and a detail that names no URL — only the network and fetch's error code.
 * `posting`: the request can make the post; any other (a login, an upload) cannot, so its failure is
 * `transient`: not sent, whatever happened to it.
 */
export function failedFetch(error: unknown, signal: AbortSignal, network: string, posting = true): { kind: 'transient' | 'unknown'; detail: string } {
	const kind = posting ? failedFetchKind(error, signal) : 'transient';
	const code = errorCode(error);
	const shown = code ? ` (${code})` : '';
	if (signal.aborted) {
		const timedOut = signal.reason instanceof Error && signal.reason.name === 'TimeoutError';
		return { kind, detail: timedOut ? `${network} did not answer in time` : `the send to ${network} was aborted` };
	}
	if (code !== undefined && notSent.has(code)) return { kind, detail: `${network} could not be reached${shown}` };
	return { kind, detail: `the connection to ${network} closed before its answer${shown}` };
}
