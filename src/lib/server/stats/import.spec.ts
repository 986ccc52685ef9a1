import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openDb } from '#lib/server/store/database.ts';
import { ImportError, importLog, parseLine, parseLocalTime } from './import.ts';
import { visitRows } from './store.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
	const folder = join(dir, String(++n));
	return { db: openDb(join(folder, 'caravan.db')), log: join(folder, 'access.log') };
};

const phone = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
/** One line of nginx's combined format. */
const line = (target: string, { status = 200, method = 'GET', ua = phone, referer = '-', time = '07/Dec/2026:14:03:59 +0100', ip = '203.0.113.7' } = {}) =>
	`${ip} - - [${time}] "${method} ${target} HTTP/1.1" ${status} 5120 "${referer}" "${ua}"\n`;

describe('reading the combined format', () => {
	test('a line: time as an instant, request, status, referrer, user agent (with nginx’s \\x escapes)', () => {
		expect(parseLocalTime('07/Dec/2026:00:30:00 +0500')?.toISOString()).toBe('2026-12-06T19:30:00.000Z');
		expect(parseLine(line('/en/?a=1', { referer: 'https://t.me/x', ua: 'Say \\x22hi\\x22' }))).toMatchObject({
			method: 'GET',
			target: '/en/?a=1',
			status: 200,
			referer: 'https://t.me/x',
			userAgent: 'Say "hi"'
		});
		expect(parseLine('203.0.113.7 - - [07/Dec/2026:14:03:59 +0100] "-" 400 0 "-" "-"')).toMatchObject({ method: undefined, status: 400 });
		for (const bad of ['', 'hello', '203.0.113.7 - - [yesterday] "GET / HTTP/1.1" 200 1 "-" "-"', '203.0.113.7 - - [07/Dec/2026:14:03:59 +0100] "GET / HTTP/1.1" 200']) {
			expect(parseLine(bad), bad).toBeUndefined();
		}
	});
});

describe('importing a log', () => {
	test('counts page views only, as the live rules do; the same log twice counts once', async () => {
		const { db, log } = fresh();
		writeFileSync(
			log,
			[
				line('/en/'),
				line('/en/?utm_source=telegram&utm_medium=social&utm_campaign=manual&utm_content=p1', { referer: 'https://t.me/caravan/5' }),
				line('/en/?utm_source=telegram&utm_medium=social&utm_campaign=manual&utm_content=p1', { referer: 'https://t.me/caravan/6', time: '07/Dec/2026:23:30:00 -0300' }),
				line('/ru/topics/water/', { ua: 'Googlebot/2.1 (+http://www.google.com/bot.html)' }),
				line('/ru/topics/water/', { ua: '-' }),
				line('/ru/topics/water/', { status: 304 }),
				line('/ru/topics/water/', { method: 'HEAD' }),
				line('/cards/ru/topic/water/og.png'),
				line('/admin/'),
				line('/en/feed.xml'),
				line('/_app/immutable/entry/start.js')
			].join('')
		);
		const first = await importLog(db, log);
		expect(first).toMatchObject({ lines: 11, before: 0, views: 3, bots: 2, skipped: { count: 0 }, partial: false });
		const rows = visitRows(db);
		expect(rows).toEqual([
			{ day: '2026-12-07', path: '/en/', locale: 'en', referrer: '', utm_source: '', utm_medium: '', utm_campaign: '', utm_content: '', views: 1 },
			{ day: '2026-12-07', path: '/en/', locale: 'en', referrer: 't.me', utm_source: 'telegram', utm_medium: 'social', utm_campaign: 'manual', utm_content: 'p1', views: 1 },
			{ day: '2026-12-08', path: '/en/', locale: 'en', referrer: 't.me', utm_source: 'telegram', utm_medium: 'social', utm_campaign: 'manual', utm_content: 'p1', views: 1 }
		]);
		expect(await importLog(db, log)).toMatchObject({ lines: 0, before: 11, views: 0 });
		expect(visitRows(db)).toEqual(rows);
		expect(JSON.stringify(db.prepare('SELECT * FROM visits').all())).not.toContain('203.0.113.7');
	});

	test('a grown log adds only its new lines; renamed by logrotate, it is still the same log', async () => {
		const { db, log } = fresh();
		writeFileSync(log, line('/en/') + line('/kk/'));
		await importLog(db, log);
		appendFileSync(log, line('/kk/') + line('/tg/'));
		renameSync(log, `${log}.1`);
		expect(await importLog(db, `${log}.1`)).toMatchObject({ lines: 2, before: 2, views: 2 });
		expect(visitRows(db).map((row) => [row.path, row.views])).toEqual([['/en/', 1], ['/kk/', 2], ['/tg/', 1]]);
	});

	test('a last line still being written waits for the next import', async () => {
		const { db, log } = fresh();
		const whole = line('/ky/');
		writeFileSync(log, line('/en/') + whole.slice(0, 20));
		expect(await importLog(db, log)).toMatchObject({ lines: 1, views: 1, partial: true });
		appendFileSync(log, whole.slice(20));
		expect(await importLog(db, log)).toMatchObject({ lines: 1, before: 1, views: 1, partial: false });
		expect(visitRows(db).map((row) => row.path)).toEqual(['/en/', '/ky/']);
	});

	test('malformed lines are skipped and reported with their numbers; the rest is counted', async () => {
		const { db, log } = fresh();
		const lines = [line('/en/'), 'garbage\n', line('/ru/'), '\n', ...Array.from({ length: 6 }, (_, i) => `broken ${i}\n`), line('/uz/')];
		writeFileSync(log, lines.join(''));
		const result = await importLog(db, log);
		expect(result.views).toBe(3);
		expect(result.skipped.count).toBe(8);
		expect(result.skipped.first).toEqual([
			{ line: 2, text: 'garbage' },
			{ line: 4, text: '' },
			{ line: 5, text: 'broken 0' },
			{ line: 6, text: 'broken 1' },
			{ line: 7, text: 'broken 2' }
		]);
	});

	test('clear errors: no such file; a file in another format is refused whole; the same first line with other content is refused', async () => {
		const { db, log } = fresh();
		await expect(importLog(db, join(dir, 'nope.log'))).rejects.toThrow(new ImportError(`${join(dir, 'nope.log')}: no such file`));
		writeFileSync(log, '{"json": "log"}\n{"json": "log2"}\n');
		await expect(importLog(db, log)).rejects.toThrow(/none of its 2 new lines is in nginx's combined log format \(line 1: /);
		expect(db.prepare('SELECT COUNT(*) FROM visit_imports').pluck().get()).toBe(0);
		writeFileSync(log, line('/en/') + line('/ru/'));
		await importLog(db, log);
		writeFileSync(log, line('/en/') + line('/kk/') + line('/kk/'));
		await expect(importLog(db, log)).rejects.toThrow(/starts like the log imported from .* but its first 2 lines are not the same/);
		expect(visitRows(db).map((row) => row.path)).toEqual(['/en/', '/ru/']);
	});
});
