/**
 * Signing in, with failed attempts limited per account and per address: after 5 wrong passwords in a
 * row for one account (or 20 from one address) sign-in is refused for 15 minutes — even with the right
 * password. The answer never says whether the account exists.
 *
 * An attempt counts as a failure from the moment it starts (the check and the count are one
 * synchronous step, before the slow hash), so attempts sent all at once cannot slip past the limits;
 * a right password takes its count back. An attempt turned away as busy counts too.
 *
 * A password check holds 128 MiB and a thread the file server also needs, so at most two run at a time,
 * and the rest wait their turn in a short queue. So that no one can take those turns from everyone
 * else, each address and each account has at most one check running or waiting: a burst from one
 * address (or at one account) gets one check, and every other attempt of the burst is answered busy
 * at once — and counted, so the burst soon locks its own address (or that account).
 *
 * An address is counted per IPv4 address, or per /64 for IPv6 (one subscriber usually holds a whole
 * /64); an IPv4-mapped IPv6 address counts as its IPv4 address.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Db } from '#lib/server/store/database.ts';
import type { Message } from '#lib/dashboard/i18n/index.ts';
import { decoyHash, passwordRules, verifyPassword } from './password.ts';
import { emailMax, userForSignIn, type User } from './users.ts';

export const limits = { perAccount: 5, perAddress: 20, lockMinutes: 15, checksAtOnce: 2, waiting: 16 };

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'wrong' | 'locked' | 'busy' };

/** Why a sign-in was refused, for the sign-in page to say in the reader's language. */
export const signInMessages: Record<'wrong' | 'locked' | 'busy', Message> = {
	wrong: { key: 'signIn.wrong' },
	locked: { key: 'signIn.locked', params: { count: limits.lockMinutes } },
	busy: { key: 'signIn.busy' }
};

/** The checks under way for one database, and who holds them: they live as long as its connection. */
interface Checks {
	running: number;
	queue: (() => void)[];
	addresses: Set<string>;
	accounts: Set<string>;
	prunedAt: number;
}

const checksByDb = new WeakMap<Db, Checks>();

function checksOf(db: Db): Checks {
	let checks = checksByDb.get(db);
	if (!checks) {
		checks = { running: 0, queue: [], addresses: new Set(), accounts: new Set(), prunedAt: -Infinity };
		checksByDb.set(db, checks);
	}
	return checks;
}

/** Waits for one of the check slots (or is handed one by a check that ends). */
async function takeSlot(checks: Checks): Promise<void> {
	if (checks.running < limits.checksAtOnce) {
		checks.running++;
		return;
	}
	await new Promise<void>((resolve) => checks.queue.push(resolve));
}

function giveSlot(checks: Checks): void {
	const next = checks.queue.shift();
	if (next) next();
	else checks.running--;
}

function ipv6Groups(address: string): number[] {
	let text = address.replace(/%.*$/, '');
	// A dotted IPv4 tail (::ffff:10.0.0.9) is the last two groups.
	const v4 = /\d+\.\d+\.\d+\.\d+$/.exec(text);
	if (v4) {
		const bytes = v4[0].split('.').map((byte) => Number(byte).toString(16).padStart(2, '0'));
		text = `${text.slice(0, v4.index)}${bytes.slice(0, 2).join('')}:${bytes.slice(2).join('')}`;
	}
	const [head, tail] = text.split('::');
	const parts = (part: string | undefined) => (part ? part.split(':') : []);
	const missing = tail === undefined ? 0 : 8 - parts(head).length - parts(tail).length;
	return [...parts(head), ...Array<string>(missing).fill('0'), ...parts(tail)].map((group) => parseInt(group, 16));
}

/**
 * What an address is counted as: an IPv4 address itself, an IPv6 address's /64, and anything that is
 * not an address (a proxy's header can say anything) by a hash, so the key stays short.
 */
export function addressGroup(address: string): string {
	const trimmed = address.trim();
	const version = isIP(trimmed.replace(/%.*$/, ''));
	if (version === 4) return trimmed;
	if (version === 6) {
		const groups = ipv6Groups(trimmed);
		if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
			return groups
				.slice(6)
				.flatMap((group) => [group >> 8, group & 0xff])
				.join('.');
		}
		return `${groups
			.slice(0, 4)
			.map((group) => group.toString(16))
			.join(':')}::/64`;
	}
	return `?${createHash('sha256').update(trimmed).digest('hex').slice(0, 32)}`;
}

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

/**
 * Forgets failures older than the lock (they no longer count), at most once a minute: without it,
 * every address and account ever tried would stay in the table.
 */
function prune(db: Db, checks: Checks, now: Date): void {
	if (now.getTime() - checks.prunedAt < 60_000) return;
	checks.prunedAt = now.getTime();
	const before = new Date(now.getTime() - limits.lockMinutes * 60_000).toISOString();
	db.prepare('DELETE FROM sign_in_failures WHERE last_at < ?').run(before);
}

export async function signIn(db: Db, email: string, password: string, address: string, now = new Date()): Promise<SignInResult> {
	const checks = checksOf(db);
	prune(db, checks, now);
	// No account has an email longer than emailMax, so no such key is stored: only the address counts.
	const account = email.trim().length <= emailMax ? accountKey(email) : undefined;
	const from = `address:${addressGroup(address)}`;
	if ((account && failures(db, account, now) >= limits.perAccount) || failures(db, from, now) >= limits.perAddress) {
		return { ok: false, reason: 'locked' };
	}
	db.transaction(() => {
		if (account) count(db, account, now, 1);
		count(db, from, now, 1);
	})();
	// No password is longer than passwordRules.max: such a guess is wrong without hashing it.
	if (!account || password.length > passwordRules.max) return { ok: false, reason: 'wrong' };
	const queueFull = checks.running >= limits.checksAtOnce && checks.queue.length >= limits.waiting;
	if (checks.addresses.has(from) || checks.accounts.has(account) || queueFull) return { ok: false, reason: 'busy' };

	checks.addresses.add(from);
	checks.accounts.add(account);
	let user: ReturnType<typeof userForSignIn>;
	let matches = false;
	try {
		await takeSlot(checks);
		try {
			user = userForSignIn(db, email);
			// Unknown accounts cost the same time as known ones.
			matches = await verifyPassword(password, user?.password_hash ?? decoyHash);
		} finally {
			giveSlot(checks);
		}
	} finally {
		checks.addresses.delete(from);
		checks.accounts.delete(account);
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
