import { error } from '@sveltejs/kit';
import { getContent } from '#lib/server/content/index.ts';
import type { PageServerLoad } from './$types';

/** Nothing lives here: the status is 404, the page is this folder's +error.svelte. */
export const load: PageServerLoad = ({ params }) => {
	error(404, getContent().ui[params.locale].error.not_found);
};
