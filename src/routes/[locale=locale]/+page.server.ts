import { getContent } from '#lib/server/content/index.ts';
import { pagePath } from '#lib/core/paths.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { nextSteps } from '#lib/server/views/next.ts';
import { regionMapView, topicCard, topicsByTheme } from '#lib/server/views/pages.ts';
import type { PageServerLoad } from './$types';

export const entries = everyLocale;

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui, topics, home, quiz } = getContent();
	const strings = ui[locale];
	const cards = new Map(topics.map((topic) => [topic.slug, topicCard(topic, locale)]));
	const card = (slug: string) => cards.get(slug)!; // the loader checked home.yaml's topics exist
	// What the partnership can mean for the reader first, each entry leading to its topic (home.yaml).
	const forYou = home.for_you.map((entry) => {
		const topic = card(entry.topic);
		return {
			id: entry.id,
			...strings.home.for_you[entry.id]!,
			href: topic.href,
			slug: topic.slug,
			icon: topic.icon,
			topicTitle: topic.title,
			lang: topic.lang,
			fallback: topic.fallback,
			opportunities: entry.opportunities ? pagePath(locale, 'opportunities') : undefined
		};
	});
	const themes = topicsByTheme(locale);
	const meta: PageMeta = {
		title: strings.home.title,
		description: strings.site.description,
		card: pageCard(locale, 'page', 'home')
	};
	return {
		meta,
		// The quiz is a button under the entries; the page ends with the opportunities and its card.
		next: nextSteps(locale, { card: meta.card, quiz: false }),
		forYou,
		themes,
		quiz: quiz.length > 0 ? pagePath(locale, 'quiz') : undefined,
		map: regionMapView(locale),
		untranslated: [...cards.values()].some((entry) => entry.fallback)
	};
};
