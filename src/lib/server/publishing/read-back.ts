/**
 * Posts whose outcome is unknown (needs_check): look before asking a person. Where a network can be read back
 * (the channel has `find`: Mastodon's statuses, Bluesky's record under the post's fixed key, the outbox's
 * folder), the post is resolved as published — with its address — or sent again when it is certainly not
 * there. Anything less than certain stays for a person, and `whereToLook` tells them where to look: which
 * account, chat or receiver, which time window, and what identifies the post there.
 *
 * The publish job calls `checkUnknown` once a tick; each resolution goes through Queue.resolve, so the audit
 * log has it, with what was found in the actor's words ("scheduler (read back from mastodon: …)").
 */
import type { Post, Queue } from '#lib/server/store/posts.ts';
import { QueueError } from '#lib/server/store/posts.ts';
import { utcToZoned } from '#lib/core/time.ts';
import { firstLine, type Channel, type Lookup, type Sought } from '#lib/server/publishing/channels/types.ts';
import { sentCaption } from './compose.ts';

export interface CheckOptions {
	/** How long one read-back may take (default 30 s). */
	timeoutMs?: number;
	/**
	 * How long after a post went to needs_check before it is read back (default 5 minutes): a server still
	 * working on a request whose answer we gave up on may make the post a little later.
	 */
	settleMs?: number;
	/** After a read-back that could not tell, how long before the same post is read again (default 15 minutes). */
	recheckMs?: number;
	/** At most this many posts read back per call (default 20); the rest wait for the next tick. */
	maxPerTick?: number;
	now?: () => Date;
	/** Where each finding is reported; stdout by default. */
	log?: (line: string) => void;
	/** The site's address and whether links are marked (config.marks): a post is looked for as it was sent. */
	siteUrl?: string;
	marks?: boolean;
}

/**
 * Per queue (the scheduler keeps one for its database): posts whose last read-back could not tell, and
 * when; not read again before `recheckMs`. Kept in memory: after a restart each is read back once more.
 */
const inconclusiveByQueue = new WeakMap<Queue, Map<string, number>>();

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** When the post last went to needs_check (its last attempt was before), from the audit log. */
function checkAskedAt(queue: Queue, post: Post): Date {
	const entry = queue.audit(post.id).findLast((item) => item.to_state === 'needs_check');
	return new Date(entry?.at ?? post.updated_at);
}

/** What a channel needs to find or point to the post. */
function sought(queue: Queue, post: Post, { siteUrl = '', marks = false }: { siteUrl?: string; marks?: boolean } = {}): Sought {
	const taken = new Set<string>();
	const twins: string[] = [];
	for (const other of queue.list({ channel: post.channel })) {
		if (other.id === post.id) continue;
		if (other.remote_id) taken.add(other.remote_id);
		if (other.remote_url) taken.add(other.remote_url);
		if (other.state === 'needs_check' && other.caption === post.caption) twins.push(other.id);
	}
	return {
		id: post.id,
		caption: sentCaption(post, siteUrl, marks && siteUrl !== '').caption,
		idempotencyKey: `caravan-${post.id}`,
		createdAt: post.created_at,
		scheduledAt: post.scheduled_utc,
		since: queue.roundStartedAt(post.id) ?? new Date(post.created_at),
		until: checkAskedAt(queue, post),
		taken,
		twins,
		...(post.container_id ? { container: post.container_id } : {})
	};
}

/**
 * Reads back every needs_check post whose channel can be read, and resolves those it can be sure of.
 * Returns how many were found published, sent again, and left for a person this time.
 */
export async function checkUnknown(
	queue: Queue,
	channels: Map<string, Channel>,
	options: CheckOptions = {}
): Promise<{ published: number; sendAgain: number; unsure: number }> {
	const result = { published: 0, sendAgain: 0, unsure: 0 };
	const now = options.now ?? (() => new Date());
	const log = options.log ?? ((line: string) => console.log(line));
	const settleMs = options.settleMs ?? 5 * 60_000;
	const recheckMs = options.recheckMs ?? 15 * 60_000;
	const waiting = queue.list({ state: 'needs_check' });
	let inconclusive = inconclusiveByQueue.get(queue);
	if (!inconclusive) inconclusiveByQueue.set(queue, (inconclusive = new Map()));
	let read = 0;
	for (const post of waiting) {
		const channel = channels.get(post.channel);
		if (!channel?.find) continue; // a person looks (whereToLook)
		if (read >= (options.maxPerTick ?? 20)) break;
		const at = now().getTime();
		const target = sought(queue, post, options);
		if (at < target.until.getTime() + settleMs) continue;
		if (at < (inconclusive.get(post.id) ?? -Infinity) + recheckMs) continue;
		read++;

		let lookup: Lookup;
		try {
			lookup = await channel.find(target, AbortSignal.timeout(options.timeoutMs ?? 30_000));
		} catch (error) {
			lookup = { outcome: 'unsure', evidence: `could not read ${channel.name} back: ${messageOf(error)}` };
		}

		if (lookup.outcome === 'unsure') {
			inconclusive.set(post.id, at);
			result.unsure++;
			log(`check: post ${post.id} (${post.channel}): cannot tell, left for a person: ${lookup.evidence}`);
			continue;
		}
		inconclusive.delete(post.id);
		const actor = `scheduler (read back from ${channel.name}: ${lookup.evidence})`;
		try {
			if (lookup.outcome === 'found') {
				const address = lookup.published.url ?? lookup.published.id;
				queue.resolve(post.id, actor, { publishedUrl: address });
				result.published++;
				log(`check: post ${post.id} (${post.channel}): was published at ${address} (${lookup.evidence})`);
			} else {
				queue.resolve(post.id, actor, { sendAgain: true });
				result.sendAgain++;
				log(`check: post ${post.id} (${post.channel}): not there, sent again (${lookup.evidence})`);
			}
		} catch (error) {
			// A person resolved it meanwhile: theirs stands.
			if (!(error instanceof QueueError)) throw error;
			log(`check: post ${post.id} (${post.channel}): ${error.message}`);
		}
	}
	return result;
}

const utc = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');
const floorMinute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000);
const ceilMinute = (ms: number) => new Date(Math.ceil(ms / 60_000) * 60_000);

/**
 * For a person checking a needs_check post: where on the network, in which time window (from the round's
 * first attempt to a little after the last: a slow network may post late), and what identifies the post.
 */
export function whereToLook(queue: Queue, channels: Map<string, Channel>, post: Post): string[] {
	const target = sought(queue, post);
	const channel = channels.get(post.channel);
	const from = floorMinute(target.since.getTime());
	const to = ceilMinute(target.until.getTime() + 2 * 60_000);
	const sameDay = utc(from).slice(0, 10) === utc(to).slice(0, 10);
	const local = (date: Date) => utcToZoned(date, post.zone).slice(sameDay ? 11 : 0).replace('T', ' ');
	const place = channel?.whereToLook?.(target) ?? {
		where: `${post.channel} (not configured in this process)`,
		what: `a post whose text begins “${firstLine(post.caption)}”`
	};
	return [
		...(channel?.find ? [`Caravan reads ${post.channel} back by itself and resolves the post when it can be sure; this is for when it cannot.`] : []),
		`Look in ${place.where}.`,
		`When: between ${utc(from)} and ${sameDay ? utc(to).slice(11) : utc(to)} UTC (${local(from)}–${local(to)} ${post.zone}).`,
		`Look for: ${place.what}.`,
		'Found it: mark the post published with its address. Not there: send it again.'
	];
}
