/**
 * The calendar to plan with (move a post to another day by dragging it, or with its Move form without
 * JavaScript; the edit page's role rule on the server; an empty week points to the next post) and the
 * channels page's last success and failure. In a real browser against the built server and its SQLite file.
 */
import { expect, test, type Browser } from '@playwright/test';
import { join } from 'node:path';
import { openDb } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { setPaused } from '#lib/server/store/channel-settings.ts';
import { needsNewToken } from '#lib/server/publishing/channels/meta.ts';
import { utcToZoned, zonedToUtc } from '#lib/core/time.ts';
import { dataDir, makeDraft, origin, stateFile, threadsTokenExpires, type TestUser } from './admin.ts';
import { noViolations } from './axe.ts';

// Each test makes its posts with the CLI (a process each) on a machine that may be busy.
test.describe.configure({ timeout: 90_000 });

/** The test server's queue, read and changed in this process (quicker than a CLI process each time). */
let db: ReturnType<typeof openDb> | undefined;
const queue = () => new Queue((db ??= openDb(join(dataDir, 'caravan.db'))));
/** A draft of a topic for the outbox at a wall-clock time in a zone, made in this process: its id. */
const draft = ({ at, zone, locale = 'kk' }: { at: string; zone: string; locale?: 'kk' | 'en' }) =>
	queue().create(
		{ item_kind: 'topic', item_slug: 'youth-education', locale, channel: 'outbox', caption: `Calendar ${at}`, alt: 'A card', scheduled_utc: zonedToUtc(at, zone).toISOString(), zone },
		'test'
	).post.id;

function stored(id: string) {
	const post = queue().get(id)!;
	return { state: post.state, scheduled_utc: post.scheduled_utc, zone: post.zone, local_time: utcToZoned(new Date(post.scheduled_utc), post.zone) };
}

/** A form posted as a browser without JavaScript posts it: the answer is the page, with the action's status. */
const headers = { origin, accept: 'text/html' };

const as = async (browser: Browser, who: TestUser, javaScriptEnabled = true) =>
	(await browser.newContext({ storageState: stateFile(who), javaScriptEnabled })).newPage();

// A week in Brussels whose clocks go forward on its Sunday (27 March 2033): a post moved from Friday to
// Sunday keeps 10:00 on the calendar's clock, so its UTC time moves by two days less an hour. The post's
// own zone (Almaty, no change of clocks) stays its zone.
const week = '/admin/calendar/?view=week&zone=Europe/Brussels&date=2033-03-21';
const moved = { scheduled_utc: '2033-03-27T08:00:00.000Z', local_time: '2033-03-27T13:00', zone: 'Asia/Almaty', state: 'draft' };

test('drag a post to another day: it keeps its time on the calendar’s clock, and the audit log says who moved it', async ({ browser }) => {
	const id = draft({ at: '2033-03-25T14:00', zone: 'Asia/Almaty' }); // 09:00 UTC, 10:00 in Brussels
	const page = await as(browser, 'editor');
	await page.goto(week);
	const entry = page.locator(`li[data-post="${id}"]`);
	// Its network by mark and name, its card picture, its time on the calendar's clock.
	await expect(entry.locator('.entry-link')).toContainText('10:00 outbox · kk Youth, education, research and culture');
	await expect(entry.locator('.network svg.network-mark')).toHaveCount(1);
	await expect(entry.locator('img.entry-card')).toHaveAttribute('loading', 'lazy');
	await expect.poll(() => entry.locator('img.entry-card').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200);
	await expect(entry).toHaveAttribute('draggable', 'true'); // once the script runs
	await entry.dragTo(page.locator('[data-date="2033-03-27"]'));
	await expect(page.getByTestId('moved')).toContainText('to 2033-03-27 10:00 (Europe/Brussels)');
	await expect(page.locator(`[data-date="2033-03-27"] li[data-post="${id}"]`)).toContainText('10:00 outbox');
	expect(stored(id)).toMatchObject(moved);
	expect(queue().audit(id).at(-1)).toMatchObject({
		actor: 'Dilnoza Editor <editor@example.org>',
		from_state: 'draft',
		to_state: 'draft',
		reason: 'edited (scheduled_utc): moved on the calendar to 2033-03-27 10:00 Europe/Brussels'
	});
	// Its history says it in words, not the stored column names.
	await page.goto(`/admin/posts/${id}/`);
	await expect(page.locator('section[aria-labelledby="history-title"] tbody tr').last()).toContainText('edited: time; moved on the calendar to 2033-03-27 10:00 Europe/Brussels');

	// The month's days take a drop the same way: back to the Friday.
	await page.goto('/admin/calendar/?view=month&zone=Europe/Brussels&date=2033-03-01');
	await expect(entry).toHaveAttribute('draggable', 'true');
	await entry.dragTo(page.locator('td[data-date="2033-03-25"]'));
	await expect(page.locator(`td[data-date="2033-03-25"] li[data-post="${id}"]`)).toContainText('10:00 outbox');
	expect(stored(id)).toMatchObject({ scheduled_utc: '2033-03-25T09:00:00.000Z', zone: 'Asia/Almaty' });
	await page.context().close();
});

test('without JavaScript, each entry’s Move form does the same, from the keyboard too', async ({ browser }) => {
	const id = draft({ at: '2033-03-24T14:00', zone: 'Asia/Almaty' });
	const page = await as(browser, 'editor', false);
	await page.goto(week);
	const entry = page.locator(`li[data-post="${id}"]`);
	await expect(entry).not.toHaveAttribute('draggable', /.*/);
	await entry.locator('summary').focus();
	await page.keyboard.press('Enter'); // opens the Move form
	await entry.getByLabel('New date').fill('2033-03-27');
	await expect(entry.locator('.move .hint')).toHaveText('Keeps 10:00 (Europe/Brussels).');
	await entry.getByRole('button', { name: 'Move', exact: true }).click();
	await expect(page.getByTestId('moved')).toBeVisible();
	await expect(page).toHaveURL(/date=2033-03-27/);
	expect(stored(id)).toMatchObject(moved);
	await page.context().close();
});

test('the server refuses a move the edit page refuses: an approved post by an editor, a cancelled post by anyone', async ({ browser }) => {
	const id = draft({ locale: 'en', at: '2033-03-23T14:00', zone: 'Asia/Almaty' });
	queue().approve(id, 'test');
	const editor = await as(browser, 'editor');
	await editor.goto(week);
	const entry = editor.locator(`li[data-post="${id}"]`);
	await expect(entry.locator('.state')).toHaveText('approved');
	await expect(entry).not.toHaveAttribute('draggable', /.*/);
	await expect(entry.locator('details.move')).toHaveCount(0);
	const form = { id, date: '2033-03-26', zone: 'Europe/Brussels', view: 'week' };
	const refused = await editor.request.post('/admin/calendar/?/move', { form, headers, maxRedirects: 0 });
	expect(refused.status()).toBe(403);
	// The edit page refuses the same editor the same change.
	const edit = await editor.request.post(`/admin/posts/${id}/?/save`, {
		form: { caption: 'Changed', alt: 'A card', date: '2033-03-26', time: '14:00', zone: 'Asia/Almaty' },
		headers,
		maxRedirects: 0
	});
	expect(edit.status()).toBe(409);
	expect(stored(id)).toMatchObject({ state: 'approved', local_time: '2033-03-23T14:00' });

	// An approver may: the post goes back to draft, to be approved again.
	const approver = await as(browser, 'approver');
	expect((await approver.request.post('/admin/calendar/?/move', { form, headers, maxRedirects: 0 })).status()).toBe(303);
	expect(stored(id)).toMatchObject({ state: 'draft', local_time: '2033-03-26T14:00' });

	// A cancelled post is not moved by anyone, and says why.
	queue().cancel(id, 'test');
	const cancelled = await approver.request.post('/admin/calendar/?/move', { form: { ...form, date: '2033-03-27' }, headers, maxRedirects: 0 });
	expect(cancelled.status()).toBe(409);
	expect(await cancelled.text()).toContain('is cancelled: it can no longer be moved.');
	expect(stored(id)).toMatchObject({ state: 'cancelled', local_time: '2033-03-26T14:00' });
	await editor.context().close();
	await approver.context().close();
});

test('an empty week says so and leads to the week of the next post', async ({ browser }) => {
	const id = draft({ at: '2036-02-14T12:00', zone: 'Asia/Almaty' });
	const page = await as(browser, 'editor');
	await page.goto('/admin/calendar/?view=week&zone=Asia/Almaty&date=2036-01-07');
	await expect(page.getByTestId('empty')).toContainText('No posts this week. Next post: Thursday 14 February 2036 — go to that week');
	await page.getByRole('link', { name: 'go to that week' }).click();
	await expect(page.locator(`[data-date="2036-02-14"] li[data-post="${id}"]`)).toBeVisible();
	await page.context().close();
});

test('the channels page shows each channel’s last success and last failure with their posts, in plain words', async ({ browser }) => {
	// Published and failed as the publisher records it, through the queue, for posts due long ago that
	// no other test has: claimed with a clock of that time, in one transaction, so that no scheduler
	// another test runs can take them first.
	const queue = new Queue((db ??= openDb(join(dataDir, 'caravan.db'))));
	const [published, failed] = db.transaction(() => {
		const ids = ['2001-01-01', '2001-01-02'].map(
			(day) => queue.create({ item_kind: 'topic', item_slug: 'youth-education', locale: 'en', channel: 'webhook', caption: `Channels page ${day}`, scheduled_utc: `${day}T09:00:00.000Z`, zone: 'UTC' }, 'test').post.id
		);
		for (const id of ids) queue.approve(id, 'test');
		const claimed = new Queue(db!, () => new Date('2001-02-01T00:00:00Z')).claimDue('e2e-channels', { leaseMs: 60_000 });
		expect(claimed.map((post) => post.id).sort()).toEqual([...ids].sort());
		return ids as [string, string];
	})();
	queue.published(published, 'e2e-channels', { id: 'hook-1', url: 'https://hooks.example.org/posts/1' });
	queue.failed(failed, 'e2e-channels', 'rejected by the network: the receiver answered 401 (wrong key)');

	const page = await as(browser, 'admin');
	await page.goto('/admin/channels/');
	const webhook = page.getByTestId('channel-webhook');
	await expect(webhook.getByRole('heading', { level: 2 })).toHaveText('webhook');
	await expect(webhook).toContainText('Not yet: posts for webhook cannot go out.');
	const success = webhook.getByTestId('last-success');
	await expect(success.getByRole('link', { name: 'Youth, education, research and culture (en)' })).toHaveAttribute('href', `/admin/posts/${published}/`);
	await expect(success.getByRole('link', { name: 'see it on webhook' })).toHaveAttribute('href', 'https://hooks.example.org/posts/1');
	const failure = webhook.getByTestId('last-failure');
	await expect(failure).toContainText('The network refused the post.');
	await expect(failure).toContainText('What was said: The receiver answered 401 (wrong key)');
	await expect(failure.getByRole('link')).toHaveAttribute('href', `/admin/posts/${failed}/`);
	await expect(webhook).toContainText('post needs a person to look');
	// The last 24 hours' posts: the one published above at least (other tests may publish there too);
	// a webhook has no daily limit, Instagram's is 100.
	await expect(webhook.locator('dt:text-is("Published in the last 24 hours") + dd')).toHaveText(/^[1-9]\d*$/);
	await expect(page.getByTestId('channel-instagram').getByTestId('last-day')).toHaveText(/^\d+ of 100 allowed$/);
	// Threads's token expires in under a week (the test server's settings): its date, the days left, what to do.
	const expires = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${threadsTokenExpires}T00:00:00Z`));
	const access = page.getByTestId('channel-threads').getByTestId('access');
	await expect(access.locator('strong')).toHaveText(new RegExp(`^${expires} \\(in [45] days\\)$`));
	await expect(access).toContainText('Ask whoever runs the server to renew it before then (see Help).');
	await expect(page.getByTestId('channel-telegram').getByTestId('access')).toHaveCount(0); // no expiry known there
	// No setting's name on the page: those are for the README.
	expect(await page.locator('main').innerText()).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
	await noViolations(page, 'channels with a success and a failure');
	// The overview warns too, where the whole team looks.
	await page.goto('/admin/');
	await expect(page.locator('section[aria-labelledby="channels-title"] li', { hasText: 'threads' })).toContainText(/— its token expires in [45] days: make a new one/);
	await page.context().close();
});

test('approving warns, where it is done, of a paused channel and of content that changed since the post was made', async ({ browser }) => {
	// Threads is set up on the test server; paused here as the scheduler pauses it when the network refuses
	// its token (no other test posts there), resumed after.
	const id = makeDraft({ locale: 'en', channel: 'threads', at: '2034-05-02T10:00', zone: 'UTC' });
	// The post's card as an older version of the item made it: one of its words is not the content's now.
	const database = (db ??= openDb(join(dataDir, 'caravan.db')));
	const row = database.prepare('SELECT card FROM posts WHERE id = ?').get(id) as { card: string };
	const card = JSON.parse(row.card) as Record<string, unknown>;
	const word = Object.keys(card).find((key) => typeof card[key] === 'string' && card[key] !== '')!;
	database.prepare('UPDATE posts SET card = ? WHERE id = ?').run(JSON.stringify({ ...card, [word]: `An older ${word}` }), id);
	setPaused(database, 'threads', true, 'scheduler (e2e)', needsNewToken('Threads', 'THREADS_TOKEN'));
	try {
		const page = await as(browser, 'approver');
		await page.goto(`/admin/posts/${id}/`);
		await expect(page.getByTestId('channel-warning')).toHaveText('threads is paused: the post will wait, approved, and go out as soon as an admin resumes threads.');
		await expect(page.getByTestId('content-changed').getByRole('heading', { level: 2 })).toHaveText('A newer version of this item exists');
		await page.getByRole('button', { name: 'Approve', exact: true }).click();
		await expect(page.locator('#channel-ok-error')).toHaveText('Tick the box to approve it all the same, although threads is paused.');
		await expect(page.getByTestId('state')).toHaveText('draft');
		await page.context().close();

		// The channels page says why, in words for the team: no setting's name.
		const admin = await as(browser, 'admin');
		await admin.goto('/admin/channels/');
		await expect(admin.getByTestId('channel-threads').getByTestId('publishing')).toHaveText(
			'Paused: needs a new token: Threads refused it (it expired or was withdrawn). Whoever runs the server makes a new one (see Help); then resume the channel.'
		);
		await admin.context().close();
	} finally {
		setPaused(database, 'threads', false, 'test');
	}
});
