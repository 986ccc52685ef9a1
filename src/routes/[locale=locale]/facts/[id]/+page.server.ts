import { error } from '@sveltejs/kit';
import { locales } from '#lib/core/i18n.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { factView } from '#lib/server/views/pages.ts';
import type { EntryGenerator, PageServerLoad } from './$types';
import { nextSteps } from '#lib/server/views/next.ts';

export const entries: EntryGenerator = () =>
	getContent().facts.flatMap((fact) => locales.map((locale) => ({ locale, id: fact.id })));

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const fact = getContent().facts.find((entry) => entry.id === params.id);
	if (!fact) error(404, 'Not found');
	const view = factView(fact, locale);
	const meta: PageMeta = {
		title: view.headline,
		description: view.text,
		card: pageCard(locale, 'fact', fact.id),
		type: 'article'
	};
	return { meta, next: nextSteps(locale, { topic: fact.topic, fact: fact.id }), fact: view, strategyUrl: config.strategyUrl };
};
