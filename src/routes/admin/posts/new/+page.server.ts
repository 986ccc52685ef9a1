import { fail, redirect } from '@sveltejs/kit';
import { isLocale, locales, type Locale } from '#lib/core/i18n.ts';
import { actorName, requireRole } from '#lib/server/auth/guard.ts';
import { formatNames, isFormat } from '#lib/core/formats.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { database } from '#lib/server/store/shared.ts';
import { channelStatus, isChannel } from '#lib/server/store/channel-settings.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { postText, type ItemKind } from '#lib/server/publishing/compose.ts';
import { addLocalDays, utcToZoned } from '#lib/core/time.ts';
import { zones } from '../../format.ts';
import { itemChoices, itemKinds } from '#lib/server/views/items.ts';
import { text, when, type FieldErrors } from '../fields.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url, locals }) => {
	requireRole(locals, 'editor');
	const tomorrow = addLocalDays(utcToZoned(new Date(), 'Asia/Tashkent'), 1).slice(0, 10);
	return {
		items: itemChoices(),
		locales,
		channels: channelStatus(database()),
		formats: formatNames,
		zones,
		values: {
			item: url.searchParams.get('item') ?? '',
			locale: url.searchParams.get('locale') ?? 'uz',
			channel: url.searchParams.get('channel') ?? 'outbox',
			date: tomorrow,
			time: '18:00',
			zone: 'Asia/Tashkent',
			formats: ['square']
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const user = requireRole(locals, 'editor');
		const form = await request.formData();
		const errors: FieldErrors = {};
		const item = text(form, 'item');
		const [kind, slug] = item.split('/') as [ItemKind, string];
		const locale = text(form, 'locale');
		const channel = text(form, 'channel');
		const chosen = form.getAll('formats').map(String);
		const time = when(form, errors);
		const values = { item, locale, channel, date: time.date, time: time.time, zone: time.zone, formats: chosen };

		const known = itemChoices().some((group) => group.items.some((entry) => entry.value === item));
		if (!itemKinds.includes(kind) || !slug || !known) errors.item = 'Choose a topic, fact or opportunity from the list.';
		if (!isLocale(locale)) errors.locale = 'Choose a language from the list.';
		if (!isChannel(channel)) errors.channel = 'Choose a channel from the list.';
		if (chosen.length === 0 || !chosen.every(isFormat)) errors.formats = 'Choose at least one card format.';
		if (Object.keys(errors).length || !time.utc) return fail(400, { values, errors });

		const made = postText(getContent(), { kind, slug, locale: locale as Locale, channel: channel as never, siteUrl: config.siteUrl, formats: chosen });
		const { post } = new Queue(database()).create(
			{ item_kind: kind, item_slug: slug, locale, channel, ...made, formats: chosen, scheduled_utc: time.utc, zone: time.zone },
			actorName(user)
		);
		redirect(303, `/admin/posts/${post.id}/?created`);
	}
};
