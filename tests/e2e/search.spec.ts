/**
 * Search that reads well: the right page first in every language, facts titled by their sentence, and
 * nothing in a result's excerpt from the share box, the source disclosure or cards of other topics.
 */
import { expect, test, type Page } from '@playwright/test';
import { locales, type Locale } from '#lib/core/i18n.ts';
import { plainText } from '#lib/core/rich.ts';
import { loadContent } from '#lib/server/content/load.ts';

const content = loadContent();
const water = content.topics.find((topic) => topic.slug === 'environment-water')!;
const text = <T>(texts: Partial<Record<Locale, T>>, locale: Locale): T => (texts[locale] ?? texts.en)!;

/** "Water" in the reader's own language: the first word of the water topic's title. */
const waterWord = (locale: Locale) => text(water.text, locale).title.split(/[\s,.:;–—]+/)[0]!;

interface Result {
	href: string;
	title: string;
	excerpt: string;
}

/** Searches as a reader does, on the search page, and reads the results shown. */
async function search(page: Page, locale: Locale, query: string): Promise<Result[]> {
	await page.goto(`/${locale}/search/`);
	await page.locator('#search-q').fill(query);
	await expect(page.locator('[data-search-status]')).toContainText(query);
	return page.locator('[data-search-results] li').evaluateAll((items) =>
		items.map((li) => ({
			href: li.querySelector('a')?.getAttribute('href') ?? '',
			title: li.querySelector('a')?.textContent ?? '',
			excerpt: li.querySelector('p')?.textContent ?? ''
		}))
	);
}

test.describe('search reads well', () => {
	for (const locale of locales) {
		test(`${locale}: “${waterWord(locale)}” finds the water topic first; facts by their sentence; no share-box words`, async ({
			page
		}) => {
			const results = await search(page, locale, waterWord(locale));
			expect(results.length).toBeGreaterThan(1);
			expect(results[0]!.href).toBe(`/${locale}/topics/environment-water/`);
			expect(results[0]!.title).toBe(text(water.text, locale).title);

			// A fact result is titled by its sentence, not by its figure ("1992").
			const facts = results.filter((result) => /\/facts\/[^/]+\/$/.test(result.href));
			expect(facts.length).toBeGreaterThan(0);
			for (const result of facts) {
				const fact = content.facts.find((entry) => result.href === `/${locale}/facts/${entry.id}/`)!;
				expect(result.title).toBe(text(fact.text, locale).text);
			}

			// Nothing of the share box, the source disclosure or the related-topic cards in what a result shows.
			const ui = content.ui[locale];
			const boilerplate = [
				ui.share.copy,
				ui.share.link_label,
				ui.share.telegram,
				ui.share.whatsapp,
				ui.share.vk,
				'WhatsApp',
				'Facebook',
				ui.facts.check_source,
				ui.facts.original,
				ui.topic.related
			].filter((words): words is string => Boolean(words));
			for (const result of results) {
				for (const words of boilerplate) expect(result.excerpt, `${result.href}: ${words}`).not.toContain(words);
			}
			// Each page once, and a topic only by its own words, not through the cards that link to other topics.
			expect(new Set(results.map((result) => result.href)).size).toBe(results.length);
			const word = waterWord(locale).toLocaleLowerCase(locale);
			const stem = word.slice(0, Math.max(2, word.length - 1));
			for (const result of results) {
				const topic = content.topics.find((entry) => result.href === `/${locale}/topics/${entry.slug}/`);
				if (!topic) continue;
				const own = text(topic.text, locale);
				const words = [own.title, own.summary, ...own.for_you.flatMap((point) => [point.heading, point.text]), ...own.will_happen]
					.map((field) => plainText(field, (id) => text(content.glossary.find((term) => term.id === id)!.text, locale).term))
					.join(' ')
					.toLocaleLowerCase(locale);
				expect(words, `${topic.slug} is found by its own words`).toContain(stem);
			}
		});
	}

	test('the strategy’s Swedish quotes are not searched: a word only they contain finds nothing', async ({ page }) => {
		// The longest word with å, ä or ö in the quotes: Swedish, on no page outside the disclosure.
		const word = content.facts
			.flatMap((fact) => fact.source.quote.split(/[^\p{L}]+/u))
			.filter((w) => /[åäö]/i.test(w))
			.sort((a, b) => b.length - a.length)[0]!;
		expect(word.length).toBeGreaterThan(8);
		for (const locale of locales) {
			await page.goto(`/${locale}/facts/${content.facts.find((fact) => fact.source.quote.includes(word))!.id}/`);
			await expect(page.locator('.source-check blockquote')).toContainText(word); // it is on the page
			const results = await search(page, locale, word);
			// Pagefind may match a query's first letters as a word of the page's language (Uzbek "Vä…" as
			// "va"); what counts is that no result shows the Swedish word, and English and Russian find nothing.
			for (const result of results) expect(result.excerpt.toLowerCase(), result.href).not.toContain(word.toLowerCase());
			if (locale === 'en' || locale === 'ru') expect(results).toEqual([]);
		}
	});
});
