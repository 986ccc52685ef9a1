import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { locales } from '#lib/core/i18n.ts';

const budget = 50_000; // bytes, compressed: the home page's HTML + CSS + JS

/** The HTML of a prerendered page and every same-origin stylesheet and script it loads, from the build. */
function weigh(locale: string) {
	const html = readFileSync(join('build/prerendered', locale, 'index.html'), 'utf8');
	const assets = [
		...html.matchAll(/<script[^>]+src="([^"]+)"/g),
		...html.matchAll(/<link[^>]+rel="(?:stylesheet|modulepreload)"[^>]+href="([^"]+)"/g),
		...html.matchAll(/<link[^>]+href="([^"]+)"[^>]+rel="(?:stylesheet|modulepreload)"/g)
	].map((match) => new URL(match[1] ?? '', `http://site/${locale}/`).pathname);
	const files = [...new Set(assets)].map((path) => {
		const file = join('build/client', path);
		expect(existsSync(file), `${path} is in the build`).toBe(true);
		return { path, bytes: gzipSync(readFileSync(file), { level: 9 }).length };
	});
	const htmlBytes = gzipSync(html, { level: 9 }).length;
	return { htmlBytes, files, total: htmlBytes + files.reduce((sum, file) => sum + file.bytes, 0) };
}

for (const locale of locales) {
	test(`/${locale}/: HTML + CSS + JS ≤ ${budget / 1000} KB compressed`, () => {
		const { total, files, htmlBytes } = weigh(locale);
		expect(htmlBytes).toBeGreaterThan(1000); // a real page was measured
		expect(total, JSON.stringify({ htmlBytes, files })).toBeLessThanOrEqual(budget);
	});
}

test('the home page downloads no more than the budget counted', async ({ page }) => {
	const urls: string[] = [];
	page.on('request', (request) => urls.push(new URL(request.url()).pathname));
	await page.goto('/en/');
	await page.waitForLoadState('networkidle');
	const counted = ['/en/', ...weigh('en').files.map((file) => file.path)];
	const uncounted = urls.filter((path) => !counted.includes(path) && !/\.(svg|png|ico)$/.test(path));
	expect(uncounted).toEqual([]);
});
