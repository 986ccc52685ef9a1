import { localeNames, locales } from '#lib/core/i18n.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import type { PageServerLoad } from './$types';
import { nextSteps } from '#lib/server/views/next.ts';

export const entries = everyLocale;

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui, topics } = getContent();
	const translations = locales.map((code) => ({
		code,
		name: localeNames[code],
		topics: topics.filter((topic) => topic.text[code]).length,
		status: ui[code].status
	}));
	const meta: PageMeta = {
		title: ui[locale].about.title,
		description: ui[locale].site.description,
		card: pageCard(locale, 'page', 'about')
	};
	return { meta, next: nextSteps(locale, { card: meta.card }), translations, totalTopics: topics.length, strategyUrl: config.strategyUrl };
};
