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
