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
	// Each campaign's posts: in its languages, at its time of day in its zone (across any clock change),
	// linking pages in the post's language.
	expect(content.campaigns.length).toBeGreaterThan(0);
	for (const campaign of content.campaigns) {
		const own = posts.filter((post) => post.channel === campaign.channel && post.zone === campaign.zone);
		expect(own, campaign.id).toHaveLength(campaign.count * campaign.locales.length);
		expect(new Set(own.map((post) => post.locale)), campaign.id).toEqual(new Set(campaign.locales));
		for (const post of own) {
			expect(utcToZoned(new Date(post.scheduled_utc), campaign.zone), campaign.id).toMatch(new RegExp(`T${campaign.time}$`));
			expect(post.caption, campaign.id).toContain(`https://caravan.example.org/${post.locale}/`);
		}
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
