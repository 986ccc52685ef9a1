import { defaultLocale, matchAcceptLanguage } from '#lib/core/i18n.ts';
import type { RequestHandler } from './$types';

// A path outside every language (`/nonexistent`, `/xx/`) that no route serves: the 404 page of the
// reader's language (from Accept-Language, or English), the very page the same path under that
// language gets (src/routes/[locale=locale]/[...missing]/), still with status 404.
export const prerender = false;
// Answered as asked, with or without a final slash: a redirect would only lead to the same 404.
export const trailingSlash = 'ignore';

export const GET: RequestHandler = async ({ url, request, fetch }) => {
	const locale = matchAcceptLanguage(request.headers.get('accept-language')) ?? defaultLocale;
	const page = await fetch(`/${locale}${url.pathname}`);
	const headers = new Headers(page.headers);
	headers.set('vary', 'Accept-Language');
	headers.set('cache-control', 'no-cache');
	return new Response(await page.text(), { status: 404, headers });
};
