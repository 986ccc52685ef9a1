import { requireRole } from '#lib/server/auth/guard.ts';
import { engagementCsv } from '#lib/server/stats/engagement.ts';
import { database } from '#lib/server/store/shared.ts';
import type { RequestHandler } from './$types';

/** Every published post with its latest engagement reading and its visits, for a spreadsheet. */
export const GET: RequestHandler = ({ locals }) => {
	requireRole(locals, 'editor');
	return new Response(engagementCsv(database()), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="caravan-engagement.csv"' }
	});
};
