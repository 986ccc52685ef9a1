import { nextSteps } from '#lib/server/views/next.ts';
import { topicsByTheme } from '#lib/server/views/pages.ts';
import type { LayoutServerLoad } from './$types';

// A path under a language that is no page (`/ru/nonexistent/`): the Node server answers it, since every
// page is prerendered and served from disk first. The 404 (+error.svelte) is in that language, inside
// the site's header, menu and footer, with search and the topics under their themes, as on the home page; this load gives it them.
export const prerender = false;
// Answered as asked, with or without a final slash: a redirect would only lead to the same 404.
export const trailingSlash = 'ignore';

export const load: LayoutServerLoad = ({ params }) => ({
	themes: topicsByTheme(params.locale),
	next: nextSteps(params.locale)
});
