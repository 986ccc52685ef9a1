import type { CardKind, Format } from './catalogue.ts';
import type { Locale } from './i18n.ts';

/** The path of a public page: `/ru/topics/connectivity/`. Every public path ends with a slash. */
export function pagePath(locale: Locale, ...segments: string[]): string {
	return `/${[locale, ...segments].join('/')}/`;
}

/** The same page in another language: `/ru/facts/` → `/kk/facts/`. */
export function switchLocale(pathname: string, locale: Locale): string {
	return pathname.replace(/^\/[^/]+/, `/${locale}`);
}

/** The stable address of a page's share card. */
export function cardPath(locale: Locale, kind: CardKind, slug: string, format: Format = 'og'): string {
	return `/cards/${locale}/${kind}/${slug}/${format}.png`;
}

/**
 * The public address of a post's card as a JPEG, for networks that fetch an image by its address
 * (Instagram, Facebook, Threads): the post's own approved card, not the content's card now.
 */
export function postCardPath(postId: string, format: Format): string {
	return `/cards/posts/${postId}/${format}.jpg`;
}

/** The same for slide `n` (from 1) of a carousel post: `/cards/posts/<post>/<format>-<n>.jpg`. */
export function postSlidePath(postId: string, format: Format, n: number): string {
	return `/cards/posts/${postId}/${format}-${n}.jpg`;
}

/**
 * The host a reader can reach the site at, for cards and alt text: undefined when the site's address
 * is this machine (localhost, a loopback address), as it is when SITE_URL was not set. A card then
 * carries no address rather than one that leads nowhere.
 */
export function publicHost(siteUrl: string): string | undefined {
	const { host, hostname } = new URL(siteUrl);
	const local = /^(localhost|.*\.localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1?\])$/i.test(hostname);
	return local ? undefined : host;
}
