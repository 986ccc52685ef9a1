import { fail, redirect } from '@sveltejs/kit';
import { actorName, requireRole } from '#lib/server/auth/guard.ts';
import { database } from '#lib/server/store/shared.ts';
import { channelStatus, isChannel, setPaused } from '#lib/server/store/channel-settings.ts';
import { text } from '../posts/fields.ts';
import type { Actions, PageServerLoad } from './$types';

/** The environment variables that switch each channel on (see the README); never their values. */
const settings: Record<string, string[]> = {
	outbox: [],
	webhook: ['WEBHOOK_URL', 'WEBHOOK_SECRET'],
	telegram: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_ID', 'TELEGRAM_API_URL'],
	mastodon: ['MASTODON_URL', 'MASTODON_TOKEN'],
	bluesky: ['BLUESKY_SERVICE', 'BLUESKY_IDENTIFIER', 'BLUESKY_APP_PASSWORD']
};

export const load: PageServerLoad = ({ locals }) => {
	requireRole(locals, 'admin');
	return { channels: channelStatus(database()).map((channel) => ({ ...channel, settings: settings[channel.name] ?? [] })) };
};

export const actions: Actions = {
	pause: async ({ request, locals }) => {
		const user = requireRole(locals, 'admin');
		const form = await request.formData();
		const name = text(form, 'name');
		if (!isChannel(name)) return fail(400, { errors: { form: `There is no channel "${name}".` } });
		setPaused(database(), name, text(form, 'paused') === 'true', actorName(user));
		redirect(303, '/admin/channels/');
	}
};
