import { json } from '@sveltejs/kit';
import { database } from '$lib/server/db/shared';
import { health } from '$lib/server/queue/health';
import type { RequestHandler } from './$types';

export const prerender = false;

/** The scheduler's health: each job's last tick, the queue's depth by state, recent failures. */
export const GET: RequestHandler = () => {
	const report = health(database());
	const publish = report.jobs.find((job) => job.name === 'publish');
	const lastTick = publish?.last_finished ? Date.parse(publish.last_finished) : undefined;
	const status = lastTick === undefined ? 'scheduler not seen yet' : Date.now() - lastTick > 10 * 60_000 ? 'scheduler silent for over 10 minutes' : 'ok';
	return json({ status, ...report }, { headers: { 'cache-control': 'no-store' } });
};
