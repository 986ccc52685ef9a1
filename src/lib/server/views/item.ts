/**
 * One item — a topic, fact, opportunity or page — in one language, in words: the one place content
 * becomes the title, body, alt text, kicker, footer, source and address that pages, cards, captions
 * and the dashboard pick from, so they cannot disagree.
 */
import { fill, type Locale } from '#lib/core/i18n.ts';
import type { CardKind } from '#lib/core/catalogue.ts';
import { pagePath, publicHost } from '#lib/core/paths.ts';
import { parseScoreSlug } from '#lib/core/quiz.ts';
import { isProperName, plainText, type TermName } from '#lib/core/rich.ts';
import { inLocale, sectionLabel } from '#lib/server/content/localize.ts';
import type { Content } from '#lib/server/content/load.ts';
import type { Priority } from '#lib/server/content/schema.ts';
import { publisherView } from './site.ts';

/** Pages that are not topics, facts or opportunities, and the UI strings that name them. */
export const pageCards = ['home', 'facts', 'glossary', 'opportunities', 'about', 'search', 'quiz', 'accessibility', 'privacy'] as const;

export interface ItemView {
	locale: Locale;
	kind: CardKind;
	slug: string;
	/** The language the item's own text is in: `locale`, or English where it is not translated yet. */
	lang: Locale;
	/** True when English stands in for the reader's language. */
	fallback: boolean;
	priority: Priority;
	/** The section of the strategy the item comes from ("Section 2.1"), where it has one. */
	section?: string;
	/** Small line above the title: the priority and section, or the page's context. */
	kicker: string;
	/** The topic's title, the fact's figure, the programme's name or the page's title. */
	title: string;
	/** Plain text (no glossary markup): the topic's summary, the fact's sentence, what the programme offers, the page's intro. */
	body: string;
	/**
	 * What the item is called where it stands alone (a list, the dashboard, a post's first line, the
	 * page's title): its title, but for a fact, whose figure says little alone, its headline.
	 */
	heading: string;
	/** A fact's headline ("In 2019, half of Central Asia was under 20"): its card's title line, under the figure. */
	headline?: string;
	/** "Source: section 2.1 of the strategy", for facts. */
	source?: string;
	/** The title of the topic the item belongs to (the site's tagline where it belongs to none). */
	topic: string;
	/** The bottom line of a card: the topic's name, or the site's name and tagline on a topic's own card. */
	footer: string;
	/** The site's host name; empty when the site has no public address yet (SITE_URL unset or local). */
	site: string;
	/** The colour of the topic the item belongs to (content/topics/<slug>/meta.yaml); none for a page or a score. */
	colour?: string;
	/** The Tabler pictogram of the topic the item belongs to; none for a page or a score. */
	icon?: string;
	/** Who runs the site (content/site.yaml), in the reader's language, where the file names them. */
	publisher?: string;
	/** The publisher's logo (content/site.yaml) as a data URL, drawn on the card; none when not configured. */
	logo?: string;
	/** The item's card described in words, in the item's language. */
	alt: string;
	/** The public page the item is on: `/ru/topics/connectivity/`, `/kk/opportunities/#erasmus-plus`. */
	path: string;
	/** The same, as an absolute address. */
	url: string;
}

/**
 * Glossary terms in a language (English where a term has no text in it yet), each with whether it is a
 * proper name, so that a link shows it in the sentence's case; an unknown id as itself.
 */
export function termNames(content: Content, locale: Locale): (id: string) => TermName {
	return (id) => {
		const term = content.glossary.find((entry) => entry.id === id);
		if (!term) return { name: id, proper: true };
		return { name: inLocale(term.text, locale).value.term, proper: isProperName(inLocale(term.text, 'en').value.term) };
	};
}

/** A line as a sentence in running text (an alt text): with a full stop, unless it ends in one of its own. */
const sentence = (line: string) => (/[.!?…]$/.test(line) ? line : `${line}.`);

/** The public page of an item. */
export function itemPath(locale: Locale, kind: CardKind, slug: string): string {
	if (kind === 'topic') return pagePath(locale, 'topics', slug);
	if (kind === 'fact') return pagePath(locale, 'facts', slug);
	if (kind === 'opportunity') return `${pagePath(locale, 'opportunities')}#${slug}`;
	if (kind === 'score') return pagePath(locale, 'quiz', 'score', slug); // core/quiz.ts's scorePath
	if (kind === 'slide') return pagePath(locale, 'topics', slug.replace(/-\d+$/, '')); // a carousel's topic
	return slug === 'home' ? pagePath(locale) : pagePath(locale, slug);
}

/** The item in the reader's language, or undefined when the kind and slug name nothing. */
export function itemView(content: Content, locale: Locale, kind: CardKind, slug: string, siteUrl: string): ItemView | undefined {
	const ui = content.ui[locale];
	const site = publicHost(siteUrl) ?? '';
	const path = itemPath(locale, kind, slug);
	const publisher = publisherView(content, locale).name;
	const where = {
		locale, kind, slug, site, path, url: siteUrl + path,
		...(publisher === undefined ? {} : { publisher }), ...(content.logoImage === undefined ? {} : { logo: content.logoImage })
	};
	const signature = site ? `${ui.site.name}, ${site}` : ui.site.name;
	const topicOf = (slug: string | undefined) => content.topics.find((topic) => topic.slug === slug);
	const topicTitle = (slug: string | undefined) => {
		const topic = topicOf(slug);
		return topic ? inLocale(topic.text, locale).value.title : ui.site.tagline;
	};
	/** The look of the topic an item belongs to: its colour and pictogram. */
	const lookOf = (slug: string | undefined) => {
		const topic = topicOf(slug);
		return topic ? { colour: topic.colour, icon: topic.icon } : {};
	};

	if (kind === 'topic') {
		const topic = topicOf(slug);
		if (!topic) return undefined;
		const text = inLocale(topic.text, locale);
		const section = sectionLabel(ui, topic.section);
		const kicker = `${ui.priorities[topic.priority]} · ${section}`;
		const title = text.value.title;
		const body = plainText(text.value.summary, termNames(content, text.lang));
		return {
			...where, ...lookOf(slug), lang: text.lang, fallback: text.fallback, priority: topic.priority, section, kicker, title, body, heading: title,
			topic: title, footer: `${ui.site.name} – ${ui.site.tagline}`,
			alt: `${kicker}. ${title}. ${body} ${signature}`
		};
	}
	if (kind === 'fact') {
		const fact = content.facts.find((entry) => entry.id === slug);
		if (!fact) return undefined;
		const text = inLocale(fact.text, locale);
		const section = sectionLabel(ui, fact.source.section);
		const source = fill(ui.facts.source, { section });
		const topic = topicTitle(fact.topic);
		const headline = text.value.headline;
		return {
			...where, ...lookOf(fact.topic), lang: text.lang, fallback: text.fallback, priority: topicOf(fact.topic)?.priority ?? 'intro', section,
			kicker: ui.facts.title, title: text.value.figure, body: text.value.text, heading: headline, headline, source, topic, footer: topic,
			// What the card shows, in its order: the figure is the headline's own first words or number.
			alt: `${sentence(headline)} ${text.value.text} ${source}. ${topic}. ${signature}`
		};
	}
	if (kind === 'opportunity') {
		const opportunity = content.opportunities.find((entry) => entry.id === slug);
		if (!opportunity) return undefined;
		const text = inLocale(opportunity.text, locale);
		// The topic that explains the section the strategy names the programme in.
		const owner = content.topics.find((entry) => entry.section === opportunity.source.section);
		const topic = topicTitle(owner?.slug);
		const title = text.value.name;
		return {
			...where, ...lookOf(owner?.slug), lang: text.lang, fallback: text.fallback, priority: owner?.priority ?? 'prosperity',
			section: sectionLabel(ui, opportunity.source.section), kicker: ui.opportunities.title, title, body: text.value.offers,
			heading: title, topic, footer: topic,
			alt: `${ui.opportunities.title}: ${title}. ${text.value.offers} ${topic}. ${signature}`
		};
	}
	if (kind === 'score') {
		// A quiz score, "8/10": the card of the score page a reader shares.
		const total = content.quiz.length;
		const score = parseScoreSlug(slug, total);
		if (score === undefined) return undefined;
		const title = fill(ui.quiz.score, { score, count: total });
		const body = fill(ui.quiz.share_text, { score, count: total });
		return {
			...where, lang: locale, fallback: false,
			priority: 'intro', kicker: ui.site.name, title, body, heading: `${title}: ${body}`, topic: ui.site.tagline, footer: ui.site.tagline,
			alt: `${sentence(title)} ${body} ${signature}`
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
		search: [ui.search.title, ui.site.description],
		quiz: [ui.quiz.title, fill(ui.quiz.intro, { count: content.quiz.length })],
		accessibility: [ui.accessibility.title, ui.site.description],
		privacy: [ui.privacy.title, ui.privacy.intro]
	};
	const [title, body] = titles[page];
	return {
		...where, lang: locale, fallback: false, priority: 'intro', kicker: ui.site.name, title, body, heading: title,
		topic: ui.site.tagline, footer: ui.site.tagline,
		alt: `${sentence(title)} ${body} ${signature}`
	};
}
