/** The languages Caravan speaks. Adding one: add it here, then add `content/ui/<code>.yaml`. */
export const locales = ['en', 'ru', 'kk', 'ky', 'tg', 'tk', 'uz'] as const;
export type Locale = (typeof locales)[number];

/** The fallback for any text not yet translated. */
export const defaultLocale: Locale = 'en';

/** Each language's name in that language, for the language switcher and the language list at `/`. */
export const localeNames: Record<Locale, string> = {
	en: 'English',
	ru: 'Русский',
	kk: 'Қазақша',
	ky: 'Кыргызча',
	tg: 'Тоҷикӣ',
	tk: 'Türkmençe',
	uz: 'Oʻzbekcha'
};

/**
 * Each language's locale for OpenGraph (`og:locale`, `ll_CC`): the language with the country where it
 * is at home. English is en_GB: the site writes British English, as the EU's institutions do.
 */
export const ogLocales: Record<Locale, string> = {
	en: 'en_GB',
	ru: 'ru_RU',
	kk: 'kk_KZ',
	ky: 'ky_KG',
	tg: 'tg_TJ',
	tk: 'tk_TM',
	uz: 'uz_UZ'
};

const cyrillic = (letters: string) => letters.split(' ');

/**
 * Each language's alphabet in its own order, capitals, for the glossary's index by first letter. The
 * hard and soft signs (Ъ, Ь), which begin no word, are left out; Uzbek's Oʻ, Gʻ, Sh, Ch and Ng are
 * letters of their own (written with U+02BB, as content/README.md asks).
 */
export const alphabets: Record<Locale, readonly string[]> = {
	en: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''),
	ru: cyrillic('А Б В Г Д Е Ё Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ы Э Ю Я'),
	kk: cyrillic('А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ы І Э Ю Я'),
	ky: cyrillic('А Б В Г Д Е Ё Ж З И Й К Л М Н Ң О Ө П Р С Т У Ү Ф Х Ц Ч Ш Щ Ы Э Ю Я'),
	tg: cyrillic('А Б В Г Ғ Д Е Ё Ж З И Ӣ Й К Қ Л М Н О П Р С Т У Ӯ Ф Х Ҳ Ч Ҷ Ш Э Ю Я'),
	tk: 'A B Ç D E Ä F G H I J Ž K L M N Ň O Ö P R S Ş T U Ü W Y Ý Z'.split(' '),
	uz: 'A B D E F G H I J K L M N O P Q R S T U V X Y Z Oʻ Gʻ Sh Ch Ng'.split(' ')
};

export function isLocale(value: string | undefined): value is Locale {
	return (locales as readonly string[]).includes(value ?? '');
}

/**
 * Picks the reader's best language from an `Accept-Language` header, or `undefined` when none of
 * ours is acceptable. `kk-KZ` matches `kk`; `uz-Latn-UZ` matches `uz`; `q=0` excludes.
 */
export function matchAcceptLanguage(header: string | null | undefined): Locale | undefined {
	if (!header) return undefined;
	const ranges = header
		.split(',')
		.map((part, index) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const quality = q ? Number(q.slice(2)) : 1;
			return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
		})
		.filter((range) => range.tag && range.quality > 0)
		.sort((a, b) => b.quality - a.quality || a.index - b.index);
	for (const { tag } of ranges) {
		if (tag === '*') return defaultLocale;
		const primary = tag.split('-')[0];
		if (isLocale(primary)) return primary;
	}
	return undefined;
}

/** Fills `{name}` placeholders in a UI string (a card's format is another thing: core/catalogue.ts). */
export function fill(template: string, values: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
		key in values ? String(values[key]) : whole
	);
}

/**
 * A UI string split around one placeholder, for putting an element (a link) in its place:
 * `"Caravan is run by {publisher}."` → `["Caravan is run by ", "."]`. Without the placeholder, the
 * whole string comes first and the element goes after it.
 */
export function around(template: string, key: string): [string, string] {
	const at = template.indexOf(`{${key}}`);
	return at === -1 ? [`${template} `, ''] : [template.slice(0, at), template.slice(at + key.length + 2)];
}
