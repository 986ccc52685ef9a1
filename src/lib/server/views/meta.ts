/** What every public page hands to the locale layout, and the entries for prerendering. */
import { locales, type Locale } from '#lib/core/i18n.ts';
import type { CardKind } from '#lib/core/catalogue.ts';
import { itemView } from './item.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';

export interface PageMeta {
	/** The page's own title; the layout adds the site's name. */
	title: string;
	/** One or two sentences for search results and link previews. */
	description: string;
	card: PageCard;
	/** Atom/OpenGraph type: `article` for topics and facts, `website` otherwise. */
	type?: 'website' | 'article';
	/** Kept out of search engines: the quiz's pages, one per state of a reader's answers. */
	noindex?: boolean;
}

/** Prerender a page in every language. */
export function everyLocale(): { locale: Locale }[] {
	return locales.map((locale) => ({ locale }));
}

export interface PageCard {
	kind: CardKind;
	slug: string;
	/** The card described in words, in the page's language: the page's og:image:alt. */
	alt: string;
}

/** The share card of a page, with its alt text. */
export function pageCard(locale: Locale, kind: CardKind, slug: string): PageCard {
	const view = itemView(getContent(), locale, kind, slug, config.siteUrl);
	if (!view) throw new Error(`No card for ${locale}/${kind}/${slug}`);
	return { kind, slug, alt: view.alt };
}
