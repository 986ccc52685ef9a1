import { expect, test, type Page } from '@playwright/test';
import { cli, stateFile, threadsTokenExpires } from './admin.ts';
import { noViolations } from './axe.ts';

test('no axe violations on the sign-in page, also with an error', async ({ page }) => {
	await page.goto('/admin/sign-in/');
	await noViolations(page, 'sign-in');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.locator('#email-error')).toBeVisible();
	await noViolations(page, 'sign-in with errors');
});

test.describe('signed in as admin', () => {
	test.use({ storageState: stateFile('admin') });

	test('no axe violations on any dashboard page as it opens', async ({ page }) => {
		test.setTimeout(120_000);
		const made = cli('queue', ['add', '--kind', 'fact', '--slug', 'affordable-broadband', '--locale', 'ru', '--channel', 'telegram', '--at', '2030-05-06T09:00', '--zone', 'Asia/Bishkek']);
		const id = made.out.split(' ')[0]!;
		// A reader arriving through the post's marked link (a phone's browser: the test's own is a bot to
		// isbot, and not counted), so that the results page draws its charts.
		const reader = { 'user-agent': 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36', referer: 'https://t.me/caravan/1' };
		expect((await page.request.get(`/ru/?utm_source=telegram&utm_medium=social&utm_campaign=manual&utm_content=${id}`, { headers: reader })).status()).toBe(200);
		await expect.poll(async () => (await page.request.get('/admin/results/visits.csv')).text(), { timeout: 10_000 }).toContain(`,/ru/,ru,t.me,telegram,social,manual,${id},`);
		await page.goto('/admin/results/');
		await expect(page.getByRole('table', { name: 'Visits per post' })).toContainText('(telegram, ru)');
		await expect(page.getByRole('table', { name: 'Visits from posts, per channel' })).toContainText('telegram');
		await noViolations(page, '/admin/results/');
		for (const path of ['/admin/', '/admin/posts/', '/admin/posts/?state=draft&channel=telegram', '/admin/posts/new/', '/admin/calendar/', '/admin/calendar/?view=month&date=2030-05-01&zone=Asia/Bishkek', '/admin/calendar/?date=2030-05-06&zone=UTC', '/admin/feed/', '/admin/users/', '/admin/channels/', '/admin/help/', `/admin/posts/${id}/`, '/admin/posts/00000000-0000-0000-0000-000000000000/']) {
			await page.goto(path);
			await noViolations(page, path);
			// Words for the team: commands and settings are for the help page and the README only.
			const words = await page.locator('main').innerText();
			if (path === '/admin/help/') expect.soft(words, path).toMatch(/npm run scheduler/);
			else expect.soft(words, path).not.toMatch(/npm run|\b[A-Z]+_[A-Z_]+\b/);
		}
	});

	// Apart from the pages as they open, so that the two run side by side.
	test('no axe violations on the dashboard’s forms with errors shown, its steps that ask first, and its reports', async ({ page }) => {
		test.setTimeout(120_000);
		const id = cli('queue', ['add', '--kind', 'fact', '--slug', 'affordable-broadband', '--locale', 'ru', '--channel', 'telegram', '--at', '2030-05-06T09:00', '--zone', 'Asia/Bishkek']).out.split(' ')[0]!;
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

	test('every dashboard page fits a 320 and a 390 px wide screen without sideways scrolling', async ({ page, browser }) => {
		test.setTimeout(90_000);
		const id = cli('queue', ['add', '--kind', 'fact', '--slug', 'affordable-broadband', '--locale', 'ru', '--channel', 'telegram', '--at', '2030-05-06T09:00', '--zone', 'Asia/Bishkek']).out.split(' ')[0]!;
		// One load per page, measured at each width (the layout follows the window without a reload).
		const fits = async (path: string, on = page) => {
			await on.goto(path);
			for (const width of [390, 320]) {
				await on.setViewportSize({ width, height: 700 });
				const { scroll, inner } = await on.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
				expect.soft(scroll, `${path} at ${width} px`).toBeLessThanOrEqual(inner);
			}
		};
		for (const path of [
			'/admin/',
			'/admin/posts/',
			`/admin/posts/${id}/`,
			'/admin/posts/new/',
			'/admin/posts/new/?step=captions&item=fact/affordable-broadband&locale=en&locale=ru&channel=telegram&channel=bluesky&formats=square',
			`/admin/posts/${id}/cancel/`,
			'/admin/calendar/?date=2030-05-06&zone=Asia/Bishkek',
			'/admin/calendar/?view=month&date=2030-05-01&zone=Asia/Bishkek',
			'/admin/results/',
			'/admin/channels/',
			'/admin/feed/',
			'/admin/help/',
			'/admin/posts/00000000-0000-0000-0000-000000000000/',
			'/admin/users/'
		]) {
			await fits(path);
		}
		// On the users page, the last one measured at 320 px: each Disable button is on the screen.
		for (const button of await page.getByRole('button', { name: /^Disable / }).all()) {
			const box = (await button.boundingBox())!;
			expect.soft(box.x + box.width, 'a Disable button at 320 px').toBeLessThanOrEqual(320);
		}
		const signedOut = await browser.newPage();
		await fits('/admin/sign-in/', signedOut);
		await signedOut.context().close();
	});
});

test('in Russian: chosen once and remembered after signing out and in, every page in Russian, without axe violations and fitting 390 and 320 px', async ({ browser }) => {
	test.setTimeout(180_000); // its pages one after another, each with axe and at two widths: a busy machine needs the room
	// A person of their own: the other tests' users stay in English.
	const me = { email: 'gulnara.ru@example.org', password: 'russian password 1' };
	expect(cli('user', ['add', me.email, '--name', 'Гульнара', '--role', 'admin'], `${me.password}\n`).code).toBe(0);
	const id = cli('queue', ['add', '--kind', 'fact', '--slug', 'affordable-broadband', '--locale', 'ru', '--channel', 'telegram', '--at', '2030-05-08T09:00', '--zone', 'Asia/Bishkek']).out.split(' ')[0]!;

	// Russian words are longer: each page, once checked with axe, is measured at phone widths too
	// (the layout follows the window without a reload), then given its desktop width back.
	const fitsPhones = async (on: Page, label: string) => {
		const before = on.viewportSize()!;
		for (const width of [390, 320]) {
			await on.setViewportSize({ width, height: 700 });
			const { scroll, inner } = await on.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
			expect.soft(scroll, `${label} at ${width} px`).toBeLessThanOrEqual(inner);
		}
		await on.setViewportSize(before);
	};

	// Before anyone signs in, the sign-in page follows the browser's language.
	const ru = await browser.newContext({ locale: 'ru-RU' });
	const signInRu = await ru.newPage();
	await signInRu.goto('/admin/sign-in/');
	await expect(signInRu.locator('html')).toHaveAttribute('lang', 'ru');
	await expect(signInRu.getByRole('heading', { level: 1 })).toHaveText('Вход');
	await noViolations(signInRu, 'ru: sign-in');
	await fitsPhones(signInRu, 'ru: sign-in');
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
	// Threads's token expires in under a week (the test server's settings): said where the team looks.
	await expect(page.locator('section[aria-labelledby="channels-title"] li', { hasText: 'threads' })).toContainText(/его токен истекает через [45] (дня|дней): сделайте новый/);
	await noViolations(page, 'ru: overview');
	await fitsPhones(page, 'ru: overview');

	await page.goto('/admin/posts/?state=draft&channel=telegram');
	await expect(page.getByRole('columnheader', { name: 'Статус' })).toBeVisible();
	await expect(page.getByText(/^\d+ публикаци(я|и|й)$/)).toBeVisible();
	await noViolations(page, 'ru: queue');
	await fitsPhones(page, 'ru: queue');
	// Its bulk approve: the step that asks first, with its warnings.
	await page.locator(`#select-${id}`).check();
	await page.getByRole('radio', { name: 'Утвердить' }).check();
	await page.getByRole('button', { name: 'Дальше' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Утвердить 1 публикацию?');
	await noViolations(page, 'ru: bulk approve, the step that asks first');
	await fitsPhones(page, 'ru: bulk approve, the step that asks first');

	await page.goto(`/admin/posts/${id}/`);
	await expect(page.getByTestId('state')).toHaveText('черновик');
	await expect(page.getByTestId('channel-warning')).toContainText('Канал telegram ещё не подключён');
	// A review note, and the history's reasons in Russian (stored in English: reasons.ts).
	await page.getByLabel('Комментарий для команды').fill('Проверьте дату.');
	await page.getByRole('button', { name: 'Добавить комментарий' }).click();
	await expect(page.getByTestId('note')).toContainText('Проверьте дату.');
	const created = page.locator('section[aria-labelledby="history-title"] tbody tr').first().locator('td');
	await expect(created.nth(2)).toHaveText('– → черновик');
	await expect(created.nth(3)).toHaveText('создана');
	await page.getByRole('button', { name: 'Утвердить', exact: true }).click();
	await expect(page.locator('#channel-ok-error')).toHaveText('Поставьте галочку, чтобы всё равно утвердить её, хотя канал telegram ещё не подключён на сервере.');
	await noViolations(page, 'ru: a post, approval refused');
	await fitsPhones(page, 'ru: a post, approval refused');

	await page.goto('/admin/posts/new/');
	await page.getByRole('button', { name: 'Дальше: тексты публикаций' }).click();
	await expect(page.locator('#item-error')).toHaveText('Выберите из списка тему, факт или возможность.');
	await expect(page.locator('#error-summary h2')).toHaveText('Есть 3 ошибки');
	await noViolations(page, 'ru: new post with errors');
	await fitsPhones(page, 'ru: new post with errors');

	await page.goto('/admin/posts/new/?step=captions&item=fact/affordable-broadband&locale=ru&channel=bluesky&formats=square');
	await page.getByRole('textbox', { name: 'Текст (Русский, bluesky)' }).fill('я'.repeat(301));
	await page.getByRole('button', { name: 'Создать 1 черновик' }).click();
	await expect(page.locator('#caption-ru-bluesky-error')).toHaveText('В тексте 301 символ, а bluesky принимает не больше 300. Сократите на 1.');
	await noViolations(page, 'ru: compose with an error');
	await fitsPhones(page, 'ru: compose with an error');

	// The calendar's week with the post: its entry as a card, its Move form; the channels page as cards.
	await page.goto('/admin/calendar/?date=2030-05-08&zone=Asia/Bishkek');
	await expect(page.getByRole('heading', { level: 2 })).toHaveText('Неделя с 6 мая (Asia/Bishkek)');
	const entry = page.locator(`li[data-post="${id}"]`);
	await expect(entry.locator('.state')).toHaveText('черновик');
	await entry.locator('summary').click();
	await expect(entry.getByLabel('Новая дата')).toBeVisible();
	await expect(entry.locator('.move .hint')).toHaveText('Время останется прежним: 09:00 (Asia/Bishkek).');
	await noViolations(page, 'ru: calendar week, a Move form open');
	await fitsPhones(page, 'ru: calendar week, a Move form open');
	await page.goto('/admin/channels/');
	await expect(page.getByTestId('channel-telegram')).toContainText('Ещё нет: публикации в telegram не смогут выйти.');
	await expect(page.getByTestId('channel-telegram').getByRole('link', { name: /черновик(а|ов)? жд(ёт|ут) утверждения/ })).toBeVisible();
	const expires = new Intl.DateTimeFormat('ru', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${threadsTokenExpires}T00:00:00Z`));
	await expect(page.getByTestId('channel-threads').getByTestId('access').locator('strong')).toHaveText(new RegExp(`^${expires} \\(через [45] (дня|дней)\\)$`));
	await noViolations(page, 'ru: channels');
	await fitsPhones(page, 'ru: channels');
	// A date the calendar cannot show: said in Russian too.
	await page.goto('/admin/calendar/?date=2026-02-30');
	await expect(page.getByRole('alert')).toHaveText('Дата должна быть днём с 2000-01-01 по 2100-12-31 в формате ГГГГ-ММ-ДД, а указано «2026-02-30».');
	await noViolations(page, 'ru: the calendar’s error page');
	await fitsPhones(page, 'ru: the calendar’s error page');

	for (const path of ['/admin/posts/00000000-0000-0000-0000-000000000000/', '/admin/calendar/?view=month&date=2030-05-01&zone=Asia/Bishkek', '/admin/results/', '/admin/feed/', '/admin/users/', '/admin/help/', `/admin/posts/${id}/cancel/`]) {
		await page.goto(path);
		await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
		await noViolations(page, `ru: ${path}`);
		await fitsPhones(page, `ru: ${path}`);
		if (path !== '/admin/help/') expect.soft(await page.locator('main').innerText(), `ru: ${path}`).not.toMatch(/npm run|\b[A-Z]+_[A-Z_]+\b/);
	}
	await context.close();
});
