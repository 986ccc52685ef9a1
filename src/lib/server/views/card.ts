/** What a card says, in one language, taken from the content through the one loader. */
import { fill, type Locale } from '#lib/core/i18n.ts';
import { plainText } from '#lib/core/rich.ts';
import { inLocale, sectionLabel } from '#lib/server/content/localize.ts';
import type { Content } from '#lib/server/content/load.ts';
import type { Priority } from '#lib/server/content/schema.ts';
import type { CardKind } from '#lib/core/catalogue.ts';

export interface CardText {
	locale: Locale;
	kind: CardKind;
	slug: string;
	/** The language the card's own text is in (English where it is not translated yet). */
	lang: Locale;
	priority: Priority;
	/** Small line above the title: the priority and section, or the page's context. */
	kicker: string;
	/** The topic's title, the fact's figure, the programme's name or the page's title. */
	title: string;
	/** The summary, the fact's sentence or what the programme offers. */
	body: string;
	/** "Source: section 2.1 of the strategy" on fact cards. */
	source?: string;
	/** The topic the card belongs to. */
	topic: string;
	/** The bottom line of the card: the topic's name, or the site's name and tagline on a topic's own card. */
	footer: string;
	/** The site's address, shown on every card. */
	site: string;
	/** The image described in words, in the card's language. */
	alt: string;
}

/** Pages that are not topics, facts or opportunities, and the UI strings that name them. */
export const pageCards = ['home', 'facts', 'glossary', 'opportunities', 'about', 'search'] as const;

/** Every card the content calls for: one per topic, fact, opportunity and page, in every language. */
export function cardList(content: Content, locales: readonly Locale[]): { locale: Locale; kind: CardKind; slug: string }[] {
	const items: { kind: CardKind; slug: string }[] = [
		...content.topics.map((topic) => ({ kind: 'topic' as const, slug: topic.slug })),
		...content.facts.map((fact) => ({ kind: 'fact' as const, slug: fact.id })),
		...content.opportunities.map((opportunity) => ({ kind: 'opportunity' as const, slug: opportunity.id })),
		...pageCards.map((slug) => ({ kind: 'page' as const, slug }))
	];
	return locales.flatMap((locale) => items.map((item) => ({ locale, ...item })));
}

/** The card's text, or undefined when the kind and slug name nothing. */
export function cardText(
	content: Content,
	locale: Locale,
	kind: CardKind,
	slug: string,
	siteUrl: string
): CardText | undefined {
	const ui = content.ui[locale];
	const site = new URL(siteUrl).host;
	const terms = (lang: Locale) => (id: string) =>
		content.glossary.find((term) => term.id === id)?.text[lang]?.term ?? id;
	const topicOf = (slug: string) => content.topics.find((topic) => topic.slug === slug);
	const topicTitle = (slug: string | undefined) => {
		const topic = slug ? topicOf(slug) : undefined;
		return topic ? inLocale(topic.text, locale).value.title : ui.site.tagline;
	};

	if (kind === 'topic') {
		const topic = topicOf(slug);
		if (!topic) return undefined;
		const text = inLocale(topic.text, locale);
		const kicker = `${ui.priorities[topic.priority]} · ${sectionLabel(ui, topic.section)}`;
		const body = plainText(text.value.summary, terms(text.lang));
		return {
			locale, kind, slug, lang: text.lang, priority: topic.priority, kicker, title: text.value.title, body,
			topic: text.value.title, footer: `${ui.site.name} – ${ui.site.tagline}`, site,
			alt: `${kicker}. ${text.value.title}. ${body} ${ui.site.name}, ${site}`
		};
	}
	if (kind === 'fact') {
		const fact = content.facts.find((entry) => entry.id === slug);
		if (!fact) return undefined;
		const text = inLocale(fact.text, locale);
		const topic = topicOf(fact.topic);
		const source = fill(ui.facts.source, { section: sectionLabel(ui, fact.source.section) });
		const title = topicTitle(fact.topic);
		return {
			locale, kind, slug, lang: text.lang, priority: topic?.priority ?? 'intro', kicker: ui.facts.title,
			title: text.value.figure, body: text.value.text, source, topic: title, footer: title, site,
			alt: `${text.value.figure}: ${text.value.text} ${source}. ${title}. ${ui.site.name}, ${site}`
		};
	}
	if (kind === 'opportunity') {
		const opportunity = content.opportunities.find((entry) => entry.id === slug);
		if (!opportunity) return undefined;
		const text = inLocale(opportunity.text, locale);
		// The topic that explains the section the strategy names the programme in.
		const topic = content.topics.find((entry) => entry.section === opportunity.source.section);
		const title = topicTitle(topic?.slug);
		return {
			locale, kind, slug, lang: text.lang, priority: topic?.priority ?? 'prosperity', kicker: ui.opportunities.title,
			title: text.value.name, body: text.value.offers, topic: title, footer: title, site,
			alt: `${ui.opportunities.title}: ${text.value.name}. ${text.value.offers} ${title}. ${ui.site.name}, ${site}`
		};
	}
	const page = pageCards.find((entry) => entry === slug);
	if (!page) return undefined;
	const titles: Record<(typeof pageCards)[number], [string, string]> = {
		home: [ui.home.title, ui.site.description],
		facts: [ui.facts.title, ui.facts.intro],
		glossary: [ui.glossary.title, ui.glossary.intro],
		opportunities: [ui.opportunities.title, ui.opportunities.intro],
		about: [ui.about.title, ui.site.description],
		search: [ui.search.title, ui.site.description]
	};
	const [title, body] = titles[page];
	return {
		locale, kind, slug, lang: locale, priority: 'intro', kicker: ui.site.name, title, body,
		topic: ui.site.tagline, footer: ui.site.tagline, site,
		alt: `${title}. ${body} ${ui.site.name}, ${site}`
	};
}
