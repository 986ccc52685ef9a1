import { fail, redirect } from '@sveltejs/kit';
import { actorName, requireRole } from '#lib/server/auth/guard.ts';
import { database } from '#lib/server/store/shared.ts';
import { isChannelName } from '#lib/core/catalogue.ts';
import { channelModule } from '#lib/server/publishing/channels/index.ts';
import { channelStatus, setPaused } from '#lib/server/store/channel-settings.ts';
import { text } from '../posts/fields.ts';
import { message } from '#lib/dashboard/i18n/index.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireRole(locals, 'admin');
	// The environment variables each channel reads, from its module: names only, never their values.
	return { channels: channelStatus(database()).map((channel) => ({ ...channel, settings: [...channelModule(channel.name).env] })) };
};

export const actions: Actions = {
	pause: async ({ request, locals }) => {
		const user = requireRole(locals, 'admin');
		const form = await request.formData();
		const name = text(form, 'name');
		if (!isChannelName(name)) return fail(400, { errors: { form: message('channels.error.unknown') } });
		setPaused(database(), name, text(form, 'paused') === 'true', actorName(user));
		redirect(303, '/admin/channels/');
	}
};
