import { pagePath } from '#lib/core/paths.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { everyLocale } from '#lib/server/views/meta.ts';
import { topicCard } from '#lib/server/views/pages.ts';
import { xml } from '#lib/server/xml.ts';
import type { RequestHandler } from './$types';

export const prerender = true;
export const entries = everyLocale;

/** An Atom feed of the topics in one language. */
export const GET: RequestHandler = ({ params }) => {
	const locale = params.locale;
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
