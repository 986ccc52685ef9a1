/**
 * The site's connection to the database, opened on first use. The site never makes the file: when it
 * is missing, or was deleted or replaced under the running server, the dashboard gets a 503 naming it
 * (and the server's log says the same). A file put back at the path is opened on the next request.
 */
import { error } from '@sveltejs/kit';
import { config } from '#lib/server/config.ts';
import { checkDbFile, DatabaseMissingError, openDb, type Db } from './database.ts';

let db: Db | undefined;

export function database(): Db {
	try {
		if (db) checkDbFile(db);
		db ??= openDb(config.database, { create: false });
		return db;
	} catch (problem) {
		if (!(problem instanceof DatabaseMissingError)) throw problem;
		if (db) {
			console.error(problem.message);
			db.close();
			db = undefined;
			return database(); // the path may hold a file again (a backup put back): open that one
		}
		console.error(problem.message);
		error(503, problem.message);
	}
}
