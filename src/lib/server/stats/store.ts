/**
 * Visit counts in the database: added in one transaction per batch (a live flush, an imported log),
 * one prepared upsert per distinct visit, so a batch of a thousand page views of ten pages is ten rows.
 */
import type { Db } from '#lib/server/store/database.ts';
import { visitFields, visitOfKey, type Visit } from './rules.ts';

/** Visits added up in memory: each distinct visit (rules.ts visitKey) and how many times it came. */
export type Tally = Map<string, number>;

export function tallyAdd(tally: Tally, key: string, views = 1): void {
	tally.set(key, (tally.get(key) ?? 0) + views);
}

const statements = new WeakMap<Db, ReturnType<Db['prepare']>>();

/** Adds a tally to the counts; call inside a transaction (addVisits does). */
export function addTally(db: Db, tally: Tally): void {
	let upsert = statements.get(db);
	if (!upsert) {
		upsert = db.prepare(
			`INSERT INTO visits (${visitFields.join(', ')}, views) VALUES (${visitFields.map((field) => `@${field}`).join(', ')}, @views)
			 ON CONFLICT (${visitFields.join(', ')}) DO UPDATE SET views = views + excluded.views`
		);
		statements.set(db, upsert);
	}
	for (const [key, views] of tally) upsert.run({ ...visitOfKey(key), views });
}

export function addVisits(db: Db, tally: Tally): void {
	db.transaction(() => addTally(db, tally)).immediate();
}

export interface VisitRow extends Visit {
	views: number;
}

/** Every count, in a stable order (for tests, the results page and CSV). */
export function visitRows(db: Db): VisitRow[] {
	return db.prepare(`SELECT ${visitFields.join(', ')}, views FROM visits ORDER BY ${visitFields.join(', ')}`).all() as VisitRow[];
}

/** Views added up by one field (path, locale, day, utm_source, …), most first. */
export function viewsBy(db: Db, field: (typeof visitFields)[number], { marked = false }: { marked?: boolean } = {}): { key: string; views: number }[] {
	if (!(visitFields as readonly string[]).includes(field)) throw new Error(`No visit field "${field}"`);
	const where = marked ? "WHERE utm_medium = 'social'" : '';
	return db.prepare(`SELECT ${field} AS key, SUM(views) AS views FROM visits ${where} GROUP BY ${field} ORDER BY views DESC, key`).all() as {
		key: string;
		views: number;
	}[];
}
