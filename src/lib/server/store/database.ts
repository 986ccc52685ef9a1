/**
 * The embedded database: one SQLite file (WAL mode) shared by the web process and the scheduler.
 * Opening it applies any migration the file has not seen yet.
 *
 * The file is made once, on purpose (`npm run db -- init`, or the first `npm start`): the site, the
 * scheduler and the CLIs open it with `create: false`, so a file that went missing is an error naming
 * it, not a new empty queue that silently replaces the posts that were there.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.ts';

export type Db = Database.Database;

/** The database file is not there (never made, or deleted or replaced under a running process). */
export class DatabaseMissingError extends Error {
	constructor(
		readonly file: string,
		message = `The database ${file} does not exist. Make it once with \`npm run db -- init\` (the first \`npm start\` does); if it was there before, restore it from a backup, or set CARAVAN_DATABASE to where it is.`
	) {
		super(message);
		this.name = 'DatabaseMissingError';
	}
}

/** Which file a connection opened, to tell when the path later names another file or none. */
const opened = new WeakMap<Db, { file: string; dev: number; ino: number }>();

/**
 * Opens the database file and brings it to the latest version. `create: false` (what the site, the
 * scheduler and the CLIs use) refuses a file that does not exist instead of making an empty one.
 * Tests and `createDb` leave it at true.
 */
export function openDb(file: string, { create = true }: { create?: boolean } = {}): Db {
	if (file !== ':memory:') {
		if (!create && !existsSync(file)) throw new DatabaseMissingError(file);
		if (create) mkdirSync(dirname(file), { recursive: true });
	}
	// fileMustExist: the file could go between the check above and this open.
	const db = new Database(file, { fileMustExist: !create && file !== ':memory:' });
	if (file !== ':memory:') {
		const { dev, ino } = statSync(file);
		opened.set(db, { file, dev, ino });
	}
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL'); // safe with WAL: a crash loses no committed transaction's integrity
	db.pragma('busy_timeout = 5000'); // the other process may hold the write lock for a moment
	db.pragma('foreign_keys = ON');
	migrate(db);
	return db;
}

/**
 * Throws a DatabaseMissingError when the connection's file is no longer at its path: deleted (the
 * connection would go on writing into a file no one else can open) or replaced by another file.
 */
export function checkDbFile(db: Db): void {
	const at = opened.get(db);
	if (!at) return;
	let now: { dev: number; ino: number } | undefined;
	try {
		now = statSync(at.file);
	} catch {
		now = undefined;
	}
	if (!now) throw new DatabaseMissingError(at.file, `The database ${at.file} was deleted while Caravan had it open.`);
	if (now.dev !== at.dev || now.ino !== at.ino) {
		throw new DatabaseMissingError(at.file, `The database ${at.file} was replaced by another file while Caravan had it open.`);
	}
}

/**
 * The note written beside a database when it is made. While it is there, the first-start step of
 * `npm start` knows the database existed and refuses to make a new empty one in its place.
 */
export const madeNote = (file: string) => `${file}.created`;

/**
 * Makes the database file if it is not there (and notes that it did), or brings an existing one to
 * the latest version. Returns whether it made the file.
 */
export function createDb(file: string): { db: Db; created: boolean } {
	const created = !existsSync(file);
	const db = openDb(file, { create: true });
	if (created || !existsSync(madeNote(file))) {
		writeFileSync(
			madeNote(file),
			`Caravan made the database ${file} on ${new Date().toISOString()}.\n` +
				'While this note is here, `npm start` will not make a new empty database if that file goes missing.\n'
		);
	}
	return { db, created };
}

export function migrate(db: Db): number {
	const current = db.pragma('user_version', { simple: true }) as number;
	const latest = migrations.at(-1)?.version ?? 0;
	if (current > latest) {
		throw new Error(`Database is at version ${current}, newer than this Caravan (${latest}): upgrade Caravan`);
	}
	for (const migration of migrations.filter((m) => m.version > current)) {
		// Another process (the site, the scheduler, a CLI) may be migrating the same file at this
		// moment: look again once the write lock is ours.
		db.transaction(() => {
			if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
			db.exec(migration.sql);
			db.pragma(`user_version = ${migration.version}`);
		}).immediate();
	}
	return latest;
}
