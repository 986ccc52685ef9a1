/** The public pages, read from the prerendered build: every test that visits "every page" uses this. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { locales } from '#lib/core/i18n.ts';

export const buildDir = 'build/prerendered';

function walk(dir: string, prefix: string): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir)) {
		const full = join(dir, entry);
		if (statSync(full).isDirectory()) found.push(...walk(full, `${prefix}${entry}/`));
		else if (entry === 'index.html') found.push(prefix);
	}
	return found;
}

/** Every prerendered page path, like `/ru/topics/connectivity/`. */
export const routes: string[] = walk(buildDir, '/').sort();

/** A path that is no page, in every language: the 404 page's address there. */
export const missingPages: string[] = locales.map((locale) => `/${locale}/no-such-page/`);
