/**
 * Where a reader can go when a page ends: the steps of the "What next?" block (NextSteps.svelte, drawn
 * by the locale layout under every public page). Each page's loader says what it is about; the steps
 * follow from the content: a topic's opportunities (opportunities/<id>/meta.yaml `topics`), a fact of a
 * related topic, the quiz, the page's share card. The team's channels (site.yaml) are added by the
 * component itself, from the layout's data.
 */
import { fill, type Locale } from '#lib/core/i18n.ts';
import { cardPath, pagePath } from '#lib/core/paths.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { itemView } from './item.ts';
import type { PageCard } from './meta.ts';
import { pageItem } from './pages.ts';

export interface NextStep {
	kind: 'opportunity' | 'opportunities' | 'fact' | 'topic' | 'quiz' | 'card';
	href: string;
	label: string;
	/** The language of the label's own words where English stands in for the reader's. */
	lang?: Locale;
}

export interface NextFor {
	/** The topic the page is about (a topic, a fact's topic, a topic's facts): its opportunities and a related fact. */
	topic?: string;
	/** The fact the page shows: not offered again as the related fact. */
	fact?: string;
	/** The page's share card, offered where the page has no share box of its own. */
	card?: PageCard;
	/** Leave the quiz out (the quiz's own pages). */
	quiz?: false;
	/** Leave the opportunities page out (it is the page, or a step names its opportunities already). */
	opportunities?: false;
}

/** The steps that end a page in a language: at most four, the most specific first. */
export function nextSteps(locale: Locale, about: NextFor = {}): NextStep[] {
	const content = getContent();
	const ui = content.ui[locale];
	const steps: NextStep[] = [];
	const topic = about.topic ? content.topics.find((entry) => entry.slug === about.topic) : undefined;

	const opportunities = topic ? content.opportunities.filter((opportunity) => opportunity.topics.includes(topic.slug)) : [];
	for (const opportunity of opportunities.slice(0, 2)) {
		const view = itemView(content, locale, 'opportunity', opportunity.id, config.siteUrl);
		if (!view) continue;
		steps.push({ kind: 'opportunity', href: view.path, label: fill(ui.next.opportunity, { name: view.title }), ...lang(view) });
	}

	if (topic) {
		// A fact from a topic next to this one: the page's own topic has its facts on its page already.
		const fact = topic.related
			.flatMap((slug) => content.facts.filter((entry) => entry.topic === slug))
			.find((entry) => entry.id !== about.fact);
		if (fact) {
			const view = pageItem(locale, 'fact', fact.id);
			steps.push({ kind: 'fact', href: view.path, label: fill(ui.next.fact, { headline: view.heading }), ...lang(view) });
		}
	}

	if (about.quiz !== false && content.quiz.length > 0) {
		steps.push({ kind: 'quiz', href: pagePath(locale, 'quiz'), label: ui.quiz.link });
	}
	if (about.opportunities !== false && opportunities.length === 0) {
		steps.push({ kind: 'opportunities', href: pagePath(locale, 'opportunities'), label: ui.opportunities.title });
	}
	if (about.card) {
		steps.push({ kind: 'card', href: cardPath(locale, about.card.kind, about.card.slug), label: ui.next.card });
	}
	return steps;
}

/** The topic most pages of the opportunities lead on to: the first that names them. */
export function opportunitiesTopic(locale: Locale): NextStep | undefined {
	const content = getContent();
	const slug = content.opportunities[0]?.topics[0];
	if (!slug) return undefined;
	const view = pageItem(locale, 'topic', slug);
	return { kind: 'topic', href: view.path, label: fill(content.ui[locale].next.topic, { topic: view.title }), ...lang(view) };
}

const lang = (view: { fallback: boolean; lang: Locale }) => (view.fallback ? { lang: view.lang } : {});
