/**
 * Who runs the site (`content/site.yaml`): what the build warns about. The shipped file is a
 * placeholder that every deployment must fill in; the site shows what the file says, so a placeholder
 * left in place shows as one, and the build says so loudly.
 */
import type { Site } from './schema.ts';

/** Domains kept for examples (RFC 2606, RFC 6761): an address on one reaches no one. */
const reserved = /(^|\.)(example\.(com|net|org)|[a-z0-9-]+\.(example|test|invalid|localhost))$/i;

/** Whether a value is a placeholder: a text in [square brackets], or an address on an example domain. */
export function isPlaceholder(value: string): boolean {
	if (/^\s*\[.*\]\s*$/.test(value)) return true;
	return (value.match(/[a-z0-9.-]+/gi) ?? []).some((token) => reserved.test(token.replace(/^\.+|\.+$/g, '')));
}

/** What the build warns about: who runs the site and how to reach them, missing or still a placeholder. */
export function siteWarnings(site: Site, file = 'content/site.yaml'): string[] {
	const warnings: string[] = [];
	const placeholder = (field: string, value: string | undefined) => {
		if (value !== undefined && isPlaceholder(value)) warnings.push(`${file}: ${field}: "${value}" is a placeholder: replace it before you deploy`);
	};
	if (!site.publisher) {
		warnings.push(`${file}: publisher is not set: no page says who runs the site`);
	} else {
		const names = typeof site.publisher.name === 'string' ? { '': site.publisher.name } : site.publisher.name;
		for (const [locale, name] of Object.entries(names)) placeholder(locale ? `publisher, name, ${locale}` : 'publisher, name', name);
		placeholder('publisher, url', site.publisher.url);
	}
	if (!site.contact) {
		warnings.push(`${file}: contact is not set: readers, and the accessibility statement, have no way to reach you`);
	} else {
		placeholder('contact, email', site.contact.email);
		placeholder('contact, url', site.contact.url);
	}
	for (const [network, address] of Object.entries(site.follow)) placeholder(`follow, ${network}`, address);
	placeholder('statement, enforcement, url', site.statement.enforcement?.url);
	return warnings;
}
