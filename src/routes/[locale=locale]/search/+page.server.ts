import { getContent } from '#lib/server/content/index.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { topicCard } from '#lib/server/views/pages.ts';
import type { PageServerLoad } from './$types';
import { nextSteps } from '#lib/server/views/next.ts';

export const entries = everyLocale;

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui, topics } = getContent();
	const meta: PageMeta = {
		title: ui[locale].search.title,
		description: ui[locale].search.label,
		card: pageCard(locale, 'page', 'search')
	};
	return { meta, next: nextSteps(locale, { card: meta.card }), topics: topics.map((topic) => topicCard(topic, locale)) };
};
