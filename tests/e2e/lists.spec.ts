/**
 * Long lists on a phone, without JavaScript: the glossary's index by first letter, the key facts narrowed
 * by topic, and the About page's translation table.
 */
import { expect, test } from '@playwright/test';
import { initialOf } from '#lib/core/alphabet.ts';
import { alphabets, locales } from '#lib/core/i18n.ts';
import { loadContent } from '#lib/server/content/load.ts';

const content = loadContent();

test.describe('the glossary’s index by first letter, without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	for (const locale of locales) {
		test(`${locale}: every letter of the alphabet, those with words linked to the first of them`, async ({ page }) => {
			await page.goto(`/${locale}/glossary/`);
			const index = page.getByRole('navigation', { name: content.ui[locale].glossary.letters });
			const letters = await index.locator('li').evaluateAll((items) =>
				items.map((li) => ({ letter: li.textContent?.trim() ?? '', href: li.querySelector('a')?.getAttribute('href') ?? null }))
			);
			expect(letters.slice(0, alphabets[locale].length).map((entry) => entry.letter)).toEqual([...alphabets[locale]]);

			const entries = await page.locator('.glossary-entry').evaluateAll((divs) =>
				divs.map((div) => ({ id: div.id, term: div.querySelector('dt')?.textContent ?? '' }))
			);
			expect(entries).toHaveLength(content.glossary.length);
			const initials = entries.map((entry) => initialOf(entry.term, alphabets[locale]));
			for (const { letter, href } of letters) {
				const first = initials.indexOf(letter);
				if (first === -1) {
					expect(href, `${letter} has no words, so no link`).toBeNull();
				} else {
					expect(href, letter).toBe(`#${entries[first]!.id}`);
					// Letter by letter: no word of this letter comes after another letter's words.
					expect(initials.lastIndexOf(letter) - first + 1).toBe(initials.filter((initial) => initial === letter).length);
				}
			}
			expect(letters.filter((entry) => entry.href).length).toBe(new Set(initials).size);

			const link = index.getByRole('link').nth(1);
			const target = (await link.getAttribute('href'))!;
			await link.click();
			await expect(page).toHaveURL(new RegExp(`${target}$`));
			await expect(page.locator(target)).toBeInViewport();
		});
	}
});
