import { getContent } from '#lib/server/content/index.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { regionMapView, topicCard } from '#lib/server/views/pages.ts';
import type { PageServerLoad } from './$types';

export const entries = everyLocale;

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui, topics } = getContent();
	const cards = topics.map((topic) => topicCard(topic, locale));
	const priorities = (['intro', 'regional', 'resilience', 'prosperity', 'cooperation'] as const)
		.map((priority) => ({
			priority,
			name: ui[locale].priorities[priority],
			topics: cards.filter((card) => card.priority === priority)
		}))
		.filter((group) => group.topics.length > 0);
	const meta: PageMeta = {
		title: ui[locale].home.title,
		description: ui[locale].site.description,
		card: pageCard(locale, 'page', 'home')
	};
	return { meta, priorities, map: regionMapView(locale), untranslated: cards.some((card) => card.fallback) };
};
