import type { Locale } from '$lib/i18n';
import { pagePath } from '$lib/paths';
import { config } from '$lib/server/config';
import { getContent } from '$lib/server/content';
import { everyLocale } from '$lib/server/pages';
import { topicCard } from '$lib/server/views';
import { xml } from '$lib/server/xml';
import type { RequestHandler } from './$types';

export const prerender = true;
export const entries = everyLocale;

/** An Atom feed of the topics in one language. */
export const GET: RequestHandler = ({ params }) => {
	const locale = params.locale as Locale;
	const { ui, topics } = getContent();
	const home = config.siteUrl + pagePath(locale);
	const updated = topics.map((topic) => topic.updated).sort().at(-1) ?? '2019-05-15';
	const entries = topics.map((topic) => {
		const card = topicCard(topic, locale);
		const url = config.siteUrl + card.href;
		return `	<entry>
		<id>${xml(url)}</id>
		<title xml:lang="${card.lang}">${xml(card.title)}</title>
		<link rel="alternate" href="${xml(url)}"/>
		<updated>${topic.updated}T00:00:00Z</updated>
		<summary xml:lang="${card.lang}">${xml(card.summary)}</summary>
	</entry>`;
	});
	const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
	<id>${xml(home)}</id>
	<title>${xml(ui[locale].feed.title)}</title>
	<subtitle>${xml(ui[locale].site.tagline)}</subtitle>
	<link rel="alternate" href="${xml(home)}"/>
	<link rel="self" href="${xml(home + 'feed.xml')}"/>
	<updated>${updated}T00:00:00Z</updated>
	<author><name>${xml(ui[locale].site.name)}</name></author>
${entries.join('\n')}
</feed>
`;
	return new Response(body, { headers: { 'content-type': 'application/atom+xml; charset=utf-8' } });
};
