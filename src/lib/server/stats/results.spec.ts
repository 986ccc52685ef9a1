import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openDb } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { results, visitsCsv } from './results.ts';
import { visitKey, type Visit } from './rules.ts';
import { addVisits } from './store.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const visit = (changes: Partial<Visit>): Visit => ({ day: '2026-12-07', path: '/en/', locale: 'en', referrer: '', utm_source: '', utm_medium: '', utm_campaign: '', utm_content: '', ...changes });

test('figures per day, language, channel, campaign, post, referring site and top pages; CSV of every count', () => {
	const db = openDb(join(dir, 'caravan.db'));
	const { post } = new Queue(db).create(
		{ item_kind: 'fact', item_slug: 'half-population-under-20', locale: 'kk', channel: 'telegram', caption: 'Жастар', alt: 'Карта', formats: ['square'], scheduled_utc: '2026-12-01T12:00:00.000Z', zone: 'Asia/Almaty' },
		'editor'
	);
	const marked = { utm_source: 'telegram', utm_medium: 'social', utm_campaign: 'topic-a-day-telegram', utm_content: post.id };
	addVisits(
		db,
		new Map([
			[visitKey(visit({})), 3],
			[visitKey(visit({ day: '2026-12-05', path: '/kk/facts/half-population-under-20/', locale: 'kk', referrer: 't.me', ...marked })), 5],
			[visitKey(visit({ day: '2026-12-06', path: '/ru/', locale: 'ru', referrer: 'mastodon.social', utm_source: 'mastodon', utm_medium: 'social', utm_campaign: 'manual', utm_content: 'gone-post' })), 2],
			[visitKey(visit({ day: '2026-11-01', path: '/en/', locale: 'en' })), 100],
			[visitKey(visit({ path: '=HYPERLINK("x")', locale: 'en', referrer: 'a,b' })), 1]
		])
	);
	const figures = results(db, { days: 7, now: new Date('2026-12-07T20:00:00Z') });
	expect(figures).toMatchObject({ from: '2026-12-01', to: '2026-12-07', total: 11, marked: 7 });
	expect(figures.byDay.map((row) => row.views)).toEqual([0, 0, 0, 0, 5, 2, 4]);
	expect(figures.byLocale).toEqual([{ label: 'kk', views: 5 }, { label: 'en', views: 4 }, { label: 'ru', views: 2 }]);
	expect(figures.byChannel).toEqual([{ label: 'telegram', views: 5 }, { label: 'mastodon', views: 2 }]);
	expect(figures.byCampaign).toEqual([{ label: 'topic-a-day-telegram', views: 5 }, { label: 'manual', views: 2 }]);
	expect(figures.byPost).toEqual([
		{ label: post.id, id: post.id, views: 5, post: { item_kind: 'fact', item_slug: 'half-population-under-20', channel: 'telegram', locale: 'kk', state: 'draft' } },
		{ label: 'gone-post', id: 'gone-post', views: 2, post: undefined }
	]);
	expect(figures.byReferrer).toEqual([{ label: 't.me', views: 5 }, { label: 'mastodon.social', views: 2 }, { label: 'a,b', views: 1 }]);
	expect(figures.topPages.find((entry) => entry.locale === 'en')?.pages).toEqual([{ label: '/en/', views: 3 }, { label: '=HYPERLINK("x")', views: 1 }]);

	const csv = visitsCsv(db).split('\r\n');
	expect(csv[0]).toBe('day,path,locale,referrer,utm_source,utm_medium,utm_campaign,utm_content,views');
	expect(csv).toContain('2026-11-01,/en/,en,,,,,,100');
	// A spreadsheet must not run a cell as a formula; commas and quotes are quoted.
	expect(csv).toContain(`2026-12-07,"'=HYPERLINK(""x"")",en,"a,b",,,,,1`);
	expect(csv).toHaveLength(7); // header, 5 rows, and the empty string after the last line break
	db.close();
});
