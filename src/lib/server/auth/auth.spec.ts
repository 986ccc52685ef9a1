import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

import { productionScrypt, scryptCost } from '#lib/server/config.ts';
import { openDb, type Db } from '#lib/server/store/database.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { allows, type Role } from './roles.ts';
import { createSession, endSession, sessionUser } from './sessions.ts';
import { createFeed, feedUser } from './feeds.ts';
import { addressGroup, limits, lockedAccounts, signIn, unlock, type SignInResult } from './sign-in.ts';
import { createUser, setDisabled, setPassword, setRole, UserError } from './users.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => openDb(join(dir, `${++n}.db`));
const minutes = (m: number, from = new Date('2026-12-01T09:00:00Z')) => new Date(from.getTime() + m * 60_000);

// The tests' cheap cost (CARAVAN_TEST_SCRYPT_N, set for every test in the Vitest config); the one test of
// the production parameters passes them itself.
test('a password is stored as a salted scrypt hash and only the right one matches', async () => {
	const hash = await hashPassword('correct horse battery');
	expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
	expect(hash).not.toContain('correct');
	expect(await hashPassword('correct horse battery')).not.toBe(hash); // salted
	expect(await verifyPassword('correct horse battery', hash)).toBe(true);
	expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
});

test('production hashes use scrypt with N = 2^17, r = 8, p = 1 (the default without the tests\' setting)', async () => {
	expect(scryptCost(undefined)).toEqual({ N: 131072, r: 8, p: 1 });
	expect(scryptCost('')).toEqual(productionScrypt);
	const hash = await hashPassword('correct horse battery', productionScrypt);
	expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
	expect(await verifyPassword('correct horse battery', hash)).toBe(true);
}, 20_000);

test.each(['1000', '1', '262144', 'cheap'])('a test scrypt cost of %s is refused, naming the variable', (raw) => {
	expect(() => scryptCost(raw)).toThrow(`CARAVAN_TEST_SCRYPT_N (for tests only) must be a power of two from 2 to 131072, got "${raw}"`);
});

test.each([
	['email', { email: 'not an address' }, 'Enter an email address like name@example.org.'],
	['email', { email: `${'a'.repeat(243)}@example.org` }, 'Use an email address of at most 254 characters.'],
	['name', { name: ' ' }, 'Enter a name of 1 to 100 characters.'],
	['role', { role: 'owner' }, 'Choose editor, approver or admin.'],
	['password', { password: 'eleven chars' .slice(0, 11) }, 'Use at least 12 characters.']
])('a new user with a bad %s is refused, naming the field', async (field, change, message) => {
	const db = fresh();
	const attempt = createUser(db, { email: 'a@example.org', name: 'A', role: 'editor', password: 'twelve chars', ...change });
	await expect(attempt).rejects.toThrow(message);
	await expect(attempt).rejects.toMatchObject({ field });
});

describe('signing in', () => {
	test('five wrong passwords in a row lock the account: the sixth try is refused even when right, until 15 quiet minutes pass', async () => {
		const db = fresh();
		await createUser(db, { email: 'aziza@example.org', name: 'Aziza', role: 'admin', password: 'the right password' });
		for (let i = 0; i < limits.perAccount; i++) {
			expect(await signIn(db, 'aziza@example.org', `wrong ${i}`, '10.0.0.1', minutes(i))).toEqual({ ok: false, reason: 'wrong' });
		}
		expect(await signIn(db, 'AZIZA@example.org', 'the right password', '10.0.0.2', minutes(5))).toEqual({ ok: false, reason: 'locked' });
		expect(await signIn(db, 'aziza@example.org', 'the right password', '10.0.0.1', minutes(4 + 15))).toEqual({ ok: false, reason: 'locked' });
		const later = await signIn(db, 'aziza@example.org', 'the right password', '10.0.0.1', minutes(4 + 16));
		expect(later).toMatchObject({ ok: true, user: { email: 'aziza@example.org', role: 'admin' } });
		expect(later).not.toHaveProperty('user.password_hash');
	});

	test('a right password clears the account\'s failures', async () => {
		const db = fresh();
		await createUser(db, { email: 'b@example.org', name: 'B', role: 'editor', password: 'the right password' });
		for (let i = 0; i < limits.perAccount - 1; i++) await signIn(db, 'b@example.org', 'wrong', '10.0.0.1', minutes(i));
		expect((await signIn(db, 'b@example.org', 'the right password', '10.0.0.1', minutes(5))).ok).toBe(true);
		expect(await signIn(db, 'b@example.org', 'wrong', '10.0.0.1', minutes(6))).toEqual({ ok: false, reason: 'wrong' });
		expect((await signIn(db, 'b@example.org', 'the right password', '10.0.0.1', minutes(7))).ok).toBe(true);
	});

	test('an account that does not exist answers exactly like a wrong password, and locks the same way', async () => {
		const db = fresh();
		const answers = [];
		for (let i = 0; i <= limits.perAccount; i++) answers.push(await signIn(db, 'nobody@example.org', 'guess', '10.0.0.1', minutes(i)));
		expect(answers.map((answer) => (answer.ok ? 'ok' : answer.reason))).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'wrong', 'locked']);
	});

	test('twenty failures from one address lock that address for every account, not other addresses', async () => {
		const db = fresh();
		await createUser(db, { email: 'c@example.org', name: 'C', role: 'editor', password: 'the right password' });
		for (let i = 0; i < limits.perAddress; i++) {
			expect(await signIn(db, `guess${i}@example.org`, 'guess', '10.0.0.9', minutes(1))).toEqual({ ok: false, reason: 'wrong' });
		}
		expect(await signIn(db, 'c@example.org', 'the right password', '10.0.0.9', minutes(2))).toEqual({ ok: false, reason: 'locked' });
		expect((await signIn(db, 'c@example.org', 'the right password', '10.0.0.10', minutes(2))).ok).toBe(true);
	});

	const reasons = (results: SignInResult[]) => results.map((r) => (r.ok ? 'ok' : r.reason));

	test('attempts sent all at once cannot slip past the limit: one is checked per account, the rest are turned away and still count', async () => {
		const db = fresh();
		await createUser(db, { email: 'g@example.org', name: 'G', role: 'admin', password: 'the right password' });
		const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn(db, 'g@example.org', `wrong ${i}`, `10.0.1.${i}`, minutes(1))));
		// Five attempts count (one checked, four busy), then the account is locked.
		expect(reasons(burst)).toEqual(['wrong', 'busy', 'busy', 'busy', 'busy', 'locked', 'locked', 'locked']);
		expect(await signIn(db, 'g@example.org', 'the right password', '10.0.0.1', minutes(2))).toEqual({ ok: false, reason: 'locked' });
		// Someone kept the account locked: an admin unlocks it.
		expect(lockedAccounts(db, minutes(2))).toEqual(['g@example.org']);
		unlock(db, 'G@example.org');
		expect((await signIn(db, 'g@example.org', 'the right password', '10.0.0.1', minutes(2))).ok).toBe(true);
	});

	test('a burst from one address cannot keep a colleague at another address from signing in, and locks its own address', async () => {
		const db = fresh();
		await createUser(db, { email: 'k@example.org', name: 'K', role: 'editor', password: 'the right password' });
		const burst = Array.from({ length: 12 }, (_, i) => signIn(db, `guess${i}@example.org`, 'guess', '10.0.0.66', minutes(1)));
		const colleague = signIn(db, 'k@example.org', 'the right password', '10.0.0.7', minutes(1));
		expect(reasons(await Promise.all(burst))).toEqual(['wrong', ...Array(11).fill('busy')]);
		expect(await colleague).toMatchObject({ ok: true, user: { email: 'k@example.org' } });
		// The busy answers counted: eight more attempts and the address is locked, for a right password too.
		for (let i = 0; i < limits.perAddress - 12; i++) await signIn(db, `more${i}@example.org`, 'guess', '10.0.0.66', minutes(2));
		expect(await signIn(db, 'k@example.org', 'the right password', '10.0.0.66', minutes(2))).toEqual({ ok: false, reason: 'locked' });
	});

	test('bursts from two addresses at once: a right password from a third waits its turn and gets in', async () => {
		const db = fresh();
		await createUser(db, { email: 'l@example.org', name: 'L', role: 'editor', password: 'the right password' });
		const bursts = ['10.0.0.66', '10.0.0.67'].flatMap((address) =>
			Array.from({ length: 6 }, (_, i) => signIn(db, `guess${i}@example.org`, 'guess', address, minutes(1)))
		);
		const colleague = signIn(db, 'l@example.org', 'the right password', '10.0.0.7', minutes(1));
		expect(reasons(await Promise.all(bursts)).filter((r) => r !== 'busy')).toEqual(['wrong', 'wrong']);
		expect((await colleague).ok).toBe(true);
	});

	test('a burst at one account leaves other accounts free to sign in', async () => {
		const db = fresh();
		await createUser(db, { email: 'm@example.org', name: 'M', role: 'editor', password: 'the right password' });
		const burst = Array.from({ length: 12 }, (_, i) => signIn(db, 'victim@example.org', 'guess', `10.0.2.${i}`, minutes(1)));
		const colleague = signIn(db, 'm@example.org', 'the right password', '10.0.0.7', minutes(1));
		expect(reasons(await Promise.all(burst)).filter((r) => r === 'wrong')).toEqual(['wrong']);
		expect((await colleague).ok).toBe(true);
	});

	test('in-flight checks belong to their database: a burst on one does not make another busy', async () => {
		const [one, two] = [fresh(), fresh()];
		await createUser(two, { email: 'n@example.org', name: 'N', role: 'editor', password: 'the right password' });
		const burst = Array.from({ length: 4 }, (_, i) => signIn(one, `guess${i}@example.org`, 'guess', `10.0.3.${i}`, minutes(1)));
		expect((await signIn(two, 'n@example.org', 'the right password', '10.0.3.0', minutes(1))).ok).toBe(true);
		await Promise.all(burst);
	});

	test('IPv6 addresses count per /64, IPv4-mapped ones as their IPv4 address', async () => {
		expect(addressGroup('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(addressGroup('2001:0DB8:0000:0000:ffff:1:2:3')).toBe('2001:db8:0:0::/64');
		expect(addressGroup('2001:db8:0:1::1%eth0')).toBe('2001:db8:0:1::/64');
		expect(addressGroup('::ffff:10.0.0.9')).toBe('10.0.0.9');
		expect(addressGroup('::ffff:a00:9')).toBe('10.0.0.9');
		expect(addressGroup('10.0.0.9')).toBe('10.0.0.9');
		expect(addressGroup('::1')).toBe('0:0:0:0::/64');
		expect(addressGroup('x'.repeat(10_000))).toMatch(/^\?[0-9a-f]{32}$/);

		const db = fresh();
		await createUser(db, { email: 'p@example.org', name: 'P', role: 'editor', password: 'the right password' });
		for (let i = 0; i < limits.perAddress; i++) await signIn(db, `guess${i}@example.org`, 'guess', `2001:db8::${(i + 1).toString(16)}`, minutes(1));
		expect(await signIn(db, 'p@example.org', 'the right password', '2001:db8::ffff:1', minutes(2))).toEqual({ ok: false, reason: 'locked' });
		expect((await signIn(db, 'p@example.org', 'the right password', '2001:db8:0:1::1', minutes(2))).ok).toBe(true);

		for (let i = 0; i < limits.perAddress; i++) await signIn(db, `guess${i}@example.org`, 'guess', '::ffff:10.0.0.9', minutes(3));
		expect(await signIn(db, 'p@example.org', 'the right password', '10.0.0.9', minutes(3))).toEqual({ ok: false, reason: 'locked' });
	});

	const keys = (db: Db) => (db.prepare('SELECT key FROM sign_in_failures ORDER BY key').all() as { key: string }[]).map((row) => row.key);

	test('a huge email or password is refused without being stored or hashed', async () => {
		const db = fresh();
		expect(await signIn(db, `${'a'.repeat(500_000)}@example.org`, 'guess', '10.0.0.1', minutes(1))).toEqual({ ok: false, reason: 'wrong' });
		expect(await signIn(db, 'q@example.org', 'p'.repeat(500_000), '10.0.0.1', minutes(1))).toEqual({ ok: false, reason: 'wrong' });
		expect(keys(db)).toEqual(['account:q@example.org', 'address:10.0.0.1']);
		expect(db.prepare(`SELECT failures FROM sign_in_failures WHERE key = 'address:10.0.0.1'`).get()).toEqual({ failures: 2 });
	});

	test('failures older than the lock are pruned, not kept for ever', async () => {
		const db = fresh();
		for (let i = 0; i < 3; i++) await signIn(db, `old${i}@example.org`, 'guess', `10.0.4.${i}`, minutes(0));
		expect(keys(db)).toHaveLength(6);
		await signIn(db, 'new@example.org', 'guess', '10.0.5.1', minutes(limits.lockMinutes + 1));
		expect(keys(db)).toEqual(['account:new@example.org', 'address:10.0.5.1']);
	});

	test('a disabled account cannot sign in, and its sessions end', async () => {
		const db = fresh();
		const user = await createUser(db, { email: 'd@example.org', name: 'D', role: 'approver', password: 'the right password' });
		const { token } = createSession(db, user.id);
		setDisabled(db, user.id, true);
		expect(sessionUser(db, token)).toBeUndefined();
		expect(await signIn(db, 'd@example.org', 'the right password', '10.0.0.1')).toEqual({ ok: false, reason: 'wrong' });
	});
});

test('a session is found by its token until it expires or ends; the database keeps only a hash', async () => {
	const file = join(dir, 'sessions.db');
	const db = openDb(file);
	const user = await createUser(db, { email: 'e@example.org', name: 'E', role: 'editor', password: 'the right password' });
	const { token, expires } = createSession(db, user.id, minutes(0));
	expect(expires).toEqual(minutes(12 * 60));
	expect(token).toMatch(/^[\w-]{43}$/);
	db.pragma('wal_checkpoint(TRUNCATE)');
	expect(readFileSync(file).includes(Buffer.from(token))).toBe(false);
	expect(sessionUser(db, token, minutes(12 * 60 - 1))).toMatchObject({ email: 'e@example.org' });
	expect(sessionUser(db, token, minutes(12 * 60))).toBeUndefined();
	expect(sessionUser(db, `${token.slice(0, -1)}x`, minutes(1))).toBeUndefined();
	endSession(db, token);
	expect(sessionUser(db, token, minutes(1))).toBeUndefined();
});

test('a new password ends every session and switches off the calendar feed', async () => {
	const db = fresh();
	const user = await createUser(db, { email: 'h@example.org', name: 'H', role: 'editor', password: 'the right password' });
	const { token } = createSession(db, user.id);
	const feed = createFeed(db, user.id);
	expect(feedUser(db, feed)).toMatchObject({ email: 'h@example.org' });
	await setPassword(db, user.id, 'another right password');
	expect(sessionUser(db, token)).toBeUndefined();
	expect(feedUser(db, feed)).toBeUndefined();
});

test('the last admin cannot be demoted or disabled', async () => {
	const db = fresh();
	const admin = await createUser(db, { email: 'f@example.org', name: 'F', role: 'admin', password: 'the right password' });
	expect(() => setRole(db, admin.id, 'editor')).toThrow('This is the last admin');
	expect(() => setDisabled(db, admin.id, true)).toThrow('This is the last admin');
});

test.each<[Role, Role, boolean]>([
	['editor', 'editor', true],
	['editor', 'approver', false],
	['editor', 'admin', false],
	['approver', 'editor', true],
	['approver', 'approver', true],
	['approver', 'admin', false],
	['admin', 'approver', true],
	['admin', 'admin', true]
])('%s may do what needs %s: %s', (role, needed, expected) => {
	expect(allows(role, needed)).toBe(expected);
});
