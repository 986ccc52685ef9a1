/** The content a post can be made from, named in English for the dashboard and the calendar feed. */
import { defaultLocale } from '#lib/core/i18n.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { itemKinds, type ItemKind } from '#lib/core/catalogue.ts';
import { itemView } from './item.ts';

/** The item's heading in English, shortened to fit a row of the queue or a calendar entry. */
export function itemTitle(kind: ItemKind | 'page', slug: string): string {
	const view = itemView(getContent(), defaultLocale, kind, slug, config.siteUrl);
	if (!view) return `${kind} ${slug} (no longer in the content)`;
	return view.heading.length > 90 ? `${view.heading.slice(0, view.heading.lastIndexOf(' ', 88))}…` : view.heading;
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
