/** Content in one language, shaped for the pages: fields picked from the item's view (item.ts). */
import type { Locale } from '#lib/core/i18n.ts';
import { config } from '#lib/server/config.ts';
import { getContent, type Fact, type Topic } from '#lib/server/content/index.ts';
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
		section: item.section,
		title: item.title,
		summary: item.body,
		lang: item.lang,
		fallback: item.fallback
	};
}
export type TopicCard = ReturnType<typeof topicCard>;

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
