import { building } from '$app/environment';
import { getContent } from '#lib/server/content/index.ts';
import { termNames } from '#lib/server/views/item.ts';
import { publisherView } from '#lib/server/views/site.ts';
import { config } from '#lib/server/config.ts';
import { localeNames, locales } from '#lib/core/i18n.ts';
import { switchLocale } from '#lib/core/paths.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ params, url }) => {
	const locale = params.locale;
	const content = getContent();
	const termName = termNames(content, locale);
	const terms = Object.fromEntries(content.glossary.map((term) => [term.id, termName(term.id)]));
	// A page rendered per request (the quiz's) carries the reader's answers in its address: the same
	// page in another language keeps them. Prerendered pages have no query to keep (nor may read it).
	const search = building ? '' : url.search;
	return {
		locale,
		ui: content.ui[locale],
		siteUrl: config.siteUrl,
		terms,
		languages: locales.map((code) => ({
			code,
			name: localeNames[code],
			href: switchLocale(url.pathname, code) + search
		})),
		publisher: publisherView(content, locale),
		hasQuiz: content.quiz.length > 0
	};
};
