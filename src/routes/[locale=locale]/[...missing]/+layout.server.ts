import { getContent } from '#lib/server/content/index.ts';
import { nextSteps } from '#lib/server/views/next.ts';
import { topicCard } from '#lib/server/views/pages.ts';
import type { LayoutServerLoad } from './$types';

// A path under a language that is no page (`/ru/nonexistent/`): the Node server answers it, since every
// page is prerendered and served from disk first. The 404 (+error.svelte) is in that language, inside
// the site's header, menu and footer, with search and the topics; this load gives it the topics.
export const prerender = false;
// Answered as asked, with or without a final slash: a redirect would only lead to the same 404.
export const trailingSlash = 'ignore';

export const load: LayoutServerLoad = ({ params }) => ({
	topics: getContent().topics.map((topic) => topicCard(topic, params.locale)),
	next: nextSteps(params.locale)
});
