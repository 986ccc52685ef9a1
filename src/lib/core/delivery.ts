/**
 * Delivery, in one place: what a send's outcome is called, and whether a send whose outcome is unknown
 * may go again. Pure rules over the catalogue's figures, so the queue (crash recovery), the publisher
 * and the channels all read the same ones.
 */

/**
 * What a failed send says about its request: the first words of every failure's reason, from every
 * channel, the publisher and the queue's crash recovery. A person reads them to decide whether sending
 * the post again could post it twice, so they say only what is known:
 * - not sent: the post did not go out (the request never left, was never started, or the network
 *   answered that it did not take it): sending again cannot make a second post.
 * - sent, no answer (may be published): the request went out and no answer came (a timeout, a connection
 *   closed, a gateway's 502 or 504, a crash mid-send): check the network before sending again.
 * - rejected by the network: the network answered that it refuses the post (bad credentials, content it
 *   does not accept): it is not published, and sending it unchanged will be refused again.
 */
export const said = {
	notSent: 'not sent',
	noAnswer: 'sent, no answer (may be published)',
	rejected: 'rejected by the network'
} as const;
export type Said = (typeof said)[keyof typeof said];

/**
 * The repeat policy: may a send whose outcome is unknown (a lost answer, a timeout, a
 * crash mid-send) go again? Only while the network would recognise the repeat: the channel's
 * `repeatSafeForMs` (core/catalogue.ts: Infinity always, 0 never), counted from the first request of
 * the post's current round (Queue.roundStartedAt). The publisher asks before a send and after an
 * unknown outcome; the queue's crash recovery asks for a post left mid-send.
 */
export interface RepeatWindow {
	/** How long the network recognises a repeat, from the round's first request. */
	windowMs: number;
	/** The first request of the post's current round; undefined when it has made none. */
	roundStartedAt: Date | undefined;
}

/*
 * Networks that post in two steps (Instagram, Threads: a media container, then publish) have a window per
 * request, in their catalogue entry's `requests`: making a container and reading its status or the
 * publishing limit can always be repeated (a container is not a post, and one never published expires
 * after 24 hours), while the publish request's window — the channel's `repeatSafeForMs` — is 0. What makes
 * them crash-safe is the container kept on disk before the publish (the queue's `keepContainer`): a later
 * attempt resumes with it, and an unknown outcome is read back by its status (PUBLISHED or not) before a
 * person is asked. A Facebook Page posts in one request with no idempotency key: 0, read back by caption.
 */

/** Whether sending the post again at `at` (ms since 1970) cannot make a second post. */
export function mayRepeat({ windowMs, roundStartedAt }: RepeatWindow, at: number): boolean {
	if (windowMs === Infinity) return true;
	if (!(windowMs > 0)) return false;
	return !roundStartedAt || at < roundStartedAt.getTime() + windowMs;
}

/**
 * Whether a claimed post must not be sent at all: its network recognises a repeat only for a while,
 * and that has passed since the round's first request — an earlier attempt may have posted it (a lost
 * answer; Mastodon can answer 500 after making the status). Where a repeat is never safe, the send
 * itself goes; only its unknown outcome is checked by a person.
 */
export function mustNotSend(window: RepeatWindow, at: number): boolean {
	return window.windowMs > 0 && window.windowMs < Infinity && !mayRepeat(window, at);
}

/** The words for a window that has passed, for the audit log and the post's reason. */
export function windowPassed(channel: string, windowMs: number): string {
	return `${channel} recognises a repeat for ${Math.round(windowMs / 60_000)} min from the first attempt, and that has passed`;
}
