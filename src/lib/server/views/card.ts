/** A card's input: the fields of an item's view (item.ts) that a share card draws or describes. */
import type { Locale } from '#lib/core/i18n.ts';
import type { CardKind } from '#lib/core/catalogue.ts';
import type { Content } from '#lib/server/content/load.ts';
import { scoreSlug } from '#lib/core/quiz.ts';
import { itemView, pageCards, type ItemView } from './item.ts';
import { slideText } from './carousel.ts';

export { pageCards };

/**
 * What the card shows, and its alt text. The card cache's key is a hash of these fields (all but the
 * alt, which is not drawn), and a post stores them when its caption and alt are made: a field added
 * here changes every card's key.
 */
export type CardText = Pick<ItemView, 'locale' | 'kind' | 'slug' | 'lang' | 'priority' | 'kicker' | 'title' | 'headline' | 'body' | 'source' | 'topic' | 'footer' | 'site' | 'colour' | 'icon' | 'publisher' | 'logo' | 'alt'> & {
	/** A carousel's slide: its place in the set, 1-based, and the set's length. */
	step?: [number, number];
};

/**
 * Every card the build renders: one per topic, fact, opportunity, page and quiz score, in every
 * language. A carousel's slides are not among them: they are drawn when first asked for (carousel.ts).
 */
export function cardList(content: Content, locales: readonly Locale[]): { locale: Locale; kind: CardKind; slug: string }[] {
	const items: { kind: CardKind; slug: string }[] = [
		...content.topics.map((topic) => ({ kind: 'topic' as const, slug: topic.slug })),
		...content.facts.map((fact) => ({ kind: 'fact' as const, slug: fact.id })),
		...content.opportunities.map((opportunity) => ({ kind: 'opportunity' as const, slug: opportunity.id })),
		...pageCards.map((slug) => ({ kind: 'page' as const, slug })),
		...scores(content.quiz.length).map((slug) => ({ kind: 'score' as const, slug }))
	];
	return locales.flatMap((locale) => items.map((item) => ({ locale, ...item })));
}

/** Every score of a quiz of `total` questions, 0 to all right, as slugs; none without a quiz. */
function scores(total: number): string[] {
	return total === 0 ? [] : Array.from({ length: total + 1 }, (_, score) => scoreSlug(score, total));
}

/** A card's input picked from an item's view; the order of the fields is the order the cache key hashes. */
export function cardOf(view: ItemView): CardText {
	const { locale, kind, slug, lang, priority, kicker, title, headline, body, source, topic, footer, site, colour, icon, publisher, logo, alt } = view;
	return {
		locale, kind, slug, lang, priority, kicker, title, ...(headline === undefined ? {} : { headline }), body,
		...(source === undefined ? {} : { source }), topic, footer, site,
		...(colour === undefined ? {} : { colour }), ...(icon === undefined ? {} : { icon }), ...(publisher === undefined ? {} : { publisher }),
		...(logo === undefined ? {} : { logo }), alt
	};
}

/** The card of an item, or undefined when the kind and slug name nothing. */
export function cardText(content: Content, locale: Locale, kind: CardKind, slug: string, siteUrl: string): CardText | undefined {
	if (kind === 'slide') return slideText(content, locale, slug, siteUrl);
	const view = itemView(content, locale, kind, slug, siteUrl);
	return view && cardOf(view);
}
