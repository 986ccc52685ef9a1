import { error, fail, redirect } from '@sveltejs/kit';
import { captionRules } from '#lib/core/captions.ts';
import { cardPath } from '#lib/core/paths.ts';
import { actorName, requireRole } from '#lib/server/auth/guard.ts';
import { allows } from '#lib/server/auth/roles.ts';
import { formatNames } from '#lib/core/catalogue.ts';
import { config } from '#lib/server/config.ts';
import { database } from '#lib/server/store/shared.ts';
import { Queue, QueueError, type Post } from '#lib/server/store/posts.ts';
import { utcToZoned } from '#lib/core/time.ts';
import { itemTitle } from '#lib/server/views/items.ts';
import { cardText } from '#lib/server/views/card.ts';
import { getContent, unreviewed } from '#lib/server/content/index.ts';
import { cardSnapshot, contentNow, refreshPost } from '#lib/server/publishing/compose.ts';
import { alt, caption, text, when, zoneOptions, type FieldErrors } from '../fields.ts';
import { configuredChannels } from '#lib/server/publishing/channels/index.ts';
import type { Channel } from '#lib/server/publishing/channels/types.ts';
import { whereToLook } from '#lib/server/publishing/read-back.ts';
import type { Actions, PageServerLoad } from './$types';

const queue = () => new Queue(database());

/** Where a person finds a needs_check post on its network; a general guide when the channels' settings are incomplete. */
function guide(post: Post): string[] {
	let channels = new Map<string, Channel>();
	try {
		channels = configuredChannels(config);
	} catch {
		// e.g. TELEGRAM_BOT_TOKEN without TELEGRAM_CHAT_ID: the scheduler says so at its start
	}
	return whereToLook(queue(), channels, post);
}

function find(id: string): Post {
	const post = queue().get(id);
	if (!post) error(404, 'No such post');
	return post;
}

export const load: PageServerLoad = ({ params, locals, url }) => {
	const user = requireRole(locals, 'editor');
	const post = find(params.id);
	const local = utcToZoned(new Date(post.scheduled_utc), post.zone);
	const rule = captionRules[post.channel];
	return {
		post,
		title: itemTitle(post.item_kind, post.item_slug),
		/** The post's language has no native speaker's review yet: it is marked, and approving it asks again. */
		unreviewed: unreviewed(getContent(), post.locale) ? getContent().ui[post.locale].name : undefined,
		audit: queue().audit(post.id),
		look: post.state === 'needs_check' ? guide(post) : [],
		// Whether the content now says something else than the post's card, caption and alt.
		content: contentNow(getContent(), post, config.siteUrl),
		cards: formatNames.map((format) => ({
			format,
			// The post's own card where it carries one (what it will publish), else the content's.
			src: post.card ? `/admin/posts/${post.id}/card/${format}.png` : cardPath(post.locale, post.item_kind, post.item_slug, format),
			sent: post.formats.includes(format)
		})),
		limit: { value: rule.limit, unit: rule.unit },
		local: { date: local.slice(0, 10), time: local.slice(11, 16) },
		zones: zoneOptions(getContent(), post.zone),
		created: url.searchParams.has('created'),
		may: {
			edit: post.state === 'draft' || (post.state === 'approved' && allows(user.role, 'approver')),
			refresh: (post.state === 'draft' || (post.state === 'approved' && allows(user.role, 'approver'))),
			approve: post.state === 'draft' && allows(user.role, 'approver'),
			cancel: ['draft', 'approved', 'failed', 'needs_check'].includes(post.state) && allows(user.role, 'approver'),
			retry: post.state === 'failed' && allows(user.role, 'approver'),
			resolve: post.state === 'needs_check' && allows(user.role, 'approver')
		}
	};
};

/** Runs a queue change; a change the post's state does not allow is shown on the page, not thrown. */
function change(id: string, run: () => void) {
	try {
		run();
	} catch (problem) {
		if (problem instanceof QueueError) return fail(409, { errors: { form: problem.message } as FieldErrors });
		throw problem;
	}
	redirect(303, `/admin/posts/${id}/`);
}

export const actions: Actions = {
	save: async ({ request, params, locals }) => {
		const user = requireRole(locals, 'editor');
		const form = await request.formData();
		const post = find(params.id);
		const errors: FieldErrors = {};
		const values = { caption: text(form, 'caption'), alt: text(form, 'alt'), date: text(form, 'date'), time: text(form, 'time'), zone: text(form, 'zone') };
		const newCaption = caption(values.caption, post.channel, errors);
		const newAlt = alt(values.alt, errors);
		const moment = when(form, errors);
		if (Object.keys(errors).length || !moment.utc) return fail(400, { values, errors });
		return change(post.id, () =>
			queue().edit(post.id, actorName(user), { caption: newCaption, alt: newAlt, scheduled_utc: moment.utc, zone: moment.zone }, { mayEditApproved: allows(user.role, 'approver') })
		);
	},
	approve: async ({ request, params, locals }) => {
		const user = requireRole(locals, 'approver');
		const post = find(params.id);
		const errors: FieldErrors = {};
		if (unreviewed(getContent(), post.locale) && text(await request.formData(), 'unreviewed') !== 'yes') {
			errors.unreviewed = `Tick the box to approve a post in ${getContent().ui[post.locale].name}, whose translation no native speaker has reviewed yet.`;
			return fail(400, { errors });
		}
		caption(post.caption, post.channel, errors);
		if (errors.caption) return fail(400, { errors: { form: `Not approved: ${errors.caption}` } as FieldErrors });
		// A post made before posts kept their card is approved with the content's card now.
		const card = post.card ? undefined : cardText(getContent(), post.locale, post.item_kind, post.item_slug, config.siteUrl);
		return change(post.id, () => queue().approve(post.id, actorName(user), card && cardSnapshot(card, post.formats)));
	},
	refresh: ({ params, locals }) => {
		const user = requireRole(locals, 'editor');
		const post = find(params.id);
		if (contentNow(getContent(), post, config.siteUrl) === 'gone') {
			return fail(409, { errors: { form: `The ${post.item_kind} "${post.item_slug}" is no longer in the content: there is nothing to refresh from.` } as FieldErrors });
		}
		return change(post.id, () =>
			refreshPost(queue(), getContent(), post.id, actorName(user), { siteUrl: config.siteUrl, mayEditApproved: allows(user.role, 'approver') })
		);
	},
	cancel: ({ params, locals }) => {
		const user = requireRole(locals, 'approver');
		return change(find(params.id).id, () => queue().cancel(params.id, actorName(user)));
	},
	retry: ({ params, locals }) => {
		const user = requireRole(locals, 'approver');
		return change(find(params.id).id, () => queue().retry(params.id, actorName(user)));
	},
	published: async ({ request, params, locals }) => {
		const user = requireRole(locals, 'approver');
		const post = find(params.id);
		const form = await request.formData();
		const url = text(form, 'url').trim();
		let valid = false;
		try {
			valid = /^https?:$/.test(new URL(url).protocol);
		} catch {
			valid = false;
		}
		if (!valid) return fail(400, { values: { url }, errors: { url: 'Enter the address of the published post, starting with https://.' } as FieldErrors });
		return change(post.id, () => queue().resolve(post.id, actorName(user), { publishedUrl: url }));
	},
	again: ({ params, locals }) => {
		const user = requireRole(locals, 'approver');
		return change(find(params.id).id, () => queue().resolve(params.id, actorName(user), { sendAgain: true }));
	}
};
