/**
 * Reading engagement back: the scheduler's `engagement` job reads each published post's figures from its
 * network at about 1 hour, 1 day and 7 days after it went out (store/engagement.ts says which reading is
 * due), through the channel's `engagement` (channels/types.ts). It is its own job, so a slow or failing
 * network never holds up publishing.
 *
 * - Reads on one channel are spaced by its catalogue entry's `readIntervalMs` (its rate limit for reads).
 * - A failure that may pass (no connection, 5xx, 429) is tried again later, backing off from 15 minutes
 *   to 6 hours; a 429 holds the whole channel until the time the network gave.
 * - A refused token (the channel's error has `pauseChannel`) holds the channel for 6 hours and is logged
 *   once per hold, not once per post; a channel the scheduler paused for its token is not read at all.
 * - A post the network cannot give figures for (deleted, no id kept) gets its reading with the reason, so
 *   it is not asked again for that checkpoint.
 * What is held in memory (retries, holds, the next slot) is lost on a restart: each waiting read is then
 * tried once more, which is all a restart costs.
 */
import { channelEngagement } from '#lib/core/catalogue.ts';
import { channelStatus } from '#lib/server/store/channel-settings.ts';
import type { Db } from '#lib/server/store/database.ts';
import { dueReadings, keepReading } from '#lib/server/store/engagement.ts';
import { ChannelError, type Channel } from './channels/types.ts';

export interface EngagementOptions {
	now?: () => Date;
	/** How long one read may take (default 30 s). */
	timeoutMs?: number;
	/** At most this many reads per tick (default 30); the rest wait for the next. */
	maxPerTick?: number;
	/** Multiplies every channel's read interval: 1 in production, 0 against local test servers. */
	paceScale?: number;
	/** Stop reading (SIGTERM): what is in flight finishes, nothing new starts. */
	stopping?: () => boolean;
	/** Where each failure is reported; stdout by default. */
	log?: (line: string) => void;
}

export interface EngagementResult {
	/** Readings kept with figures. */
	read: number;
	/** Readings kept with the reason the network gave none. */
	unreadable: number;
	/** Reads that failed and wait to be tried again. */
	retry: number;
	/** Reads not made because their channel is held (a refused token, a rate limit) or paused for its token. */
	held: number;
}

/** The first wait after a failed read, and the longest. */
const RETRY_MS = 15 * 60_000;
const MAX_RETRY_MS = 6 * 60 * 60_000;
/** How long a channel whose token was refused is not read. */
const TOKEN_HOLD_MS = 6 * 60 * 60_000;

interface Memory {
	/** Per post and checkpoint: failures so far, and the earliest time to try again. */
	retries: Map<string, { failures: number; at: number }>;
	/** Per channel: not read before this time. */
	holds: Map<string, number>;
	/** Per channel: the earliest moment of its next read (real time, for pacing). */
	slots: Map<string, number>;
}
const memories = new WeakMap<Map<string, Channel>, Memory>();

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The longest a read waits in a tick for its channel's next slot. A channel paced more slowly (X, one
 * read a minute) leaves its later readings to the next ticks instead of holding up every other network's.
 */
const MAX_SLOT_WAIT_MS = 5_000;

/**
 * Waits (real time) until the channel's next read may go: 'go', 'later' when that is further off than a
 * tick should wait (the reading stays due), or 'stop' when stopping first.
 */
async function waitForSlot(memory: Memory, name: string, intervalMs: number, stopping?: () => boolean): Promise<'go' | 'later' | 'stop'> {
	const until = memory.slots.get(name) ?? 0;
	if (until - Date.now() > MAX_SLOT_WAIT_MS) return 'later';
	while (Date.now() < until) {
		if (stopping?.()) return 'stop';
		await new Promise((resolve) => setTimeout(resolve, Math.min(250, until - Date.now())));
	}
	if (stopping?.()) return 'stop';
	memory.slots.set(name, Date.now() + intervalMs);
	return 'go';
}

/** Reads the engagement that is due, on the channels that can be read. */
export async function readEngagement(db: Db, channels: Map<string, Channel>, options: EngagementOptions = {}): Promise<EngagementResult> {
	const now = options.now ?? (() => new Date());
	const log = options.log ?? ((line: string) => console.log(line));
	const result: EngagementResult = { read: 0, unreadable: 0, retry: 0, held: 0 };
	let memory = memories.get(channels);
	if (!memory) memories.set(channels, (memory = { retries: new Map(), holds: new Map(), slots: new Map() }));

	const tokenPaused = new Set(channelStatus(db).filter((status) => status.paused && status.reason).map((status) => status.name as string));
	const readable = [...channels.values()].filter((channel) => channel.engagement).map((channel) => channel.name);
	let made = 0;
	for (const { post, checkpoint } of dueReadings(db, readable, now())) {
		if (options.stopping?.() || made >= (options.maxPerTick ?? 30)) break;
		const channel = channels.get(post.channel);
		if (!channel?.engagement) continue;
		const at = now().getTime();
		if (tokenPaused.has(channel.name) || (memory.holds.get(channel.name) ?? -Infinity) > at) {
			result.held++;
			continue;
		}
		const key = `${post.id} ${checkpoint}`;
		const retry = memory.retries.get(key);
		if (retry && retry.at > at) continue;
		const entry = channelEngagement(channel.name);
		const interval = typeof entry === 'object' ? entry.readIntervalMs : 1_000;
		const slot = await waitForSlot(memory, channel.name, interval * (options.paceScale ?? 1), options.stopping);
		if (slot === 'stop') break;
		if (slot === 'later') continue;
		made++;
		const where = `engagement: post ${post.id} (${channel.name}, ${checkpoint})`;
		try {
			const metrics = await channel.engagement(
				{ ...(post.remote_id ? { id: post.remote_id } : {}), ...(post.remote_url ? { url: post.remote_url } : {}) },
				AbortSignal.timeout(options.timeoutMs ?? 30_000)
			);
			keepReading(db, { post_id: post.id, checkpoint, read_at: now().toISOString(), metrics, problem: null });
			memory.retries.delete(key);
			result.read++;
		} catch (error) {
			if (error instanceof ChannelError && error.pauseChannel) {
				memory.holds.set(channel.name, at + TOKEN_HOLD_MS);
				result.held++;
				log(`engagement: ${channel.name} is not read for ${TOKEN_HOLD_MS / 3_600_000} hours: ${error.pauseChannel} (${error.detail})`);
			} else if (error instanceof ChannelError && error.kind === 'permanent') {
				keepReading(db, { post_id: post.id, checkpoint, read_at: now().toISOString(), metrics: {}, problem: error.detail });
				memory.retries.delete(key);
				result.unreadable++;
				log(`${where}: no figures: ${error.detail}`);
			} else {
				const failures = (retry?.failures ?? 0) + 1;
				const waitMs = Math.max(Math.min(RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS), error instanceof ChannelError ? (error.retryAfterMs ?? 0) : 0);
				memory.retries.set(key, { failures, at: at + waitMs });
				// The network asked every request to wait (429): the whole channel waits.
				if (error instanceof ChannelError && error.retryAfterMs !== undefined) memory.holds.set(channel.name, at + error.retryAfterMs);
				result.retry++;
				log(`${where}: will try again in ${Math.round(waitMs / 60_000)} min: ${messageOf(error)}`);
			}
		}
	}
	return result;
}
