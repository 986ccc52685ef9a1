/**
 * Long lists on a phone, without JavaScript: the glossary's index by first letter, the key facts narrowed
 * by topic, and the About page's translation table.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { initialOf } from '#lib/core/alphabet.ts';
import { alphabets, locales, type Locale } from '#lib/core/i18n.ts';
import { loadContent } from '#lib/server/content/load.ts';

const content = loadContent();
const water = content.topics.find((topic) => topic.slug === 'environment-water')!;
const text = <T>(texts: Partial<Record<Locale, T>>, locale: Locale): T => (texts[locale] ?? texts.en)!;

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

test.describe('the key facts narrowed by topic, without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	for (const locale of locales) {
		test(`${locale}: a link per topic to its facts, the current one marked`, async ({ page }) => {
			const ui = content.ui[locale];
			await page.goto(`/${locale}/facts/`);
			await expect(page.locator('.fact')).toHaveCount(content.facts.length);
			const chooser = page.locator('.fact-filter');
			const nav = page.getByRole('navigation', { name: ui.facts.filter });
			await expect(nav).toBeHidden();
			await chooser.locator('summary').click();
			await expect(nav).toBeVisible();
			await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
			await expect(nav.locator('[aria-current="page"]')).toContainText(ui.facts.all_topics);

			const topics = [...content.topics].sort((a, b) => a.order - b.order).filter((topic) => content.facts.some((fact) => fact.topic === topic.slug));
			await expect(nav.getByRole('link')).toHaveCount(topics.length + 1);
			const title = text(water.text, locale).title;
			await nav.getByRole('link', { name: title }).click();
			await expect(page).toHaveURL(new RegExp(`/${locale}/facts/topic/environment-water/$`));
			const own = content.facts.filter((fact) => fact.topic === 'environment-water');
			await expect(page.locator('.fact')).toHaveCount(own.length);
			for (const fact of own) await expect(page.locator(`#fact-${fact.id}`)).toBeVisible();
			await expect(page.locator('h1')).toContainText(title);
			await expect(page.locator('.fact-filter summary')).toContainText(title);
			await page.locator('.fact-filter summary').click();
			await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
			await expect(nav.locator('[aria-current="page"]')).toContainText(title);
			// And back to all of them.
			await nav.getByRole('link', { name: ui.facts.all_topics }).click();
			await expect(page).toHaveURL(new RegExp(`/${locale}/facts/$`));
			await expect(page.locator('.fact')).toHaveCount(content.facts.length);
		});
	}

	test('every topic with facts has its page in every language, with exactly its facts', async ({ request }) => {
		for (const topic of content.topics) {
			const count = content.facts.filter((fact) => fact.topic === topic.slug).length;
			for (const locale of locales) {
				const response = await request.get(`/${locale}/facts/topic/${topic.slug}/`);
				expect(response.status(), `${locale} ${topic.slug}`).toBe(count > 0 ? 200 : 404);
				if (count > 0) expect((await response.text()).match(/<li class="fact[ "]/g)).toHaveLength(count);
			}
		}
	});
});

test('the topic chooser, opened, and the glossary’s index have no axe violations', async ({ page }) => {
	const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
	await page.goto('/kk/facts/topic/environment-water/');
	await page.locator('.fact-filter summary').click();
	const chooser = await new AxeBuilder({ page }).withTags(wcag).analyze();
	expect(chooser.violations.map((v) => v.id)).toEqual([]);
	await page.goto('/tg/glossary/#term-water-management');
	const glossary = await new AxeBuilder({ page }).withTags(wcag).analyze();
	expect(glossary.violations.map((v) => v.id)).toEqual([]);
});

test.describe('the About page’s translation table on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	for (const locale of locales) {
		test(`${locale}: fits at 390 px, in a labelled region a keyboard can scroll`, async ({ page }) => {
			await page.goto(`/${locale}/about/`);
			const region = page.getByRole('region', { name: content.ui[locale].about.translations_intro });
			await expect(region).toHaveAttribute('tabindex', '0');
			await expect(region.locator('table')).toBeVisible();
			const { scroll, client } = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
			expect(scroll, 'the table fits').toBeLessThanOrEqual(client);
			await region.focus();
			await expect(region).toBeFocused();
		});
	}

	test('narrower than the table, the region scrolls sideways by keyboard and the page does not', async ({ page }) => {
		await page.setViewportSize({ width: 240, height: 700 });
		await page.goto('/kk/about/');
		const region = page.getByRole('region', { name: content.ui.kk.about.translations_intro });
		const overflow = await region.evaluate((el) => el.scrollWidth - el.clientWidth);
		expect(overflow).toBeGreaterThan(0);
		await region.focus();
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
	});
});
