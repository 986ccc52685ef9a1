/** The content a post can be made from, named in English for the dashboard and the calendar feed. */
import { defaultLocale } from '#lib/core/i18n.ts';
import { config } from '#lib/server/config.ts';
import { cardText } from './card.ts';
import { getContent } from '#lib/server/content/index.ts';
import { itemKinds, type ItemKind } from '#lib/core/catalogue.ts';

export function itemTitle(kind: ItemKind, slug: string): string {
	const card = cardText(getContent(), defaultLocale, kind, slug, config.siteUrl);
	if (!card) return `${kind} ${slug} (no longer in the content)`;
	if (kind !== 'fact') return card.title;
	// A fact's title is its figure ("70"): say what it counts.
	const text = `${card.title}: ${card.body}`;
	return text.length > 90 ? `${text.slice(0, text.lastIndexOf(' ', 88))}…` : text;
}

/** Every item, grouped by kind, as value "kind/slug" and a label. */
export function itemChoices(): { kind: ItemKind; items: { value: string; label: string }[] }[] {
	const { topics, facts, opportunities } = getContent();
	const slugs: Record<ItemKind, string[]> = {
		topic: topics.map((t) => t.slug),
		fact: facts.map((f) => f.id),
		opportunity: opportunities.map((o) => o.id)
	};
	return itemKinds.map((kind) => ({
		kind,
		items: slugs[kind].map((slug) => ({ value: `${kind}/${slug}`, label: itemTitle(kind, slug) }))
	}));
}
