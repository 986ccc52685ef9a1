import { requireRole } from '#lib/server/auth/guard.ts';
import { database } from '#lib/server/store/shared.ts';
import { channelStatus } from '#lib/server/store/channel-settings.ts';
import { health } from '#lib/server/store/health.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireRole(locals, 'editor');
	const db = database();
	return { health: health(db), channels: channelStatus(db), now: new Date().toISOString() };
};
