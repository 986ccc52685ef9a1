import { fail, redirect } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { locales, type Locale } from '#lib/core/i18n.ts';
import { actorName, requireRole } from '#lib/server/auth/guard.ts';
import { cardFormats, channelNames, formatNames, isItemKind, type ChannelName, type Format, type ItemKind } from '#lib/core/catalogue.ts';
import { takesCarousel } from '#lib/core/post-fields.ts';
import { carouselSlides, slideSlug } from '#lib/server/views/carousel.ts';
import { captionRules, linkMarks } from '#lib/core/captions.ts';
import { cardPath } from '#lib/core/paths.ts';
import { config } from '#lib/server/config.ts';
import { getContent, unreviewed } from '#lib/server/content/index.ts';
import { database } from '#lib/server/store/shared.ts';
import { channelStatus } from '#lib/server/store/channel-settings.ts';
import { Queue, QueueError, type NewPost } from '#lib/server/store/posts.ts';
import { postText } from '#lib/server/publishing/compose.ts';
import { addLocalDays, utcToZoned } from '#lib/core/time.ts';
import { itemView } from '#lib/server/views/item.ts';
import { itemChoices, itemTitle } from '#lib/server/views/items.ts';
import { channelWarning } from '../approval.ts';
import { caption, composedKey, media, text, when, zoneOptions, type FieldErrors } from '../fields.ts';
import { message } from '#lib/dashboard/i18n/index.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Compose once: one topic, fact or opportunity, several languages and channels, one time. Step 1 (a
 * GET form) chooses what and where; step 2 has a caption for each language × channel, made from the
 * content as the scheduler makes them (compose.ts postText) and free to change, and the one date, time
 * and zone; creating makes every draft at once, or none.
 */

/** What step 1 chose, from the address or the form: only known values, each once, in the catalogue's order. */
function choices(get: (name: string) => string[]) {
	const item = get('item')[0] ?? '';
	const [kind, slug] = item.split('/');
	const known = itemChoices().some((group) => group.items.some((entry) => entry.value === item));
	return {
		item,
		kind: known && isItemKind(kind) ? kind : undefined,
		slug: known ? slug : undefined,
		locales: locales.filter((locale) => get('locale').includes(locale)),
		channels: channelNames.filter((channel) => get('channel').includes(channel)),
		formats: formatNames.filter((format) => get('formats').includes(format)),
		/** A topic's slides as one set (a Telegram media group, an Instagram carousel) rather than its card. */
		carousel: get('carousel').includes('on')
	};
}
type Choices = ReturnType<typeof choices>;

function choiceErrors(chosen: Choices): FieldErrors {
	const errors: FieldErrors = {};
	if (!chosen.kind) errors.item = message('new.error.item');
	if (!chosen.locales.length) errors.locales = message('new.error.locales');
	if (!chosen.channels.length) errors.channels = message('new.error.channels');
	if (!chosen.formats.length) errors.formats = message('new.error.formats');
	if (chosen.carousel && chosen.kind && chosen.kind !== 'topic') errors.item = message('new.error.carouselItem');
	// A carousel's size: its topic's slides (the same number in every language).
	const slides = chosen.carousel && chosen.kind === 'topic' && chosen.slug ? carouselSlides(getContent(), chosen.locales[0] ?? 'en', chosen.slug, config.siteUrl).length : undefined;
	// What a network refuses (Instagram: one card, 4:5 to 1.91:1; a carousel where it posts no sets) is said
	// here, before any caption is written.
	const refused = chosen.formats.length ? chosen.channels.map((channel) => media(channel, chosen.formats, slides)).find(Boolean) : undefined;
	if (refused) errors.formats = refused;
	return errors;
}

/** One draft to be: its key in the form, and what it is made from. */
const postKey = (locale: Locale, channel: ChannelName) => `${locale}-${channel}`;

function drafts(chosen: Choices & { kind: ItemKind; slug: string }) {
	const content = getContent();
	const statuses = channelStatus(database());
	return chosen.locales.flatMap((locale) => {
		const view = itemView(content, locale, chosen.kind, chosen.slug, config.siteUrl);
		return chosen.channels.map((channel) => {
			const made = postText(content, { kind: chosen.kind, slug: chosen.slug, locale, channel, siteUrl: config.siteUrl, formats: chosen.formats, marks: config.marks, carousel: chosen.carousel });
			return {
				key: postKey(locale, channel),
				locale,
				channel,
				unreviewed: unreviewed(content, locale),
				/** The item has no text in this language yet: English stands in. */
				fallback: view?.fallback ?? false,
				channelWarning: channelWarning(channel, statuses.find((status) => status.name === channel)),
				caption: made.caption,
				alt: made.alt,
				limit: captionRules[channel].limit,
				/** The marks its links will get (a manual post; its id is not made yet, so a stand-in of its length). */
				marks: linkMarks(config.marks, config.siteUrl, { channel }),
				image: made.slides
					? cardPath(locale, 'slide', slideSlug(chosen.slug, 1), chosen.formats[0] ?? 'square')
					: cardPath(locale, chosen.kind, chosen.slug, chosen.formats[0] ?? 'square'),
				slides: made.slides?.length
			};
		});
	});
}

export const load: PageServerLoad = ({ url, locals }) => {
	requireRole(locals, 'editor');
	const content = getContent();
	const chosen = choices((name) => url.searchParams.getAll(name));
	const asked = url.searchParams.get('step') === 'captions';
	const errors = asked ? choiceErrors(chosen) : {};
	const ready = asked && !Object.keys(errors).length && chosen.kind && chosen.slug;
	const tomorrow = addLocalDays(utcToZoned(new Date(), 'Asia/Tashkent'), 1).slice(0, 10);
	// Step 1's choices as an address: step 2's "change" link, and where its form posts to.
	const query = new URLSearchParams([
		['item', chosen.item],
		...chosen.locales.map((locale) => ['locale', locale]),
		...chosen.channels.map((channel) => ['channel', channel]),
		...chosen.formats.map((format) => ['formats', format]),
		...(chosen.carousel ? [['carousel', 'on']] : [])
	]).toString();
	const statuses = channelStatus(database());
	return {
		step: ready ? (2 as const) : (1 as const),
		items: itemChoices(),
		languages: locales.map((locale) => ({ locale, unreviewed: unreviewed(content, locale) })),
		channels: statuses,
		formats: formatNames,
		/** The carousel choice: the formats slides come in, and the channels that post a set. */
		carousel: { formats: cardFormats.slide, channels: channelNames.filter(takesCarousel) },
		zones: zoneOptions(content),
		errors,
		values: {
			item: chosen.item,
			locales: chosen.locales,
			channels: chosen.channels,
			formats: asked || url.searchParams.has('formats') ? chosen.formats : (['square'] as Format[]),
			carousel: chosen.carousel
		},
		query,
		compose: ready
			? {
					title: itemTitle(chosen.kind!, chosen.slug!),
					kind: chosen.kind!,
					posts: drafts({ ...chosen, kind: chosen.kind!, slug: chosen.slug! }),
					token: randomUUID(),
					date: tomorrow,
					time: '18:00',
					zone: 'Asia/Tashkent'
				}
			: undefined
	};
};

export const actions: Actions = {
	/** Step 2: every draft at once, or none, with each problem next to its field. */
	create: async ({ request, locals }) => {
		const user = requireRole(locals, 'editor');
		const form = await request.formData();
		const chosen = choices((name) => form.getAll(name).map(String));
		const errors: FieldErrors = choiceErrors(chosen);
		const token = /^[0-9a-f-]{36}$/.test(text(form, 'token')) ? text(form, 'token') : randomUUID();
		const moment = when(form, errors);
		const captions: Record<string, string> = {};
		const posts: NewPost[] = [];
		const content = getContent();
		for (const locale of chosen.locales) {
			for (const channel of chosen.channels) {
				const key = postKey(locale, channel);
				captions[key] = text(form, `caption-${key}`);
				const problems: FieldErrors = {};
				const written = caption(captions[key], channel, problems, linkMarks(config.marks, config.siteUrl, { channel }));
				if (problems.caption) errors[`caption-${key}`] = problems.caption;
				if (!chosen.kind || !chosen.slug || problems.caption) continue;
				const made = postText(content, { kind: chosen.kind, slug: chosen.slug, locale, channel, siteUrl: config.siteUrl, formats: chosen.formats, marks: config.marks, carousel: chosen.carousel });
				posts.push({
					item_kind: chosen.kind,
					item_slug: chosen.slug,
					locale,
					channel,
					formats: chosen.formats,
					zone: moment.zone,
					scheduled_utc: moment.utc ?? '',
					...made,
					caption: written,
					plan_key: `${composedKey(token)}${key}`
				});
			}
		}
		const values = { captions, date: moment.date, time: moment.time, zone: moment.zone, token };
		if (Object.keys(errors).length || !moment.utc) return fail(400, { values, errors });
		let made: { post: { id: string } }[];
		try {
			made = new Queue(database()).createMany(posts, actorName(user));
		} catch (problem) {
			// The form checks every field first, so the queue refuses only what changed meanwhile (an item removed).
			if (problem instanceof QueueError) return fail(400, { values, errors: { form: message('new.error.notCreated') } as FieldErrors });
			throw problem;
		}
		if (made.length === 1) redirect(303, `/admin/posts/${made[0]!.post.id}/?created`);
		redirect(303, `/admin/posts/?made=${token}`);
	}
};
