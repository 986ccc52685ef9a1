import type { Handle } from '@sveltejs/kit';
import { building } from '$app/environment';
import { sequence } from '@sveltejs/kit/hooks';
import { defaultLocale, isLocale } from '#lib/core/i18n.ts';
import { sessionCookie, sessionUser } from '#lib/server/auth/sessions.ts';
import { database } from '#lib/server/store/shared.ts';
import { negotiate } from '#lib/dashboard/i18n/index.ts';

/**
 * Puts the page's language on `<html lang>`; runs for prerendered pages too. The dashboard's is the
 * signed-in user's (set by `dashboard` below, read when the page is rendered).
 */
const language: Handle = ({ event, resolve }) => {
	const first = event.url.pathname.split('/')[1];
	const lang = isLocale(first) ? first : defaultLocale;
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang ?? lang)
	});
};

/**
 * The dashboard: every route under /admin needs a session, except the sign-in page. Nothing there may
 * be cached. Decided by the route that matched, not the raw path, so that an encoded path
 * (`/%61dmin/`) is guarded like the plain one. Public pages never touch the database.
 */
const dashboard: Handle = async ({ event, resolve }) => {
	const route = event.route.id ?? '';
	const path = event.url.pathname;
	if (!route.startsWith('/admin') && path !== '/admin' && !path.startsWith('/admin/')) return resolve(event);
	const token = event.cookies.get(sessionCookie);
	event.locals.user = sessionUser(database(), token);
	event.locals.lang = event.locals.user?.language ?? negotiate(event.request.headers.get('accept-language'));
	if (!event.locals.user) {
		if (token) event.cookies.delete(sessionCookie, { path: '/admin', secure: event.url.protocol === 'https:' });
		if (route !== '/admin/sign-in') {
			const next = encodeURIComponent(path + event.url.search);
			return new Response(null, { status: 303, headers: { location: `/admin/sign-in/?next=${next}`, 'cache-control': 'no-store' } });
		}
	}
	const response = await resolve(event);
	response.headers.set('cache-control', 'no-store');
	return response;
};

/**
 * Public pages rendered per request (the quiz's questions and results) gzipped for browsers that take
 * it: adapter-node compresses only the prerendered files, ahead of time, and sends the rest as they are
 * (a question page is 22 KB plain, 6 KB gzipped). The dashboard is left as it is.
 */
const compress: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (building || !event.route.id?.startsWith('/[locale=locale]') || response.status !== 200 || !response.body) return response;
	if (!/\bgzip\b/.test(event.request.headers.get('accept-encoding') ?? '')) return response;
	if (response.headers.has('content-encoding') || !response.headers.get('content-type')?.startsWith('text/html')) return response;
	const headers = new Headers(response.headers);
	headers.set('content-encoding', 'gzip');
	headers.append('vary', 'Accept-Encoding');
	headers.delete('content-length');
	// The same page in another encoding: its tag can only be weak.
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	return new Response(response.body.pipeThrough(new CompressionStream('gzip')), { status: response.status, headers });
};

export const handle = sequence(language, compress, dashboard);
