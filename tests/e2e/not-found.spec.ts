/** The 404 page: in the reader's language, inside the site's header, menu and footer, with search and the topics. */
import { expect, test } from '@playwright/test';
import { locales } from '#lib/core/i18n.ts';
import { pagePath } from '#lib/core/paths.ts';
import { inLocale, loadContent } from '#lib/server/content/index.ts';
import { missingPages } from './routes.ts';

const content = loadContent();

for (const [index, locale] of locales.entries()) {
	test(`${locale}: a missing page answers 404 in ${locale}, with the site's chrome, search and every topic by theme`, async ({ page }) => {
		const ui = content.ui[locale];
		const path = missingPages[index]!;
		const response = await page.goto(path);
		expect(response?.status()).toBe(404);
		expect(response?.headers()['content-type']).toMatch(/^text\/html/);
		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		await expect(page).toHaveTitle(`${ui.error.not_found} – ${ui.site.name}`);
		await expect(page.locator('meta[name=robots]')).toHaveAttribute('content', 'noindex');
		await expect(page.locator('link[rel=canonical]')).toHaveCount(0);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(ui.error.not_found);
		await expect(page.getByRole('main')).toContainText(ui.error.not_found_text);

		// The chrome: header with the brand, the menu and the language choice; the footer.
		const header = page.getByRole('banner');
		await expect(header.getByRole('link', { name: ui.site.name })).toHaveAttribute('href', pagePath(locale));
		await expect(page.getByRole('navigation', { name: ui.nav.label }).getByRole('link')).toHaveCount(6);
		const languages = page.locator('.languages-menu');
		await languages.locator('summary').click();
		for (const other of locales) {
			await expect(languages.locator(`a[lang="${other}"]`)).toHaveAttribute('href', `/${other}/no-such-page/`);
		}
		await expect(page.getByRole('contentinfo')).toContainText(ui.site.disclaimer);

		// Search, in the language, sent to the search page.
		const search = page.getByRole('search');
		await expect(search.getByRole('searchbox', { name: ui.search.label })).toHaveAttribute('name', 'q');
		await expect(search).toHaveAttribute('action', pagePath(locale, 'search'));
		await expect(search.getByRole('button', { name: ui.search.button })).toBeVisible();

		// Every topic, by its title in the language, under the themes of the home page (youth first).
		const region = page.getByRole('region', { name: ui.nav.topics });
		await expect(region.getByRole('heading', { level: 3 })).toHaveText(content.home.themes.map((theme) => ui.themes[theme.id]!));
		for (const theme of content.home.themes) {
			const list = region.getByRole('list', { name: ui.themes[theme.id]! });
			const titles = theme.topics.map((slug) => inLocale(content.topics.find((topic) => topic.slug === slug)!.text, locale).value.title);
			await expect(list.getByRole('link')).toHaveText(titles);
			for (const [i, slug] of theme.topics.entries()) {
				await expect(list.getByRole('link').nth(i)).toHaveAttribute('href', pagePath(locale, 'topics', slug));
			}
		}
		await expect(region.getByRole('link')).toHaveCount(content.topics.length);
		await expect(page.getByRole('link', { name: ui.error.back_home })).toHaveAttribute('href', pagePath(locale));
	});
}

test('a missing topic, or a path without its final slash, is a 404 at once; real pages are not', async ({ request }) => {
	for (const path of ['/ru/topics/no-such-topic/', '/ru/no-such-page', '/kk/facts/no-such-fact/']) {
		const response = await request.get(path, { maxRedirects: 0 });
		expect(response.status(), path).toBe(404);
		expect(await response.text(), path).toContain(`<html lang="${path.split('/')[1]}"`);
	}
	for (const path of ['/ru/topics/connectivity/', '/kk/facts/', '/uz/about/']) {
		expect((await request.get(path, { maxRedirects: 0 })).status(), path).toBe(200);
	}
});

test.describe('a missing path outside every language', () => {
	for (const [header, locale] of [
		['kk-KZ,kk;q=0.9,ru;q=0.8', 'kk'],
		['de-DE,de;q=0.9,tk;q=0.5', 'tk'],
		['fr-FR', 'en'],
		['', 'en']
	] as const) {
		test(`Accept-Language "${header}" gets the ${locale} 404`, async ({ request }) => {
			for (const path of ['/no-such-page', '/xx/no-such-page/', '/cards/no-such-card.png']) {
				const response = await request.get(path, { headers: { 'accept-language': header }, maxRedirects: 0 });
				expect(response.status(), path).toBe(404);
				expect(response.headers()['vary'], path).toContain('Accept-Language');
				const html = await response.text();
				expect(html, path).toContain(`<html lang="${locale}"`);
				expect(html, path).toContain(`<h1>${content.ui[locale].error.not_found}</h1>`);
			}
		});
	}
});

test.describe('searching from the 404', () => {
	test('with JavaScript, finds pages', async ({ page }) => {
		await page.goto('/ru/no-such-page/');
		await page.getByRole('searchbox').fill('Erasmus');
		await page.getByRole('searchbox').press('Enter');
		await expect(page).toHaveURL(/\/ru\/search\/\?q=Erasmus$/);
		await expect(page.locator('[data-search-results] li').first()).toBeVisible();
	});

	test.describe('without JavaScript', () => {
		test.use({ javaScriptEnabled: false });
		test('reaches the search page, which lists the topics', async ({ page }) => {
			await page.goto('/tk/no-such-page/');
			await page.getByRole('searchbox').fill('suw');
			await page.getByRole('button', { name: content.ui.tk.search.button }).click();
			await expect(page).toHaveURL(/\/tk\/search\/\?q=suw$/);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(content.ui.tk.search.title);
		});
	});
});
