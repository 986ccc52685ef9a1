/**
 * The dashboard's results: the visit counts added up per day, language, page, channel, campaign and
 * post (by the posts' link marks), over the last days. Figures only; the page draws them.
 */
import type { Db } from '#lib/server/store/database.ts';
import { utcDay, visitFields } from './rules.ts';
import { visitRows } from './store.ts';

export interface Figure {
	label: string;
	views: number;
}

export interface PostFigure extends Figure {
	/** The post's id (its utm_content), and what the queue knows of it, if it is one of ours. */
	id: string;
	post?: { item_kind: string; item_slug: string; channel: string; locale: string; state: string };
}

export interface Results {
	from: string;
	to: string;
	total: number;
	/** Views that came through a post's marked link. */
	marked: number;
	byDay: Figure[];
	byLocale: Figure[];
	byChannel: Figure[];
	byCampaign: Figure[];
	byPost: PostFigure[];
	byReferrer: Figure[];
	/** Each language's most-read pages. */
	topPages: { locale: string; pages: Figure[] }[];
}

const topPerLanguage = 5;

export function results(db: Db, { days = 30, now = new Date() }: { days?: number; now?: Date } = {}): Results {
	const to = utcDay(now);
	const from = utcDay(new Date(now.getTime() - (days - 1) * 86_400_000));
	const sum = (sql: string, ...params: unknown[]) => db.prepare(sql).all(from, to, ...params) as Figure[];
	const within = 'day BETWEEN ? AND ?';
	const counted = sum(`SELECT day AS label, SUM(views) AS views FROM visits WHERE ${within} GROUP BY day`);
	const perDay = new Map(counted.map((row) => [row.label, row.views]));
	// Every day of the period, those without visits too: a chart with gaps closed up would mislead.
	const byDay = Array.from({ length: days }, (_, i) => {
		const day = utcDay(new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000));
		return { label: day, views: perDay.get(day) ?? 0 };
	});
	const by = (field: string, marked = false) =>
		sum(`SELECT ${field} AS label, SUM(views) AS views FROM visits WHERE ${within}${marked ? " AND utm_medium = 'social'" : ''} GROUP BY ${field} ORDER BY views DESC, label`);
	const posts = db.prepare('SELECT item_kind, item_slug, channel, locale, state FROM posts WHERE id = ?');
	const byPost = by('utm_content', true)
		.filter((row) => row.label !== '')
		.map((row) => ({ ...row, id: row.label, post: posts.get(row.label) as PostFigure['post'] }));
	const pages = by('locale || char(9) || path');
	const byLocale = by('locale');
	return {
		from,
		to,
		total: byDay.reduce((total, row) => total + row.views, 0),
		marked: by('utm_medium', true).reduce((total, row) => total + row.views, 0),
		byDay,
		byLocale,
		byChannel: by('utm_source', true),
		byCampaign: by('utm_campaign', true),
		byPost,
		byReferrer: by('referrer').filter((row) => row.label !== ''),
		topPages: byLocale.map(({ label: locale }) => ({
			locale,
			pages: pages
				.filter((row) => row.label.split('\t')[0] === locale)
				.slice(0, topPerLanguage)
				.map((row) => ({ label: row.label.split('\t')[1]!, views: row.views }))
		}))
	};
}

/** A spreadsheet would run a cell that starts with = + - @ as a formula: such a cell starts with ' instead. */
export function csvCell(value: string | number): string {
	let text = String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every count as CSV: one row per day, page, language, referring host and marks. */
export function visitsCsv(db: Db): string {
	const header = [...visitFields, 'views'];
	const rows = visitRows(db).map((row) => [...visitFields.map((field) => row[field]), row.views]);
	return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
