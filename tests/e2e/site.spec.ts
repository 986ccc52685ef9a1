import { expect, test } from '@playwright/test';
import { locales } from '#lib/core/i18n.ts';
import { missingPages, routes } from './routes.ts';

test.describe('choosing a language at /', () => {

	for (const [header, target] of [
		['ru-RU,ru;q=0.9,en;q=0.8', '/ru/'],
		['kk-KZ', '/kk/'],
		['uz-Latn-UZ,uz;q=0.9', '/uz/'],
		['de-DE,de;q=0.9,tk;q=0.5', '/tk/'],
		['en-GB', '/en/']
	] as const) {
		test(`Accept-Language "${header}" goes to ${target}`, async ({ request }) => {
			const response = await request.get('/', { headers: { 'accept-language': header }, maxRedirects: 0 });
			expect(response.status()).toBe(302);
			expect(response.headers()['location']).toBe(target);
			expect(response.headers()['vary']).toContain('Accept-Language');
		});
	}

	test('without a match, / lists the seven languages, each in its own name', async ({ browser, baseURL }) => {
		const context = await browser.newContext({ locale: 'fr-FR', baseURL });
		const page = await context.newPage();
		await page.goto('/');
		const links = page.getByRole('main').getByRole('link');
		await expect(links).toHaveText(['English', 'Русский', 'Қазақша', 'Кыргызча', 'Тоҷикӣ', 'Türkmençe', 'Oʻzbekcha']);
		await expect(page.getByRole('link', { name: 'Oʻzbekcha' })).toHaveAttribute('lang', 'uz');
		await page.getByRole('link', { name: 'Кыргызча' }).click();
		await expect(page).toHaveURL(/\/ky\/$/);
		await context.close();
	});
});

test.describe('every page in its language', () => {
	for (const locale of locales) {
		test(`${locale}: <html lang>, canonical, alternates, feed and share card meta`, async ({ page }) => {
			await page.goto(`/${locale}/topics/connectivity/`);
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expect(page.locator('link[rel=canonical]')).toHaveAttribute(
				'href',
				`http://localhost:3000/${locale}/topics/connectivity/`
			);
			const hreflangs = await page
				.locator('link[rel=alternate][hreflang]')
				.evaluateAll((links) => links.map((link) => link.getAttribute('hreflang')));
			expect(hreflangs.sort()).toEqual([...locales, 'x-default'].sort());
			await expect(page.locator('link[type="application/atom+xml"]')).toHaveAttribute(
				'href',
				`/${locale}/feed.xml`
			);
			await expect(page.locator('meta[property="og:image"]')).toHaveAttribute(
				'content',
				`http://localhost:3000/cards/${locale}/topic/connectivity/og.png`
			);
			await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
			await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', /\S/);
			await expect(page.locator('meta[name=description]')).toHaveAttribute('content', /^.{40,}$/);
		});
	}

	test('the language switcher keeps the reader on the same page', async ({ page }) => {
		await page.goto('/en/topics/environment-water/');
		await page.locator('.languages-menu summary').click();
		await page.getByRole('link', { name: 'Русский' }).click();
		await expect(page).toHaveURL(/\/ru\/topics\/environment-water\/$/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
		await expect(page.locator('h1')).not.toHaveText(/Water/);
	});

	test('a draft translation says so politely; a reviewed one does not', async ({ page }) => {
		await page.goto('/tk/');
		await expect(page.locator('.draft-line')).toBeVisible();
		await page.goto('/en/');
		await expect(page.locator('.draft-line')).toHaveCount(0);
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a reader can go from home to a topic, the glossary, a fact and back', async ({ page }) => {
		await page.goto('/ru/');
		await page.locator('.card-title a').first().click();
		await expect(page).toHaveURL(/\/ru\/topics\/[a-z-]+\/$/);
		await expect(page.getByRole('heading', { level: 2, name: 'Коротко' })).toBeVisible();
		const term = page.locator('a.term').first();
		const href = await term.getAttribute('href');
		await term.click();
		await expect(page).toHaveURL(/\/ru\/glossary\/#term-/);
		await expect(page.locator(`[id="${href?.split('#')[1]}"]`)).toBeVisible();
		await page.getByRole('navigation', { name: /./ }).getByRole('link', { name: 'Главные факты' }).click();
		await page.locator('.fact-figure a').first().click();
		await expect(page.locator('.fact-source')).toContainText('Источник');
		// The Swedish quote is the proof, behind a disclosure that first says, in Russian, what it is.
		const quote = page.locator('.source-check blockquote[lang="sv"]');
		await expect(quote).toBeHidden();
		await page.locator('.source-check summary').click();
		await expect(quote).toBeVisible();
		await expect(page.locator('.source-check > p')).toContainText(/шведск/i);
		await page.locator('.languages-menu summary').click();
		await page.getByRole('link', { name: 'English' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	});

	test('search explains that it needs JavaScript and lists every topic instead', async ({ page }) => {
		await page.goto('/en/search/');
		await expect(page.locator('[data-search-fallback]')).toBeVisible();
		await expect(page.locator('[data-search-fallback] li')).toHaveCount(12);
	});

	test('share links work as plain links', async ({ page }) => {
		await page.goto('/en/facts/seventy-million-people/');
		const telegram = page.getByRole('link', { name: 'Share on Telegram' });
		const href = new URL((await telegram.getAttribute('href')) ?? '');
		expect(href.origin).toBe('https://t.me');
		expect(href.searchParams.get('url')).toBe('http://localhost:3000/en/facts/seventy-million-people/');
		for (const name of ['WhatsApp', 'Facebook', 'X', 'VK']) {
			await expect(page.getByRole('link', { name: `Share on ${name}` })).toHaveAttribute('href', /^https:\/\//);
		}
		await expect(page.getByRole('button', { name: 'Copy link' })).toBeHidden();
		await expect(page.getByLabel('Link to this page')).toHaveValue(
			'http://localhost:3000/en/facts/seventy-million-people/'
		);
	});
});

test.describe('with JavaScript', () => {
	test('search finds pages in the reader’s language only, with translated messages', async ({ page }) => {
		await page.goto('/ru/search/');
		await page.getByLabel('Поиск по сайту').fill('Erasmus');
		const results = page.locator('[data-search-results] li');
		await expect(results.first()).toBeVisible();
		const hrefs = await results.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
		expect(hrefs.length).toBeGreaterThan(0);
		for (const href of hrefs) expect(href).toMatch(/^\/ru\//);
		await expect(page.locator('[data-search-status]')).toHaveText(/«Erasmus»|“Erasmus”|Erasmus/);
		await expect(page.locator('[data-search-fallback]')).toBeHidden();

		await page.getByLabel('Поиск по сайту').fill('zzzzqqq');
		await expect(page.locator('[data-search-status]')).toContainText('zzzzqqq');
		await expect(results).toHaveCount(0);
	});

	test('copy link copies the page address', async ({ page, context }) => {
		await context.grantPermissions(['clipboard-read', 'clipboard-write']);
		await page.goto('/en/topics/connectivity/');
		await page.getByRole('button', { name: 'Copy link' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
			'http://localhost:3000/en/topics/connectivity/'
		);
	});

	test('public pages load nothing from other sites and set no cookies', async ({ page, context, baseURL, request }) => {
		const foreign: string[] = [];
		page.on('request', (request) => {
			if (!request.url().startsWith(baseURL ?? '') && !request.url().startsWith('data:')) foreign.push(request.url());
		});
		for (const path of ['/en/', '/ru/topics/connectivity/', '/kk/facts/', '/uz/search/?q=Erasmus', '/tg/glossary/', '/ky/privacy/']) {
			await page.goto(path);
		}
		expect(foreign).toEqual([]);
		expect(await context.cookies()).toEqual([]);
		expect(await page.evaluate(() => document.cookie)).toBe('');
		// Every public page, and the 404 page in every language, answered without a cookie: there is no
		// consent banner because nothing is stored on the reader's device (the privacy page says so).
		const setting: string[] = [];
		for (const path of ['/', ...routes, ...missingPages]) {
			const response = await request.get(path, { maxRedirects: 0 });
			if (response.headers()['set-cookie'] !== undefined) setting.push(path);
		}
		expect(routes).toContain('/tk/privacy/');
		expect(setting).toEqual([]);
	});
});

test.describe('keyboard, zoom, small screens, motion', () => {
	test('the first Tab reaches a visible skip link that moves focus to the content', async ({ page }) => {
		await page.goto('/en/topics/trade-investment/');
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Skip to main content' });
		await expect(skip).toBeFocused();
		const box = await skip.boundingBox();
		expect(box && box.y >= 0 && box.height > 0).toBe(true);
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/#main$/);
		await page.keyboard.press('Tab');
		const focusedInMain = await page.evaluate(() => document.activeElement?.closest('main') !== null);
		expect(focusedInMain).toBe(true);
	});

	test('focus is visible on links and buttons', async ({ page }) => {
		await page.goto('/en/');
		for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
		const style = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement;
			const css = getComputedStyle(el);
			return { outline: css.outlineStyle, shadow: css.boxShadow, background: css.backgroundColor };
		});
		expect(style.outline !== 'none' || style.shadow !== 'none').toBe(true);
	});

	for (const width of [320, 640]) {
		test(`nothing scrolls sideways at ${width} px (${width === 640 ? '200% zoom of 1280 px' : 'small phone'})`, async ({
			page
		}) => {
			await page.setViewportSize({ width, height: 800 });
			for (const locale of locales) {
				for (const path of ['', 'topics/borders-security/', 'facts/', 'about/']) {
					await page.goto(`/${locale}/${path}`);
					const overflow = await page.evaluate(
						() => document.documentElement.scrollWidth - document.documentElement.clientWidth
					);
					expect(overflow, `/${locale}/${path}`).toBeLessThanOrEqual(0);
				}
			}
		});
	}

	test('smooth scrolling only when the reader has not asked for reduced motion', async ({ browser }) => {
		const reduced = await browser.newPage({ reducedMotion: 'reduce' });
		await reduced.goto('/en/');
		expect(await reduced.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior)).toBe('auto');
		await reduced.close();
		const normal = await browser.newPage({ reducedMotion: 'no-preference' });
		await normal.goto('/en/');
		expect(await normal.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior)).toBe('smooth');
		await normal.close();
	});
});

test.describe('feeds, sitemap, robots, headers', () => {
	// The feeds: tests/e2e/find.spec.ts.

	test('the sitemap lists every page in every language with alternates; robots.txt points to it', async ({
		request
	}) => {
		const sitemap = await (await request.get('/sitemap.xml')).text();
		for (const locale of locales) {
			expect(sitemap).toContain(`<loc>http://localhost:3000/${locale}/topics/connectivity/</loc>`);
		}
		expect(sitemap).toContain('hreflang="x-default"');
		const robots = await (await request.get('/robots.txt')).text();
		expect(robots).toContain('Sitemap: http://localhost:3000/sitemap.xml');
	});

	test('/healthz tells the public ok or not ok and nothing more', async ({ request }) => {
		const response = await request.get('/healthz');
		expect([200, 503]).toContain(response.status());
		expect(response.headers()['cache-control']).toBe('no-store');
		expect(await response.json()).toEqual({ status: response.status() === 200 ? 'ok' : 'not ok' });
	});

	test('responses carry security headers', async ({ request }) => {
		const response = await request.get('/en/');
		const headers = response.headers();
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
		expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
		expect(headers['set-cookie']).toBeUndefined();
		const html = await response.text();
		expect(html).toContain('http-equiv="content-security-policy"');
	});
});
