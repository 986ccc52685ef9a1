/** The dashboard's users, in the database. There is no default account: the first admin is made with `npm run user`. */
import type { Db } from '#lib/server/store/database.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { isRole, type Role } from './roles.ts';
import { isLanguage, translate, type Language, type Message } from '#lib/dashboard/i18n/index.ts';

export interface User {
	id: number;
	email: string;
	name: string;
	role: Role;
	/** The dashboard's language for this person. */
	language: Language;
	disabled_at: string | null;
	created_at: string;
}

/**
 * A problem with one field of a user: shown next to that field, in the reader's language (`problem`);
 * its `message` is the English, for the command line.
 */
export class UserError extends Error {
	constructor(
		readonly field: 'email' | 'name' | 'role' | 'password' | 'language',
		readonly problem: Message
	) {
		super(translate('en', problem));
		this.name = 'UserError';
	}
}

const columns = 'id, email, name, role, language, disabled_at, created_at';
/** The same columns, for queries that join users to another table. */
export const userColumns = columns.split(', ').map((column) => `users.${column}`).join(', ');
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The longest email address there can be (RFC 5321's limit on a path): longer ones are refused before anything is stored. */
export const emailMax = 254;

export function listUsers(db: Db): User[] {
	return db.prepare(`SELECT ${columns} FROM users ORDER BY email`).all() as User[];
}

export function findUser(db: Db, id: number): User | undefined {
	return db.prepare(`SELECT ${columns} FROM users WHERE id = ?`).get(id) as User | undefined;
}

/** The user and their password hash, for signing in. */
export function userForSignIn(db: Db, email: string): (User & { password_hash: string }) | undefined {
	return db.prepare(`SELECT ${columns}, password_hash FROM users WHERE email = ?`).get(email.trim()) as
		| (User & { password_hash: string })
		| undefined;
}

export async function createUser(db: Db, input: { email: string; name: string; role: string; password: string }): Promise<User> {
	const email = input.email.trim();
	const name = input.name.trim();
	if (email.length > emailMax) throw new UserError('email', { key: 'error.emailTooLong', params: { max: emailMax } });
	if (!emailPattern.test(email)) throw new UserError('email', { key: 'error.emailFormat' });
	if (!name || name.length > 100) throw new UserError('name', { key: 'error.name' });
	if (!isRole(input.role)) throw new UserError('role', { key: 'error.role' });
	const problem = passwordProblem(input.password);
	if (problem) throw new UserError('password', problem);
	if (userForSignIn(db, email)) throw new UserError('email', { key: 'error.emailTaken' });
	const hash = await hashPassword(input.password);
	const { lastInsertRowid } = db
		.prepare('INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
		.run(email, name, input.role, hash, new Date().toISOString());
	return findUser(db, Number(lastInsertRowid))!;
}

export function setRole(db: Db, id: number, role: string): User {
	if (!isRole(role)) throw new UserError('role', { key: 'error.role' });
	const user = findUser(db, id);
	if (!user) throw new UserError('email', { key: 'error.noUser' });
	if (user.role === 'admin' && role !== 'admin' && activeAdmins(db) === 1) {
		throw new UserError('role', { key: 'error.lastAdminRole' });
	}
	db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, id);
	return findUser(db, id)!;
}

/** Sets the language the dashboard speaks to this person, on every device, from their next page on. */
export function setLanguage(db: Db, id: number, language: string): User {
	if (!isLanguage(language)) throw new UserError('language', { key: 'error.language' });
	db.prepare('UPDATE users SET language = ? WHERE id = ?').run(language, id);
	return findUser(db, id)!;
}

/** Disables an account (it can no longer sign in) and ends its sessions and calendar feeds. */
export function setDisabled(db: Db, id: number, disabled: boolean): User {
	const user = findUser(db, id);
	if (!user) throw new UserError('email', { key: 'error.noUser' });
	if (disabled && user.role === 'admin' && !user.disabled_at && activeAdmins(db) === 1) {
		throw new UserError('role', { key: 'error.lastAdminDisable' });
	}
	db.transaction(() => {
		db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(disabled ? new Date().toISOString() : null, id);
		if (disabled) {
			db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
			db.prepare('DELETE FROM calendar_feeds WHERE user_id = ?').run(id);
		}
	})();
	return findUser(db, id)!;
}

/** Sets a new password, signs the user out everywhere and switches off their calendar feed. */
export async function setPassword(db: Db, id: number, password: string): Promise<void> {
	const problem = passwordProblem(password);
	if (problem) throw new UserError('password', problem);
	const hash = await hashPassword(password);
	db.transaction(() => {
		db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, id);
		db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
		db.prepare('DELETE FROM calendar_feeds WHERE user_id = ?').run(id);
	})();
}

function activeAdmins(db: Db): number {
	return (db.prepare(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL`).get() as { n: number }).n;
}
