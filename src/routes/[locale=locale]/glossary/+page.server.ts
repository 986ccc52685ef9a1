import { getContent, inLocale } from '#lib/server/content/index.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import type { PageServerLoad } from './$types';

export const entries = everyLocale;

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui, glossary } = getContent();
	const collator = new Intl.Collator(locale);
	const terms = glossary
		.map((term) => ({ id: term.id, ...inLocale(term.text, locale) }))
		.sort((a, b) => collator.compare(a.value.term, b.value.term));
	const meta: PageMeta = {
		title: ui[locale].glossary.title,
		description: ui[locale].glossary.intro,
		card: pageCard(locale, 'page', 'glossary')
	};
	return { meta, terms, untranslated: terms.some((term) => term.fallback) };
};
