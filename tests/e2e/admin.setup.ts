/**
 * Before the dashboard tests: an empty data folder and a new database, users made the way a team makes them (the CLI,
 * with the password piped in), and a signed-in browser state for each role.
 */
import { expect, test as setup } from '@playwright/test';
import { mkdirSync, rmSync } from 'node:fs';
import { cli, dataDir, stateFile, users, type TestUser } from './admin.ts';

setup('users exist only once they are made, and each role can sign in', async ({ browser }) => {
	setup.setTimeout(90_000);
	rmSync(dataDir, { recursive: true, force: true });
	mkdirSync(dataDir, { recursive: true });
	// The database is made on purpose, as an operator does: nothing else makes it.
	const made = cli('db', ['init']);
	expect(made.code, made.err).toBe(0);

	// A fresh installation has no account at all: no default password to guess.
	expect(cli('user', ['list']).out.trim()).toBe('');

	const roles: Record<TestUser, string> = { admin: 'admin', approver: 'approver', editor: 'editor', lockout: 'editor' };
	for (const [who, user] of Object.entries(users) as [TestUser, (typeof users)[TestUser]][]) {
		const made = cli('user', ['add', user.email, '--name', user.name, '--role', roles[who]], `${user.password}\n`);
		expect(made.code, made.err).toBe(0);
	}

	for (const who of ['admin', 'approver', 'editor'] as const) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto('/admin/sign-in/');
		await page.getByLabel('Email address').fill(users[who].email);
		await page.getByLabel('Password').fill(users[who].password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
		await context.storageState({ path: stateFile(who) });
		await context.close();
	}
});
