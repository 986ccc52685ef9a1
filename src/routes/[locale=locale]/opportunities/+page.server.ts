import { fill } from '#lib/core/i18n.ts';
import { getContent, inLocale, sectionLabel } from '#lib/server/content/index.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import type { PageServerLoad } from './$types';
import { nextSteps, opportunitiesTopic } from '#lib/server/views/next.ts';

export const entries = everyLocale;

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui, opportunities } = getContent();
	const views = opportunities.map((opportunity) => {
		const text = inLocale(opportunity.text, locale);
		return {
			id: opportunity.id,
			url: opportunity.url,
			...text,
			official: fill(ui[locale].opportunities.official, { name: text.value.name }),
			source: fill(ui[locale].opportunities.source, {
				section: sectionLabel(ui[locale], opportunity.source.section)
			})
		};
	});
	const meta: PageMeta = {
		title: ui[locale].opportunities.title,
		description: ui[locale].opportunities.intro,
		card: pageCard(locale, 'page', 'opportunities')
	};
	return {
		meta,
		next: [opportunitiesTopic(locale), ...nextSteps(locale, { opportunities: false, card: meta.card })].filter((step) => step !== undefined),
		opportunities: views, untranslated: views.some((view) => view.fallback) };
};
