import type { Handle } from '@sveltejs/kit';
import { defaultLocale, isLocale } from '$lib/i18n';

/** Puts the page's language on `<html lang>`; runs for prerendered pages too. */
export const handle: Handle = ({ event, resolve }) => {
	const first = event.url.pathname.split('/')[1];
	const lang = isLocale(first) ? first : defaultLocale;
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang)
	});
};
