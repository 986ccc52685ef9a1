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
