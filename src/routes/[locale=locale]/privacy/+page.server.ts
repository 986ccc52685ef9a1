import { getContent } from '#lib/server/content/index.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { nextSteps } from '#lib/server/views/next.ts';
import type { PageServerLoad } from './$types';

export const entries = everyLocale;

/**
 * What the site counts and what it never keeps, in plain words (content/ui/, `privacy`): the visit
 * counts of src/lib/server/stats/ and the marks on our posts' links. There is no consent banner because
 * nothing is stored on the reader's device; this page says so.
 */
export const load: PageServerLoad = ({ params }) => {
	const ui = getContent().ui[params.locale];
	const meta: PageMeta = { title: ui.privacy.title, description: ui.privacy.intro, card: pageCard(params.locale, 'page', 'privacy') };
	return { meta, next: nextSteps(params.locale, { card: meta.card }) };
};
