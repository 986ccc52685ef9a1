/**
 * The embedded database: one SQLite file (WAL mode) shared by the web process and the scheduler.
 * Opening it applies any migration the file has not seen yet.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.ts';

export type Db = Database.Database;

export function openDb(file: string): Db {
	if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL'); // safe with WAL: a crash loses no committed transaction's integrity
	db.pragma('busy_timeout = 5000'); // the other process may hold the write lock for a moment
	db.pragma('foreign_keys = ON');
	migrate(db);
	return db;
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
