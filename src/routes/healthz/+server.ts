import { json } from '@sveltejs/kit';
import { database } from '$lib/server/db/shared';
import { health } from '$lib/server/queue/health';
import type { RequestHandler } from './$types';

export const prerender = false;

/** The scheduler's health: each job's last tick, the queue's depth by state, recent failures. */
export const GET: RequestHandler = () => {
	const report = health(database());
	const ticks = report.jobs.map((job) => (job.last_finished ? Date.parse(job.last_finished) : 0));
	const lastTick = ticks.length ? Math.max(...ticks) : undefined;
	const status = !lastTick ? 'scheduler not seen yet' : Date.now() - lastTick > 10 * 60_000 ? 'scheduler silent for over 10 minutes' : 'ok';
	return json({ status, ...report }, { headers: { 'cache-control': 'no-store' } });
};
