/** Scheduler health: each job's last tick and failure, the queue's depth by state, recent failures. */
import type { Db } from './database.ts';
import { Queue, type State } from './posts.ts';

export interface JobHealth {
	name: string;
	last_started: string | null;
	last_finished: string | null;
	last_ok: string | null;
	last_error: string | null;
	last_error_at: string | null;
	last_duration_ms: number | null;
	runs: number;
}

/**
 * Records a job's tick for /healthz. It never throws: the tick's work is done (or already failed), and a
 * database that cannot take the record now (locked by another process for longer than busy_timeout,
 * gone) must not take the scheduler down. It says so through `log` and returns false instead.
 */
export function recordJob(db: Db, name: string, started: Date, error?: unknown, log: (line: string) => void = console.error): boolean {
	const finished = new Date();
	const message = error === undefined ? null : error instanceof Error ? error.message : String(error);
	try {
		write(db, name, started, finished, message);
		return true;
	} catch (problem) {
		log(`[${finished.toISOString()}] ${name}: could not record this tick for /healthz: ${problem instanceof Error ? problem.message : String(problem)}`);
		return false;
	}
}

function write(db: Db, name: string, started: Date, finished: Date, message: string | null): void {
	db.prepare(
		`INSERT INTO jobs (name, last_started, last_finished, last_ok, last_error, last_error_at, last_duration_ms, runs)
		 VALUES (@name, @started, @finished, @ok, @error, @errorAt, @duration, 1)
		 ON CONFLICT (name) DO UPDATE SET last_started = @started, last_finished = @finished,
		   last_ok = coalesce(@ok, last_ok), last_error = coalesce(@error, last_error),
		   last_error_at = coalesce(@errorAt, last_error_at), last_duration_ms = @duration, runs = runs + 1`
	).run({
		name,
		started: started.toISOString(),
		finished: finished.toISOString(),
		ok: message ? null : finished.toISOString(),
		error: message,
		errorAt: message ? finished.toISOString() : null,
		duration: finished.getTime() - started.getTime()
	});
}

export function health(db: Db): { jobs: JobHealth[]; queue: Record<State, number>; failures: { id: string; channel: string; locale: string; last_error: string | null; updated_at: string }[] } {
	return {
		jobs: db.prepare('SELECT * FROM jobs ORDER BY name').all() as JobHealth[],
		queue: new Queue(db).depth(),
		failures: db
			.prepare(`SELECT id, channel, locale, last_error, updated_at FROM posts WHERE state IN ('failed', 'needs_check') ORDER BY updated_at DESC LIMIT 10`)
			.all() as { id: string; channel: string; locale: string; last_error: string | null; updated_at: string }[]
	};
}
