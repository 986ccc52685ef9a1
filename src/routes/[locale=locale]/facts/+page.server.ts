import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { factsPage } from '#lib/server/views/pages.ts';
import type { PageServerLoad } from './$types';
import { nextSteps } from '#lib/server/views/next.ts';

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
		next: nextSteps(locale, { card: meta.card }),
		facts,
		choices,
		untranslated: facts.some((fact) => fact.fallback),
		strategyUrl: config.strategyUrl
	};
};
