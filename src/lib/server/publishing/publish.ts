/**
 * Publishing: claim due posts with a lease, send each through its channel, record the outcome.
 * Just before a post's request goes out, its start is written to the database on its own (and its
 * attempt counted): after a crash, only that post of the batch may have been sent.
 * Transient failures wait and try again (exponential backoff with jitter, or the network's own
 * Retry-After when that is longer); permanent ones go to `failed` with the network's reason. A send
 * that may have reached the network is repeated only while the network would recognise the repeat
 * (the channel's `repeatSafeForMs`, from the first request); otherwise it goes to `needs_check`.
 * Every reason starts with what happened to the request (channels/types.ts `said`).
 */
import { cardPng, keptCardPng } from '#lib/server/cards/cache.ts';
import { cardText } from '#lib/server/views/card.ts';
import { isFormat, type ChannelName, type Format } from '#lib/core/catalogue.ts';
import { takesCarousel } from '#lib/core/post-fields.ts';
import { postCardPath, postSlidePath } from '#lib/core/paths.ts';
import { isPaused, setPaused } from '#lib/server/store/channel-settings.ts';
import type { Content } from '#lib/server/content/load.ts';
import { QueueError, type Post, type Queue } from '#lib/server/store/posts.ts';
import { said } from '#lib/core/delivery.ts';
import { ChannelError, reason, reasonOf, type Channel, type OutgoingPost, type Published } from '#lib/server/publishing/channels/types.ts';
import { itemUrl } from './plan.ts';
import { sentCaption } from './compose.ts';
import { markLinks } from '#lib/core/captions.ts';
import { mayRepeat, mustNotSend, windowPassed } from '#lib/core/delivery.ts';

export interface PublishOptions {
	owner: string;
	leaseMs: number;
	timeoutMs: number;
	maxAttempts: number;
	backoffMs: number;
	cardsDir: string;
	siteUrl: string;
	/** Mark links to the site with utm_ fields (config.marks): network, campaign, post. */
	marks?: boolean;
	/** At most this many posts per tick, so one tick never runs for long (the rest wait for the next). */
	maxPerTick?: number;
	/** Multiplies every channel's minimum interval: 1 in production, 0 against local test servers. */
	paceScale?: number;
	/** Stop taking new posts (SIGTERM): what is in flight finishes, nothing new starts. */
	stopping?: () => boolean;
	random?: () => number;
	/** Where a post's trouble that is not the network's goes (the outcome could not be recorded); stderr by default. */
	log?: (line: string) => void;
}

/**
 * Per-channel pacing: the earliest moment each channel may be sent to again. Kept per process, for
 * each channel as configured (the scheduler makes each one once); a restart at worst sends one post
 * early, which the network's 429 and Retry-After then handle.
 */
const nextSlot = new WeakMap<Channel, number>();

/**
 * Waits for the channel's next slot and takes it. False when the publisher began stopping first: the
 * slot is not taken, and the post must not be sent.
 */
async function waitForSlot(channel: Channel, scale: number, stopping?: () => boolean): Promise<boolean> {
	const until = nextSlot.get(channel) ?? 0;
	while (Date.now() < until) {
		if (stopping?.()) return false;
		await new Promise((resolve) => setTimeout(resolve, Math.min(250, until - Date.now())));
	}
	if (stopping?.()) return false;
	nextSlot.set(channel, Date.now() + channel.minIntervalMs * scale);
	return true;
}

/** Exponential backoff with full jitter: up to base × 2^(attempt−1). */
export function backoff(attempt: number, baseMs: number, random: () => number = Math.random): number {
	return Math.round(baseMs * 2 ** (attempt - 1) * (0.5 + random() / 2));
}

/** The post's own card, as its caption and alt describe it; a post made before cards were kept takes the content's card now. */
async function images(content: Content, post: Post, options: PublishOptions) {
	// Where a network fetches the card itself: the site serves the post's card as a JPEG there.
	const url = (format: Format) => `${options.siteUrl}${postCardPath(post.id, format)}`;
	if (post.slides) {
		// A carousel: its kept slides, in order, in its one format (checked when it was made and approved).
		const format = post.formats.find(isFormat) ?? 'square';
		return Promise.all(
			post.slides.map(async (slide, i) => ({
				format,
				png: await keptCardPng(options.cardsDir, slide.card, format, slide.card_keys[format]),
				url: `${options.siteUrl}${postSlidePath(post.id, format, i + 1)}`,
				alt: slide.card.alt
			}))
		);
	}
	const kept = post.card;
	if (kept) {
		return Promise.all(
			post.formats
				.filter(isFormat)
				.map(async (format) => ({ format, png: await keptCardPng(options.cardsDir, kept, format, post.card_keys?.[format]), url: url(format) }))
		);
	}
	const card = cardText(content, post.locale, post.item_kind, post.item_slug, options.siteUrl);
	if (!card) throw new ChannelError(`The ${post.item_kind} "${post.item_slug}" is no longer in the content`, 'permanent', undefined, { before: true });
	return Promise.all(
		post.formats.filter(isFormat).map(async (format) => ({ format, png: await cardPng(options.cardsDir, card, format), url: url(format) }))
	);
}

type Outcome = 'published' | 'retried' | 'failed' | 'unknown';
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function publishDue(
	queue: Queue,
	content: Content,
	channels: Map<string, Channel>,
	options: PublishOptions
): Promise<Record<Outcome, number>> {
	const result = { published: 0, retried: 0, failed: 0, unknown: 0 };
	const log = options.log ?? ((line: string) => console.error(line));
	const max = options.maxPerTick ?? Infinity;
	let taken = 0;
	while (!options.stopping?.() && taken < max) {
		const claimed = queue.claimDue(options.owner, { leaseMs: options.leaseMs, limit: Math.min(5, max - taken) });
		taken += claimed.length;
		if (claimed.length === 0) break;
		for (const post of claimed) {
			// One post's trouble (its lease taken over, the database busy) is logged and the batch goes on:
			// the post stays as it is until its lease runs out, and recovery decides.
			try {
				if (options.stopping?.()) {
					queue.release(post.id, options.owner); // not sent: it waits for the next publisher
					continue;
				}
				const outcome = await publishOne(queue, content, channels, post, options, log);
				if (outcome) result[outcome]++;
			} catch (error) {
				log(`publish: post ${post.id} (${post.channel}): could not record what happened: ${messageOf(error)}`);
			}
		}
	}
	return result;
}

/** Sends one claimed post and records the outcome; undefined when the post is no longer ours. */
async function publishOne(
	queue: Queue,
	content: Content,
	channels: Map<string, Channel>,
	post: Post,
	options: PublishOptions,
	log: (line: string) => void
): Promise<Outcome | undefined> {
	const channel = channels.get(post.channel);
	if (!channel) {
		queue.failed(post.id, options.owner, reason(said.notSent, `Channel "${post.channel}" is not configured: see the README's configuration`));
		return 'failed';
	}
	let outgoing: OutgoingPost;
	let slot: boolean;
	try {
		// Links marked now that the post has its id (compose.ts sentCaption).
		// A set goes only to a network that posts it as one (the queue checks this too, when it is made).
		if (post.slides && !takesCarousel(post.channel)) {
			throw new ChannelError(`${post.channel} does not post a carousel as one set`, 'permanent', undefined, { before: true });
		}
		const sent = sentCaption(post, options.siteUrl, options.marks ?? false);
		if (sent.unmarked) log(`publish: post ${post.id} (${post.channel}): ${sent.unmarked}`);
		outgoing = {
			id: post.id,
			locale: post.locale,
			caption: sent.caption,
			alt: post.alt,
			images: await images(content, post, options),
			url: markLinks(itemUrl(options.siteUrl, post.locale, post.item_kind, post.item_slug), sent.marks),
			idempotencyKey: `caravan-${post.id}`,
			createdAt: post.created_at,
			scheduledAt: post.scheduled_utc,
			...(post.slides ? { carousel: true } : {}),
			...(post.container_id ? { container: post.container_id } : {}),
			keepContainer: (container) => queue.keepContainer(post.id, options.owner, container),
			...(post.children ? { children: post.children } : {}),
			keepChildren: (children) => queue.keepChildren(post.id, options.owner, children)
		};
		slot = await waitForSlot(channel, options.paceScale ?? 1, options.stopping);
	} catch (error) {
		return failure(queue, post, channel, error, false, options);
	}
	if (!slot) {
		queue.release(post.id, options.owner); // stopping while it waited for its turn: not sent
		return undefined;
	}
	if (!queue.leasedTo(post.id, options.owner)) {
		log(`publish: post ${post.id} (${post.channel}): no longer leased to ${options.owner} (recovered by another process); not sent`);
		return undefined;
	}
	// Paused since it was claimed (by an admin, or by this run after the network refused the channel's token).
	if (isPaused(queue.db, post.channel)) {
		queue.postpone(post.id, options.owner, reason(said.notSent, `${post.channel} is paused`), 0);
		return 'retried';
	}
	// Where the network recognises a repeat only for a while, no repeat once that has passed (core/delivery.ts).
	if (mustNotSend(...queue.repeatWindow(post.id, channel.repeatSafeForMs))) {
		const passed = windowPassed(channel.name, channel.repeatSafeForMs);
		queue.needsCheck(post.id, options.owner, reason(said.noAnswer, `an earlier attempt may have posted it, and it is not sent again: ${passed}`));
		return 'unknown';
	}
	// On disk before the request leaves: after a crash, this post — not the rest of its batch — may be out.
	// A channel whose send makes requests that cannot post (a login, uploads) says when the one that can starts.
	let started = false;
	const starting = () => {
		if (started) return;
		queue.startRequest(post.id, options.owner);
		started = true;
	};
	if (!channel.startsRequestLate) starting();
	// The gap is counted from the moment the request leaves, not from when the slot was taken: the
	// checks and writes above take a few milliseconds more on a busy machine.
	nextSlot.set(channel, Date.now() + channel.minIntervalMs * (options.paceScale ?? 1));
	let published: Published;
	try {
		published = await channel.send(outgoing, AbortSignal.timeout(options.timeoutMs), starting);
	} catch (error) {
		if (error instanceof QueueError && !started) {
			log(`publish: post ${post.id} (${post.channel}): ${error.message}; not sent`);
			return undefined;
		}
		return failure(queue, post, channel, error, started, options);
	}
	queue.published(post.id, options.owner, published);
	return 'published';
}

/**
 * Records a failed send: failed, retried later, or — where a repeat is not safe — a person checks.
 * `sent`: the request had started, so an error the channel did not classify may have reached the network.
 * The reason starts with what the failure says about the request (channels/types.ts `said`).
 */
function failure(queue: Queue, post: Post, channel: Channel, error: unknown, sent: boolean, options: PublishOptions): Outcome {
	// Before the send (a card that cannot be rendered or read) nothing went out: trying again is safe.
	const kind = error instanceof ChannelError ? error.kind : sent ? 'unknown' : 'transient';
	const message = reasonOf(error, sent);
	// A channel that cannot go on until a person acts (a token to renew) is paused: its posts wait, approved.
	if (error instanceof ChannelError && error.pauseChannel && kind !== 'unknown') {
		setPaused(queue.db, post.channel as ChannelName, true, `scheduler (${options.owner})`, error.pauseChannel);
		queue.postpone(post.id, options.owner, message, 0);
		return 'retried';
	}
	// The network asked it to wait (a quota, a container still processing): no attempt used.
	if (error instanceof ChannelError && error.waits) {
		queue.postpone(post.id, options.owner, message, Math.max(options.backoffMs, error.retryAfterMs ?? 0));
		return 'retried';
	}
	if (kind === 'permanent') {
		queue.failed(post.id, options.owner, message);
		return 'failed';
	}
	// The network's own wait, but never less than the backoff: a 429 whose reset is already past says 0,
	// and the post would be claimed again at once, using up every attempt in one tick.
	// This attempt's number: counted when its request started, or (before that) by retryLater.
	const normal = backoff(post.attempts + 1, options.backoffMs, options.random);
	const wait = Math.max(normal, error instanceof ChannelError ? (error.retryAfterMs ?? 0) : 0);
	if (kind === 'unknown' && !mayRepeat(...queue.repeatWindow(post.id, channel.repeatSafeForMs, wait))) {
		// It may have gone out, and sending again (when the retry is due) could post it twice. A person checks.
		const passed = channel.repeatSafeForMs > 0 ? ` (${windowPassed(channel.name, channel.repeatSafeForMs)} by the time of a retry)` : '';
		queue.needsCheck(post.id, options.owner, `${message}${passed}`);
		return 'unknown';
	}
	return queue.retryLater(post.id, options.owner, message, wait, options.maxAttempts).state === 'failed' ? 'failed' : 'retried';
}

/** Recovers the posts of a publisher that died (see Queue.recoverExpired), with each channel's window. */
export function recover(queue: Queue, channels: Map<string, Channel>, options: Pick<PublishOptions, 'owner' | 'maxAttempts'>): Post[] {
	return queue.recoverExpired(options.owner, {
		repeatSafeForMs: (name) => channels.get(name)?.repeatSafeForMs ?? 0,
		maxAttempts: options.maxAttempts
	});
}
