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
		await page.getByRole('button', { name: 'Create draft' }).click();
		await expect(page.locator('#item-error')).toBeVisible();
		await noViolations(page, 'new post with errors');

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
		for (const path of ['/admin/', '/admin/posts/new/', '/admin/calendar/']) {
			await page.goto(path);
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			expect(width, path).toBeLessThanOrEqual(320);
		}
	});
});
