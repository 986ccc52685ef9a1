import { locales } from '#lib/core/i18n.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { xml } from '#lib/server/xml.ts';
import type { RequestHandler } from './$types';

export const prerender = true;

/** Every public page in every language, each with its alternates. */
export const GET: RequestHandler = () => {
	const { topics, facts, quiz } = getContent();
	const pages = [
		'',
		'facts/',
		'glossary/',
		'opportunities/',
		'about/',
		'accessibility/',
		'privacy/',
		'search/',
		...(quiz.length > 0 ? ['quiz/'] : []),
		...topics.map((topic) => `topics/${topic.slug}/`),
		...facts.map((fact) => `facts/${fact.id}/`)
	];
	const urls = pages.flatMap((page) =>
		locales.map((locale) => {
			const alternates = locales
				.map(
					(other) =>
						`		<xhtml:link rel="alternate" hreflang="${other}" href="${xml(`${config.siteUrl}/${other}/${page}`)}"/>`
				)
				.join('\n');
			return `	<url>
		<loc>${xml(`${config.siteUrl}/${locale}/${page}`)}</loc>
${alternates}
		<xhtml:link rel="alternate" hreflang="x-default" href="${xml(`${config.siteUrl}/en/${page}`)}"/>
	</url>`;
		})
	);
	const body = `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${urls.join('\n')}
</urlset>
`;
	return new Response(body, { headers: { 'content-type': 'application/xml; charset=utf-8' } });
};
