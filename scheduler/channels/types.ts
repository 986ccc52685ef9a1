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
}

export interface Published {
	id: string;
	url?: string;
}

export interface Channel {
	name: string;
	/**
	 * True when sending the same post again cannot make a second post (the network deduplicates by an
	 * idempotency key or a fixed record key). After a crash mid-send, only such posts are sent again.
	 */
	repeatIsSafe: boolean;
	send(post: OutgoingPost, signal: AbortSignal): Promise<Published>;
}

/** A failure the network reported. Transient ones are retried; permanent ones wait for a person. */
export class ChannelError extends Error {
	constructor(
		message: string,
		readonly kind: 'transient' | 'permanent',
		/** How long the network asked us to wait (Retry-After, retry_after). */
		readonly retryAfterMs?: number
	) {
		super(message);
		this.name = 'ChannelError';
	}
}
