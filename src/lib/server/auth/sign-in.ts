/**
 * Signing in, with failed attempts limited per account and per address: after 5 wrong passwords in a
 * row for one account (or 20 from one address) sign-in is refused for 15 minutes — even with the right
 * password. The answer never says whether the account exists.
 *
 * An attempt counts as a failure from the moment it starts (the check and the count are one
 * synchronous step, before the slow hash), so attempts sent all at once cannot slip past the limits;
 * a right password takes its count back. At most two passwords are checked at a time: each check holds
 * 128 MiB and a thread the file server also needs.
 */
import type { Db } from '../db/index.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { userForSignIn, type User } from './users.ts';

export const limits = { perAccount: 5, perAddress: 20, lockMinutes: 15 };

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'wrong' | 'locked' | 'busy' };

export const signInMessages = {
	wrong: 'The email address or the password is not right.',
	locked: `Too many failed sign-ins. Wait ${limits.lockMinutes} minutes and try again, or ask an admin.`,
	busy: 'Too many sign-ins at once. Try again in a few seconds.'
};

const maxChecks = 2;
let checking = 0;

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;

function failures(db: Db, key: string, now: Date): number {
	const row = db.prepare('SELECT failures, last_at FROM sign_in_failures WHERE key = ?').get(key) as
		| { failures: number; last_at: string }
		| undefined;
	if (!row) return 0;
	// A quiet spell as long as the lock forgives what came before.
	return now.getTime() - Date.parse(row.last_at) > limits.lockMinutes * 60_000 ? 0 : row.failures;
}

function count(db: Db, key: string, now: Date, change: 1 | -1): void {
	const count = Math.max(0, failures(db, key, now) + change);
	db.prepare(
		`INSERT INTO sign_in_failures (key, failures, last_at) VALUES (?, ?, ?)
		 ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at`
	).run(key, count, now.toISOString());
}

export async function signIn(db: Db, email: string, password: string, address: string, now = new Date()): Promise<SignInResult> {
	const account = accountKey(email);
	const from = `address:${address}`;
	if (failures(db, account, now) >= limits.perAccount || failures(db, from, now) >= limits.perAddress) {
		return { ok: false, reason: 'locked' };
	}
	if (checking >= maxChecks) return { ok: false, reason: 'busy' };
	db.transaction(() => {
		count(db, account, now, 1);
		count(db, from, now, 1);
	})();
	checking++;
	let matches = false;
	const user = userForSignIn(db, email);
	try {
		// Unknown accounts cost the same time as known ones.
		matches = await verifyPassword(password, user?.password_hash ?? decoyHash);
	} finally {
		checking--;
	}
	if (!user || !matches || user.disabled_at) return { ok: false, reason: 'wrong' };
	db.transaction(() => {
		db.prepare('DELETE FROM sign_in_failures WHERE key = ?').run(account);
		count(db, from, now, -1);
	})();
	const { password_hash: _, ...rest } = user;
	return { ok: true, user: rest };
}

/** Accounts refused for now after too many wrong passwords (admins can unlock them). */
export function lockedAccounts(db: Db, now = new Date()): string[] {
	const rows = db.prepare(`SELECT key FROM sign_in_failures WHERE key LIKE 'account:%'`).all() as { key: string }[];
	return rows.filter(({ key }) => failures(db, key, now) >= limits.perAccount).map(({ key }) => key.slice('account:'.length));
}

/** Lets an account sign in again at once (someone kept it locked with wrong passwords). */
export function unlock(db: Db, email: string): void {
	db.prepare('DELETE FROM sign_in_failures WHERE key = ?').run(accountKey(email));
}
