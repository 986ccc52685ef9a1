import { error } from '@sveltejs/kit';
import { locales } from '#lib/core/i18n.ts';
import { config } from '#lib/server/config.ts';
import { getContent, inLocale, sectionLabel } from '#lib/server/content/index.ts';
import { iconSvg } from '#lib/server/look/icons.ts';
import { pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { factView, pageItem, topicCard } from '#lib/server/views/pages.ts';
import type { EntryGenerator, PageServerLoad } from './$types';
import { nextSteps } from '#lib/server/views/next.ts';

export const entries: EntryGenerator = () =>
	getContent().topics.flatMap((topic) => locales.map((locale) => ({ locale, slug: topic.slug })));

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui, topics, facts } = getContent();
	const topic = topics.find((entry) => entry.slug === params.slug);
	if (!topic) error(404, 'Not found');
	const text = inLocale(topic.text, locale);
	const summary = pageItem(locale, 'topic', topic.slug).body;
	const meta: PageMeta = {
		title: text.value.title,
		description: summary,
		card: pageCard(locale, 'topic', topic.slug),
		type: 'article'
	};
	return {
		meta,
		next: nextSteps(locale, { topic: topic.slug }),
		topic: {
			slug: topic.slug,
			...text,
			priorityName: ui[locale].priorities[topic.priority],
			priority: topic.priority,
			icon: iconSvg(topic.icon),
			section: sectionLabel(ui[locale], topic.section),
			summary
		},
		facts: facts.filter((fact) => fact.topic === topic.slug).map((fact) => factView(fact, locale)),
		related: topic.related
			.map((slug) => topics.find((entry) => entry.slug === slug))
			.filter((entry) => entry !== undefined)
			.map((entry) => topicCard(entry, locale)),
		strategyUrl: config.strategyUrl
	};
};
