/**
 * The results page's engagement in a real browser: posts published on Mastodon and Telegram, with the
 * Mastodon post's reading a day after (as the scheduler's engagement job keeps it; the job itself is
 * tested against fakes in Vitest), shown without axe violations and fitting a phone; its CSV.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { openDb } from '#lib/server/store/database.ts';
import { keepReading } from '#lib/server/store/engagement.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { dataDir, stateFile } from './admin.ts';
import { noViolations } from './axe.ts';

test.use({ storageState: stateFile('admin') });

test('a post’s engagement beside its visits, Telegram’s row saying why it has none; axe-clean, fits 320 px; in the CSV', async ({ page }) => {
	const db = openDb(join(dataDir, 'caravan.db'), { create: false });
	const published = new Date(Date.now() - 2 * 24 * 60 * 60_000);
	const queue = new Queue(db, () => published);
	const publish = (channel: 'mastodon' | 'telegram', remote: string) => {
		const { post } = queue.create({ item_kind: 'topic', item_slug: 'connectivity', locale: 'ru', channel, caption: `Связи ${channel}`, scheduled_utc: published.toISOString(), zone: 'Asia/Bishkek' }, 'e2e');
		queue.approve(post.id, 'e2e');
		// Claim this post only: others in the shared test database are not this test's to move.
		db.prepare("UPDATE posts SET state = 'publishing', lease_owner = 'e2e' WHERE id = ?").run(post.id);
		queue.published(post.id, 'e2e', { id: remote });
		return post.id;
	};
	const mastodon = publish('mastodon', '109000000000000001');
	const telegram = publish('telegram', '4411');
	keepReading(db, { post_id: mastodon, checkpoint: '1d', read_at: new Date(published.getTime() + 24 * 60 * 60_000).toISOString(), metrics: { likes: 1234, reposts: 56, replies: 7 }, problem: null });
	db.close();

	await page.goto('/admin/results/');
	const table = page.locator('#engagement-posts');
	await expect(table.locator(`tr[data-post="${mastodon}"]`)).toContainText(/after 1 day \(read .+\)\s*1,234\s*56/);
	await expect(table.locator(`tr[data-post="${telegram}"]`)).toContainText('Telegram does not let bots read view counts.');
	await noViolations(page, '/admin/results/ with engagement');
	for (const width of [390, 320]) {
		await page.setViewportSize({ width, height: 700 });
		expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth), `${width} px`).toBeLessThanOrEqual(0);
	}

	const csv = await (await page.request.get('/admin/results/engagement.csv')).text();
	expect(csv).toContain(`${mastodon},`);
	expect(csv.split('\r\n').find((line) => line.startsWith(`${mastodon},`))).toMatch(/,mastodon,ru,manual,topic\/connectivity,0,1d,.*,,,1234,56,,7,,,$/);
});
