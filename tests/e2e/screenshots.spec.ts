/**
 * Pictures of the pages for a person to look at: the home page, a topic, a fact, the quiz and the 404
 * page in every language, on a phone (390 × 844) and a desktop (1280 × 800), whole pages, into
 * screenshots/ (not committed), on every test run. One test per language, each address loaded once for
 * both sizes; JPEG, since PNG-encoding 70 whole pages costs the run more time than the pictures are worth.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { locales } from '#lib/core/i18n.ts';
import { pagePath } from '#lib/core/paths.ts';
import { loadContent } from '#lib/server/content/load.ts';

const content = loadContent();
const dir = 'screenshots';
const sizes = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;
// The topic and fact a reader of the home page meets first: the youth topic and its first fact.
const topic = content.home.for_you[0]!.topic;
const fact = content.facts.find((entry) => entry.topic === topic)!.id;


for (const locale of locales) {
	test(`${locale}: home, topic, fact, quiz and 404 on a phone and a desktop`, async ({ page }) => {
		mkdirSync(dir, { recursive: true });
		const pages = {
			home: pagePath(locale),
			topic: pagePath(locale, 'topics', topic),
			fact: pagePath(locale, 'facts', fact),
			quiz: pagePath(locale, 'quiz'),
			'404': pagePath(locale, 'no-such-page')
		};
		for (const [name, path] of Object.entries(pages)) {
			await page.setViewportSize(sizes.phone);
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(name === '404' ? 404 : 200);
			for (const [size, viewport] of Object.entries(sizes)) {
				await page.setViewportSize(viewport);
				await page.screenshot({ path: `${dir}/${locale}-${name}-${size}.jpg`, type: 'jpeg', quality: 70, fullPage: true });
			}
		}
	});
}
