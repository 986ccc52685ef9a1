import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { locales } from '#lib/core/i18n.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { missingPages, routes } from './routes.ts';

const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

test('the build has every public page in every locale', () => {
	const content = loadContent();
	for (const locale of locales) {
		for (const page of ['', 'facts/', 'glossary/', 'opportunities/', 'about/', 'accessibility/', 'privacy/', 'search/', 'quiz/']) expect(routes).toContain(`/${locale}/${page}`);
		for (const topic of content.topics) expect(routes).toContain(`/${locale}/topics/${topic.slug}/`);
		for (const fact of content.facts) expect(routes).toContain(`/${locale}/facts/${fact.id}/`);
	}
});

/**
 * In every language every list page, and of the pages that share one template (a topic, a fact, a
 * topic's key facts) the first two. What differs between pages of one template is the text; the
 * longest texts are checked for fit elsewhere, and the Nu HTML Checker reads every English page. The
 * quiz's score pages: the first and the last (none right, all right) in every language.
 * `npm run test:a11y-all` (A11Y_ALL=1) checks every page instead: too slow for every run, run it before
 * a release.
 */
const everyPage = process.env.A11Y_ALL === '1';
function pagesFor(locale: string): string[] {
	const own = routes.filter((route) => route.startsWith(`/${locale}/`));
	if (everyPage) return own;
	const shared = [/\/facts\/[^/]+\/$/, /\/facts\/topic\/[^/]+\/$/, /\/topics\/[^/]+\/$/].map((kind) => own.filter((route) => kind.test(route)));
	const scores = own.filter((route) => route.includes('/quiz/score/'));
	const sampled = new Set([...shared.flat(), ...scores]);
	return own
		.filter((route) => !sampled.has(route))
		.concat(...shared.map((pages) => pages.slice(0, 2)), scores.slice(0, 1), scores.slice(-1));
}

for (const locale of locales) {
	test(`no axe violations on any ${locale} page`, async ({ page }) => {
		test.setTimeout(everyPage ? 1_800_000 : 240_000);
		const pages = pagesFor(locale);
		expect(pages.length).toBeGreaterThanOrEqual(17);
		for (const route of pages) {
			await page.goto(route);
			const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
			const summary = results.violations.map(
				(v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
			);
			expect.soft(summary, route).toEqual([]);
		}
	});
}

/**
 * The quiz's pages rendered per request (no prerendered route lists them): a question, a question
 * answered wrongly, and a result with right and wrong answers, in a language of each script and length
 * (the same template in every language; `npm run test:a11y-all` takes all seven).
 */
test('no axe violations on the quiz’s questions, answers and result', async ({ page }) => {
	test.setTimeout(240_000);
	const quiz = loadContent().quiz;
	const right = quiz.map((question) => question.answer);
	const wrong = quiz.map((question) => (question.answer === 1 ? 2 : 1));
	const mixed = right.map((answer, index) => (index % 3 === 0 ? wrong[index] : answer)).join('');
	for (const locale of everyPage ? locales : (['en', 'kk', 'tk'] as const)) {
		for (const path of [`/${locale}/quiz/2/?a=${right[0]}`, `/${locale}/quiz/2/?a=${right[0]}${wrong[1]}`, `/${locale}/quiz/result/?a=${mixed}`]) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(200);
			expect(new URL(page.url()).pathname + new URL(page.url()).search, 'not sent elsewhere').toBe(path);
			const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
			expect.soft(results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), path).toEqual([]);
		}
	}
});

test('no axe violations on search results', async ({ page }) => {
	await page.goto('/en/search/?q=water');
	await expect(page.locator('[data-search-results] li').first()).toBeVisible();
	const search = await new AxeBuilder({ page }).withTags(wcag).analyze();
	expect(search.violations.map((v) => v.id)).toEqual([]);

});

test.describe('the language list at /', () => {
	test.use({ locale: 'fr-FR' });
	test('has no axe violations', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByRole('link', { name: 'Türkmençe' })).toBeVisible();
		const list = await new AxeBuilder({ page }).withTags(wcag).analyze();
		expect(list.violations.map((v) => v.id)).toEqual([]);
	});
});

test('the language menu, opened, has no axe violations', async ({ page }) => {
	await page.goto('/kk/topics/connectivity/');
	await page.locator('.languages-menu summary').click();
	const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
	expect(results.violations.map((v) => v.id)).toEqual([]);
});

test('the 404 page has no axe violations in any language', async ({ page }) => {
	expect(missingPages).toHaveLength(locales.length);
	for (const path of missingPages) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(404);
		const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
		expect.soft(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), path).toEqual([]);
	}
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });
	test('the menu, opened, and the draft-translation line have no axe violations', async ({ page }) => {
		await page.goto('/ky/facts/');
		await page.locator('.nav-menu summary').click();
		await expect(page.locator('.nav-menu nav')).toBeVisible();
		const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
		expect(results.violations.map((v) => v.id)).toEqual([]);
	});
});
