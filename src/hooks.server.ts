import { redirect, type Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { defaultLocale, isLocale } from '$lib/i18n';
import { sessionCookie, sessionUser } from '$lib/server/auth/sessions';
import { database } from '$lib/server/db/shared';

/** Puts the page's language on `<html lang>`; runs for prerendered pages too. */
const language: Handle = ({ event, resolve }) => {
	const first = event.url.pathname.split('/')[1];
	const lang = isLocale(first) ? first : defaultLocale;
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang)
	});
};

/**
 * The dashboard: everything under /admin needs a session, except the sign-in page. Nothing there may
 * be cached. Public pages never touch the database (they are prerendered).
 */
const dashboard: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (path !== '/admin' && !path.startsWith('/admin/')) return resolve(event);
	const token = event.cookies.get(sessionCookie);
	event.locals.user = sessionUser(database(), token);
	if (!event.locals.user) {
		if (token) event.cookies.delete(sessionCookie, { path: '/admin' });
		if (!path.startsWith('/admin/sign-in/')) {
			redirect(303, `/admin/sign-in/?next=${encodeURIComponent(path + event.url.search)}`);
		}
	}
	const response = await resolve(event);
	response.headers.set('cache-control', 'no-store');
	return response;
};

export const handle = sequence(language, dashboard);
