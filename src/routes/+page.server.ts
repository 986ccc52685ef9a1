import { redirect } from '@sveltejs/kit';
import { localeNames, locales, matchAcceptLanguage } from '#lib/core/i18n.ts';
import type { PageServerLoad } from './$types';

// `/` reads the reader's Accept-Language, so it is served by the Node server, not prerendered.
export const prerender = false;

export const load: PageServerLoad = ({ request, setHeaders }) => {
	setHeaders({ vary: 'Accept-Language', 'cache-control': 'no-cache' });
	const locale = matchAcceptLanguage(request.headers.get('accept-language'));
	if (locale) redirect(302, `/${locale}/`);
	return { languages: locales.map((code) => ({ code, name: localeNames[code] })) };
};
