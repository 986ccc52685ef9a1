import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadContent } from '../src/lib/server/content/load';
import { openDb } from '../src/lib/server/db/index';
import { captionLength } from '../src/lib/captions';
import { Queue } from '../src/lib/server/queue/posts';
import { utcToZoned } from '../src/lib/server/queue/time';
import { planCampaigns } from './plan';

const dir = mkdtempSync(join(tmpdir(), 'caravan-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('campaigns become draft posts once, at the right local time, with captions that fit', () => {
	const content = loadContent();
	const queue = new Queue(openDb(join(dir, 'caravan.db')));
	const expected = content.campaigns.reduce((sum, campaign) => sum + campaign.count * campaign.locales.length, 0);

	expect(planCampaigns(content, queue, 'https://caravan.example.org')).toEqual({ created: expected, existing: 0 });
	expect(planCampaigns(content, queue, 'https://caravan.example.org')).toEqual({ created: 0, existing: expected });

	const posts = queue.list();
	expect(posts).toHaveLength(expected);
	for (const post of posts) {
		expect(post.state).toBe('draft');
		const { length, limit } = captionLength(post.channel as 'telegram', post.caption);
		expect(length, post.caption).toBeLessThanOrEqual(limit);
		expect(post.alt.length).toBeGreaterThan(20);
	}
	// The Telegram campaign: 18:00 in Tashkent every day, in Uzbek and Russian.
	const telegram = posts.filter((post) => post.channel === 'telegram');
	expect(new Set(telegram.map((post) => post.locale))).toEqual(new Set(['uz', 'ru']));
	for (const post of telegram) expect(utcToZoned(new Date(post.scheduled_utc), 'Asia/Tashkent')).toMatch(/T18:00$/);
	expect(telegram.find((post) => post.locale === 'uz')?.caption).toContain('https://caravan.example.org/uz/topics/');
	// The Mastodon campaign crosses no clock change here, but is kept in Brussels time: 10:00 there.
	for (const post of posts.filter((p) => p.channel === 'mastodon')) {
		expect(utcToZoned(new Date(post.scheduled_utc), 'Europe/Brussels')).toMatch(/T10:00$/);
	}
});
