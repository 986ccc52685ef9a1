import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { defaultLocale, isLocale } from '#lib/core/i18n.ts';
import { sessionCookie, sessionUser } from '#lib/server/auth/sessions.ts';
import { database } from '#lib/server/store/shared.ts';

/** Puts the page's language on `<html lang>`; runs for prerendered pages too. */
const language: Handle = ({ event, resolve }) => {
	const first = event.url.pathname.split('/')[1];
	const lang = isLocale(first) ? first : defaultLocale;
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang)
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

export const handle = sequence(language, dashboard);
