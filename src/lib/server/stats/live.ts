/**
 * The server's live count (src/serve.js): it sees every response, the prerendered pages adapter-node
 * serves from disk as well as the rendered ones. A page view costs a map update; the counts are written
 * to the database every few seconds and at shutdown, by a connection of its own that waits for a busy
 * database only briefly: when it cannot write, the counts wait in memory for the next time.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DatabaseMissingError, openDb, type Db } from '#lib/server/store/database.ts';
import { publicPage, visitKey, visitOf } from './rules.ts';
import { addVisits, tallyAdd, type Tally } from './store.ts';

/** Distinct visits held between writes at most; beyond it new kinds are dropped (and said) rather than fill memory. */
const heldLimit = 50_000;

export class VisitCounter {
	private tally: Tally = new Map();
	private db: Db | undefined;
	private timer: NodeJS.Timeout | undefined;
	private dropped = 0;

	constructor(
		private readonly file: string,
		private readonly log: (line: string) => void = (line) => console.error(line)
	) {}

	/** Writes every `ms` (the timer does not keep the process alive). */
	start(ms: number): this {
		this.timer = setInterval(() => this.flush(), ms);
		this.timer.unref();
		return this;
	}

	/** Looks at a request; counts it when its response ends, if it is a visit (rules.ts). */
	observe(req: IncomingMessage, res: ServerResponse): void {
		// Most requests (assets, cards, the dashboard) stop here, before any listener is added.
		if (req.method !== 'GET' || !publicPage(req.url ?? '')) return;
		res.once('finish', () => {
			const visit = visitOf({
				method: req.method,
				target: req.url ?? '',
				status: res.statusCode,
				userAgent: req.headers['user-agent'],
				referer: req.headers.referer,
				at: new Date()
			});
			if (visit) this.add(visitKey(visit));
		});
	}

	add(key: string, views = 1): void {
		if (!this.tally.has(key) && this.tally.size >= heldLimit) {
			this.dropped += views;
			return;
		}
		tallyAdd(this.tally, key, views);
	}

	/** Writes what is held; keeps it when the database cannot take it now. Returns the views written. */
	flush(): number {
		if (this.dropped) {
			this.log(`visits: ${this.dropped} page views not counted: more than ${heldLimit} different visits waited to be written`);
			this.dropped = 0;
		}
		if (this.tally.size === 0) return 0;
		const tally = this.tally;
		this.tally = new Map();
		try {
			this.db ??= this.open();
			addVisits(this.db, tally);
			return [...tally.values()].reduce((sum, views) => sum + views, 0);
		} catch (problem) {
			for (const [key, views] of tally) this.add(key, views);
			if (problem instanceof DatabaseMissingError) {
				this.db?.close();
				this.db = undefined;
			}
			this.log(`visits: not written yet (${problem instanceof Error ? problem.message : String(problem)}); kept for the next write`);
			return 0;
		}
	}

	private open(): Db {
		const db = openDb(this.file, { create: false });
		// The scheduler may hold the write lock; the server must not wait for it.
		db.pragma('busy_timeout = 100');
		return db;
	}

	/** The last write, at shutdown. */
	close(): void {
		if (this.timer) clearInterval(this.timer);
		this.flush();
		this.db?.close();
		this.db = undefined;
	}
}

/** The counter serve.js uses, as configured; undefined when counting is off (VISIT_COUNTING=off). */
export async function configuredCounter(): Promise<VisitCounter | undefined> {
	const { config } = await import('#lib/server/config.ts');
	if (!config.visits) return undefined;
	return new VisitCounter(config.database).start(config.visitsFlushMs);
}
