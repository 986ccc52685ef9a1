import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { factView } from '#lib/server/views/pages.ts';
import type { PageServerLoad } from './$types';

export const entries = everyLocale;

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui, topics, facts } = getContent();
	const order = new Map(topics.map((topic) => [topic.slug, topic.order]));
	const views = [...facts]
		.sort((a, b) => (order.get(a.topic) ?? 0) - (order.get(b.topic) ?? 0) || a.order - b.order)
		.map((fact) => factView(fact, locale));
	const meta: PageMeta = {
		title: ui[locale].facts.title,
		description: ui[locale].facts.intro,
		card: pageCard(locale, 'page', 'facts')
	};
	return {
		meta,
		facts: views,
		untranslated: views.some((fact) => fact.fallback),
		strategyUrl: config.strategyUrl
	};
};
