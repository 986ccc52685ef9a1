import { formats } from '#lib/core/catalogue.ts';
import { fill } from '#lib/core/i18n.ts';
import { cardPath, pagePath } from '#lib/core/paths.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { everyLocale } from '#lib/server/views/meta.ts';
import { pageItem } from '#lib/server/views/pages.ts';
import { xml } from '#lib/server/xml.ts';
import type { RequestHandler } from './$types';

export const prerender = true;
export const entries = everyLocale;

/** The feed's content type; src/serve.js sends the prerendered file with it too. */
const atom = 'application/atom+xml; charset=utf-8';

/**
 * An Atom feed of one language: every topic, each followed by its key facts. An entry is updated when
 * its topic last changed in substance (`updated` in the topic's meta.yaml; a fact takes its topic's
 * date), and carries its share card as an enclosure and a Media RSS thumbnail, which feed readers show.
 */
export const GET: RequestHandler = ({ params }) => {
	const locale = params.locale;
	const { ui, topics, facts } = getContent();
	const home = config.siteUrl + pagePath(locale);
	const { width, height } = formats.og;

	const entry = (kind: 'topic' | 'fact', slug: string, updated: string, extra: { title?: string; summary?: string; category?: string }) => {
		const item = pageItem(locale, kind, slug);
		const card = config.siteUrl + cardPath(locale, kind, slug);
		const lang = `xml:lang="${item.lang}"`;
		return `	<entry>
		<id>${xml(item.url)}</id>
		<title ${lang}>${xml(extra.title ?? item.title)}</title>
		<link rel="alternate" type="text/html" href="${xml(item.url)}"/>
		<link rel="enclosure" type="image/png" href="${xml(card)}" title="${xml(item.alt)}"/>
		<media:thumbnail url="${xml(card)}" width="${width}" height="${height}"/>
		<updated>${updated}T00:00:00Z</updated>${extra.category ?? ''}
		<summary ${lang}>${xml(extra.summary ?? item.body)}</summary>
	</entry>`;
	};

	const ordered = [...topics].sort((a, b) => a.order - b.order);
	const body = ordered.flatMap((topic) => {
		const view = pageItem(locale, 'topic', topic.slug);
		const category = `\n		<category term="${xml(topic.slug)}" label="${xml(view.title)}"/>`;
		return [
			entry('topic', topic.slug, topic.updated, { category }),
			...facts
				.filter((fact) => fact.topic === topic.slug)
				.sort((a, b) => a.order - b.order)
				.map((fact) => {
					const item = pageItem(locale, 'fact', fact.id);
					// Titled by its sentence: a figure alone ("1992") says nothing in a list of entries.
					return entry('fact', fact.id, topic.updated, {
						title: item.body,
						summary: `${fill(ui[locale].facts.topic, { topic: view.title })}. ${item.source ?? ''}`.trim(),
						category
					});
				})
		];
	});
	const updated = topics.map((topic) => topic.updated).sort().at(-1) ?? '2019-05-15';
	const feed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="${locale}">
	<id>${xml(home)}</id>
	<title>${xml(ui[locale].feed.title)}</title>
	<subtitle>${xml(ui[locale].site.tagline)}</subtitle>
	<link rel="alternate" type="text/html" href="${xml(home)}"/>
	<link rel="self" type="application/atom+xml" href="${xml(home + 'feed.xml')}"/>
	<updated>${updated}T00:00:00Z</updated>
	<author><name>${xml(ui[locale].site.name)}</name></author>
${body.join('\n')}
</feed>
`;
	return new Response(feed, { headers: { 'content-type': atom } });
};
