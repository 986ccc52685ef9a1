/**
 * The site's look: the map of the region on the home page, in every language, and each topic's colour
 * and pictogram where the topic appears.
 */
import { expect, test, type Locator } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fill, locales } from '#lib/core/i18n.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { countries } from '#lib/server/look/region.ts';
import { buildDir } from './routes.ts';

const content = loadContent();

/** `#rrggbb` as the browser reports a computed colour. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).join(', ')})`;
const computed = (locator: Locator, property: string) =>
	locator.evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);

test.describe('the map of the region on the home page', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	for (const locale of locales) {
		test(`${locale}: the five countries and their capitals, named in the language, with an accessible name`, async ({ page }) => {
			const strings = content.ui[locale].map;
			const terms = content.terms[locale]?.terms ?? {};
			await page.goto(`/${locale}/`);

			const pairs = countries.map((country) =>
				fill(strings.capital, { country: strings.countries[country.id], capital: strings.capitals[country.id] })
			);
			const map = page.getByRole('img', { name: `${strings.label}: ${pairs.join('; ')}`, exact: true });
			await expect(map).toBeVisible();

			// The names drawn on the map are how the language writes them (content/terms/<locale>.yaml).
			const names = await map.locator('.map-country-name').allTextContents();
			expect(names).toHaveLength(countries.length);
			for (const [index, country] of countries.entries()) {
				const renderings = terms[country.id]?.use ?? [];
				expect(renderings.length, `terms/${locale}.yaml has ${country.id}`).toBeGreaterThan(0);
				expect(renderings.some((rendering) => names[index]!.startsWith(rendering)), `${country.id}: "${names[index]}"`).toBe(true);
			}
			await expect(map.locator('.map-capital')).toHaveText(countries.map((country) => strings.capitals[country.id]));

			// Below the heading and the first sentence of the lead, and inside the phone's width.
			const box = (await map.boundingBox())!;
			const heading = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
			const lead = (await page.locator('main li, main p').first().boundingBox())!;
			expect(box.y).toBeGreaterThan(heading.y + heading.height);
			expect(box.y).toBeGreaterThan(lead.y + lead.height);
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(390);
			expect(box.height).toBeGreaterThan(200);
		});
	}

	test('is drawn on the server: the built page has it, with its shapes, and no script draws it', () => {
		const html = readFileSync(join(buildDir, 'en/index.html'), 'utf8');
		const svg = html.match(/<div class="region-map"[^>]*>\s*<svg[^>]*role="img"[\s\S]*?<\/svg>/)?.[0] ?? '';
		expect(svg.match(/<path class="map-country" d="M[^"]{200,}"/g)).toHaveLength(countries.length);
		expect(svg).toContain('class="map-neighbours"');
		expect(svg).not.toContain('<script');
	});
});

test.describe('each topic has its colour and pictogram', () => {
	test('on the home page’s topic cards', async ({ page }) => {
		await page.goto('/en/');
		for (const topic of content.topics) {
			// The topics' own cards (the four "for you" entries above them lead to topics too).
			const card = page.locator('.card:not(.for-you-card)').filter({ has: page.locator(`a[href="/en/topics/${topic.slug}/"]`) });
			await expect(card).toHaveCount(1);
			expect(await computed(card, 'border-top-color'), topic.slug).toBe(rgb(topic.colour));
			const badge = card.locator('.badge');
			expect(await computed(badge, 'background-color'), topic.slug).toBe(rgb(topic.colour));
			// Decorative: the card's words say what it is.
			await expect(badge.locator('svg')).toHaveAttribute('aria-hidden', 'true');
			await expect(badge.locator('svg path').first()).toHaveAttribute('d', /\S/);
		}
	});

	test('in each topic page’s heading', async ({ page }) => {
		for (const topic of content.topics) {
			await page.goto(`/en/topics/${topic.slug}/`);
			const kicker = page.locator('article .kicker');
			expect(await computed(kicker, 'color'), topic.slug).toBe(rgb(topic.colour));
			expect(await computed(kicker.locator('.badge'), 'background-color'), topic.slug).toBe(rgb(topic.colour));
			await expect(kicker.locator('svg')).toHaveAttribute('aria-hidden', 'true');
		}
	});

	test('on the fact cards of the facts list, by the fact’s topic', async ({ page }) => {
		await page.goto('/en/facts/');
		const colours = new Map(content.topics.map((topic) => [topic.slug, topic.colour]));
		expect(content.facts.length).toBeGreaterThan(0);
		for (const fact of content.facts) {
			const card = page.locator(`#fact-${fact.id}`);
			expect(await computed(card, 'border-top-color'), fact.id).toBe(rgb(colours.get(fact.topic)!));
			expect(await computed(card.locator('.badge'), 'background-color'), fact.id).toBe(rgb(colours.get(fact.topic)!));
		}
	});
});
