import { fail, redirect } from '@sveltejs/kit';
import { actorName, requireRole } from '#lib/server/auth/guard.ts';
import { database } from '#lib/server/store/shared.ts';
import { channels as catalogue, isChannelName, type ChannelEntry } from '#lib/core/catalogue.ts';
import { config } from '#lib/server/config.ts';
import { tokenExpiries } from '#lib/server/publishing/channels/index.ts';
import { channelActivity, channelStatus, setPaused, type ChannelEvent } from '#lib/server/store/channel-settings.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { networkMarks } from '#lib/server/look/networks.ts';
import { itemTitle } from '#lib/server/views/items.ts';
import { text } from '../posts/fields.ts';
import { message } from '#lib/dashboard/i18n/index.ts';
import { plainFailure } from './failure.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Each channel as the team needs it: set up or not, on or paused, its last success and last failure
 * (each with its post), its posts waiting, when its access expires (where known) and its last 24 hours'
 * posts against the network's daily limit (where it has one). How a channel is set up (its settings on
 * the server) is for the README, not this page.
 */
export const load: PageServerLoad = ({ locals }) => {
	requireRole(locals, 'admin');
	const db = database();
	const queue = new Queue(db);
	const now = new Date();
	const activity = channelActivity(db, now);
	const tokens = tokenExpiries(config.channels, now);
	const post = (event: ChannelEvent | undefined) => {
		const found = event && queue.get(event.post_id);
		return found && { ...event, title: itemTitle(found.item_kind, found.item_slug), locale: found.locale };
	};
	return {
		marks: networkMarks(),
		channels: channelStatus(db).map((channel) => {
			const { lastSuccess, lastFailure, ...waiting } = activity[channel.name];
			const failure = post(lastFailure);
			return {
				...channel,
				...waiting,
				lastSuccess: post(lastSuccess),
				lastFailure: failure && { ...failure, plain: plainFailure(failure.reason ?? '') },
				token: tokens.find((token) => token.channel === channel.name),
				dailyPosts: (catalogue[channel.name] as ChannelEntry).dailyPosts
			};
		})
	};
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
