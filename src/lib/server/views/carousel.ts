/**
 * A topic's carousel: 4 to 6 slides posted as a set (an Instagram carousel, a Telegram media group),
 * made from the same view of the topic as its page and its card: the title and summary, the three
 * points of "what it means for you", the topic's first key fact (when it has one), and where to read
 * more. Each slide is a card of kind `slide`, slug `<topic>-<n>`, in the formats the catalogue gives
 * slides (square and portrait). They are drawn when first asked for, then served from the card cache.
 */
import type { Locale } from '#lib/core/i18n.ts';
import { cardPath } from '#lib/core/paths.ts';
import { cardFormats, type Format } from '#lib/core/catalogue.ts';
import { plainText } from '#lib/core/rich.ts';
import { inLocale } from '#lib/server/content/localize.ts';
import type { Content } from '#lib/server/content/load.ts';
import { cardOf, type CardText } from './card.ts';
import { itemView, termNames } from './item.ts';

/** A slide's slug: the topic's slug and the slide's place, from 1. */
export const slideSlug = (topic: string, n: number) => `${topic}-${n}`;

/** The topic and place a slide's slug names, or undefined. */
export function parseSlideSlug(slug: string): { topic: string; n: number } | undefined {
	const match = /^(.+)-([1-9]\d?)$/.exec(slug);
	return match ? { topic: match[1]!, n: Number(match[2]) } : undefined;
}

/** Every slide of a topic's carousel, in order, in one language; none when the topic does not exist. */
export function carouselSlides(content: Content, locale: Locale, topicSlug: string, siteUrl: string): CardText[] {
	const view = itemView(content, locale, 'topic', topicSlug, siteUrl);
	const topic = content.topics.find((entry) => entry.slug === topicSlug);
	if (!view || !topic) return [];
	const ui = content.ui[locale];
	const text = inLocale(topic.text, locale);
	const terms = termNames(content, text.lang);
	const keyFact = content.facts.filter((fact) => fact.topic === topicSlug).sort((a, b) => a.order - b.order)[0];
	const factView = keyFact && itemView(content, locale, 'fact', keyFact.id, siteUrl);
	const signature = view.site ? `${ui.site.name}, ${view.site}` : ui.site.name;

	type Slide = Pick<CardText, 'kicker' | 'title' | 'body'> & Partial<Pick<CardText, 'headline' | 'source' | 'lang'>> & { footer?: string; alt?: string };
	const slides: Slide[] = [
		{ kicker: view.kicker, title: view.title, body: view.body, footer: view.footer },
		...text.value.for_you.map((point) => ({ kicker: ui.topic.for_you, title: point.heading, body: plainText(point.text, terms), lang: text.lang })),
		...(factView
			? [{ kicker: ui.topic.key_facts, title: factView.title, headline: factView.headline, body: factView.body, source: factView.source, lang: factView.lang, alt: factView.alt.replace(` ${signature}`, '') }]
			: []),
		// Where to read more: the topic's page, by its address where the site has a public one.
		{ kicker: ui.topic.read_more, title: view.title, body: view.site ? `${view.site}${view.path}` : ui.site.name }
	];
	const base = cardOf(view);
	return slides.map((slide, i) => {
		const n = i + 1;
		const { alt, ...shown } = slide;
		return {
			...base,
			kind: 'slide' as const,
			slug: slideSlug(topicSlug, n),
			...shown,
			footer: slide.footer ?? view.topic,
			step: [n, slides.length] as [number, number],
			alt: `${n}/${slides.length}. ${slide.kicker}: ${alt ?? `${slide.title}. ${slide.body}`} ${signature}`
		};
	});
}

/** One slide, by its slug, or undefined when it names none. */
export function slideText(content: Content, locale: Locale, slug: string, siteUrl: string): CardText | undefined {
	const named = parseSlideSlug(slug);
	return named && carouselSlides(content, locale, named.topic, siteUrl)[named.n - 1];
}

/**
 * A topic's carousel for a channel: each slide with its card's address in every format slides come
 * in, in order, and its alt text. Posting the set is the channel's part.
 */
export function carouselFor(
	content: Content,
	locale: Locale,
	topic: string,
	siteUrl: string
): { card: CardText; paths: Partial<Record<Format, string>> }[] {
	return carouselSlides(content, locale, topic, siteUrl).map((card) => ({
		card,
		paths: Object.fromEntries(cardFormats.slide.map((format) => [format, cardPath(locale, 'slide', card.slug, format)]))
	}));
}

/** Every slide of every topic's carousel, in the given languages. */
export function slideList(content: Content, locales: readonly Locale[]): { locale: Locale; kind: 'slide'; slug: string }[] {
	return locales.flatMap((locale) =>
		content.topics.flatMap((topic) => carouselSlides(content, locale, topic.slug, 'http://localhost').map((card) => ({ locale, kind: 'slide' as const, slug: card.slug })))
	);
}
