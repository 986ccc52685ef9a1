/** What every public page hands to the locale layout, and the entries for prerendering. */
import { locales, type Locale } from '$lib/i18n';
import type { CardKind } from '$lib/paths';

export interface PageMeta {
	/** The page's own title; the layout adds the site's name. */
	title: string;
	/** One or two sentences for search results and link previews. */
	description: string;
	card: { kind: CardKind; slug: string };
	/** Atom/OpenGraph type: `article` for topics and facts, `website` otherwise. */
	type?: 'website' | 'article';
}

/** Prerender a page in every language. */
export function everyLocale(): { locale: Locale }[] {
	return locales.map((locale) => ({ locale }));
}
