import { createHash, timingSafeEqual } from 'node:crypto';
import { json } from '@sveltejs/kit';
import { config } from '#lib/server/config.ts';
import { database } from '#lib/server/store/shared.ts';
import { health } from '#lib/server/store/health.ts';
import type { RequestHandler } from './$types';

export const prerender = false;

const headers = { 'cache-control': 'no-store' };
const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether the request carries the monitoring token; compared in constant time (as hashes, so lengths match too). */
function hasToken(authorization: string, token: string): boolean {
	const sent = /^Bearer (.+)$/.exec(authorization)?.[1] ?? '';
	return timingSafeEqual(digest(sent), digest(token));
}

/**
 * The scheduler's health. Everyone gets ok or not ok, as 200 or 503 for a monitor; the details (each
 * job's last tick and error, the queue by state, recent failures with the networks' reasons) go only
 * to a monitor sending HEALTHZ_TOKEN (`Authorization: Bearer …`); signed-in users see them on the
 * dashboard's overview.
 */
export const GET: RequestHandler = ({ request }) => {
	const report = health(database());
	const ticks = report.jobs.map((job) => (job.last_finished ? Date.parse(job.last_finished) : 0));
	const lastTick = ticks.length ? Math.max(...ticks) : undefined;
	const problem = !lastTick ? 'scheduler not seen yet' : Date.now() - lastTick > 10 * 60_000 ? 'scheduler silent for over 10 minutes' : undefined;
	const status = problem ? 503 : 200;

	const authorization = request.headers.get('authorization');
	if (authorization === null) return json({ status: problem ? 'not ok' : 'ok' }, { status, headers });
	if (!config.healthzToken || !hasToken(authorization, config.healthzToken)) {
		return json({ error: 'This token does not give the details of /healthz.' }, { status: 401, headers: { ...headers, 'www-authenticate': 'Bearer' } });
	}
	return json({ status: problem ?? 'ok', ...report }, { status, headers });
};
