import { createFeed, feedCreated, revokeFeed } from '#lib/server/auth/feeds.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { config } from '#lib/server/config.ts';
import { database } from '#lib/server/store/shared.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireRole(locals, 'editor');
	return { created: feedCreated(database(), user.id) ?? null };
};

export const actions: Actions = {
	create: ({ locals }) => {
		const user = requireRole(locals, 'editor');
		const token = createFeed(database(), user.id);
		// Shown once: only its hash is kept.
		return { address: `${config.siteUrl}/calendar/${token}.ics` };
	},
	revoke: ({ locals }) => {
		const user = requireRole(locals, 'editor');
		revokeFeed(database(), user.id);
		return { revoked: true };
	}
};
