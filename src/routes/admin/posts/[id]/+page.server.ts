import { error, fail, redirect } from '@sveltejs/kit';
import { captionRules } from '#lib/core/captions.ts';
import { cardPath } from '#lib/core/paths.ts';
import { actorName, requireRole } from '#lib/server/auth/guard.ts';
import { allows } from '#lib/server/auth/roles.ts';
import { formatNames } from '#lib/core/catalogue.ts';
import { config } from '#lib/server/config.ts';
import { database } from '#lib/server/store/shared.ts';
import { noteLimit, Queue, QueueError, type Post } from '#lib/server/store/posts.ts';
import { channelStatus } from '#lib/server/store/channel-settings.ts';
import { utcToZoned } from '#lib/core/time.ts';
import { itemTitle } from '#lib/server/views/items.ts';
import { getContent, unreviewed } from '#lib/server/content/index.ts';
import { contentNow, marksOf, refreshPost } from '#lib/server/publishing/compose.ts';
import { approvePost, channelWarning } from '../approval.ts';
import { alt, caption, conflict, text, when, zoneOptions, type FieldErrors } from '../fields.ts';
import { message } from '#lib/dashboard/i18n/index.ts';
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
	// Arrived here by "approve and next": the post approved a moment ago.
	const before = url.searchParams.get('approved');
	const approvedBefore = before ? queue().get(before) : undefined;
	return {
		post,
		title: itemTitle(post.item_kind, post.item_slug),
		approvedBefore: approvedBefore && { id: approvedBefore.id, title: itemTitle(approvedBefore.item_kind, approvedBefore.item_slug), channel: approvedBefore.channel, locale: approvedBefore.locale },
		noDraftsLeft: url.searchParams.has('nodrafts'),
		noted: url.searchParams.has('noted'),
		/** The channel cannot publish the post at its time (not set up, paused): said where it is approved. */
		channelWarning: channelWarning(post.channel, channelStatus(database()).find((status) => status.name === post.channel)),
		/** The post's language has no native speaker's review yet: it is marked, and approving it asks again. */
		unreviewed: unreviewed(getContent(), post.locale) ? message(`lang.${post.locale}`) : undefined,
		history: queue().history(post.id),
		noteLimit,
		look: post.state === 'needs_check' ? guide(post) : [],
		// Whether the content now says something else than the post's card, caption and alt.
		content: contentNow(getContent(), post, config.siteUrl),
		cards: formatNames.map((format) => ({
			format,
			// The post's own card where it carries one (what it will publish), else the content's.
			src: post.card ? `/admin/posts/${post.id}/card/${format}.png` : cardPath(post.locale, post.item_kind, post.item_slug, format),
			sent: post.formats.includes(format)
		})),
		/** A carousel's slides, in order, in its one format: what it sends as one set. */
		slides: post.slides?.map((slide, i) => ({ src: `/admin/posts/${post.id}/card/${post.formats[0] ?? 'square'}-${i + 1}.png`, alt: slide.card.alt })),
		limit: { value: rule.limit, unit: rule.unit },
		/** The marks its links get when published: the live count and the preview include them. */
		marks: marksOf(post, config.siteUrl, config.marks),
		local: { date: local.slice(0, 10), time: local.slice(11, 16) },
		zones: zoneOptions(getContent(), post.zone),
		created: url.searchParams.has('created'),
		may: {
			edit: post.state === 'draft' || (post.state === 'approved' && allows(user.role, 'approver')),
			refresh: (post.state === 'draft' || (post.state === 'approved' && allows(user.role, 'approver'))),
			approve: post.state === 'draft' && allows(user.role, 'approver'),
			cancel: ['draft', 'approved', 'failed', 'needs_check'].includes(post.state) && allows(user.role, 'approver'),
			restore: post.state === 'cancelled' && allows(user.role, 'approver'),
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
		if (problem instanceof QueueError) return fail(409, { errors: { form: conflict(queue().get(id)) } as FieldErrors });
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
		const newCaption = caption(values.caption, post.channel, errors, marksOf(post, config.siteUrl, config.marks));
		const newAlt = alt(values.alt, errors);
		const moment = when(form, errors);
		if (Object.keys(errors).length || !moment.utc) return fail(400, { values, errors });
		return change(post.id, () =>
			queue().edit(post.id, actorName(user), { caption: newCaption, alt: newAlt, scheduled_utc: moment.utc, zone: moment.zone }, { mayEditApproved: allows(user.role, 'approver') })
		);
	},
	/** Approve; with `next`, then go on to the next draft in time order. */
	approve: async ({ request, params, locals }) => {
		const user = requireRole(locals, 'approver');
		const post = find(params.id);
		const form = await request.formData();
		const errors: FieldErrors = {};
		if (unreviewed(getContent(), post.locale) && text(form, 'unreviewed') !== 'yes') {
			errors.unreviewed = message('post.error.unreviewed', { language: message(`lang.${post.locale}`) });
		}
		const status = channelStatus(database()).find((entry) => entry.name === post.channel);
		if (channelWarning(post.channel, status) && text(form, 'channel') !== 'yes') {
			errors.channel = message(status?.configured ? 'post.error.channelPaused' : 'post.error.channelNotSetUp', { channel: post.channel });
		}
		if (Object.keys(errors).length) return fail(400, { errors });
		caption(post.caption, post.channel, errors, marksOf(post, config.siteUrl, config.marks));
		if (errors.caption) return fail(400, { errors: { form: message('post.error.notApproved', { why: errors.caption }) } as FieldErrors });
		try {
			approvePost(queue(), getContent(), post, actorName(user));
		} catch (problem) {
			if (problem instanceof QueueError) return fail(409, { errors: { form: conflict(queue().get(post.id)) } as FieldErrors });
			throw problem;
		}
		if (text(form, 'next') !== 'yes') redirect(303, `/admin/posts/${post.id}/`);
		const next = queue().nextDraft(post.id);
		redirect(303, next ? `/admin/posts/${next.id}/?approved=${post.id}` : `/admin/posts/${post.id}/?nodrafts`);
	},
	refresh: ({ params, locals }) => {
		const user = requireRole(locals, 'editor');
		const post = find(params.id);
		if (contentNow(getContent(), post, config.siteUrl) === 'gone') {
			return fail(409, { errors: { form: message('post.error.gone') } as FieldErrors });
		}
		return change(post.id, () =>
			refreshPost(queue(), getContent(), post.id, actorName(user), { siteUrl: config.siteUrl, mayEditApproved: allows(user.role, 'approver'), marks: config.marks })
		);
	},
	/** Cancels only when confirmed (the cancel page's button); otherwise it asks there first. */
	cancel: async ({ request, params, locals }) => {
		const user = requireRole(locals, 'approver');
		const post = find(params.id);
		if (text(await request.formData(), 'confirm') !== 'yes') redirect(303, `/admin/posts/${post.id}/cancel/`);
		return change(post.id, () => queue().cancel(post.id, actorName(user)));
	},
	restore: ({ params, locals }) => {
		const user = requireRole(locals, 'approver');
		return change(find(params.id).id, () => queue().restore(params.id, actorName(user)));
	},
	note: async ({ request, params, locals }) => {
		const user = requireRole(locals, 'editor');
		const post = find(params.id);
		const note = text(await request.formData(), 'note');
		const length = note.replace(/\r\n?/g, '\n').trim().length;
		if (!length) return fail(400, { values: { note }, errors: { note: message('post.error.noteEmpty') } as FieldErrors });
		if (length > noteLimit) return fail(400, { values: { note }, errors: { note: message('post.error.noteLong', { length, max: noteLimit }) } as FieldErrors });
		queue().note(post.id, actorName(user), note);
		redirect(303, `/admin/posts/${post.id}/?noted#history-title`);
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
		if (!valid) return fail(400, { values: { url }, errors: { url: message('post.error.url') } as FieldErrors });
		return change(post.id, () => queue().resolve(post.id, actorName(user), { publishedUrl: url }));
	},
	again: ({ params, locals }) => {
		const user = requireRole(locals, 'approver');
		return change(find(params.id).id, () => queue().resolve(params.id, actorName(user), { sendAgain: true }));
	}
};
