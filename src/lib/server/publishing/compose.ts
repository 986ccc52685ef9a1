/** What a post says: its caption, fitted to the channel, and its card's alt text, from the item's view. */
import type { Locale } from '#lib/core/i18n.ts';
import { buildCaption } from '#lib/core/captions.ts';
import { itemPath, itemView } from '#lib/server/views/item.ts';
import type { Content } from '#lib/server/content/load.ts';
import type { ChannelName } from '#lib/server/content/schema.ts';

export type ItemKind = 'topic' | 'fact' | 'opportunity';

/** The public page a post links to. */
export function itemUrl(siteUrl: string, locale: Locale, kind: ItemKind, slug: string): string {
	return siteUrl + itemPath(locale, kind, slug);
}

/** Caption and alt text for an item in a language, fitted to the channel. */
export function postText(
	content: Content,
	{ kind, slug, locale, channel, siteUrl, hashtags = [] }: { kind: ItemKind; slug: string; locale: Locale; channel: ChannelName; siteUrl: string; hashtags?: string[] }
): { caption: string; alt: string } {
	const view = itemView(content, locale, kind, slug, siteUrl);
	if (!view) throw new Error(`No ${kind} "${slug}"`);
	const caption = buildCaption(channel, { title: view.title, body: view.body, url: view.url, hashtags });
	return { caption, alt: view.alt };
}
