/**
 * Signing in, with failed attempts limited per account and per address: after 5 wrong passwords in a
 * row for one account (or 20 from one address) sign-in is refused for 15 minutes — even with the right
 * password. The answer never says whether the account exists.
 */
import type { Db } from '../db/index.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { userForSignIn, type User } from './users.ts';

export const limits = { perAccount: 5, perAddress: 20, lockMinutes: 15 };

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'wrong' | 'locked' };

export const signInMessages = {
	wrong: 'The email address or the password is not right.',
	locked: `Too many failed sign-ins. Wait ${limits.lockMinutes} minutes and try again, or ask an admin.`
};

function failures(db: Db, key: string, now: Date): number {
	const row = db.prepare('SELECT failures, last_at FROM sign_in_failures WHERE key = ?').get(key) as
		| { failures: number; last_at: string }
		| undefined;
	if (!row) return 0;
	// A quiet spell as long as the lock forgives what came before.
	return now.getTime() - Date.parse(row.last_at) > limits.lockMinutes * 60_000 ? 0 : row.failures;
}

function fail(db: Db, key: string, now: Date): void {
	const count = failures(db, key, now) + 1;
	db.prepare(
		`INSERT INTO sign_in_failures (key, failures, last_at) VALUES (?, ?, ?)
		 ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at`
	).run(key, count, now.toISOString());
}

export async function signIn(db: Db, email: string, password: string, address: string, now = new Date()): Promise<SignInResult> {
	const accountKey = `account:${email.trim().toLowerCase()}`;
	const addressKey = `address:${address}`;
	if (failures(db, accountKey, now) >= limits.perAccount || failures(db, addressKey, now) >= limits.perAddress) {
		return { ok: false, reason: 'locked' };
	}
	const user = userForSignIn(db, email);
	// Unknown accounts cost the same time as known ones.
	const matches = await verifyPassword(password, user?.password_hash ?? decoyHash);
	if (!user || !matches || user.disabled_at) {
		db.transaction(() => {
			fail(db, accountKey, now);
			fail(db, addressKey, now);
		})();
		return { ok: false, reason: 'wrong' };
	}
	db.prepare('DELETE FROM sign_in_failures WHERE key = ?').run(accountKey);
	const { password_hash: _, ...rest } = user;
	return { ok: true, user: rest };
}
