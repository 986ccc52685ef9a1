/**
 * Who runs the site, in a language: what the footer, the About page and the accessibility statement
 * show from `content/site.yaml`. What the file leaves out is left out here too, never filled in.
 */
import { defaultLocale, type Locale } from '#lib/core/i18n.ts';
import type { Content } from '#lib/server/content/load.ts';
import { profileNetworkNames, profileNetworks, type ProfileNetwork } from '#lib/server/content/schema.ts';

export interface PublisherView {
	/** The publisher's name in the reader's language (or as the file gives it for every language). */
	name?: string;
	/** The publisher's own website. */
	url?: string;
	email?: string;
	/** A contact page. */
	contactUrl?: string;
	/** The team's profiles, in the order of `profileNetworks`. */
	follow: { network: ProfileNetwork; name: string; href: string }[];
	/** A logo's path on the site. */
	logo?: string;
}

export function publisherView(content: Pick<Content, 'site'>, locale: Locale): PublisherView {
	const { publisher, contact, follow, logo } = content.site;
	const names = publisher?.name;
	const name = typeof names === 'string' ? names : (names?.[locale] ?? names?.[defaultLocale]);
	return {
		...(name === undefined ? {} : { name }),
		...(publisher?.url === undefined ? {} : { url: publisher.url }),
		...(contact?.email === undefined ? {} : { email: contact.email }),
		...(contact?.url === undefined ? {} : { contactUrl: contact.url }),
		follow: profileNetworkNames.flatMap((network) => {
			const href = follow[network];
			return href ? [{ network, name: profileNetworks[network].name, href }] : [];
		}),
		...(logo === undefined ? {} : { logo })
	};
}
