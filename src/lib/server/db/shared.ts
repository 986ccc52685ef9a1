/** The site's connection to the database, opened on first use. */
import { config } from '../config.ts';
import { openDb, type Db } from './index.ts';

let db: Db | undefined;

export function database(): Db {
	db ??= openDb(config.database);
	return db;
}
