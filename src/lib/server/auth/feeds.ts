/**
 * Private calendar feeds: a secret address per user that calendar apps can read without signing in.
 * Only the token's hash is stored; making a new address revokes the old one.
 */
import type { Db } from '#lib/server/store/database.ts';
import { newToken, tokenHash } from './sessions.ts';
import { userColumns, type User } from './users.ts';

export function createFeed(db: Db, userId: number): string {
	const token = newToken();
	db.transaction(() => {
		db.prepare('DELETE FROM calendar_feeds WHERE user_id = ?').run(userId);
		db.prepare('INSERT INTO calendar_feeds (token_hash, user_id, created_at) VALUES (?, ?, ?)').run(tokenHash(token), userId, new Date().toISOString());
	})();
	return token;
}

export function revokeFeed(db: Db, userId: number): void {
	db.prepare('DELETE FROM calendar_feeds WHERE user_id = ?').run(userId);
}

export function feedCreated(db: Db, userId: number): string | undefined {
	return (db.prepare('SELECT created_at FROM calendar_feeds WHERE user_id = ?').get(userId) as { created_at: string } | undefined)?.created_at;
}

/** The feed's owner, if the token is a live feed of an enabled account. */
export function feedUser(db: Db, token: string): User | undefined {
	return db
		.prepare(
			`SELECT ${userColumns} FROM calendar_feeds JOIN users ON users.id = calendar_feeds.user_id
			 WHERE token_hash = ? AND disabled_at IS NULL`
		)
		.get(tokenHash(token)) as User | undefined;
}
