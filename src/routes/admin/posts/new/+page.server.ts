import { fail, redirect } from '@sveltejs/kit';
import { locales } from '#lib/core/i18n.ts';
import { actorName, requireRole } from '#lib/server/auth/guard.ts';
import { formatNames } from '#lib/core/catalogue.ts';
import { checkChoice, type PostChoice } from '#lib/core/post-fields.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { database } from '#lib/server/store/shared.ts';
import { channelStatus } from '#lib/server/store/channel-settings.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { postText } from '#lib/server/publishing/compose.ts';
import { addLocalDays, utcToZoned } from '#lib/core/time.ts';
import { itemChoices } from '#lib/server/views/items.ts';
import { text, when, zoneOptions, type FieldErrors } from '../fields.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url, locals }) => {
	requireRole(locals, 'editor');
	const tomorrow = addLocalDays(utcToZoned(new Date(), 'Asia/Tashkent'), 1).slice(0, 10);
	return {
		items: itemChoices(),
		locales,
		channels: channelStatus(database()),
		formats: formatNames,
		zones: zoneOptions(getContent()),
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
		const [kind, slug] = item.split('/');
		const locale = text(form, 'locale');
		const channel = text(form, 'channel');
		const chosen = form.getAll('formats').map(String);
		const time = when(form, errors);
		const values = { item, locale, channel, date: time.date, time: time.time, zone: time.zone, formats: chosen };

		// The queue's own checks (core/post-fields.ts), each told in the words of this form's field.
		const checked = checkChoice({ item_kind: kind, item_slug: slug, locale, channel, formats: chosen, zone: time.zone });
		const said: Record<keyof PostChoice, [string, string]> = {
			item_kind: ['item', 'Choose a topic, fact or opportunity from the list.'],
			item_slug: ['item', 'Choose a topic, fact or opportunity from the list.'],
			locale: ['locale', 'Choose a language from the list.'],
			channel: ['channel', 'Choose a channel from the list.'],
			formats: ['formats', 'Choose at least one card format.'],
			zone: ['zone', 'Choose a time zone from the list.']
		};
		for (const { field } of checked.problems) errors[said[field][0]] ??= said[field][1];
		const known = itemChoices().some((group) => group.items.some((entry) => entry.value === item));
		if (!known) errors.item = said.item_kind[1];
		if (Object.keys(errors).length || !time.utc || !checked.choice) return fail(400, { values, errors });

		const { choice } = checked;
		const made = postText(getContent(), { kind: choice.item_kind, slug: choice.item_slug, locale: choice.locale, channel: choice.channel, siteUrl: config.siteUrl, formats: choice.formats });
		const { post } = new Queue(database()).create({ ...choice, ...made, scheduled_utc: time.utc }, actorName(user));
		redirect(303, `/admin/posts/${post.id}/?created`);
	}
};
