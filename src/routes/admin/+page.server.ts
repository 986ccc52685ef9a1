import { requireRole } from '#lib/server/auth/guard.ts';
import { database } from '#lib/server/store/shared.ts';
import { channelStatus } from '#lib/server/store/channel-settings.ts';
import { config } from '#lib/server/config.ts';
import { tokenExpiries } from '#lib/server/publishing/channels/index.ts';
import { health } from '#lib/server/store/health.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireRole(locals, 'editor');
	const db = database();
	const now = new Date();
	// Days left on each token whose expiry is known: the overview warns seven days ahead.
	const tokens = Object.fromEntries(tokenExpiries(config.channels, now).map((token) => [token.channel, token.daysLeft]));
	return { health: health(db), channels: channelStatus(db), tokens, now: now.toISOString() };
};
