import { error } from '@sveltejs/kit';
import { requireRole } from '#lib/server/auth/guard.ts';
import { database } from '#lib/server/store/shared.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { addLocalDays, utcToZoned, zonedToUtc } from '#lib/core/time.ts';
import { isZone, zones } from '#lib/core/catalogue.ts';
import { itemTitle } from '#lib/server/views/items.ts';
import type { PageServerLoad } from './$types';

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

/** The day asked for in `?date=`, which must be a real calendar day within the range. */
function askedDay(asked: string): string {
	const parsed = /^\d{4}-\d{2}-\d{2}$/.test(asked) ? new Date(`${asked}T00:00:00Z`) : undefined;
	const real = parsed && !Number.isNaN(parsed.getTime()) && day(parsed) === asked;
	if (!real || asked < range.first || asked > range.last) {
		error(400, `The date must be a day from ${range.first} to ${range.last}, written YYYY-MM-DD; got "${asked.slice(0, 40)}".`);
	}
	return asked;
}

/**
 * A week or a month of posts on the calendar of a zone the user picks: each post sits on the day and
 * at the hour its time falls on in that zone.
 */
export const load: PageServerLoad = ({ url, locals }) => {
	requireRole(locals, 'editor');
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
	const posts = new Queue(database())
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
				title: itemTitle(post.item_kind, post.item_slug)
			};
		});

	const step = view === 'week' ? 7 : undefined;
	const shiftMonth = (n: number) => {
		const date = new Date(`${anchor.slice(0, 7)}-01T00:00:00Z`);
		date.setUTCMonth(date.getUTCMonth() + n);
		return day(date);
	};
	return {
		zone,
		zones,
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
