import { error, fail, redirect } from '@sveltejs/kit';
import { actorName, requireRole } from '#lib/server/auth/guard.ts';
import { allows, type Role } from '#lib/server/auth/roles.ts';
import { database } from '#lib/server/store/shared.ts';
import { Queue, QueueError, type Post } from '#lib/server/store/posts.ts';
import { addLocalDays, utcToZoned, zonedToUtc } from '#lib/core/time.ts';
import { isZone, zones } from '#lib/core/catalogue.ts';
import { cardPath } from '#lib/core/paths.ts';
import { networkMarks } from '#lib/server/look/networks.ts';
import { itemTitle } from '#lib/server/views/items.ts';
import { conflict, passed, text } from '../posts/fields.ts';
import { message, type Message } from '#lib/dashboard/i18n/index.ts';
import { movedWhy } from '../reasons.ts';
import type { Actions, PageServerLoad } from './$types';

const day = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => addLocalDays(`${iso}T00:00`, n).slice(0, 10);
/** Monday of the week holding a calendar day. */
const monday = (iso: string) => addDays(iso, -((new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7));

/**
 * The calendar shows days from 2000 to 2100: far wider than any campaign, and narrow enough that a
 * month's whole weeks stay within four-digit years, which the date arithmetic here is written for.
 */
const range = { first: '2000-01-01', last: '2100-12-31' };

const within = (iso: string) => (iso >= range.first && iso <= range.last ? iso : undefined);

/** Whether `asked` is a real calendar day (not 2026-02-30) within the range, written YYYY-MM-DD. */
function isDay(asked: string): boolean {
	const parsed = /^\d{4}-\d{2}-\d{2}$/.test(asked) ? new Date(`${asked}T00:00:00Z`) : undefined;
	return Boolean(parsed && !Number.isNaN(parsed.getTime()) && day(parsed) === asked && asked >= range.first && asked <= range.last);
}

/** The day asked for in `?date=`, which must be a real calendar day within the range. */
function askedDay(asked: string): string {
	if (!isDay(asked)) {
		const got = asked.slice(0, 40);
		// `message` for logs and clients that read the body; `said` for the page, in the reader's language.
		error(400, {
			message: `The date must be a day from ${range.first} to ${range.last}, written YYYY-MM-DD; got "${got}".`,
			said: message('calendar.error.range', { first: range.first, last: range.last, got })
		});
	}
	return asked;
}

/**
 * Whether this user may move this post, by the edit page's rule: a draft by anyone who edits, an
 * approved post only by an approver; a post on its way out, out, failed or cancelled by no one.
 */
const mayMove = (post: Post, role: Role) =>
	post.state === 'draft' || (post.state === 'approved' && allows(role, 'approver'));

/** A card thumbnail: the post's own card where it carries one (what it will publish), else the content's. */
const thumbnail = (post: Post) => (post.card ? `/admin/posts/${post.id}/card/og.png` : cardPath(post.locale, post.item_kind, post.item_slug, 'og'));

/**
 * A week or a month of posts on the calendar of a zone the user picks: each post sits on the day and
 * at the hour its time falls on in that zone.
 */
export const load: PageServerLoad = ({ url, locals }) => {
	const user = requireRole(locals, 'editor');
	const zone = isZone(url.searchParams.get('zone')) ? url.searchParams.get('zone')! : 'Asia/Tashkent';
	const view = url.searchParams.get('view') === 'month' ? 'month' : 'week';
	const today = utcToZoned(new Date(), zone).slice(0, 10);
	const asked = url.searchParams.get('date');
	const anchor = asked ? askedDay(asked) : today;

	// The days shown: a week from Monday, or the whole weeks that cover the month.
	const first = view === 'week' ? monday(anchor) : monday(`${anchor.slice(0, 7)}-01`);
	const monthEnd = addDays(`${addDays(`${anchor.slice(0, 7)}-01`, 32).slice(0, 7)}-01`, -1);
	const last = view === 'week' ? addDays(first, 6) : addDays(monday(monthEnd), 6);
	const count = Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000) + 1;
	const days = Array.from({ length: count }, (_, i) => addDays(first, i));

	const from = zonedToUtc(`${days[0]}T00:00`, zone);
	const to = zonedToUtc(`${addDays(days.at(-1)!, 1)}T00:00`, zone);
	const queue = new Queue(database());
	const posts = queue
		.between(from, to)
		.map((post) => {
			const local = utcToZoned(new Date(post.scheduled_utc), zone);
			return {
				id: post.id,
				day: local.slice(0, 10),
				time: local.slice(11, 16),
				state: post.state,
				channel: post.channel,
				locale: post.locale,
				title: itemTitle(post.item_kind, post.item_slug),
				thumbnail: thumbnail(post),
				movable: mayMove(post, user.role)
			};
		});
	// Nothing in the days shown: where the next post still to go out is, to go there in one step.
	const upcoming = posts.length ? undefined : queue.nextPlanned(to);
	const nextPost = upcoming && utcToZoned(new Date(upcoming.scheduled_utc), zone).slice(0, 10);
	// Back from a move: what moved, and where it is now.
	const movedPost = queue.get(url.searchParams.get('moved') ?? '');
	const moved = movedPost && {
		title: itemTitle(movedPost.item_kind, movedPost.item_slug),
		at: utcToZoned(new Date(movedPost.scheduled_utc), zone).replace('T', ' '),
		draft: movedPost.state === 'draft'
	};

	const step = view === 'week' ? 7 : undefined;
	const shiftMonth = (n: number) => {
		const date = new Date(`${anchor.slice(0, 7)}-01T00:00:00Z`);
		date.setUTCMonth(date.getUTCMonth() + n);
		return day(date);
	};
	return {
		zone,
		zones,
		marks: networkMarks(),
		nextPost: nextPost && within(nextPost),
		moved,
		view,
		today,
		anchor,
		month: anchor.slice(0, 7),
		days: days.map((date) => ({ date, posts: posts.filter((post) => post.day === date) })),
		// No way out of the range: a link there would only lead to the 400 above.
		previous: within(step ? addDays(anchor, -step) : shiftMonth(-1)),
		next: within(step ? addDays(anchor, step) : shiftMonth(1))
	};
};

export const actions: Actions = {
	/**
	 * Moves a post to another day of the calendar, keeping its time of day as the calendar shows it (in
	 * the calendar's zone); the post keeps its own zone. The drag-and-drop of the calendar and each
	 * entry's "Move to" form both send this. The same rule as the edit page: see `mayMove`.
	 */
	move: async ({ request, locals }) => {
		const user = requireRole(locals, 'editor');
		const form = await request.formData();
		const [id, date, view] = [text(form, 'id'), text(form, 'date').trim(), text(form, 'view') === 'month' ? 'month' : 'week'];
		const zone = isZone(text(form, 'zone')) ? text(form, 'zone') : 'Asia/Tashkent';
		const queue = new Queue(database());
		const post = queue.get(id);
		const refuse = (status: number, why: Message) => fail(status, { move: { id, date, message: why } });
		if (!post) return refuse(404, message('error.noPost'));
		const title = itemTitle(post.item_kind, post.item_slug);
		if (!isDay(date)) return refuse(400, message('calendar.error.date', { title }));
		if (post.state !== 'draft' && post.state !== 'approved') {
			return refuse(409, message('calendar.error.state', { title, state: message(`state.${post.state}`) }));
		}
		if (!mayMove(post, user.role)) return refuse(403, message('calendar.error.approved', { title }));
		const time = utcToZoned(new Date(post.scheduled_utc), zone).slice(11, 16);
		const utc = zonedToUtc(`${date}T${time}`, zone);
		const shown = `${date} ${time} ${zone}`;
		if (passed(utc)) return refuse(400, message('calendar.error.passed', { when: shown }));
		try {
			// Checked again in the transaction: an approval a moment ago cannot slip past an editor's move.
			queue.edit(post.id, actorName(user), { scheduled_utc: utc.toISOString() }, { mayEditApproved: allows(user.role, 'approver'), why: movedWhy.calendar(shown) });
		} catch (problem) {
			// The queue's own reason is for the logs; the person is told what the post is now.
			if (problem instanceof QueueError) return refuse(409, conflict(queue.get(post.id)));
			throw problem;
		}
		redirect(303, `/admin/calendar/?${new URLSearchParams({ view, zone, date, moved: post.id })}`);
	}
};
