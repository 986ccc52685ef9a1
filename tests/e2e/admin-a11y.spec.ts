import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { cli, stateFile } from './admin.ts';

const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function noViolations(page: Page, what: string) {
	const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
	const summary = results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect.soft(summary, what).toEqual([]);
}

test('no axe violations on the sign-in page, also with an error', async ({ page }) => {
	await page.goto('/admin/sign-in/');
	await noViolations(page, 'sign-in');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.locator('#email-error')).toBeVisible();
	await noViolations(page, 'sign-in with errors');
});

test.describe('signed in as admin', () => {
	test.use({ storageState: stateFile('admin') });

	test('no axe violations on any dashboard page, in its states and with errors shown', async ({ page }) => {
		test.setTimeout(120_000);
		const made = cli('queue', ['add', '--kind', 'fact', '--slug', 'affordable-broadband', '--locale', 'ru', '--channel', 'telegram', '--at', '2030-05-06T09:00', '--zone', 'Asia/Bishkek']);
		const id = made.out.split(' ')[0]!;
		for (const path of ['/admin/', '/admin/posts/', '/admin/posts/?state=draft&channel=telegram', '/admin/posts/new/', '/admin/calendar/', '/admin/calendar/?view=month&date=2030-05-01&zone=Asia/Bishkek', '/admin/calendar/?date=2030-05-06&zone=UTC', '/admin/feed/', '/admin/users/', '/admin/channels/', `/admin/posts/${id}/`]) {
			await page.goto(path);
			await noViolations(page, path);
		}

		await page.goto('/admin/posts/new/');
		await page.getByRole('button', { name: 'Continue: write the captions' }).click();
		await expect(page.locator('#item-error')).toBeVisible();
		await noViolations(page, 'new post with errors');

		// Compose once, step 2: a caption per language × channel, with a caption error and a preview open.
		await page.goto('/admin/posts/new/?step=captions&item=fact/affordable-broadband&locale=en&locale=ru&channel=telegram&channel=bluesky&formats=square');
		await noViolations(page, 'compose: captions');
		await page.getByRole('textbox', { name: 'Caption for Russian on bluesky' }).fill('я'.repeat(400));
		await page.getByRole('button', { name: 'Create 4 drafts' }).click();
		await expect(page.locator('#caption-ru-bluesky-error')).toBeVisible();
		await page.getByText('Preview on telegram').first().click();
		await noViolations(page, 'compose: captions with an error and a preview');

		// The queue's bulk actions: a confirmation step with its warnings, its error, and the report.
		const drafts = ['ru', 'en'].map((locale) => cli('queue', ['add', '--kind', 'topic', '--slug', 'connectivity', '--locale', locale, '--channel', 'mastodon', '--at', '2030-05-07T09:00', '--zone', 'Asia/Bishkek']).out.split(' ')[0]!);
		await page.goto('/admin/posts/?state=draft&channel=mastodon');
		for (const draft of drafts) await page.locator(`#select-${draft}`).check();
		await page.getByRole('radio', { name: 'Approve them' }).check();
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Approve 2 posts?');
		await noViolations(page, 'bulk approve: confirm');
		await page.getByRole('button', { name: 'Yes, approve 2 posts' }).click();
		await expect(page.locator('#error-summary')).toBeVisible();
		await noViolations(page, 'bulk approve: confirm with errors');
		await page.getByRole('checkbox', { name: /unreviewed translations/ }).check();
		await page.getByRole('checkbox', { name: /cannot publish now/ }).check();
		await page.getByRole('button', { name: 'Yes, approve 2 posts' }).click();
		await expect(page.getByTestId('report')).toBeVisible();
		await noViolations(page, 'bulk approve: report');
		await page.goto('/admin/posts/?state=approved&channel=mastodon');
		await page.locator(`#select-${drafts[0]}`).check();
		await page.getByRole('radio', { name: 'Cancel them (asks first)' }).check();
		await page.getByRole('button', { name: 'Continue' }).click();
		await noViolations(page, 'bulk cancel: confirm');
		await page.goto('/admin/posts/?state=draft');
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page.locator('#error-summary')).toBeVisible();
		await noViolations(page, 'bulk with errors');

		// Cancel and restore, notes, the channel warning on a post.
		await page.goto(`/admin/posts/${id}/cancel/`);
		await noViolations(page, 'cancel: confirm');
		await page.getByRole('button', { name: 'Yes, cancel the post' }).click();
		await expect(page.getByRole('button', { name: 'Restore to draft' })).toBeVisible();
		await page.getByRole('button', { name: 'Add note' }).click();
		await expect(page.locator('#note-error')).toBeVisible();
		await noViolations(page, 'a cancelled post, with a note error');
		await page.getByRole('button', { name: 'Restore to draft' }).click();
		await expect(page.getByTestId('state')).toHaveText('draft');
		await page.getByLabel('Add a note for the team').fill('Restored for Tuesday.');
		await page.getByRole('button', { name: 'Add note' }).click();
		await expect(page.getByTestId('note')).toBeVisible();
		await page.getByRole('button', { name: 'Approve', exact: true }).click();
		await expect(page.locator('#channel-ok-error')).toBeVisible();
		await noViolations(page, 'a post with a note, and the channel warning refused');

		await page.goto(`/admin/posts/${id}/`);
		await page.getByRole('textbox', { name: 'Caption' }).fill('я'.repeat(1100));
		await page.getByRole('button', { name: 'Save' }).click();
		await expect(page.locator('#caption-error')).toBeVisible();
		await noViolations(page, 'post with a caption error');

		await page.goto('/admin/users/');
		await page.getByRole('button', { name: 'Add user' }).click();
		await expect(page.locator('#email-error')).toBeVisible();
		await noViolations(page, 'users with errors');

		await page.goto('/admin/feed/');
		await page.getByRole('button', { name: /Make/ }).click();
		await expect(page.getByLabel('Calendar feed address')).toBeVisible();
		await noViolations(page, 'feed with its address');
	});

	test('the dashboard fits a 320 px wide screen without sideways scrolling', async ({ page }) => {
		await page.setViewportSize({ width: 320, height: 640 });
		const id = cli('queue', ['add', '--kind', 'fact', '--slug', 'affordable-broadband', '--locale', 'ru', '--channel', 'telegram', '--at', '2030-05-06T09:00', '--zone', 'Asia/Bishkek']).out.split(' ')[0]!;
		for (const path of [
			'/admin/',
			'/admin/posts/',
			'/admin/posts/new/',
			'/admin/posts/new/?step=captions&item=fact/affordable-broadband&locale=en&locale=ru&channel=telegram&channel=bluesky&formats=square',
			`/admin/posts/${id}/cancel/`,
			'/admin/calendar/'
		]) {
			await page.goto(path);
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			expect(width, path).toBeLessThanOrEqual(320);
		}
	});
});

test('in Russian: chosen once and remembered after signing out and in, every page in Russian and without axe violations', async ({ browser }) => {
	test.setTimeout(120_000);
	// A person of their own: the other tests' users stay in English.
	const me = { email: 'gulnara.ru@example.org', password: 'russian password 1' };
	expect(cli('user', ['add', me.email, '--name', 'Гульнара', '--role', 'admin'], `${me.password}\n`).code).toBe(0);
	const id = cli('queue', ['add', '--kind', 'fact', '--slug', 'affordable-broadband', '--locale', 'ru', '--channel', 'telegram', '--at', '2030-05-08T09:00', '--zone', 'Asia/Bishkek']).out.split(' ')[0]!;

	// Before anyone signs in, the sign-in page follows the browser's language.
	const ru = await browser.newContext({ locale: 'ru-RU' });
	const signInRu = await ru.newPage();
	await signInRu.goto('/admin/sign-in/');
	await expect(signInRu.locator('html')).toHaveAttribute('lang', 'ru');
	await expect(signInRu.getByRole('heading', { level: 1 })).toHaveText('Вход');
	await noViolations(signInRu, 'ru: sign-in');
	await ru.close();

	const context = await browser.newContext(); // an English browser: the choice, not the browser, decides after sign-in
	const page = await context.newPage();
	const signIn = async () => {
		await page.getByLabel('Email address').fill(me.email);
		await page.getByLabel('Password').fill(me.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
	};
	await page.goto('/admin/posts/');
	await signIn();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Queue');
	await page.getByRole('button', { name: 'Русский' }).click();
	await expect(page).toHaveURL(/\/admin\/posts\/$/); // back on the same page
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Очередь');
	await page.getByRole('button', { name: 'Выйти' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
	await signIn();

	await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сводка');
	await expect(page.getByRole('link', { name: 'Справка' })).toBeVisible();
	await noViolations(page, 'ru: overview');

	await page.goto('/admin/posts/?state=draft&channel=telegram');
	await expect(page.getByRole('columnheader', { name: 'Статус' })).toBeVisible();
	await expect(page.getByText(/^\d+ публикаци(я|и|й)$/)).toBeVisible();
	await noViolations(page, 'ru: queue');

	await page.goto(`/admin/posts/${id}/`);
	await expect(page.getByTestId('state')).toHaveText('черновик');
	await expect(page.getByTestId('channel-warning')).toContainText('Канал telegram ещё не подключён');
	await page.getByRole('button', { name: 'Утвердить', exact: true }).click();
	await expect(page.locator('#channel-ok-error')).toHaveText('Поставьте галочку, чтобы всё равно утвердить её, хотя канал telegram ещё не подключён на сервере.');
	await noViolations(page, 'ru: a post, approval refused');

	await page.goto('/admin/posts/new/');
	await page.getByRole('button', { name: 'Дальше: тексты публикаций' }).click();
	await expect(page.locator('#item-error')).toHaveText('Выберите из списка тему, факт или возможность.');
	await expect(page.locator('#error-summary h2')).toHaveText('Есть 3 ошибки');
	await noViolations(page, 'ru: new post with errors');

	await page.goto('/admin/posts/new/?step=captions&item=fact/affordable-broadband&locale=ru&channel=bluesky&formats=square');
	await page.getByRole('textbox', { name: 'Текст (Русский, bluesky)' }).fill('я'.repeat(301));
	await page.getByRole('button', { name: 'Создать 1 черновик' }).click();
	await expect(page.locator('#caption-ru-bluesky-error')).toHaveText('В тексте 301 символ, а bluesky принимает не больше 300. Сократите на 1.');
	await noViolations(page, 'ru: compose with an error');

	for (const path of ['/admin/calendar/', '/admin/feed/', '/admin/users/', '/admin/channels/', '/admin/help/', `/admin/posts/${id}/cancel/`]) {
		await page.goto(path);
		await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
		await noViolations(page, `ru: ${path}`);
	}
	await context.close();
});
