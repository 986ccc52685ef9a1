import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openDb } from '../db/index.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { allows, type Role } from './roles.ts';
import { createSession, endSession, sessionUser } from './sessions.ts';
import { createFeed, feedUser } from './feeds.ts';
import { limits, lockedAccounts, signIn, unlock } from './sign-in.ts';
import { createUser, setDisabled, setPassword, setRole, UserError } from './users.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => openDb(join(dir, `${++n}.db`));
const minutes = (m: number, from = new Date('2026-12-01T09:00:00Z')) => new Date(from.getTime() + m * 60_000);

test('a password is stored as a salted scrypt hash and only the right one matches', async () => {
	const hash = await hashPassword('correct horse battery');
	expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
	expect(hash).not.toContain('correct');
	expect(await hashPassword('correct horse battery')).not.toBe(hash); // salted
	expect(await verifyPassword('correct horse battery', hash)).toBe(true);
	expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
});

test.each([
	['email', { email: 'not an address' }, 'Enter an email address like name@example.org.'],
	['name', { name: ' ' }, 'Enter a name of 1 to 100 characters.'],
	['role', { role: 'owner' }, 'Choose editor, approver or admin.'],
	['password', { password: 'eleven chars' .slice(0, 11) }, 'Use at least 12 characters.']
])('a new user with a bad %s is refused, naming the field', async (field, change, message) => {
	const db = fresh();
	const attempt = createUser(db, { email: 'a@example.org', name: 'A', role: 'editor', password: 'twelve chars', ...change });
	await expect(attempt).rejects.toThrow(new UserError(field as UserError['field'], message));
	await expect(attempt).rejects.toMatchObject({ field });
});

// Each sign-in costs one scrypt (about half a second here): these tests need more than the default 5 s.
describe('signing in', { timeout: 30_000 }, () => {
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
		for (let i = 0; i < limits.perAddress; i += 2) {
			const pair = await Promise.all([i, i + 1].map((n) => signIn(db, `guess${n}@example.org`, 'guess', '10.0.0.9', minutes(1))));
			expect(pair).toEqual([{ ok: false, reason: 'wrong' }, { ok: false, reason: 'wrong' }]);
		}
		expect(await signIn(db, 'c@example.org', 'the right password', '10.0.0.9', minutes(2))).toEqual({ ok: false, reason: 'locked' });
		expect((await signIn(db, 'c@example.org', 'the right password', '10.0.0.10', minutes(2))).ok).toBe(true);
	});

	test('attempts sent all at once cannot slip past the limit: two are checked at a time, each counts, the rest are turned away', async () => {
		const db = fresh();
		await createUser(db, { email: 'g@example.org', name: 'G', role: 'admin', password: 'the right password' });
		const burst = () => Promise.all(Array.from({ length: 8 }, (_, i) => signIn(db, 'g@example.org', `wrong ${i}`, '10.0.0.1', minutes(1))));
		for (const round of [await burst(), await burst()]) {
			expect(round.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['busy', 'busy', 'busy', 'busy', 'busy', 'busy', 'wrong', 'wrong']);
		}
		expect(await signIn(db, 'g@example.org', 'wrong', '10.0.0.1', minutes(2))).toEqual({ ok: false, reason: 'wrong' });
		expect(await signIn(db, 'g@example.org', 'the right password', '10.0.0.1', minutes(2))).toEqual({ ok: false, reason: 'locked' });
		// Someone kept the account locked: an admin unlocks it.
		expect(lockedAccounts(db, minutes(2))).toEqual(['g@example.org']);
		unlock(db, 'G@example.org');
		expect((await signIn(db, 'g@example.org', 'the right password', '10.0.0.1', minutes(2))).ok).toBe(true);
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
