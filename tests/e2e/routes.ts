/** The public pages, read from the prerendered build: every test that visits "every page" uses this. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
