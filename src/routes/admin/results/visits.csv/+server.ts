import { requireRole } from '#lib/server/auth/guard.ts';
import { visitsCsv } from '#lib/server/stats/results.ts';
import { database } from '#lib/server/store/shared.ts';
import type { RequestHandler } from './$types';

/** Every visit count, for a spreadsheet. */
export const GET: RequestHandler = ({ locals }) => {
	requireRole(locals, 'editor');
	return new Response(visitsCsv(database()), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="caravan-visits.csv"' }
	});
};
