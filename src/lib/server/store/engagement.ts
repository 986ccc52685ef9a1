/**
 * Engagement readings: what a network said about a published post at about 1 hour, 1 day and 7 days
 * after it went out (core/catalogue.ts engagementCheckpoints). One row per post and checkpoint; the first
 * reading of a checkpoint stands, so a reading made twice (two schedulers, a retry) is kept once.
 */
import { engagementCheckpoints, type Checkpoint, type Engagement } from '#lib/core/catalogue.ts';
import type { Db } from './database.ts';

export interface Reading {
	post_id: string;
	checkpoint: Checkpoint;
	read_at: string;
	metrics: Engagement;
	/** Why the network gave no figures for this checkpoint (the post deleted, no id kept); null when it did. */
	problem: string | null;
}

/** A published post as the reader needs it: where it is on its network, and when it went out. */
export interface PublishedPost {
	id: string;
	channel: string;
	remote_id: string | null;
	remote_url: string | null;
	published_at: string;
}

/** A reading to make: the post, and the checkpoint it is for. */
export interface Due {
	post: PublishedPost;
	checkpoint: Checkpoint;
	/** When the checkpoint came (published_at + its time). */
	dueAt: Date;
}

type Row = Omit<Reading, 'metrics'> & { metrics: string };
const toReading = (row: Row): Reading => ({ ...row, metrics: JSON.parse(row.metrics) as Engagement });

/** Keeps a reading unless its checkpoint was read before. True when this one was kept. */
export function keepReading(db: Db, reading: Reading): boolean {
	const { changes } = db
		.prepare('INSERT INTO engagement (post_id, checkpoint, read_at, metrics, problem) VALUES (?, ?, ?, ?, ?) ON CONFLICT (post_id, checkpoint) DO NOTHING')
		.run(reading.post_id, reading.checkpoint, reading.read_at, JSON.stringify(reading.metrics), reading.problem);
	return changes === 1;
}

/** Every reading of a post (or of all posts), in checkpoint order. */
export function readings(db: Db, postId?: string): Reading[] {
	const rows = (
		postId === undefined
			? db.prepare('SELECT post_id, checkpoint, read_at, metrics, problem FROM engagement ORDER BY post_id').all()
			: db.prepare('SELECT post_id, checkpoint, read_at, metrics, problem FROM engagement WHERE post_id = ?').all(postId)
	) as Row[];
	const order = (checkpoint: Checkpoint) => engagementCheckpoints.findIndex((item) => item.name === checkpoint);
	return rows.map(toReading).sort((a, b) => a.post_id.localeCompare(b.post_id) || order(a.checkpoint) - order(b.checkpoint));
}

/** Each post's latest reading that has figures (the latest checkpoint read), else its latest reading. */
export function latestReadings(db: Db): Map<string, Reading> {
	const latest = new Map<string, Reading>();
	for (const reading of readings(db)) {
		const kept = latest.get(reading.post_id);
		if (!kept || reading.problem === null || kept.problem !== null) latest.set(reading.post_id, reading);
	}
	return latest;
}

/**
 * How late a checkpoint is still read: a scheduler down for days catches up, but posts published long
 * before readings began (an installation upgraded with a year of posts) are not all read at once as if
 * they were a week old.
 */
export const MAX_LATE_MS = 30 * 24 * 60 * 60_000;

/**
 * The checkpoint a post is due to be read at now: the latest one whose time has come, unless it or a later
 * one was read, or it is more than MAX_LATE_MS late. A checkpoint missed while the scheduler was down is not
 * read late when a later one is due: a "1 hour" figure read on the second day would mislead.
 */
export function dueCheckpoint(publishedAt: Date, now: Date, read: ReadonlySet<string>): { checkpoint: Checkpoint; dueAt: Date } | undefined {
	for (let i = engagementCheckpoints.length - 1; i >= 0; i--) {
		const { name, afterMs } = engagementCheckpoints[i]!;
		if (read.has(name)) return undefined;
		const dueAt = new Date(publishedAt.getTime() + afterMs);
		if (dueAt.getTime() <= now.getTime()) return now.getTime() - dueAt.getTime() > MAX_LATE_MS ? undefined : { checkpoint: name, dueAt };
	}
	return undefined;
}

/**
 * The readings due now on these channels, the longest due first: every published post on them without its
 * last checkpoint's reading, when it was published (its last move to published in the audit log).
 */
export function dueReadings(db: Db, channels: readonly string[], now: Date): Due[] {
	if (channels.length === 0) return [];
	const { name: last, afterMs } = engagementCheckpoints.at(-1)!;
	// Only posts whose last checkpoint is not yet too late: a published post's updated_at is when it was
	// published (nothing changes it after), and ISO times compare as text.
	const since = new Date(now.getTime() - afterMs - MAX_LATE_MS).toISOString();
	const posts = db
		.prepare(
			`SELECT p.id, p.channel, p.remote_id, p.remote_url,
				(SELECT MAX(a.at) FROM audit a WHERE a.post_id = p.id AND a.to_state = 'published') AS published_at
			 FROM posts p
			 WHERE p.state = 'published' AND p.channel IN (${channels.map(() => '?').join(', ')})
				AND p.updated_at >= ?
				AND NOT EXISTS (SELECT 1 FROM engagement e WHERE e.post_id = p.id AND e.checkpoint = ?)`
		)
		.all(...channels, since, last) as (PublishedPost & { published_at: string | null })[];
	const readOf = db.prepare('SELECT checkpoint FROM engagement WHERE post_id = ?').pluck();
	const due: Due[] = [];
	for (const post of posts) {
		if (!post.published_at) continue;
		const found = dueCheckpoint(new Date(post.published_at), now, new Set(readOf.all(post.id) as string[]));
		if (found) due.push({ post: post as PublishedPost, ...found });
	}
	return due.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.post.id.localeCompare(b.post.id));
}
