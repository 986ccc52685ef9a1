import { fill, localeNames, locales } from '#lib/core/i18n.ts';
import { config } from '#lib/server/config.ts';
import { getContent, unreviewed } from '#lib/server/content/index.ts';
import { everyLocale, pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { publisherView } from '#lib/server/views/site.ts';
import type { PageServerLoad } from './$types';
import { nextSteps } from '#lib/server/views/next.ts';

export const entries = everyLocale;

/**
 * The accessibility statement, in the structure of the EU Web Accessibility Directive's model
 * statement (Commission Implementing Decision (EU) 2018/1523): compliance status, what is not
 * accessible, how the statement was prepared, feedback and contact, enforcement. Its words are in
 * content/ui/; what it says of this copy of the site — who runs it, how to reach them, which
 * translations are drafts, whether English stands in anywhere — is read from the content.
 */
export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const content = getContent();
	const ui = content.ui[locale];
	const drafts = locales.filter((code) => unreviewed(content, code));
	const items = [...content.topics, ...content.facts, ...content.glossary, ...content.opportunities, ...content.quiz];
	const site = new URL(config.siteUrl).host;
	const meta: PageMeta = {
		title: ui.accessibility.title,
		description: fill(ui.accessibility.intro, { site }),
		card: pageCard(locale, 'page', 'accessibility')
	};
	return {
		meta,
		next: nextSteps(locale, { card: meta.card }),
		site,
		publisher: publisherView(content, locale),
		draftLanguages: drafts.map((code) => ({ code, name: localeNames[code] })),
		/** Whether English stands in for some text in some language. */
		fallback: items.some((item) => locales.some((code) => !item.text[code])),
		prepared: { day: content.site.statement.prepared, text: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${content.site.statement.prepared}T00:00:00Z`)) },
		enforcement: content.site.statement.enforcement
	};
};
