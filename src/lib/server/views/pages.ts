/** Content in one language, shaped for the pages: fields picked from the item's view (item.ts). */
import { fill, type Locale } from '#lib/core/i18n.ts';
import { pagePath } from '#lib/core/paths.ts';
import { config } from '#lib/server/config.ts';
import { getContent, type Fact, type Topic } from '#lib/server/content/index.ts';
import { iconSvg } from '#lib/server/look/icons.ts';
import { regionMap } from '#lib/server/look/map.ts';
import { itemView, type ItemView } from './item.ts';

/** A topic or fact of the site's own content in a language (both always name their section). */
export function pageItem(locale: Locale, kind: 'topic' | 'fact', slug: string): ItemView & { section: string } {
	const item = itemView(getContent(), locale, kind, slug, config.siteUrl);
	if (!item?.section) throw new Error(`No ${kind} "${slug}" in the content`);
	return { ...item, section: item.section };
}

export function topicCard(topic: Topic, locale: Locale) {
	const { ui } = getContent();
	const item = pageItem(locale, 'topic', topic.slug);
	return {
		slug: topic.slug,
		href: item.path,
		priority: topic.priority,
		priorityName: ui[locale].priorities[topic.priority],
		/** The topic's pictogram, an inline decorative `<svg>`; its colour comes with `topicClass(slug)`. */
		icon: iconSvg(topic.icon),
		section: item.section,
		title: item.title,
		summary: item.body,
		lang: item.lang,
		fallback: item.fallback
	};
}
export type TopicCard = ReturnType<typeof topicCard>;

/** Every topic under the themes a reader recognises (home.yaml), in its order: the youth topic first. */
export function topicsByTheme(locale: Locale) {
	const { ui, topics, home } = getContent();
	const cards = new Map(topics.map((topic) => [topic.slug, topicCard(topic, locale)]));
	// The loader checked that home.yaml's themes name every topic once.
	return home.themes.map((theme) => ({
		id: theme.id,
		name: ui[locale].themes[theme.id]!,
		topics: theme.topics.map((slug) => cards.get(slug)!)
	}));
}
export type ThemeGroup = ReturnType<typeof topicsByTheme>[number];

export function factView(fact: Fact, locale: Locale) {
	const { topics } = getContent();
	const item = pageItem(locale, 'fact', fact.id);
	const topic = topics.find((entry) => entry.slug === fact.topic);
	return {
		id: fact.id,
		href: item.path,
		figure: item.title,
		/** The fact in one line that stands alone: the page's title and og:title. */
		headline: item.heading,
		text: item.body,
		section: item.section,
		quote: fact.source.quote,
		topic: topic ? topicCard(topic, locale) : undefined,
		lang: item.lang,
		fallback: item.fallback
	};
}
export type FactView = ReturnType<typeof factView>;

/** The facts-by-topic pages' address: /ru/facts/topic/environment-water/ (prerendered, so no query string). */
export const factTopicPath = (locale: Locale, slug: string) => pagePath(locale, 'facts', 'topic', slug);

/** The topics that have key facts, in the site's order: the facts list can be narrowed to each. */
export function topicsWithFacts(): Topic[] {
	const { topics, facts } = getContent();
	return [...topics].sort((a, b) => a.order - b.order).filter((topic) => facts.some((fact) => fact.topic === topic.slug));
}

/**
 * The key facts page: every fact in the site's order (topic by topic), or one topic's, with the choice
 * of topics to narrow it to, each with its number of facts and whether it is the one shown.
 */
export function factsPage(locale: Locale, topicSlug?: string) {
	const { facts } = getContent();
	const topics = topicsWithFacts();
	const order = new Map(topics.map((topic, index) => [topic.slug, index]));
	const shown = facts
		.filter((fact) => topicSlug === undefined || fact.topic === topicSlug)
		.sort((a, b) => (order.get(a.topic) ?? 0) - (order.get(b.topic) ?? 0) || a.order - b.order);
	const choices = [
		{ slug: undefined, title: undefined, lang: locale, href: pagePath(locale, 'facts'), count: facts.length },
		...topics.map((topic) => {
			const item = pageItem(locale, 'topic', topic.slug);
			const count = facts.filter((fact) => fact.topic === topic.slug).length;
			return { slug: topic.slug, title: item.title, lang: item.lang, href: factTopicPath(locale, topic.slug), count };
		})
	].map((choice) => ({ ...choice, current: choice.slug === topicSlug }));
	return { facts: shown.map((fact) => factView(fact, locale)), choices };
}
export type FactChoice = ReturnType<typeof factsPage>['choices'][number];

/**
 * The map of the region with its names in a language, and its text alternative: the map's label, then
 * each country with its capital.
 */
export function regionMapView(locale: Locale) {
	const strings = getContent().ui[locale].map;
	const map = regionMap();
	const countries = map.countries.map((country) => ({
		...country,
		name: strings.countries[country.id],
		capitalName: strings.capitals[country.id]
	}));
	const pairs = countries.map((country) => fill(strings.capital, { country: country.name, capital: country.capitalName }));
	return { ...map, countries, label: `${strings.label}: ${pairs.join('; ')}` };
}
export type RegionMapView = ReturnType<typeof regionMapView>;
