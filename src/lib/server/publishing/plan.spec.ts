import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { loadContent } from '#lib/server/content/load.ts';
import { openDb } from '#lib/server/store/database.ts';
import { captionLength } from '#lib/core/captions.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { utcToZoned } from '#lib/core/time.ts';
import { planCampaigns } from './plan.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('campaigns become draft posts once, at the right local time, with captions that fit', () => {
	const content = loadContent();
	const db = openDb(join(dir, 'caravan.db'));
	const queue = new Queue(db);
	const expected = content.campaigns.reduce((sum, campaign) => sum + campaign.count * campaign.locales.length, 0);

	expect(planCampaigns(content, db, 'https://caravan.example.org')).toEqual({ created: expected, existing: 0 });
	expect(planCampaigns(content, db, 'https://caravan.example.org')).toEqual({ created: 0, existing: expected });

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

test('planning an already-planned queue takes no write lock: it finishes while another process holds it', () => {
	const content = loadContent();
	const file = join(dir, 'planned.db');
	const db = openDb(file);
	const expected = content.campaigns.reduce((sum, campaign) => sum + campaign.count * campaign.locales.length, 0);
	expect(planCampaigns(content, db, 'https://caravan.example.org').created).toBe(expected);

	const other = new Database(file);
	other.exec('BEGIN IMMEDIATE'); // held for the whole run: a planner that asked for it would fail after busy_timeout
	try {
		expect(planCampaigns(content, db, 'https://caravan.example.org')).toEqual({ created: 0, existing: expected });
	} finally {
		other.exec('ROLLBACK');
		other.close();
		db.close();
	}
}, 30_000);
