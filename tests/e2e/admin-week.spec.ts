/**
 * A team's week in the dashboard: compose once for several languages and channels, work the queue in
 * bulk, cancel safely and restore, warnings where a post is approved, review notes. Each with and
 * without JavaScript, in a real browser against the built server and its SQLite file.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { cli, makeDraft, origin, shown, stateFile, type TestUser } from './admin.ts';

// Each test makes its posts with the CLI (a process each) on a machine that may be busy.
test.describe.configure({ timeout: 120_000 });

/** The state of each post, from one `queue list`. */
function states(ids: string[]): string[] {
	const lines = cli('queue', ['list']).out.split('\n');
	return ids.map((id) => lines.find((line) => line.startsWith(id))?.split(/\s+/)[1] ?? 'missing');
}

const as = (browser: Browser, who: TestUser, javaScriptEnabled = true) => browser.newContext({ storageState: stateFile(who), javaScriptEnabled });
const stateOf = (page: Page) => page.getByTestId('state');
const idsIn = async (page: Page) =>
	(await page.locator('table.queue-table tbody a[href^="/admin/posts/"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')!))).map(
		(href) => href.split('/')[3]!
	);

for (const js of [true, false]) {
	test(`compose once: two languages × two channels make four drafts, each with its own caption (${js ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
		const context = await as(browser, 'editor', js);
		const page = await context.newPage();
		await page.goto('/admin/posts/new/');

		// Step 1: nothing chosen → every problem at its field and in the summary at the top.
		await page.getByRole('button', { name: 'Continue: write the captions' }).click();
		const summary = page.locator('#error-summary');
		await expect(summary).toContainText('Choose a topic, fact or opportunity from the list.');
		await expect(summary).toContainText('Choose at least one language.');
		await expect(summary).toContainText('Choose at least one channel.');
		await expect(summary.getByRole('link', { name: 'Choose at least one language.' })).toHaveAttribute('href', '#locale-en');
		await expect(page.locator('#locales-error')).toHaveText('Choose at least one language.');

		await page.getByLabel('Content').selectOption('topic/youth-education');
		await page.getByRole('checkbox', { name: /^English/ }).check();
		await page.getByRole('checkbox', { name: /^Russian/ }).check();
		await expect(page.getByRole('checkbox', { name: /^Russian/ }).locator('..')).toContainText('draft translation'); // ru: not reviewed
		await page.getByRole('checkbox', { name: 'telegram' }).check();
		await page.getByRole('checkbox', { name: 'mastodon' }).check();
		if (js) await expect(page.getByText('This makes 4 posts: 2 languages × 2 channels.')).toBeVisible();
		await page.getByRole('button', { name: 'Continue: write the captions' }).click();

		// Step 2: one caption per language × channel, made from the content in its language.
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('New posts: captions and time');
		const caption = (language: string, channel: string) => page.getByRole('textbox', { name: `Caption for ${language} on ${channel}` });
		await expect(caption('English', 'telegram')).toHaveValue(/\/en\/topics\/youth-education\//);
		await expect(caption('Russian', 'mastodon')).toHaveValue(/\/ru\/topics\/youth-education\//);
		await expect(page.getByTestId('compose-ru-telegram')).toContainText('draft translation');
		await expect(page.getByTestId('compose-en-telegram')).not.toContainText('draft translation');
		// telegram and mastodon are not set up on the test server: said where the post is written.
		await expect(page.getByTestId('compose-en-telegram')).toContainText('telegram is not set up on this server yet');

		const tag = `w${Date.now().toString(36)}`;
		const tooLong = 'я'.repeat(1030);
		await caption('Russian', 'telegram').fill(tooLong);
		if (js) await expect(page.locator('#caption-ru-telegram-count')).toHaveText('1030 of 1024 characters – 6 too many');
		await caption('English', 'mastodon').fill(`Study in Europe #${tag}en https://example.org/en/`);
		if (js) await expect(page.getByTestId('compose-en-mastodon').locator('.preview-mastodon')).toContainText(`#${tag}en`);
		const day = js ? '2031-06-02' : '2031-06-03';
		await page.getByLabel('Date', { exact: true }).fill(day);
		await page.getByLabel('Time', { exact: true }).fill('10:00');
		await page.getByLabel('Time zone').selectOption('Europe/Brussels');
		await page.getByRole('button', { name: 'Create 4 drafts' }).click();

		// Refused as a whole, the problem at its field and summarised, nothing typed lost, nothing made.
		await expect(page.locator('#caption-ru-telegram-error')).toHaveText('The caption is 1030 characters; telegram allows 1024. Shorten it by 6.');
		await expect(page.locator('#error-summary').getByRole('link', { name: /^Russian on telegram: The caption is 1030/ })).toHaveAttribute('href', '#caption-ru-telegram');
		await expect(caption('Russian', 'telegram')).toHaveAttribute('aria-describedby', /caption-ru-telegram-error/);
		await expect(caption('Russian', 'telegram')).toHaveValue(tooLong);
		await expect(caption('English', 'mastodon')).toHaveValue(`Study in Europe #${tag}en https://example.org/en/`);
		await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Brussels');
		expect(cli('queue', ['list']).out).not.toContain(`${day}T10:00 Europe/Brussels`);

		await caption('Russian', 'telegram').fill(`Учёба в Европе #${tag}ru https://example.org/ru/`);
		await page.getByRole('button', { name: 'Create 4 drafts' }).click();

		// The queue shows the four drafts made together.
		await expect(page.getByTestId('made')).toContainText('4 drafts created from one form');
		const ids = await idsIn(page);
		expect(ids).toHaveLength(4);
		const posts = ids.map(shown);
		expect(posts.map((post) => `${post.locale}/${post.channel}`).sort()).toEqual(['en/mastodon', 'en/telegram', 'ru/mastodon', 'ru/telegram']);
		for (const post of posts) {
			expect(post).toMatchObject({ state: 'draft', zone: 'Europe/Brussels', local_time: `${day}T10:00`, scheduled_utc: `${day}T08:00:00.000Z` });
			if (`${post.locale}/${post.channel}` === 'en/mastodon') expect(post.caption).toBe(`Study in Europe #${tag}en https://example.org/en/`);
			else if (`${post.locale}/${post.channel}` === 'ru/telegram') expect(post.caption).toBe(`Учёба в Европе #${tag}ru https://example.org/ru/`);
			else expect(post.caption).toContain(`/${post.locale}/topics/youth-education/`);
		}
		await context.close();
	});
}

test('compose once for one language and one channel goes to the new draft, as before', async ({ browser }) => {
	const context = await as(browser, 'editor');
	const page = await context.newPage();
	await page.goto('/admin/posts/new/?item=opportunity/erasmus-plus&locale=en&channel=outbox');
	await expect(page.getByRole('checkbox', { name: /^English/ })).toBeChecked();
	await page.getByRole('button', { name: 'Continue: write the captions' }).click();
	await page.getByLabel('Date', { exact: true }).fill('2031-07-01');
	await page.getByRole('button', { name: 'Create 1 draft' }).click();
	await expect(page).toHaveURL(/\/admin\/posts\/[0-9a-f-]{36}\/\?created$/);
	await expect(stateOf(page)).toHaveText('draft');
	await context.close();
});

for (const js of [true, false]) {
	test(`an approver approves five posts at once, confirming the unreviewed translations; the report says what happened to each (${js ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
		const ids = ['en', 'ru', 'kk', 'en', 'uz'].map((locale, i) => makeDraft({ locale, at: `2032-0${i + 1}-10T12:00` }));
		const page = await (await as(browser, 'approver', js)).newPage();
		await page.goto('/admin/posts/?state=draft');
		for (const id of ids) await page.locator(`#select-${id}`).check();
		await page.getByRole('radio', { name: 'Approve them' }).check();
		await page.getByRole('button', { name: 'Continue' }).click();

		// Three are in translations no native speaker has reviewed: one box for them all.
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Approve 5 posts?');
		await expect(page.getByTestId('step-posts').locator('> li')).toHaveCount(5);
		await page.getByRole('button', { name: 'Yes, approve 5 posts' }).click();
		await expect(page.locator('#confirm-unreviewed-error')).toHaveText('Tick the box to approve 3 posts in translations no native speaker has reviewed yet.');
		await expect(page.locator('#error-summary').getByRole('link')).toHaveAttribute('href', '#confirm-unreviewed');
		expect(states(ids)).toEqual(Array(5).fill('draft'));

		await page.getByRole('checkbox', { name: 'I know 3 of these are in unreviewed translations. Approve them all the same.' }).check();
		await page.getByRole('button', { name: 'Yes, approve 5 posts' }).click();
		await expect(page.getByRole('heading', { name: 'Approved 5 of 5 posts' })).toBeVisible();
		const report = page.getByTestId('report');
		for (const id of ids) await expect(report.locator(`li:has(a[href="/admin/posts/${id}/"])`)).toContainText(/: approved/);
		await expect(report.locator('li', { hasText: 'kk:' })).toContainText('approved (a draft translation)');
		expect(states(ids)).toEqual(Array(5).fill('approved'));
		// The same rules as one approval: an approved post is not approved again, and says why.
		await page.goto('/admin/posts/?state=approved');
		await page.locator(`#select-${ids[0]}`).check();
		await page.getByRole('radio', { name: 'Approve them' }).check();
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page.getByRole('heading', { name: 'Approved 0 of 1 post' })).toBeVisible();
		await expect(page.getByTestId('report')).toContainText('not approved: it is approved, not a draft');
	});
}

test('an editor sees no bulk actions, and a bulk approve sent by hand is refused on the server', async ({ browser }) => {
	const ids = [1, 2, 3, 4, 5].map((day) => makeDraft({ locale: 'en', at: `2032-08-0${day}T12:00` }));
	const context = await as(browser, 'editor');
	const page = await context.newPage();
	await page.goto('/admin/posts/?state=draft');
	await expect(page.getByRole('checkbox')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0);
	const form = new URLSearchParams([['do', 'approve'], ['step', 'confirm'], ['unreviewed', 'yes'], ['channel', 'yes'], ...ids.map((id) => ['id', id])]);
	const response = await context.request.post('/admin/posts/?/bulk', { data: form.toString(), headers: { origin, 'content-type': 'application/x-www-form-urlencoded' } });
	expect(response.status()).toBe(403);
	expect(states(ids)).toEqual(Array(5).fill('draft'));
	await context.close();
});

test('bulk: nothing selected or no action chosen is said at the top and at the field; a move keeps each post in its zone', async ({ browser }) => {
	const almaty = makeDraft({ locale: 'en', at: '2033-03-01T09:00', zone: 'Asia/Almaty' });
	const brussels = makeDraft({ locale: 'en', at: '2033-03-01T09:00', zone: 'Europe/Brussels' });
	cli('queue', ['approve', brussels, '--as', 'test']);
	const page = await (await as(browser, 'approver', false)).newPage();
	await page.goto('/admin/posts/?q=youth');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.locator('#error-summary')).toContainText('Choose what to do with the selected posts.');
	await expect(page.locator('#error-summary')).toContainText('Select at least one post.');
	await expect(page.locator('#do-error')).toHaveText('Choose what to do with the selected posts.');

	for (const id of [almaty, brussels]) await page.locator(`#select-${id}`).check();
	await page.getByRole('radio', { name: 'Move them by a number of days' }).check();
	await page.getByLabel('Days (a negative number moves them earlier)').fill('0');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.locator('#days-error')).toContainText('Enter a whole number of days from -365 to 365, not 0');
	await expect(page.locator(`#select-${almaty}`)).toBeChecked(); // the selection is kept
	await page.getByLabel('Days (a negative number moves them earlier)').fill('2');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { name: 'Moved 2 of 2 posts' })).toBeVisible();
	await expect(page.getByTestId('report')).toContainText('moved to 2033-03-03 09:00 Europe/Brussels; back to draft: it needs approval again');
	expect(shown(almaty)).toMatchObject({ local_time: '2033-03-03T09:00', zone: 'Asia/Almaty' });
	expect(shown(brussels)).toMatchObject({ local_time: '2033-03-03T09:00', zone: 'Europe/Brussels', state: 'draft' });

	// To a date and time: each post at that time on its own zone's clock (Brussels changes to summer time on 27 March).
	for (const id of [almaty, brussels]) await page.locator(`#select-${id}`).check();
	await page.getByRole('radio', { name: 'Move them to a date and time' }).check();
	await page.getByLabel('Date', { exact: true }).fill('2033-04-04');
	await page.getByLabel('Time', { exact: true }).fill('18:30');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { name: 'Moved 2 of 2 posts' })).toBeVisible();
	expect(shown(almaty)).toMatchObject({ local_time: '2033-04-04T18:30', zone: 'Asia/Almaty', scheduled_utc: '2033-04-04T13:30:00.000Z' });
	expect(shown(brussels)).toMatchObject({ local_time: '2033-04-04T18:30', zone: 'Europe/Brussels', scheduled_utc: '2033-04-04T16:30:00.000Z' });
	expect(cli('queue', ['show', brussels]).out).toContain('edited (scheduled_utc): moved to 2033-04-04 18:30 Europe/Brussels');
});

for (const js of [true, false]) {
	test(`cancel asks first; a cancelled post is restored to draft, in the history (${js ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
		const id = makeDraft({ locale: 'en' });
		const page = await (await as(browser, 'approver', js)).newPage();
		await page.goto(`/admin/posts/${id}/`);
		await page.getByRole('link', { name: 'Cancel this post…' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cancel this post?');
		await page.getByRole('link', { name: 'No, keep it' }).click();
		await expect(stateOf(page)).toHaveText('draft');

		await page.getByRole('link', { name: 'Cancel this post…' }).click();
		await page.getByRole('button', { name: 'Yes, cancel the post' }).click();
		await expect(stateOf(page)).toHaveText('cancelled');
		await page.getByRole('button', { name: 'Restore to draft' }).click();
		await expect(stateOf(page)).toHaveText('draft');
		await expect(page.getByRole('row', { name: /Bakyt Approver <approver@example\.org> cancelled → draft restored to draft: needs approval again/ })).toBeVisible();

		// Several at once: the queue asks too.
		const more = [makeDraft({ locale: 'en' }), makeDraft({ locale: 'en' })];
		await page.goto('/admin/posts/?state=draft');
		for (const one of more) await page.locator(`#select-${one}`).check();
		await page.getByRole('radio', { name: 'Cancel them (asks first)' }).check();
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cancel 2 posts?');
		expect(states(more)).toEqual(['draft', 'draft']);
		await page.getByRole('button', { name: 'Yes, cancel 2 posts' }).click();
		await expect(page.getByRole('heading', { name: 'Cancelled 2 of 2 posts' })).toBeVisible();
		expect(states(more)).toEqual(['cancelled', 'cancelled']);
	});
}

test('a cancel POST without the confirmation asks first and changes nothing', async ({ browser }) => {
	const id = makeDraft({ locale: 'en' });
	const context = await as(browser, 'approver');
	const response = await context.request.post(`/admin/posts/${id}/?/cancel`, { form: {}, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });
	expect(response.status()).toBe(303);
	expect(response.headers().location).toBe(`/admin/posts/${id}/cancel/`);
	expect(shown(id).state).toBe('draft');
	await context.close();
});

for (const js of [true, false]) {
	test(`approving for a channel that is not set up says so and asks to confirm, on the post and in bulk (${js ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
		const id = makeDraft({ locale: 'en', channel: 'telegram' });
		const page = await (await as(browser, 'approver', js)).newPage();
		await page.goto(`/admin/posts/${id}/`);
		await expect(page.getByTestId('channel-warning')).toHaveText(
			"telegram is not set up on this server yet: unless it is set up before the post's time, the post will not be sent and will fail."
		);
		await page.getByRole('button', { name: 'Approve', exact: true }).click();
		await expect(page.locator('#channel-ok-error')).toHaveText('Tick the box to approve it all the same, although telegram is not set up on this server yet.');
		await expect(page.locator('.error-summary').getByRole('link')).toHaveAttribute('href', '#channel-ok');
		await expect(stateOf(page)).toHaveText('draft');
		await page.getByRole('checkbox', { name: 'telegram cannot publish it now (see above). Approve it all the same.' }).check();
		await page.getByRole('button', { name: 'Approve', exact: true }).click();
		await expect(stateOf(page)).toHaveText('approved');

		// In bulk: listed with the post, and one box for every such post.
		const two = [makeDraft({ locale: 'en', channel: 'mastodon' }), makeDraft({ locale: 'en', channel: 'outbox' })];
		await page.goto('/admin/posts/?state=draft');
		for (const one of two) await page.locator(`#select-${one}`).check();
		await page.getByRole('radio', { name: 'Approve them' }).check();
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page.getByTestId('step-posts').locator(`li:has(a[href="/admin/posts/${two[0]}/"])`)).toContainText('mastodon is not set up on this server yet');
		await page.getByRole('button', { name: 'Yes, approve 2 posts' }).click();
		await expect(page.locator('#confirm-channel-error')).toHaveText('Tick the box to approve 1 post for channels that cannot publish them now.');
		await page.getByRole('checkbox', { name: 'I know 1 of these goes to a channel that cannot publish now. Approve it all the same.' }).check();
		await page.getByRole('button', { name: 'Yes, approve 2 posts' }).click();
		await expect(page.getByRole('heading', { name: 'Approved 2 of 2 posts' })).toBeVisible();
		await expect(page.getByTestId('report')).toContainText('approved (mastodon cannot publish it now)');
	});
}

test('approve and next goes to the next draft in time order', async ({ browser }) => {
	const first = makeDraft({ locale: 'en', at: '2041-01-01T10:00', zone: 'UTC' });
	const second = makeDraft({ locale: 'en', at: '2041-01-01T10:05', zone: 'UTC' });
	const page = await (await as(browser, 'approver', false)).newPage();
	await page.goto(`/admin/posts/${first}/`);
	await page.getByRole('button', { name: 'Approve and go to the next draft' }).click();
	await expect(page).toHaveURL(new RegExp(`/admin/posts/${second}/\\?approved=${first}$`));
	await expect(page.getByTestId('approved-before')).toContainText('This is the next draft in time order.');
	expect(shown(first).state).toBe('approved');
	await expect(stateOf(page)).toHaveText('draft');
});

for (const js of [true, false]) {
	test(`editors and approvers leave review notes; they appear in the history (${js ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
		const id = makeDraft({ locale: 'en' });
		const editor = await (await as(browser, 'editor', js)).newPage();
		await editor.goto(`/admin/posts/${id}/`);
		await editor.getByRole('button', { name: 'Add note' }).click();
		await expect(editor.locator('#note-error')).toHaveText('Write a note before adding it.');
		await editor.getByLabel('Add a note for the team').fill('The date in the caption is last year’s.\nPlease check.');
		await editor.getByRole('button', { name: 'Add note' }).click();
		const note = editor.getByTestId('note');
		await expect(note).toContainText('Dilnoza Editor <editor@example.org>');
		await expect(note).toContainText('The date in the caption is last year’s.');
		await expect(editor.getByLabel('Add a note for the team')).toHaveValue('');

		const approver = await (await as(browser, 'approver', js)).newPage();
		await approver.goto(`/admin/posts/${id}/`);
		await approver.getByLabel('Add a note for the team').fill('Checked: it is right.');
		await approver.getByRole('button', { name: 'Add note' }).click();
		await expect(approver.getByTestId('note')).toHaveCount(2);
		// In the order things happened, with the changes of state.
		const rows = await approver.locator('section[aria-labelledby="history-title"] tbody tr').allTextContents();
		expect(rows[0]).toContain('– → draft');
		expect(rows[1]).toContain('The date in the caption');
		expect(rows[2]).toContain('Checked: it is right.');
		expect(cli('queue', ['show', id]).out).toContain('Bakyt Approver <approver@example.org>  note: Checked: it is right.');
	});
}

test('the queue is searched by caption and title, without JavaScript', async ({ browser }) => {
	const id = makeDraft({ locale: 'en' });
	const word = `zebra${Date.now().toString(36)}`;
	const page = await (await as(browser, 'editor', false)).newPage();
	await page.goto(`/admin/posts/${id}/`);
	const caption = page.getByRole('textbox', { name: 'Caption' });
	await caption.fill(`${await caption.inputValue()} #${word.toUpperCase()}`);
	await page.getByRole('button', { name: 'Save' }).click();
	await page.goto('/admin/posts/');
	await page.getByLabel('Search captions and titles').fill(word);
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page.getByText(`1 post matching “${word}”`)).toBeVisible();
	expect(await idsIn(page)).toEqual([id]);
	// By the item's title, in English, with the other filters.
	await page.goto('/admin/posts/?q=erasmus&channel=bluesky');
	for (const row of await page.locator('table.queue-table tbody tr').allTextContents()) expect(row.toLowerCase()).toContain('erasmus');
});

test('compose a topic’s carousel without JavaScript: refused for a channel that posts no sets, then made as one post of its slides, served to the networks once approved', async ({ browser }) => {
	const context = await as(browser, 'editor', false);
	const page = await context.newPage();
	await page.goto('/admin/posts/new/?item=topic/youth-education&locale=en&channel=telegram&channel=mastodon');
	await page.getByRole('checkbox', { name: 'Send a topic as a carousel' }).check();
	await page.getByRole('button', { name: 'Continue: write the captions' }).click();
	await expect(page.locator('#formats-error')).toHaveText('mastodon cannot post a carousel as one set. Leave mastodon out, or send single cards.');
	await expect(page.getByRole('checkbox', { name: 'Send a topic as a carousel' })).toBeChecked();
	await page.getByRole('checkbox', { name: 'mastodon' }).uncheck();
	await page.getByRole('button', { name: 'Continue: write the captions' }).click();
	await expect(page.getByTestId('carousel-en-telegram')).toHaveText(/^A carousel of [4-6] slides\.$/);
	const count = Number(/\d+/.exec(await page.getByTestId('carousel-en-telegram').innerText())![0]);
	await page.getByLabel('Date', { exact: true }).fill('2031-08-01');
	await page.getByRole('button', { name: 'Create 1 draft' }).click();
	await expect(page).toHaveURL(/\/admin\/posts\/[0-9a-f-]{36}\/\?created$/);

	// The post keeps the topic's slides, in order, and shows them (each slide's alt text says which it is).
	const id = new URL(page.url()).pathname.split('/')[3]!;
	const images = page.getByTestId('slides').locator('img');
	await expect(images).toHaveCount(count);
	await expect(images.last()).toHaveAttribute('alt', new RegExp(`^${count}/${count}\\. `));
	// Once approved, each slide is served as a JPEG at the address the networks fetch it from.
	expect(cli('queue', ['approve', id, '--as', 'test']).code).toBe(0);
	const last = await context.request.get(`/cards/posts/${id}/square-${count}.jpg`);
	expect([last.status(), last.headers()['content-type']]).toEqual([200, 'image/jpeg']);
	expect((await context.request.get(`/cards/posts/${id}/square-${count + 1}.jpg`)).status()).toBe(404);
	await context.close();
});
