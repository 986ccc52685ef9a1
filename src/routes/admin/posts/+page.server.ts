import { fail } from '@sveltejs/kit';
import { locales } from '#lib/core/i18n.ts';
import { channelNames } from '#lib/core/catalogue.ts';
import { actorName, requireRole } from '#lib/server/auth/guard.ts';
import { allows } from '#lib/server/auth/roles.ts';
import { config } from '#lib/server/config.ts';
import { database } from '#lib/server/store/shared.ts';
import { channelStatus } from '#lib/server/store/channel-settings.ts';
import { Queue, QueueError, states, type Post, type State } from '#lib/server/store/posts.ts';
import { addLocalDays, utcToZoned, zonedToUtc } from '#lib/core/time.ts';
import { itemTitle } from '#lib/server/views/items.ts';
import { itemView } from '#lib/server/views/item.ts';
import { getContent, unreviewed } from '#lib/server/content/index.ts';
import { approvalCheck, approvePost, contentWarning } from './approval.ts';
import { composedKey, conflict, dateAndTime, passed, text, type FieldErrors } from './fields.ts';
import { message, type Message } from '#lib/dashboard/i18n/index.ts';
import { movedWhy } from '../reasons.ts';
import type { Actions, PageServerLoad } from './$types';

const queue = () => new Queue(database());
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Computes each value once per key: a queue of thousands of posts is made from a few dozen items. */
function once<T>(make: (key: string) => T): (key: string) => T {
	const made = new Map<string, T>();
	return (key) => {
		if (!made.has(key)) made.set(key, make(key));
		return made.get(key)!;
	};
}

export const load: PageServerLoad = ({ url, locals }) => {
	const user = requireRole(locals, 'editor');
	const pick = <T extends string>(name: string, allowed: readonly T[]) => {
		const value = url.searchParams.get(name);
		return allowed.includes(value as T) ? (value as T) : undefined;
	};
	const filter = { state: pick<State>('state', states), channel: pick('channel', channelNames), locale: pick('locale', locales) };
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const made = uuid.test(url.searchParams.get('made') ?? '') ? url.searchParams.get('made')! : undefined;
	const words = q.toLocaleLowerCase().split(/\s+/).filter(Boolean);
	const content = getContent();
	const title = once((item) => itemTitle(...(item.split('/') as [Post['item_kind'], string])));
	const ownTitle = once((key) => {
		const [locale, kind, slug] = key.split('/') as [Post['locale'], Post['item_kind'], string];
		return itemView(content, locale, kind, slug, config.siteUrl)?.title ?? '';
	});
	/** Every word of the search in the post's caption or its item's title (English, or the post's language), any case. */
	const matches = (post: Post) => {
		if (!words.length) return true;
		const item = `${post.item_kind}/${post.item_slug}`;
		const haystack = [post.caption, title(item), ownTitle(`${post.locale}/${item}`), post.item_slug].join('\n').toLocaleLowerCase();
		return words.every((word) => haystack.includes(word));
	};
	const posts = queue()
		.list(filter)
		.filter((post) => (!made || post.plan_key?.startsWith(composedKey(made))) && matches(post))
		.map((post) => ({
			id: post.id,
			state: post.state,
			channel: post.channel,
			locale: post.locale,
			unreviewed: post.state === 'draft' && unreviewed(content, post.locale),
			local: utcToZoned(new Date(post.scheduled_utc), post.zone).replace('T', ' '),
			zone: post.zone,
			title: title(`${post.item_kind}/${post.item_slug}`),
			kind: post.item_kind
		}));
	// The page's own query, kept in the bulk actions' address so that the list after an action is the same list.
	const query = new URLSearchParams(
		Object.entries({ ...filter, q, made }).filter((entry): entry is [string, string] => Boolean(entry[1]))
	).toString();
	return {
		posts,
		filter,
		q,
		made: made !== undefined,
		query,
		options: { states, channels: channelNames, locales },
		mayBulk: allows(user.role, 'approver')
	};
};

const bulkActions = ['approve', 'move', 'moveto', 'cancel'] as const;
type BulkAction = (typeof bulkActions)[number];

/** One post's outcome in a bulk action's report. */
interface Outcome {
	id: string;
	title: string;
	channel: string;
	locale: string;
	ok: boolean;
	said: Message;
}

const outcome = (post: { id: string; title: string; channel: string; locale: string }, ok: boolean, said: Message): Outcome => ({
	id: post.id,
	title: post.title,
	channel: post.channel,
	locale: post.locale,
	ok,
	said
});

export const actions: Actions = {
	/**
	 * What an approver does with the posts ticked in the queue: approve them, move them by days or to a
	 * date and time (in each post's own zone), or cancel them. Approving asks to confirm what one
	 * approval asks (a draft translation, a channel that cannot publish now) and shows what changed in
	 * the content; cancelling always asks. Each post is done on its own, and the report says what
	 * happened to each.
	 */
	bulk: async ({ request, locals }) => {
		const user = requireRole(locals, 'approver');
		const actor = actorName(user);
		const form = await request.formData();
		const ids = [...new Set(form.getAll('id').map(String))].filter((id) => uuid.test(id)).slice(0, 500);
		const what = text(form, 'do') as BulkAction;
		const errors: FieldErrors = {};
		const values = { ids, do: what, days: text(form, 'days').trim(), date: text(form, 'date').trim(), time: text(form, 'time').trim() };
		if (!ids.length) errors.ids = message('bulk.error.ids');
		if (!bulkActions.includes(what)) errors.do = message('bulk.error.do');
		let days = 0;
		if (what === 'move') {
			days = Number(values.days);
			if (!/^[+-]?\d+$/.test(values.days) || days === 0 || Math.abs(days) > 365) errors.days = message('bulk.error.days');
		}
		const at = what === 'moveto' ? dateAndTime(form, errors) : undefined;
		if (Object.keys(errors).length) return fail(400, { values, errors });

		const content = getContent();
		const channels = channelStatus(database());
		const found = ids.map((id) => queue().get(id));
		const missing = ids.filter((_, i) => !found[i]).map((id) => outcome({ id, title: id, channel: '–', locale: '–' }, false, message('bulk.said.missing')));
		const checks = found.filter((post): post is Post => post !== undefined).map((post) => approvalCheck(post, content, channels));
		const confirmed = text(form, 'step') === 'confirm';
		const steps = (extra: object = {}) => ({ step: { do: what, posts: checks.map((check) => ({ ...check, content_warning: contentWarning(check.content) })), ...extra } });

		if (what === 'approve') {
			const eligible = checks.filter((check) => !check.problem);
			const counts = {
				unreviewed: eligible.filter((check) => check.unreviewed).length,
				channel: eligible.filter((check) => check.channel_warning).length,
				changed: eligible.filter((check) => check.content === 'newer' || check.content === 'gone').length
			};
			if (!confirmed && (counts.unreviewed || counts.channel || counts.changed)) return steps({ counts });
			if (confirmed) {
				if (counts.unreviewed && text(form, 'unreviewed') !== 'yes') {
					errors.unreviewed = message('bulk.error.unreviewed', { count: counts.unreviewed });
				}
				if (counts.channel && text(form, 'channel') !== 'yes') {
					errors.channel = message('bulk.error.channel', { count: counts.channel });
				}
				if (Object.keys(errors).length) return fail(400, { ...steps({ counts }), errors });
			}
			const results = checks.map((check) => {
				if (check.problem) return outcome(check, false, message('bulk.said.notApproved', { why: check.problem }));
				try {
					approvePost(queue(), content, queue().get(check.id)!, actor);
					const notes = [
						check.unreviewed && message('bulk.note.unreviewed'),
						check.channel_warning && message('bulk.note.channel', { channel: check.channel }),
						contentWarning(check.content) && message('bulk.note.content')
					].filter((note): note is Message => Boolean(note));
					return outcome(check, true, notes.length ? message('bulk.said.approvedWith', { notes }) : message('bulk.said.approved'));
				} catch (problem) {
					if (problem instanceof QueueError) return outcome(check, false, message('bulk.said.notApproved', { why: conflict(queue().get(check.id)) }));
					throw problem;
				}
			});
			const done = results.filter((result) => result.ok).length;
			return { report: { heading: message('bulk.report.approved', { done, count: results.length + missing.length }), results: [...results, ...missing] } };
		}

		if (what === 'cancel') {
			if (!confirmed) return steps();
			const results = checks.map((check) => {
				try {
					queue().cancel(check.id, actor);
					return outcome(check, true, message('bulk.said.cancelled'));
				} catch (problem) {
					if (problem instanceof QueueError) return outcome(check, false, message('bulk.said.notCancelled', { state: message(`state.${queue().get(check.id)?.state ?? check.state}`) }));
					throw problem;
				}
			});
			const done = results.filter((result) => result.ok).length;
			return { report: { heading: message('bulk.report.cancelled', { done, count: results.length + missing.length }), results: [...results, ...missing] } };
		}

		// Moves: each post keeps its zone; its wall-clock time moves (18:00 stays 18:00 across a change of clocks).
		const results = checks.map((check) => {
			const post = queue().get(check.id)!;
			if (post.state !== 'draft' && post.state !== 'approved') return outcome(check, false, message('bulk.said.notMovedState', { state: message(`state.${post.state}`) }));
			const local = what === 'move' ? addLocalDays(utcToZoned(new Date(post.scheduled_utc), post.zone), days) : `${at!.date}T${at!.time}`;
			const utc = zonedToUtc(local, post.zone);
			const shown = `${local.replace('T', ' ')} ${post.zone}`;
			if (passed(utc)) return outcome(check, false, message('bulk.said.notMovedPassed', { when: shown }));
			// Stored in English, as every audit reason; the post page says it in its reader's language (reasons.ts).
			const why = what === 'move' ? movedWhy.days(days) : movedWhy.to(shown);
			try {
				queue().edit(post.id, actor, { scheduled_utc: utc.toISOString() }, { why });
				return outcome(check, true, message(post.state === 'approved' ? 'bulk.said.movedBack' : 'bulk.said.moved', { when: shown }));
			} catch (problem) {
				if (problem instanceof QueueError) return outcome(check, false, message('bulk.said.notMoved', { why: conflict(queue().get(check.id)) }));
				throw problem;
			}
		});
		const done = results.filter((result) => result.ok).length;
		return { report: { heading: message('bulk.report.moved', { done, count: results.length + missing.length }), results: [...results, ...missing] } };
	}
};
