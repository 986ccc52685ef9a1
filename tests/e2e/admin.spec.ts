import { expect, test, type Browser, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '#lib/server/store/database.ts';
import { isPaused } from '#lib/server/store/channel-settings.ts';
import { cli, clockIn, dataDir, origin, stateFile, users, type TestUser } from './admin.ts';
import { noViolations } from './axe.ts';

const as = (browser: Browser, who: TestUser, options: { javaScriptEnabled?: boolean } = {}) =>
	browser.newContext({ storageState: stateFile(who), ...options });

/** A draft made from the command line, for tests that are about something else. */
function draft(channel = 'outbox', at = '2030-01-07T18:00'): string {
	const made = cli('queue', ['add', '--kind', 'topic', '--slug', 'youth-education', '--locale', 'kk', '--channel', channel, '--at', at, '--zone', 'Asia/Almaty', '--as', 'test']);
	expect(made.code, made.err).toBe(0);
	return made.out.split(' ')[0]!;
}

const stateOf = (page: Page) => page.getByTestId('state');

const adminPages = ['/admin/', '/admin/posts/', '/admin/posts/new/', '/admin/calendar/', '/admin/calendar/?view=month', '/admin/feed/', '/admin/users/', '/admin/channels/'];

test.describe('signed out', () => {
	// Also spelled with an encoded letter, which reaches the same routes.
	for (const path of [...adminPages, '/admin/posts/00000000-0000-0000-0000-000000000000/', '/%61dmin/', '/%61dmin/posts/', '/admi%6e/calendar/']) {
		test(`${path} goes to sign-in`, async ({ page, request }) => {
			const response = await request.get(path, { maxRedirects: 0 });
			expect(response.status()).toBe(303);
			expect(response.headers().location).toBe(`/admin/sign-in/?next=${encodeURIComponent(path)}`);
			expect(response.headers()['cache-control']).toBe('no-store');
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
		});
	}

	test('a form POST without a session changes nothing and goes to sign-in', async ({ request }) => {
		const id = draft();
		// As a browser's form POST (asking for HTML); a JavaScript `fetch` gets the same redirect as JSON.
		for (const action of [`/admin/posts/${id}/?/approve`, `/admin/posts/${id}/?/note`, '/admin/posts/?/bulk', '/admin/posts/new/?/create']) {
			const response = await request.post(action, { form: { id, do: 'cancel', step: 'confirm', note: 'x' }, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });
			expect(response.status(), action).toBe(303);
			expect(response.headers().location, action).toMatch(/^\/admin\/sign-in\//);
		}
		expect(cli('queue', ['show', id]).out).toContain('"state": "draft"');
		expect(cli('queue', ['show', id]).out).not.toContain('note:');
	});
});

test('signing in sets a hardened session cookie; signing out ends the session on the server', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/admin/calendar/');
	await page.getByLabel('Email address').fill(users.editor.email);
	await page.getByLabel('Password').fill(users.editor.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/admin\/calendar\/$/); // back where they were going
	const [cookie] = (await context.cookies()).filter((c) => c.name === 'caravan_session');
	expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/admin', secure: false });
	expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(11 * 3600_000);
	expect(cookie!.expires * 1000 - Date.now()).toBeLessThanOrEqual(12 * 3600_000);

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
	// The old token is dead on the server too, not only forgotten by the browser.
	const replay = await context.request.get('/admin/', { headers: { cookie: `caravan_session=${cookie!.value}` }, maxRedirects: 0 });
	expect(replay.status()).toBe(303);
	await context.close();
});

test('wrong and unknown accounts get the same answer; the sixth wrong password in a row is refused even when correct', async ({ page }) => {
	const attempt = async (email: string, password: string) => {
		await page.goto('/admin/sign-in/');
		await page.getByLabel('Email address').fill(email);
		await page.getByLabel('Password').fill(password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		return page.getByRole('alert');
	};
	await expect(await attempt('nobody@example.org', 'whatever it is')).toHaveText('The email address or the password is not right.');
	for (let i = 1; i <= 5; i++) {
		await expect(await attempt(users.lockout.email, `wrong password ${i}`)).toHaveText('The email address or the password is not right.');
	}
	await expect(await attempt(users.lockout.email, users.lockout.password)).toHaveText(/^Too many failed sign-ins\. Wait 15 minutes/);
	await expect(page).toHaveURL(/\/admin\/sign-in\//);
	expect((await page.context().cookies()).some((c) => c.name === 'caravan_session')).toBe(false);
});

test('dashboard pages are not cached, cannot be framed and carry a Content-Security-Policy', async ({ browser }) => {
	const context = await as(browser, 'admin');
	for (const path of adminPages) {
		const response = await context.request.get(path);
		expect(response.status(), path).toBe(200);
		const headers = response.headers();
		expect(headers['cache-control'], path).toBe('no-store');
		expect(headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'/);
		expect(headers['content-security-policy'], path).toMatch(/script-src 'self'/);
		expect(headers['x-content-type-options'], path).toBe('nosniff');
		expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
		expect(headers['strict-transport-security'], path).toBeUndefined(); // plain http here
	}
	// This server is not set up behind a proxy (no PROTOCOL_HEADER): a client's X-Forwarded-Proto is not
	// believed. tests/e2e/serve.spec.ts checks HSTS behind a proxy.
	const claimed = await context.request.get('/admin/', { headers: { 'x-forwarded-proto': 'https' } });
	expect(claimed.headers()['strict-transport-security']).toBeUndefined();
	await context.close();
});

test('a post goes from a fact to the outbox: made by an editor, approved by an approver, published by the scheduler', async ({ browser }) => {
	test.setTimeout(120_000);
	const editor = await (await as(browser, 'editor')).newPage();
	const csp: string[] = [];
	editor.on('console', (message) => message.type() === 'error' && csp.push(message.text()));

	// An editor makes a post from a fact, for now in Tashkent.
	const at = new Date();
	const now = clockIn('Asia/Tashkent', at);
	const utc = clockIn('UTC', at);
	await editor.goto('/admin/posts/new/');
	const fact = (await editor.locator('#item optgroup[label="Facts"] option').first().getAttribute('value'))!;
	await editor.getByLabel('Content').selectOption(fact);
	await editor.getByRole('checkbox', { name: /^Uzbek/ }).check();
	await editor.getByRole('checkbox', { name: 'outbox' }).check();
	await editor.getByRole('button', { name: 'Continue: write the captions' }).click();
	await editor.getByLabel('Date').fill(now.date);
	await editor.getByLabel('Time', { exact: true }).fill(now.time);
	await editor.getByLabel('Time zone').selectOption('Asia/Tashkent');
	await editor.getByRole('button', { name: 'Create 1 draft' }).click();
	await expect(editor).toHaveURL(/\/admin\/posts\/[0-9a-f-]{36}\/\?created$/);
	const id = editor.url().match(/posts\/([0-9a-f-]{36})/)![1]!;
	await expect(stateOf(editor)).toHaveText('draft');
	const caption = editor.getByRole('textbox', { name: 'Caption' });
	await expect(caption).toHaveValue(/\/uz\/facts\//); // filled in from the content, linking the fact's page
	await expect(editor.getByRole('img', { name: /^square card:/ })).toBeVisible();

	// An editor cannot approve: no button, and a direct POST is refused on the server.
	await expect(editor.getByRole('button', { name: /Approve/ })).toHaveCount(0);
	const forged = await editor.request.post(`/admin/posts/${id}/?/approve`, { form: {}, headers: { origin } });
	expect(forged.status()).toBe(403);
	await editor.reload();
	await expect(stateOf(editor)).toHaveText('draft');

	// An approver approves it.
	const approver = await (await as(browser, 'approver')).newPage();
	await approver.goto(`/admin/posts/${id}/`);
	// uz is a translation no native speaker has reviewed: it is marked, and approving it asks again.
	await expect(approver.getByTestId('unreviewed')).toHaveText('draft translation: not reviewed by a native speaker');
	await approver.getByRole('button', { name: 'Approve', exact: true }).click();
	await expect(approver.getByRole('alert')).toContainText('Tick the box to approve a post in');
	await expect(stateOf(approver)).toHaveText('draft');
	await expect(approver.getByRole('link', { name: /Tick the box/ })).toHaveAttribute('href', '#unreviewed'); // the summary leads to the box
	await approver.getByRole('checkbox', { name: /No native speaker has reviewed/ }).check();
	await approver.getByRole('button', { name: 'Approve', exact: true }).click();
	await expect(stateOf(approver)).toHaveText('approved');
	await expect(approver.getByRole('row', { name: /Bakyt Approver <approver@example\.org> draft → approved/ })).toBeVisible();

	// On the calendar in Asia/Tashkent it sits on today's date there, at its hour there; in UTC, on UTC's.
	await approver.goto('/admin/calendar/?zone=Asia/Tashkent');
	await expect(approver.locator(`[data-date="${now.date}"] a[href="/admin/posts/${id}/"]`)).toContainText(`${now.time} outbox · uz`);
	await approver.goto('/admin/calendar/?zone=UTC');
	await expect(approver.locator(`[data-date="${utc.date}"] a[href="/admin/posts/${id}/"]`)).toContainText(`${utc.time} outbox · uz`);

	// The scheduler publishes it to the outbox, once, and the dashboard says so.
	const scheduler = spawn(process.execPath, ['--import', 'tsx', 'scheduler/index.ts'], {
		env: { ...process.env, CARAVAN_DATA_DIR: dataDir, SCHEDULER_PUBLISH: '* * * * * *', SCHEDULER_PLAN: '0 0 1 1 *', SCHEDULER_RENDER: '0 0 1 1 *', PUBLISH_PACING: 'off' },
		stdio: 'ignore'
	});
	try {
		await expect(async () => {
			await approver.goto(`/admin/posts/${id}/`);
			await expect(stateOf(approver)).toHaveText('published', { timeout: 1000 });
		}).toPass({ timeout: 60_000 });
	} finally {
		scheduler.kill('SIGTERM');
	}
	const folders = readdirSync(join(dataDir, 'outbox')).flatMap((day) => readdirSync(join(dataDir, 'outbox', day)).map((name) => join(dataDir, 'outbox', day, name)));
	const mine = folders.filter((folder) => folder.endsWith(id));
	expect(mine).toHaveLength(1);
	const manifest = JSON.parse(readFileSync(join(mine[0]!, 'manifest.json'), 'utf8'));
	expect(manifest).toMatchObject({ post: id, locale: 'uz' });
	// As written, with its link to the site marked for the results page (utm_*, added when it is sent).
	const written = await caption.inputValue();
	expect(manifest.caption).toBe(written.replace(/(https?:\/\/\S+\/)(?=\s|$)/, `$1?utm_source=outbox&utm_medium=social&utm_campaign=manual&utm_content=${id}`));
	expect(manifest.caption).not.toBe(written);
	await approver.goto('/admin/');
	await expect(approver.getByRole('link', { name: /published/ })).toContainText(/[1-9]\d* published/);
	expect(csp).toEqual([]);
});

test('a caption over the network limit is counted live in graphemes and refused next to its field, keeping what was typed', async ({ browser }) => {
	const page = await (await as(browser, 'editor')).newPage();
	await page.goto(`/admin/posts/${draft('bluesky')}/`);
	const caption = page.getByRole('textbox', { name: 'Caption' });
	// 250 + 1 + 60 = 311 graphemes (491 UTF-16 units: the emoji with a skin tone is one grapheme).
	const text = `${'ü'.repeat(250)} ${'👍🏽'.repeat(60)}`;
	await caption.fill(text);
	await expect(page.locator('#caption-count')).toHaveText('311 of 300 graphemes – 11 too many');
	await expect(page.locator('.preview-bluesky')).toContainText('👍🏽');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.locator('#caption-error')).toHaveText('The caption is 311 graphemes; bluesky allows 300. Shorten it by 11.');
	await expect(caption).toHaveAttribute('aria-describedby', /caption-error/);
	await expect(caption).toHaveValue(text);

	await caption.fill(`${'ü'.repeat(250)} ${'👍🏽'.repeat(49)}`);
	await expect(page.locator('#caption-count')).toHaveText('300 of 300 graphemes');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.locator('#caption-error')).toHaveCount(0);
	await expect(page.getByRole('row', { name: /edited: caption/ })).toBeVisible();
});

for (const zone of ['Europe/Brussels', 'Asia/Kabul']) {
	test(`saving a caption keeps a post planned in ${zone} at its time and in its zone`, async ({ browser }) => {
		const made = cli('queue', ['add', '--kind', 'topic', '--slug', 'youth-education', '--locale', 'en', '--channel', 'mastodon', '--at', '2030-03-04T10:00', '--zone', zone, '--as', 'test']);
		expect(made.code, made.err).toBe(0);
		const id = made.out.split(' ')[0]!;
		const stored = () => JSON.parse(cli('queue', ['show', id]).out.replace(/\n}\n[\s\S]*$/, '\n}')) as { scheduled_utc: string; zone: string; caption: string };
		const before = stored();
		const page = await (await as(browser, 'editor')).newPage();
		await page.goto(`/admin/posts/${id}/`);
		await expect(page.getByLabel('Time zone')).toHaveValue(zone);
		const caption = page.getByRole('textbox', { name: 'Caption' });
		await caption.fill(`${await caption.inputValue()} #EUCentralAsia`);
		await page.getByRole('button', { name: 'Save' }).click();
		await expect(page.getByText(`2030-03-04 10:00 ${zone}`)).toBeVisible();
		const after = stored();
		expect(after.caption).toContain('#EUCentralAsia');
		expect(after).toMatchObject({ scheduled_utc: before.scheduled_utc, zone });
	});
}

test('every action works without JavaScript: make, fix, approve, cancel, restore', async ({ browser }) => {
	const context = await as(browser, 'approver', { javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/admin/posts/new/');
	await page.getByRole('button', { name: 'Continue: write the captions' }).click();
	await expect(page.locator('#item-error')).toHaveText('Choose a topic, fact or opportunity from the list.');
	await page.getByLabel('Content').selectOption('opportunity/erasmus-plus');
	await page.getByRole('checkbox', { name: /^Turkmen/ }).check();
	await page.getByRole('checkbox', { name: 'mastodon' }).check();
	await page.getByRole('button', { name: 'Continue: write the captions' }).click();
	await page.getByLabel('Date').fill('2031-03-30');
	await page.getByLabel('Time', { exact: true }).fill('18:00');
	await page.getByLabel('Time zone').selectOption('Asia/Ashgabat');
	await page.getByRole('button', { name: 'Create 1 draft' }).click();
	await expect(stateOf(page)).toHaveText('draft');
	await expect(page.getByText('2031-03-30 18:00 Asia/Ashgabat')).toBeVisible();
	await expect(page.getByText('(2031-03-30 13:00 UTC)')).toBeVisible();

	const caption = page.getByRole('textbox', { name: 'Caption' });
	await caption.fill('a'.repeat(501));
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.locator('#caption-error')).toHaveText('The caption is 501 characters; mastodon allows 500. Shorten it by 1.');
	await caption.fill('Erasmus+ 2031 https://example.org/tk/opportunities/');
	await page.getByLabel('Time', { exact: true }).fill('19:30');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('2031-03-30 19:30 Asia/Ashgabat')).toBeVisible();

	await page.getByRole('button', { name: 'Approve', exact: true }).click();
	await expect(page.locator('#unreviewed-error')).toContainText('Tick the box to approve a post in'); // tk: a draft translation
	await expect(page.locator('#channel-ok-error')).toContainText('mastodon is not set up on this server yet'); // and asked at once
	await page.getByRole('checkbox', { name: /No native speaker has reviewed/ }).check();
	await page.getByRole('checkbox', { name: /mastodon cannot publish it now/ }).check();
	await page.getByRole('button', { name: 'Approve', exact: true }).click();
	await expect(stateOf(page)).toHaveText('approved');
	await page.getByRole('link', { name: 'Cancel this post…' }).click();
	await page.getByRole('button', { name: 'Yes, cancel the post' }).click();
	await expect(stateOf(page)).toHaveText('cancelled');
	await page.getByRole('button', { name: 'Restore to draft' }).click();
	await expect(stateOf(page)).toHaveText('draft');
	await context.close();
});

test('a cross-origin form POST is refused', async ({ browser }) => {
	const context = await as(browser, 'approver');
	const id = draft();
	const response = await context.request.post(`/admin/posts/${id}/?/approve`, { form: {}, headers: { origin: 'https://attacker.example' } });
	expect(response.status()).toBe(403);
	expect(await response.text()).toContain('Cross-site POST form submissions are forbidden');
	expect(cli('queue', ['show', id]).out).toContain('"state": "draft"');
	await context.close();
});

test.describe('roles are checked on the server', () => {
	const refused: [TestUser, string, Record<string, string>][] = [
		['editor', '/admin/users/?/add', { email: 'x@example.org', name: 'X', role: 'admin', password: 'a long password 1' }],
		['approver', '/admin/users/?/role', { id: '1', role: 'editor' }],
		['editor', '/admin/channels/?/pause', { name: 'outbox', paused: 'true' }],
		['editor', '/admin/posts/{id}/?/cancel', {}],
		['editor', '/admin/posts/{id}/?/cancel', { confirm: 'yes' }],
		['editor', '/admin/posts/{id}/?/approve', { next: 'yes', unreviewed: 'yes', channel: 'yes' }],
		['editor', '/admin/posts/{id}/?/restore', {}],
		['editor', '/admin/posts/?/bulk', { do: 'approve', id: '{id}', step: 'confirm', unreviewed: 'yes', channel: 'yes' }],
		['editor', '/admin/posts/?/bulk', { do: 'cancel', id: '{id}', step: 'confirm' }],
		['editor', '/admin/posts/?/bulk', { do: 'move', id: '{id}', days: '3' }],
		['editor', '/admin/posts/?/bulk', { do: 'moveto', id: '{id}', date: '2035-01-01', time: '10:00' }]
	];
	for (const [who, path, form] of refused) {
		const what = Object.entries(form).filter(([key]) => ['do', 'confirm', 'next'].includes(key)).map(([key, value]) => `${key}=${value}`).join(' ');
		test(`${who}: POST ${path}${what ? ` (${what})` : ''} is refused`, async ({ browser }) => {
			const context = await as(browser, who);
			const id = draft();
			const filled = Object.fromEntries(Object.entries(form).map(([key, value]) => [key, value.replace('{id}', id)]));
			const response = await context.request.post(path.replace('{id}', id), { form: filled, headers: { origin } });
			expect(response.status()).toBe(403);
			expect(cli('user', ['list']).out).not.toContain('x@example.org');
			expect(cli('user', ['list']).out).toMatch(/admin@example\.org\s+admin/);
			expect(cli('queue', ['show', id]).out).toContain('"state": "draft"');
			expect(cli('queue', ['show', id]).out).toContain('"scheduled_utc": "2030-01-07T13:00:00.000Z"'); // not moved
			await context.close();
		});
	}

	// The rest of the actions above an editor's or an approver's role, in one go: each refused by its role
	// (403), before the post's state is even looked at.
	test('lower roles: unlocking, disabling, pausing, retrying and settling a post are refused too', async ({ browser }) => {
		const id = draft();
		const database = openDb(join(dataDir, 'caravan.db'));
		const userId = String((database.prepare('SELECT id FROM users WHERE email = ?').get(users.lockout.email) as { id: number }).id);
		const attempts: [TestUser, string, Record<string, string>][] = [
			['approver', '/admin/users/?/unlock', { id: userId }],
			['approver', '/admin/users/?/disable', { id: userId, disabled: 'true' }],
			['approver', '/admin/users/?/add', { email: 'y@example.org', name: 'Y', role: 'editor', password: 'a long password 1' }],
			['approver', '/admin/channels/?/pause', { name: 'outbox', paused: 'true' }],
			['editor', '/admin/users/?/disable', { id: userId, disabled: 'true' }],
			['editor', `/admin/posts/${id}/?/retry`, {}],
			['editor', `/admin/posts/${id}/?/published`, { url: 'https://example.org/post/1' }],
			['editor', `/admin/posts/${id}/?/again`, {}]
		];
		const contexts = { approver: await as(browser, 'approver'), editor: await as(browser, 'editor') };
		for (const [who, path, form] of attempts) {
			const response = await contexts[who as 'approver' | 'editor'].request.post(path, { form, headers: { origin }, maxRedirects: 0 });
			expect(response.status(), `${who}: ${path}`).toBe(403);
		}
		await Promise.all(Object.values(contexts).map((context) => context.close()));
		expect(database.prepare('SELECT count(*) AS n FROM users WHERE email = ?').get('y@example.org')).toEqual({ n: 0 });
		expect(database.prepare('SELECT disabled_at FROM users WHERE id = ?').get(userId)).toEqual({ disabled_at: null });
		expect(isPaused(database, 'outbox')).toBe(false);
		expect(database.prepare('SELECT state FROM posts WHERE id = ?').get(id)).toEqual({ state: 'draft' });
		database.close();
	});

	test('editor: the page that confirms a cancel is refused', async ({ browser }) => {
		const context = await as(browser, 'editor');
		const page = await context.newPage();
		expect((await page.goto(`/admin/posts/${draft()}/cancel/`))!.status()).toBe(403);
		await context.close();
	});

	// What an editor may do, the server lets them: compose (create) and leave notes.
	test('editor: composing and leaving a note are allowed', async ({ browser }) => {
		const context = await as(browser, 'editor');
		const id = draft();
		const note = await context.request.post(`/admin/posts/${id}/?/note`, { form: { note: 'Allowed.' }, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });
		expect(note.status()).toBe(303);
		expect(cli('queue', ['show', id]).out).toContain('note: Allowed.');
		const made = await context.request.post('/admin/posts/new/?/create', {
			form: { item: 'topic/youth-education', locale: 'en', channel: 'outbox', formats: 'square', date: '2035-02-03', time: '10:00', zone: 'UTC', 'caption-en-outbox': 'Allowed too https://example.org/' },
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(made.status()).toBe(303);
		expect(made.headers().location).toMatch(/^\/admin\/posts\/[0-9a-f-]{36}\/\?created$/);
		await context.close();
	});

	for (const who of ['editor', 'approver'] as const) {
		test(`${who}: the users and channels pages are refused and not linked`, async ({ browser }) => {
			const context = await as(browser, who);
			const page = await context.newPage();
			for (const path of ['/admin/users/', '/admin/channels/']) expect((await page.goto(path))!.status()).toBe(403);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await noViolations(page, `${who}: the page that refuses`);
			await page.goto('/admin/');
			await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
			await context.close();
		});
	}
});

test('an admin adds a user (errors next to the fields) and pauses a channel', async ({ browser }) => {
	const context = await as(browser, 'admin');
	const page = await context.newPage();
	await page.goto('/admin/users/');
	await page.getByLabel('Email address').fill('new.editor@example.org');
	await page.getByLabel('Name').fill('New Editor');
	await page.getByLabel('First password').fill('short');
	await page.getByRole('button', { name: 'Add user' }).click();
	await expect(page.locator('#password-error')).toHaveText('Use at least 12 characters.');
	await expect(page.getByLabel('Email address')).toHaveValue('new.editor@example.org');
	await page.getByLabel('First password').fill('a much longer password');
	await page.getByRole('button', { name: 'Add user' }).click();
	await expect(page.getByRole('cell', { name: 'new.editor@example.org' })).toBeVisible();

	await page.goto('/admin/channels/');
	await page.getByRole('button', { name: 'Pause bluesky' }).click();
	const bluesky = page.getByTestId('channel-bluesky');
	await expect(bluesky.getByTestId('publishing')).toHaveText('Paused');
	await page.getByRole('button', { name: 'Resume bluesky' }).click();
	await expect(bluesky.getByTestId('publishing')).toHaveText('On');
	await expect(bluesky).toContainText('Last switched by Aziza Admin');
	await context.close();
});

test('a private calendar feed lists scheduled posts until it is switched off', async ({ browser, playwright }) => {
	const context = await as(browser, 'editor');
	const page = await context.newPage();
	const day = clockIn('Asia/Almaty', new Date(Date.now() + 10 * 86_400_000)).date;
	const id = draft('telegram', `${day}T18:00`);
	await page.goto('/admin/feed/');
	await page.getByRole('button', { name: 'Make an address' }).click();
	const address = await page.getByLabel('Calendar feed address').inputValue();
	const path = new URL(address).pathname;
	expect(path).toMatch(/^\/calendar\/[\w-]{43}\.ics$/);

	const outsider = await playwright.request.newContext({ baseURL: origin }); // a calendar app: no cookies
	const feed = await outsider.get(path);
	expect(feed.status()).toBe(200);
	expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
	const body = await feed.text();
	expect(body).toContain('BEGIN:VCALENDAR\r\n');
	expect(body).toContain(`UID:${id}@caravan`);
	expect(body).toContain(`DTSTART:${day.replaceAll('-', '')}T130000Z`); // 18:00 in Almaty (UTC+5)
	expect((await outsider.get('/calendar/not-a-feed.ics')).status()).toBe(404);

	await page.getByRole('button', { name: 'Switch the address off' }).click();
	await expect(page.getByText('The address no longer works.')).toBeVisible();
	expect((await outsider.get(path)).status()).toBe(404);
	await outsider.dispose();
	await context.close();
});
