/**
 * The quiz, as a reader takes it without JavaScript: one question per page, the answers in the
 * address, the score counted on the server, every answer with its fact. The questions, their right
 * options and the facts' words are read from the content, so the tests follow it as it changes.
 */
import { expect, test, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fill, locales, type Locale } from '#lib/core/i18n.ts';
import { formatNames } from '#lib/core/catalogue.ts';
import { config } from '#lib/server/config.ts';
import { inLocale, loadContent } from '#lib/server/content/index.ts';
import { itemView } from '#lib/server/views/item.ts';

const content = loadContent();
const total = content.quiz.length;
const siteUrl = 'http://localhost:3000'; // the build's SITE_URL (unset): what its pages say

/** Question `index` (0 = the first) in a language: its options and which is right (0-based). */
function question(locale: Locale, index: number) {
	const entry = content.quiz[index]!;
	return { ...inLocale(entry.text, locale).value, right: entry.answer - 1, fact: itemView(content, locale, 'fact', entry.fact, siteUrl)! };
}

/** Answers the question on the page with option `choice` (0-based), by its words, as a reader does. */
async function answer(page: Page, locale: Locale, index: number, choice: number) {
	const { options } = question(locale, index);
	await page.getByRole('button', { name: options[choice]!, exact: true }).click();
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	for (const locale of ['en', 'kk'] as const) {
		test(`${locale}: a reader answers every question and gets the score the answers earn`, async ({ page }) => {
			test.setTimeout(90_000);
			const ui = content.ui[locale];
			expect(total).toBeGreaterThanOrEqual(10);
			// Right, wrong, right, wrong, …: a score that is neither 0 nor full, so a wrong count shows.
			const plan = content.quiz.map((_, index) => {
				const { right, options } = question(locale, index);
				return index % 2 === 0 ? right : (right + 1) % options.length;
			});
			const expected = plan.filter((choice, index) => choice === question(locale, index).right).length;

			await page.goto(`/${locale}/`);
			await page.getByRole('contentinfo').getByRole('link', { name: ui.quiz.link }).click();
			await expect(page).toHaveURL(`/${locale}/quiz/`);
			await page.getByRole('link', { name: ui.quiz.start }).click();
			for (const [index, choice] of plan.entries()) {
				const { question: words } = question(locale, index);
				await expect(page.getByRole('heading', { level: 1 })).toHaveText(words);
				await expect(page.locator('.quiz-progress')).toContainText(fill(ui.quiz.progress, { number: index + 1, count: total }));
				await answer(page, locale, index, choice);
				await expect(page).toHaveURL(new RegExp(`/${locale}/quiz/${index + 1}/\\?a=${plan.slice(0, index + 1).map((choice) => choice + 1).join('')}#main$`));
				await expect(page.locator('.quiz-verdict')).toContainText(choice === question(locale, index).right ? ui.quiz.right : ui.quiz.wrong);
				await page.getByRole('link', { name: index + 1 === total ? ui.quiz.finish : ui.quiz.next }).click();
			}

			await expect(page).toHaveURL(new RegExp(`/${locale}/quiz/result/\\?a=\\d{${total}}#main$`));
			await expect(page.locator('.quiz-score')).toHaveText(fill(ui.quiz.score, { score: expected, count: total }));
			await expect(page.locator('.quiz-review > li')).toHaveCount(total);
			await expect(page.locator('.quiz-review-wrong')).toHaveCount(total - expected);
			// Every answer with its fact, as the content words it, and a link to the fact's page.
			for (const [index, item] of (await page.locator('.quiz-review > li').all()).entries()) {
				const { fact } = question(locale, index);
				await expect(item.locator('.quiz-fact')).toContainText(fact.body);
				await expect(item.getByRole('link', { name: ui.facts.open })).toHaveAttribute('href', fact.path);
			}
			// The share link is the score's own page, whose card shows the score.
			const shared = `${siteUrl}/${locale}/quiz/score/${expected}-of-${total}/`;
			await expect(page.getByLabel(ui.quiz.share_label)).toHaveValue(shared);
			await expect(page.locator('meta[property="og:image"]')).toHaveAttribute('content', `${siteUrl}/cards/${locale}/score/${expected}-of-${total}/og.png`);
			await page.goto(new URL(shared).pathname);
			await expect(page.locator('.quiz-score')).toHaveText(fill(ui.quiz.score, { score: expected, count: total }));
			const card = await page.request.get(`/cards/${locale}/score/${expected}-of-${total}/og.png`);
			expect(card.headers()['content-type']).toBe('image/png');
			const png = await card.body();
			expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
		});
	}

	test('a wrong answer shows the right one and the fact, with links to the fact’s page and the strategy', async ({ page }) => {
		const locale = 'ru';
		const ui = content.ui[locale];
		const first = question(locale, 0);
		const wrong = (first.right + 1) % first.options.length;
		await page.goto(`/${locale}/quiz/1/`);
		await answer(page, locale, 0, wrong);
		await expect(page.locator('.quiz-verdict')).toContainText(ui.quiz.wrong);
		await expect(page.locator('.quiz-chosen')).toContainText(first.options[wrong]!);
		await expect(page.locator('.quiz-chosen')).toContainText(ui.quiz.your_answer);
		await expect(page.locator('.quiz-right')).toContainText(first.options[first.right]!);
		await expect(page.locator('.quiz-right')).toContainText(ui.quiz.right_answer);
		const fact = page.locator('.quiz-fact');
		await expect(fact).toContainText(first.fact.title);
		await expect(fact).toContainText(first.fact.body);
		await expect(fact.getByRole('link', { name: first.fact.source! })).toHaveAttribute('href', config.strategyUrl);
		await fact.getByRole('link', { name: ui.facts.open }).click();
		await expect(page).toHaveURL(first.fact.path);
		await expect(page.locator('main')).toContainText(first.fact.body);
	});

	test('the address keeps the quiz honest: no skipping ahead, nothing but answers', async ({ page }) => {
		const key = content.quiz.map((entry) => entry.answer);
		// Question 3 without the first two answers: back to the first question not answered.
		await page.goto(`/en/quiz/3/?a=${key[0]}`);
		await expect(page).toHaveURL(`/en/quiz/2/?a=${key[0]}`);
		// A digit that is no option, and anything after it, is dropped.
		await page.goto(`/en/quiz/2/?a=${key[0]}9${key[1]}`);
		await expect(page).toHaveURL(`/en/quiz/2/?a=${key[0]}`);
		// The result needs every answer.
		await page.goto(`/en/quiz/result/?a=${key.slice(0, 3).join('')}`);
		await expect(page).toHaveURL(`/en/quiz/4/?a=${key.slice(0, 3).join('')}`);
		// All right: full marks.
		await page.goto(`/en/quiz/result/?a=${key.join('')}`);
		await expect(page.locator('.quiz-score')).toHaveText(`${total}/${total}`);
		await expect(page.locator('.quiz-review-wrong')).toHaveCount(0);
		for (const path of [`/en/quiz/${total + 1}/`, '/en/quiz/0/', '/en/quiz/one/', `/en/quiz/score/${total + 1}-of-${total}/`]) {
			expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
		}
	});

	test('another language keeps the answers given so far', async ({ page }) => {
		const key = content.quiz.map((entry) => entry.answer);
		await page.goto(`/en/quiz/3/?a=${key[0]}${key[1]}`);
		await page.locator('.languages-menu summary').click();
		await page.getByRole('link', { name: 'Türkmençe' }).click();
		await expect(page).toHaveURL(`/tk/quiz/3/?a=${key[0]}${key[1]}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(question('tk', 2).question);
		await expect(page.locator('.quiz-progress')).toContainText(fill(content.ui.tk.quiz.so_far, { score: 2 }));
	});

	test('question and result pages are kept out of search engines; the quiz’s first page is not', async ({ page }) => {
		await page.goto('/en/quiz/1/');
		await expect(page.locator('meta[name=robots]')).toHaveAttribute('content', 'noindex');
		await page.goto('/en/quiz/');
		await expect(page.locator('meta[name=robots]')).toHaveCount(0);
	});
});

test('nothing on the quiz or the accessibility statement scrolls sideways at 320 px, in any language', async ({ page }) => {
	test.setTimeout(90_000);
	await page.setViewportSize({ width: 320, height: 800 });
	const key = content.quiz.map((entry) => entry.answer);
	const wrong = content.quiz.map((entry) => (entry.answer === 1 ? 2 : 1));
	for (const locale of locales) {
		for (const path of ['quiz/', `quiz/${total - 1}/?a=${key.slice(0, total - 2).join('')}`, `quiz/2/?a=${key[0]}${wrong[1]}`, `quiz/result/?a=${wrong.join('')}`, `quiz/score/0-of-${total}/`, 'accessibility/']) {
			await page.goto(`/${locale}/${path}`);
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			expect(overflow, `/${locale}/${path}`).toBeLessThanOrEqual(0);
		}
	}
});

test('question pages, rendered per request, are sent compressed to browsers that take it, and plain to others', async ({ request }) => {
	const gzipped = await request.get('/kk/quiz/2/?a=1', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
	expect(gzipped.status()).toBe(200);
	expect(gzipped.headers()['content-encoding']).toBe('gzip');
	expect(gzipped.headers()['vary']).toMatch(/Accept-Encoding/i);
	expect(await gzipped.text()).toContain('<html lang="kk"');
	const plain = await request.get('/kk/quiz/2/?a=1', { headers: { 'accept-encoding': 'identity' } });
	expect(plain.headers()['content-encoding']).toBeUndefined();
	expect(await plain.text()).toContain('<html lang="kk"');
});

test('every score has its share card in every language and format', () => {
	for (const locale of locales) {
		for (let score = 0; score <= total; score++) {
			for (const format of formatNames) {
				const file = join('build/prerendered/cards', locale, 'score', `${score}-of-${total}`, `${format}.png`);
				expect(existsSync(file), file).toBe(true);
			}
		}
	}
});
