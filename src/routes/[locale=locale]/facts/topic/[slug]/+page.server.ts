import { error } from '@sveltejs/kit';
import { locales } from '#lib/core/i18n.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { factsPage, pageItem, topicsWithFacts } from '#lib/server/views/pages.ts';
import type { EntryGenerator, PageServerLoad } from './$types';
import { nextSteps } from '#lib/server/views/next.ts';

/**
 * One topic's key facts: the facts list narrowed without JavaScript. A page per topic and language,
 * prerendered like every public page (a query string would need the server for every request).
 */
export const entries: EntryGenerator = () =>
	topicsWithFacts().flatMap((topic) => locales.map((locale) => ({ locale, slug: topic.slug })));

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui } = getContent();
	const topic = topicsWithFacts().find((entry) => entry.slug === params.slug);
	if (!topic) error(404, 'Not found');
	const item = pageItem(locale, 'topic', topic.slug);
	const { facts, choices } = factsPage(locale, topic.slug);
	const meta: PageMeta = {
		title: `${ui[locale].facts.title}: ${item.title}`,
		description: ui[locale].facts.intro,
		card: pageCard(locale, 'page', 'facts')
	};
	return {
		meta,
		next: nextSteps(locale, { topic: params.slug, card: meta.card }),
		facts,
		choices,
		topic: { title: item.title, lang: item.lang, href: item.path },
		untranslated: facts.some((fact) => fact.fallback) || item.fallback,
		strategyUrl: config.strategyUrl
	};
};
