import { requireRole } from '$lib/server/auth/guard';
import { database } from '$lib/server/db/shared';
import { channelStatus } from '$lib/server/queue/channels';
import { health } from '$lib/server/queue/health';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireRole(locals, 'editor');
	const db = database();
	return { health: health(db), channels: channelStatus(db), now: new Date().toISOString() };
};
