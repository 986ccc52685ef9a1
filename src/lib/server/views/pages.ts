/** View models: content in one language, shaped for the pages. */
import type { Locale } from '#lib/core/i18n.ts';
import { pagePath } from '#lib/core/paths.ts';
import { plainText } from '#lib/core/rich.ts';
import { getContent, inLocale, sectionLabel, type Fact, type Topic } from '#lib/server/content/index.ts';

export function termNames(locale: Locale): (id: string) => string {
	const { glossary } = getContent();
	return (id) => {
		const term = glossary.find((entry) => entry.id === id);
		return term ? inLocale(term.text, locale).value.term : id;
	};
}

export function topicCard(topic: Topic, locale: Locale) {
	const { ui } = getContent();
	const text = inLocale(topic.text, locale);
	return {
		slug: topic.slug,
		href: pagePath(locale, 'topics', topic.slug),
		priority: topic.priority,
		priorityName: ui[locale].priorities[topic.priority],
		section: sectionLabel(ui[locale], topic.section),
		title: text.value.title,
		summary: plainText(text.value.summary, termNames(text.lang)),
		lang: text.lang,
		fallback: text.fallback
	};
}
export type TopicCard = ReturnType<typeof topicCard>;

export function factView(fact: Fact, locale: Locale) {
	const { ui, topics } = getContent();
	const text = inLocale(fact.text, locale);
	const topic = topics.find((entry) => entry.slug === fact.topic);
	return {
		id: fact.id,
		href: pagePath(locale, 'facts', fact.id),
		figure: text.value.figure,
		text: text.value.text,
		section: sectionLabel(ui[locale], fact.source.section),
		quote: fact.source.quote,
		topic: topic ? topicCard(topic, locale) : undefined,
		lang: text.lang,
		fallback: text.fallback
	};
}
export type FactView = ReturnType<typeof factView>;
