import { localeNames, locales, type Locale } from '$lib/i18n';
import { config } from '$lib/server/config';
import { getContent } from '$lib/server/content';
import { everyLocale, pageCard, type PageMeta } from '$lib/server/pages';
import type { PageServerLoad } from './$types';

export const entries = everyLocale;

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale as Locale;
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
	return { meta, translations, totalTopics: topics.length, strategyUrl: config.strategyUrl };
};
