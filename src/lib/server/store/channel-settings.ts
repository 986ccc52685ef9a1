/**
 * The channels as the dashboard sees them: which are configured (their credentials are set), and which
 * an admin has paused. A paused channel's due posts wait, approved, until it is resumed.
 */
import { channelNames, type ChannelName } from '#lib/core/catalogue.ts';
import { config } from '#lib/server/config.ts';
import type { Db } from './database.ts';

export interface ChannelStatus {
	name: ChannelName;
	configured: boolean;
	paused: boolean;
	/** Why it is paused, when the scheduler paused it ("needs a new token"); an admin's pause gives none. */
	reason: string | null;
	updated_by: string | null;
	updated_at: string | null;
}

export function channelStatus(db: Db): ChannelStatus[] {
	const rows = db.prepare('SELECT name, paused, reason, updated_by, updated_at FROM channel_settings').all() as {
		name: string;
		paused: number;
		reason: string | null;
		updated_by: string;
		updated_at: string;
	}[];
	return channelNames.map((name) => {
		const row = rows.find((r) => r.name === name);
		return {
			name,
			configured: config.channels[name] !== undefined,
			paused: Boolean(row?.paused),
			reason: row?.paused ? (row.reason ?? null) : null,
			updated_by: row?.updated_by ?? null,
			updated_at: row?.updated_at ?? null
		};
	});
}

/** Pauses or resumes a channel; `reason` says why it was paused (the scheduler's pauses give one). Resuming clears it. */
export function setPaused(db: Db, name: ChannelName, paused: boolean, actor: string, reason?: string): void {
	db.prepare(
		`INSERT INTO channel_settings (name, paused, reason, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (name) DO UPDATE SET paused = excluded.paused, reason = excluded.reason, updated_by = excluded.updated_by, updated_at = excluded.updated_at`
	).run(name, paused ? 1 : 0, paused ? (reason ?? null) : null, actor, new Date().toISOString());
}

/** Whether the channel is paused now: a post claimed before the pause is not sent (it waits, approved). */
export function isPaused(db: Db, name: string): boolean {
	const row = db.prepare('SELECT paused FROM channel_settings WHERE name = ?').get(name) as { paused: number } | undefined;
	return Boolean(row?.paused);
}

/** One moment in a channel's publishing: when, which post, and what the network or the publisher said. */
export interface ChannelEvent {
	at: string;
	post_id: string;
	/** The published post's address on the network, when it gave one (a success only). */
	url?: string | null;
	/** The reason in the audit log, as the publisher wrote it (a failure only). */
	reason?: string;
}

/** What the channels page shows of a channel's work: its last success, its last failure, the posts waiting. */
export interface ChannelActivity {
	lastSuccess?: ChannelEvent;
	lastFailure?: ChannelEvent;
	/** Approved, waiting for their time (or for the channel to be resumed). */
	approved: number;
	/** Drafts, waiting for approval. */
	drafts: number;
	/** Failed, or sent without an answer: a person must look. */
	attention: number;
	/** Posts published in the 24 hours before `now`: what counts against a network's daily limit. */
	lastDay: number;
}

/**
 * Each channel's last success and last failure, read from the audit log (a send that failed and is tried
 * again later counts as a failure: the network said no that time), its posts waiting, by state, and its
 * posts published in the 24 hours before `now` (a rolling window, as Instagram and Threads count).
 */
export function channelActivity(db: Db, now = new Date()): Record<ChannelName, ChannelActivity> {
	const success = db.prepare(
		`SELECT a.at, a.post_id, p.remote_url AS url FROM audit a JOIN posts p ON p.id = a.post_id
		 WHERE p.channel = ? AND a.to_state = 'published' ORDER BY a.id DESC LIMIT 1`
	);
	const failure = db.prepare(
		`SELECT a.at, a.post_id, a.reason FROM audit a JOIN posts p ON p.id = a.post_id
		 WHERE p.channel = ? AND a.from_state = 'publishing'
		   AND (a.to_state IN ('failed', 'needs_check') OR (a.to_state = 'approved' AND a.reason LIKE 'will retry: %'))
		 ORDER BY a.id DESC LIMIT 1`
	);
	const counts = db
		.prepare(`SELECT channel, state, count(*) AS n FROM posts WHERE state IN ('draft', 'approved', 'failed', 'needs_check') GROUP BY channel, state`)
		.all() as { channel: string; state: string; n: number }[];
	// The audit's `at` is an ISO time in UTC (toISOString), so comparing the text compares the times.
	const lastDay = db
		.prepare(
			`SELECT p.channel, count(*) AS n FROM audit a JOIN posts p ON p.id = a.post_id
			 WHERE a.to_state = 'published' AND a.at > ? AND a.at <= ? GROUP BY p.channel`
		)
		.all(new Date(now.getTime() - 86_400_000).toISOString(), now.toISOString()) as { channel: string; n: number }[];
	const count = (name: string, ...states: string[]) => counts.filter((row) => row.channel === name && states.includes(row.state)).reduce((sum, row) => sum + row.n, 0);
	return Object.fromEntries(
		channelNames.map((name) => [
			name,
			{
				lastSuccess: (success.get(name) as ChannelEvent | undefined) ?? undefined,
				lastFailure: (failure.get(name) as ChannelEvent | undefined) ?? undefined,
				approved: count(name, 'approved'),
				drafts: count(name, 'draft'),
				attention: count(name, 'failed', 'needs_check'),
				lastDay: lastDay.find((row) => row.channel === name)?.n ?? 0
			}
		])
	) as Record<ChannelName, ChannelActivity>;
}
