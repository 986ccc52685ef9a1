/**
 * `npm run db -- <command>`: the database file itself. Nothing else makes it: the site, the scheduler
 * and the other CLIs refuse to start without it, so a deleted database is noticed, not replaced.
 *
 *   init                  make the database (CARAVAN_DATABASE, by default data/caravan.db) if it is not
 *                         there, or bring an existing one to the latest version
 *   init --first-start    what `npm start` runs: the same, except that it refuses to make a new empty
 *                         database where one was made before (its note, `<file>.created`, is still there)
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { config } from '#lib/server/config.ts';
import { createDb, madeNote } from '#lib/server/store/database.ts';

const { values: options, positionals } = parseArgs({ allowPositionals: true, options: { 'first-start': { type: 'boolean' } } });
const [command] = positionals;
const file = config.database;

if (command !== 'init') {
	console.error('Usage: npm run db -- init [--first-start] (see src/cli/db.ts)');
	process.exit(2);
}
if (options['first-start'] && !existsSync(file) && existsSync(madeNote(file))) {
	const made = readFileSync(madeNote(file), 'utf8').match(/on (\S+)\./)?.[1] ?? 'before';
	console.error(
		`The database ${file} is missing, but Caravan made it ${made === 'before' ? 'before' : `on ${made}`} (${madeNote(file)}): ` +
			'restore it from a backup and start again, or, to start with an empty queue and no users, run `npm run db -- init`.'
	);
	process.exit(1);
}
try {
	const { db, created } = createDb(file);
	const version = db.pragma('user_version', { simple: true }) as number;
	db.close();
	console.log(created ? `Created ${file} (empty, version ${version})` : `${file} is there (version ${version})`);
} catch (error) {
	console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
