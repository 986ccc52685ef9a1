/**
 * The dashboard's words, in the signed-in user's language (English or Russian). Every string a page
 * shows is a key of the English catalogue (en.ts); ru.ts has the same keys, checked by the type
 * checker. Messages made on the server (form errors, refusals, reports) travel to the page as a key
 * and its parameters (`Message`), and are put into words only on the page, with `t`.
 * Browser-safe: the pages use it on the server and in the browser alike.
 */
import { en, type Catalogue, type Plural } from './en.ts';
import { ru } from './ru.ts';

export const languages = ['en', 'ru'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'en';
export const isLanguage = (value: unknown): value is Language => languages.includes(value as Language);

/** Each language's name in itself, for the language switch. */
export const languageSelfNames: Record<Language, string> = { en: 'English', ru: 'Русский' };

const catalogues: Record<Language, Catalogue> = { en, ru };
/** The locale Intl formats with: British English, as the public site writes it. */
const intlLocale: Record<Language, string> = { en: 'en-GB', ru: 'ru' };

export type Key = keyof typeof en;
export type Params = Record<string, string | number | Message | Message[] | undefined>;
/** Something to say, said on the page in the reader's language. */
export interface Message {
	key: Key;
	params?: Params;
}

export const message = (key: Key, params?: Params): Message => (params ? { key, params } : { key });

const pluralRules = new Map<Language, Intl.PluralRules>();
const rulesFor = (lang: Language) => {
	if (!pluralRules.has(lang)) pluralRules.set(lang, new Intl.PluralRules(intlLocale[lang]));
	return pluralRules.get(lang)!;
};

/** The text of a key in a language, its `{name}`s filled; a `count` parameter picks the plural form. */
export function translate(lang: Language, what: Key | Message, params: Params = {}): string {
	const { key, params: own } = typeof what === 'string' ? { key: what, params: undefined } : what;
	const all = { ...own, ...params };
	const entry = catalogues[lang][key] ?? en[key];
	let text: string;
	if (typeof entry === 'string') text = entry;
	else {
		const count = Number(all.count ?? 0);
		const form = rulesFor(lang).select(count) as keyof Plural;
		text = (entry as Partial<Record<keyof Plural, string>>)[form] ?? entry.other;
	}
	return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
		const value = all[name];
		if (value === undefined) return whole;
		if (Array.isArray(value)) return value.map((part) => translate(lang, part)).join('; ');
		if (typeof value === 'object') return translate(lang, value);
		// Numbers as digits only: counts in messages are small, and a limit reads the same as the network's own.
		if (typeof value === 'number') return String(value);
		return value;
	});
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(lang: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const id = `${lang}${JSON.stringify(options)}`;
	if (!dateTimeFormats.has(id)) dateTimeFormats.set(id, new Intl.DateTimeFormat(intlLocale[lang], options));
	return dateTimeFormats.get(id)!;
}

export interface Translator {
	(what: Key | Message, params?: Params): string;
	lang: Language;
	/** A moment that happened ("7 Dec 2026, 13:00 UTC"; "7 дек. 2026 г., 13:00 UTC"), in UTC. */
	when(iso: string | null | undefined): string;
	/** A calendar day ("Monday 7 December"; "понедельник, 7 декабря"). */
	day(isoDate: string, options?: Intl.DateTimeFormatOptions): string;
	/** "3 minutes ago"; "3 минуты назад". */
	ago(iso: string, nowIso: string): string;
	/** A number in the language's way ("1,000"; "1 000"). */
	number(n: number): string;
}

const translators = new Map<Language, Translator>();

/** The `t` of a language: `t('key', { name })`, `t(message)`, and dates and numbers in that language. */
export function translator(lang: Language | undefined): Translator {
	const language = isLanguage(lang) ? lang : defaultLanguage;
	const made = translators.get(language);
	if (made) return made;
	const t = ((what: Key | Message, params?: Params) => translate(language, what, params)) as Translator;
	t.lang = language;
	t.when = (iso) => {
		if (!iso) return '–';
		return `${dateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC', hourCycle: 'h23' }).format(new Date(iso))} UTC`;
	};
	t.day = (isoDate, options = { weekday: 'long', day: 'numeric', month: 'long' }) =>
		dateTimeFormat(language, { ...options, timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
	t.ago = (iso, nowIso) => {
		const seconds = Math.max(0, Math.round((Date.parse(nowIso) - Date.parse(iso)) / 1000));
		const relative = new Intl.RelativeTimeFormat(intlLocale[language], { numeric: 'always', style: 'long' });
		if (seconds < 90) return relative.format(-seconds, 'second');
		if (seconds < 90 * 60) return relative.format(-Math.round(seconds / 60), 'minute');
		if (seconds < 48 * 3600) return relative.format(-Math.round(seconds / 3600), 'hour');
		return relative.format(-Math.round(seconds / 86400), 'day');
	};
	t.number = (n) => n.toLocaleString(intlLocale[language]);
	translators.set(language, t);
	return t;
}

/**
 * The language a browser asks for first, of those the dashboard speaks (for the sign-in page, before
 * anyone is signed in): `Accept-Language: ru-RU,ru;q=0.9,en;q=0.8` → ru.
 */
export function negotiate(acceptLanguage: string | null | undefined): Language {
	const asked = (acceptLanguage ?? '')
		.split(',')
		.map((part, index) => {
			const [tag = '', ...rest] = part.trim().split(';');
			const q = rest.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
			return { lang: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
		})
		.filter((entry) => entry.q > 0 && isLanguage(entry.lang))
		.sort((a, b) => b.q - a.q || a.index - b.index);
	return (asked[0]?.lang as Language | undefined) ?? defaultLanguage;
}
