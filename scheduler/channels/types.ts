/** The one small interface every social network module implements. */

export interface OutgoingPost {
	id: string;
	locale: string;
	caption: string;
	alt: string;
	/** The card images, in the post's formats. */
	images: { format: string; png: Buffer }[];
	/** The page the post links to. */
	url: string;
	/** The same for every attempt at this post: for networks that deduplicate by key. */
	idempotencyKey: string;
	/** When the post was created (ISO 8601): fixed for the post, like its id. */
	createdAt: string;
	/** When the post is due (ISO 8601, UTC): the same on every attempt, however late it is sent. */
	scheduledAt: string;
}

export interface Published {
	id: string;
	url?: string;
}

export interface Channel {
	name: string;
	/**
	 * For how long, from the first attempt at a post, sending it again cannot make a second post: the
	 * network recognises a repeat by an idempotency key it keeps for a while (Mastodon: an hour), or
	 * forever by a record key fixed per post (Bluesky; the outbox's folder): Infinity. 0: a repeat is
	 * never safe (Telegram, webhooks). A send whose outcome is unknown — a lost answer, a crash mid-send —
	 * is repeated only inside this window; otherwise a person checks first.
	 */
	repeatSafeForMs: number;
	/**
	 * The network's posting rate limit, as the shortest gap between two posts from this installation
	 * (Telegram: 20 posts a minute to one channel; Mastodon: 300 statuses in 3 hours; Bluesky: 1,666
	 * records an hour). The publisher waits rather than collect 429s.
	 */
	minIntervalMs: number;
	send(post: OutgoingPost, signal: AbortSignal): Promise<Published>;
	/**
	 * Reads the network back for a post whose send may or may not have reached it (needs_check), where the
	 * network lets us: `found` with the post's id and address, `absent` only when it is certain the post is
	 * not there, `unsure` otherwise (a person decides). Networks that cannot be read back leave it out.
	 */
	find?(post: Sought, signal: AbortSignal): Promise<Lookup>;
	/** Where on the network a person finds the post, and what identifies it there. */
	whereToLook?(post: Sought): { where: string; what: string };
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

/**
 * A failure sending a post.
 * - `transient`: the network did not take the post (refused connection, 429, 5xx): try again later.
 * - `permanent`: the network refused the post (bad credentials, rejected content): a person must look.
 * - `unknown`: the request may have reached the network (timeout, connection lost mid-request): sent
 *   again only where a repeat is safe, otherwise a person checks first.
 */
export class ChannelError extends Error {
	constructor(
		message: string,
		readonly kind: 'transient' | 'permanent' | 'unknown',
		/** How long the network asked us to wait (Retry-After, retry_after). */
		readonly retryAfterMs?: number
	) {
		super(message);
		this.name = 'ChannelError';
	}
}

/** Errors raised before a single byte of the request left this machine. */
const notSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * What a failed fetch means for the post: `transient` when the request never left (connection refused,
 * no such host), `unknown` when it may have reached the network (timeout, connection lost).
 */
export function failedFetchKind(error: unknown, signal: AbortSignal): 'transient' | 'unknown' {
	if (signal.aborted) return 'unknown';
	const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
	return typeof cause?.code === 'string' && notSent.has(cause.code) ? 'transient' : 'unknown';
}
