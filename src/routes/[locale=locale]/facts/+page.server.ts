import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { factsPage } from '#lib/server/views/pages.ts';
import type { PageServerLoad } from './$types';

export const entries = everyLocale;

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui } = getContent();
	const { facts, choices } = factsPage(locale);
	const meta: PageMeta = {
		title: ui[locale].facts.title,
		description: ui[locale].facts.intro,
		card: pageCard(locale, 'page', 'facts')
	};
	return {
		meta,
		facts,
		choices,
		untranslated: facts.some((fact) => fact.fallback),
		strategyUrl: config.strategyUrl
	};
};
