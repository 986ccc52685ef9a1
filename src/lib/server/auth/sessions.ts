/**
 * Sessions: a random token in an HttpOnly cookie; only its SHA-256 hash is stored, so a copy of the
 * database signs nobody in. A session lasts 12 hours from sign-in (a working day), or until sign-out.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '#lib/server/store/database.ts';
import { userColumns, type User } from './users.ts';

export const sessionCookie = 'caravan_session';
export const sessionHours = 12;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export function createSession(db: Db, userId: number, now = new Date()): { token: string; expires: Date } {
	const token = newToken();
	const expires = new Date(now.getTime() + sessionHours * 3600_000);
	db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(now.toISOString());
	db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
		tokenHash(token),
		userId,
		now.toISOString(),
		expires.toISOString()
	);
	return { token, expires };
}

/** The signed-in user for a session token, or undefined when the session is unknown, expired or the account disabled. */
export function sessionUser(db: Db, token: string | undefined, now = new Date()): User | undefined {
	if (!token) return undefined;
	return db
		.prepare(
			`SELECT ${userColumns} FROM sessions JOIN users ON users.id = sessions.user_id
			 WHERE token_hash = ? AND expires_at > ? AND disabled_at IS NULL`
		)
		.get(tokenHash(token), now.toISOString()) as User | undefined;
}

export function endSession(db: Db, token: string | undefined): void {
	if (token) db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
}
