/**
 * What counts as a visit, and what of it is kept: one rule for the server's live count (live.ts) and
 * for nginx's access log (import.ts), so both give the same figures for the same requests.
 *
 * A visit is a successful (200) GET of a public page: `/` (the language pick) or a page under a
 * language, `/<locale>/…/` (every page's address ends in a slash; feeds, cards, search files and assets
 * do not, and the dashboard and cards live outside the languages). Requests by bots are left out, as
 * the `isbot` library recognises them, and so are requests without any user agent (scripts).
 *
 * Kept per visit: the day (UTC), the path, its language, the referring site's host (no path, no
 * query) and the four utm_ marks of our posts' links, each cut to a length. No IP address, no user
 * agent, no cookie, nothing that could tell one reader from another.
 */
import { isbot } from 'isbot';
import { markFields } from '#lib/core/captions.ts';
import { isLocale } from '#lib/core/i18n.ts';

/** Longest path kept (a longer one is no page of ours; it is cut, not dropped, so the count stays true). */
export const pathLimit = 300;
/** Longest referring host and utm_ value kept. */
export const fieldLimit = 100;

export interface Visit {
	/** UTC day, 2026-12-07. */
	day: string;
	path: string;
	/** The page's language, or '' for `/`. */
	locale: string;
	/** The referring site's host name, or ''. */
	referrer: string;
	utm_source: string;
	utm_medium: string;
	utm_campaign: string;
	utm_content: string;
}

export interface Request {
	method: string | undefined;
	/** The request target as sent: path and query (`/en/?utm_source=…`). */
	target: string;
	status: number;
	userAgent: string | undefined;
	referer: string | undefined;
	at: Date;
}

const pagePath = /^\/(?:([a-z]{2})\/(?:[^?#.\s]*\/)?)?$/;

/** The path of a request target, and its language, when it is a public page's; undefined otherwise. */
export function publicPage(target: string): { path: string; locale: string } | undefined {
	const end = target.search(/[?#]/);
	const path = end >= 0 ? target.slice(0, end) : target;
	const match = pagePath.exec(path);
	if (!match) return undefined;
	if (match[1] !== undefined && !isLocale(match[1])) return undefined;
	return { path: path.slice(0, pathLimit), locale: match[1] ?? '' };
}

// Control characters would break the CSV export and the table; a value is a label, not text.
const clean = (value: string) => value.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, fieldLimit);

// The same user agents and referrers come again and again (and importing a million lines meets each
// thousands of times): their answers are kept, up to a size.
const cacheLimit = 10_000;
function remembered<T>(compute: (key: string) => T): (key: string) => T {
	const cache = new Map<string, T>();
	return (key) => {
		let value = cache.get(key);
		if (value === undefined && !cache.has(key)) {
			value = compute(key);
			if (cache.size >= cacheLimit) cache.clear();
			cache.set(key, value);
		}
		return value as T;
	};
}

/** A bot by the isbot library's list, or no user agent at all. */
export const isBot = remembered((userAgent: string) => userAgent.trim() === '' || isbot(userAgent));

/** The referring site's host name only; '' for none, or for something that is no http(s) address. */
export const referrerHost = remembered((referer: string) => {
	if (!referer) return '';
	try {
		const url = new URL(referer);
		return /^https?:$/.test(url.protocol) ? clean(url.hostname.toLowerCase()) : '';
	} catch {
		return '';
	}
});

function marks(target: string): Pick<Visit, (typeof markFields)[number]> {
	const result = { utm_source: '', utm_medium: '', utm_campaign: '', utm_content: '' };
	const start = target.indexOf('?');
	if (start < 0 || !target.includes('utm_', start)) return result;
	const end = target.indexOf('#', start);
	let params: URLSearchParams;
	try {
		params = new URLSearchParams(target.slice(start + 1, end >= 0 ? end : undefined));
	} catch {
		return result;
	}
	for (const field of markFields) result[field] = clean(params.get(field) ?? '');
	return result;
}

// The day's text is made once a day, not once a visit (toISOString is most of a visit's cost).
const today = { start: 0, end: 0, text: '' };

/** The UTC day of an instant: 2026-12-07. */
export function utcDay(at: Date): string {
	const ms = at.getTime();
	if (ms >= today.start && ms < today.end) return today.text;
	const text = at.toISOString().slice(0, 10);
	today.start = Date.parse(`${text}T00:00:00Z`);
	today.end = today.start + 86_400_000;
	today.text = text;
	return text;
}

/** The visit a request makes, or undefined when it is none (not a page, not a 200 GET, a bot). */
export function visitOf(request: Request): Visit | undefined {
	if (request.method !== 'GET' || request.status !== 200) return undefined;
	const page = publicPage(request.target);
	if (!page) return undefined;
	if (isBot(request.userAgent ?? '')) return undefined;
	return { day: utcDay(request.at), ...page, referrer: referrerHost(request.referer ?? ''), ...marks(request.target) };
}

/** The fields of a visit, in the order the table's key has them. */
export const visitFields = ['day', 'path', 'locale', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content'] as const;

/** A visit as one string, to add up visits in memory before they are written. */
export const visitKey = (visit: Visit) => visitFields.map((field) => visit[field]).join('\t');
export const visitOfKey = (key: string): Visit => {
	const values = key.split('\t');
	return Object.fromEntries(visitFields.map((field, i) => [field, values[i] ?? ''])) as unknown as Visit;
};
