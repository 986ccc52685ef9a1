import { requireRole } from '#lib/server/auth/guard.ts';
import { channelNames } from '#lib/core/catalogue.ts';
import { channelModule } from '#lib/server/publishing/channels/index.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireRole(locals, 'editor');
	// The settings each channel reads on the server, from its module: names only, never their values.
	return { channels: channelNames.map((name) => ({ name, settings: [...channelModule(name).env] })) };
};
