/** What a post says: its caption, fitted to the channel, and its card's alt text, from content. */
import type { Locale } from '#lib/core/i18n.ts';
import { buildCaption } from '#lib/core/captions.ts';
import { pagePath } from '#lib/core/paths.ts';
import { cardText } from '#lib/server/views/card.ts';
import type { Content } from '#lib/server/content/load.ts';
import type { ChannelName, ItemKind } from '#lib/core/catalogue.ts';

/** The public page a post links to. */
export function itemUrl(siteUrl: string, locale: Locale, kind: ItemKind, slug: string): string {
	const path =
		kind === 'topic' ? pagePath(locale, 'topics', slug) : kind === 'fact' ? pagePath(locale, 'facts', slug) : `${pagePath(locale, 'opportunities')}#${slug}`;
	return siteUrl + path;
}

/** Caption and alt text for an item in a language, fitted to the channel. */
export function postText(
	content: Content,
	{ kind, slug, locale, channel, siteUrl, hashtags = [] }: { kind: ItemKind; slug: string; locale: Locale; channel: ChannelName; siteUrl: string; hashtags?: string[] }
): { caption: string; alt: string } {
	const card = cardText(content, locale, kind, slug, siteUrl);
	if (!card) throw new Error(`No ${kind} "${slug}"`);
	const caption = buildCaption(channel, { title: card.title, body: card.body, url: itemUrl(siteUrl, locale, kind, slug), hashtags });
	return { caption, alt: card.alt };
}

