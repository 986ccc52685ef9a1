import { alphabetical } from '#lib/core/alphabet.ts';
import { getContent, inLocale } from '#lib/server/content/index.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import type { PageServerLoad } from './$types';
import { nextSteps } from '#lib/server/views/next.ts';

export const entries = everyLocale;

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui, glossary } = getContent();
	const { entries: terms, index } = alphabetical(
		glossary.map((term) => ({ id: term.id, ...inLocale(term.text, locale) })),
		(term) => term.value.term,
		(term) => `term-${term.id}`,
		locale
	);
	const meta: PageMeta = {
		title: ui[locale].glossary.title,
		description: ui[locale].glossary.intro,
		card: pageCard(locale, 'page', 'glossary')
	};
	return { meta, next: nextSteps(locale, { card: meta.card }), terms, letters: index, untranslated: terms.some((term) => term.fallback) };
};
