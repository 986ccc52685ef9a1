/**
 * The first screen on a phone: the page's heading high up, its first sentence in view, the menus
 * usable and inside the screen, with and without JavaScript, in every language.
 */
import { expect, test, type Page } from '@playwright/test';
import { locales, type Locale } from '#lib/core/i18n.ts';
import { pagePath } from '#lib/core/paths.ts';
import { inLocale, loadContent } from '#lib/server/content/index.ts';

const content = loadContent();
const phone = { width: 390, height: 844 };
const headingLimit = 320;

/** The pages that risk most in a language: the home page, the topic with the longest title, the fact with the longest text. */
function pagesFor(locale: Locale): string[] {
	const longest = <T>(items: T[], length: (item: T) => number) =>
		items.reduce((best, item) => (length(item) > length(best) ? item : best));
	const topic = longest(content.topics, (t) => inLocale(t.text, locale).value.title.length);
	const fact = longest(content.facts, (f) => inLocale(f.text, locale).value.text.length);
	return [pagePath(locale), pagePath(locale, 'topics', topic.slug), pagePath(locale, 'facts', fact.id)];
}

/**
 * Where the page's h1 starts, and the box of the page's first sentence: the first sentence (as the
 * browser's sentence segmenter for the page's language cuts it) of the first paragraph or list item
 * after the h1.
 */
function firstScreen(page: Page) {
	return page.evaluate(() => {
		const h1 = document.querySelector('main h1');
		if (!h1) throw new Error('no h1 in main');
		const after = [...document.querySelectorAll('main p, main li')].find(
			(el) => h1.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && el.textContent?.trim()
		);
		if (!after) throw new Error('no paragraph after the h1');
		const text = after.textContent ?? '';
		const segmenter = new Intl.Segmenter(document.documentElement.lang, { granularity: 'sentence' });
		const start = text.length - text.trimStart().length;
		const sentence = [...segmenter.segment(text.trim())][0]?.segment.trimEnd() ?? '';
		const range = document.createRange();
		const walker = document.createTreeWalker(after, NodeFilter.SHOW_TEXT);
		let offset = 0;
		let startSet = false;
		for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
			if (!startSet && offset + node.length > start) {
				range.setStart(node, start - offset);
				startSet = true;
			}
			if (offset + node.length >= start + sentence.length) {
				range.setEnd(node, start + sentence.length - offset);
				break;
			}
			offset += node.length;
		}
		const box = range.getBoundingClientRect();
		return { h1Top: h1.getBoundingClientRect().top, sentence, top: box.top, bottom: box.bottom, height: box.height };
	});
}

test.describe('the first screen of a phone (390 × 844)', () => {
	test.use({ viewport: phone });

	for (const locale of locales) {
		test(`${locale}: the heading starts within ${headingLimit} px and the first sentence is in view`, async ({ page }) => {
			const measured: string[] = [];
			for (const path of pagesFor(locale)) {
				await page.goto(path);
				const screen = await firstScreen(page);
				measured.push(`${path}: h1 at ${Math.round(screen.h1Top)} px, first sentence ends at ${Math.round(screen.bottom)} px`);
				expect(screen.h1Top, path).toBeLessThanOrEqual(headingLimit);
				expect(screen.sentence.length, `${path}: a first sentence was found`).toBeGreaterThan(10);
				expect(screen.height, path).toBeGreaterThan(0);
				expect(screen.top, `${path}: “${screen.sentence}”`).toBeGreaterThanOrEqual(0);
				expect(screen.bottom, `${path}: “${screen.sentence}”`).toBeLessThanOrEqual(phone.height);
			}
			test.info().annotations.push({ type: 'first screen', description: measured.join('; ') });
		});
	}

	test('a draft translation says so in one line that links to About, which explains it', async ({ page }) => {
		const drafts = locales.filter((locale) => content.ui[locale].status === 'draft');
		for (const locale of locales) {
			const ui = content.ui[locale];
			await page.goto(pagePath(locale, 'topics', content.topics[0]!.slug));
			const line = page.locator('main .draft-line');
			if (!drafts.includes(locale)) {
				await expect(line).toHaveCount(0);
				continue;
			}
			await expect(line).toHaveText(ui.notice.draft_short);
			const { height, lineHeight } = await line.evaluate((el) => ({
				height: el.getBoundingClientRect().height,
				lineHeight: Number.parseFloat(getComputedStyle(el).lineHeight)
			}));
			expect(height, `${locale}: one line`).toBeLessThan(lineHeight * 1.5);
			await line.getByRole('link').click();
			await expect(page).toHaveURL(new RegExp(`${pagePath(locale, 'about')}#translations$`));
			const section = page.locator('#translations');
			await expect(section.getByRole('heading', { level: 2 })).toHaveText(ui.about.translations_heading);
			await expect(section).toContainText(ui.notice.draft);
			await expect(section).toBeInViewport();
		}
	});
});

for (const javaScriptEnabled of [true, false]) {
	test.describe(`the language menu, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
		test.use({ javaScriptEnabled });

		for (const width of [320, 390, 1280]) {
			test(`opened at ${width} px, lies inside the screen in every language`, async ({ page }) => {
				await page.setViewportSize({ width, height: 740 });
				for (const locale of locales) {
					await page.goto(pagePath(locale, 'topics', content.topics[0]!.slug));
					const menu = page.locator('.languages-menu');
					await menu.locator('summary').click();
					const list = menu.getByRole('list');
					await expect(list).toBeVisible();
					const box = await list.boundingBox();
					expect(box, locale).not.toBeNull();
					expect(box!.x, `${locale}: left edge`).toBeGreaterThanOrEqual(0);
					expect(box!.x + box!.width, `${locale}: right edge`).toBeLessThanOrEqual(width);
					expect(box!.y + box!.height, `${locale}: bottom edge`).toBeLessThanOrEqual(740);
					expect(box!.width, `${locale}: wide enough for the names`).toBeGreaterThanOrEqual(192);
					for (const link of await list.getByRole('link').all()) await expect(link).toBeInViewport({ ratio: 1 });
					// The other languages are there, each in its own name, and lead to the same page.
					await expect(list.getByRole('link')).toHaveCount(locales.length);
				}
			});
		}
	});
}

test.describe('the menu without JavaScript', () => {
	test.use({ javaScriptEnabled: false, viewport: phone });

	test('is folded on a phone, opens from the keyboard, and its links work', async ({ page }) => {
		const ui = content.ui.ru;
		await page.goto('/ru/topics/connectivity/');
		const menu = page.locator('.nav-menu');
		const summary = menu.locator('summary');
		const nav = page.getByRole('navigation', { name: ui.nav.label });
		await expect(summary).toHaveAccessibleName(ui.nav.menu);
		await expect(nav).toBeHidden();
		const box = await summary.boundingBox();
		expect(box!.width, 'a thumb-sized target').toBeGreaterThanOrEqual(44);
		expect(box!.height, 'a thumb-sized target').toBeGreaterThanOrEqual(44);

		await summary.focus();
		await page.keyboard.press('Enter');
		await expect(nav).toBeVisible();
		await expect(nav.getByRole('link')).toHaveText([
			ui.nav.home,
			ui.nav.facts,
			ui.nav.glossary,
			ui.nav.opportunities,
			ui.nav.about,
			ui.nav.search
		]);
		for (const link of await nav.getByRole('link').all()) await expect(link).toBeInViewport({ ratio: 1 });
		await page.keyboard.press('Tab');
		await expect(nav.getByRole('link', { name: ui.nav.home })).toBeFocused();
		await page.keyboard.press('Tab');
		await expect(nav.getByRole('link', { name: ui.nav.facts })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/ru\/facts\/$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(ui.facts.title);

		// Closed again from the keyboard; and one menu at a time: opening the languages closes it.
		await page.locator('.nav-menu summary').focus();
		await page.keyboard.press('Enter');
		await expect(nav).toBeVisible();
		await page.keyboard.press('Enter');
		await expect(nav).toBeHidden();
		await page.locator('.nav-menu summary').click();
		await page.locator('.languages-menu summary').click();
		await expect(page.locator('.languages-menu ul')).toBeVisible();
		await expect(nav).toBeHidden();
	});

	test('stays open as a row on a wide screen', async ({ page }) => {
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.goto('/kk/');
		const nav = page.getByRole('navigation', { name: content.ui.kk.nav.label });
		await expect(nav).toBeVisible();
		await expect(page.locator('.nav-menu summary')).toBeHidden();
		const links = await nav.getByRole('link').all();
		expect(links).toHaveLength(6);
		const tops = await Promise.all(links.map(async (link) => (await link.boundingBox())!.y));
		expect(new Set(tops).size, 'one row').toBe(1);
		await expect(nav.getByRole('link', { name: content.ui.kk.nav.home })).toHaveAttribute('aria-current', 'page');
	});
});
