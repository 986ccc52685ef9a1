/**
 * The live count in the built server (`node src/serve.js`, so `npm run build` first): prerendered and
 * rendered pages counted, bots and everything that is no page left out, the counts written on their
 * timer and at shutdown; and nginx's log of the same requests, imported, gives the same counts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createDb } from '#lib/server/store/database.ts';
import { importLog } from './import.ts';
import { visitRows } from './store.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-visits-'));
const children: ChildProcess[] = [];
// A test that fails half-way leaves no server running.
afterAll(async () => {
	for (const child of children) await stop(child);
	rmSync(dir, { recursive: true, force: true });
});

const phone = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
const bot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

async function serve(name: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess; file: string; output: () => string }> {
	const data = join(dir, name);
	const file = join(data, 'caravan.db');
	createDb(file).db.close();
	const child = spawn(process.execPath, ['src/serve.js'], {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CARAVAN_DATA_DIR: data, CARAVAN_DATABASE: file, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.push(child);
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const deadline = setTimeout(() => reject(new Error(`the server did not start within 30 s:\n${output}`)), 30_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk;
			const port = /serving on http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
			if (port) {
				clearTimeout(deadline);
				resolve(`http://127.0.0.1:${port}`);
			}
		});
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
		child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
	});
	return { url, child, file, output: () => output };
}

async function stop(child: ChildProcess): Promise<number | null> {
	if (child.exitCode !== null) return child.exitCode;
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	return exited;
}

interface Sent {
	method: string;
	target: string;
	ua: string;
	referer?: string;
}

// Prerendered pages (served from disk, without hooks), a rendered one (a quiz question), the 404 page,
// a card, the dashboard, a feed, HEAD, a bot, no user agent: three are visits, each counted once.
const requests: Sent[] = [
	{ method: 'GET', target: '/en/', ua: phone },
	{ method: 'GET', target: '/ru/topics/connectivity/?utm_source=telegram&utm_medium=social&utm_campaign=manual&utm_content=abc', ua: phone, referer: 'https://t.me/caravan/7' },
	{ method: 'GET', target: '/kk/quiz/1/', ua: phone },
	{ method: 'GET', target: '/en/', ua: bot },
	{ method: 'GET', target: '/en/', ua: '' },
	{ method: 'HEAD', target: '/en/', ua: phone },
	{ method: 'GET', target: '/en/no-such-page/', ua: phone },
	{ method: 'GET', target: '/cards/en/page/home/og.png', ua: phone },
	{ method: 'GET', target: '/admin/sign-in/', ua: phone },
	{ method: 'GET', target: '/en/feed.xml', ua: phone }
];

const stamp = (at: Date) => {
	const [weekday, day, month, year, time] = at.toUTCString().split(/,? /);
	void weekday;
	return `${day}/${month}/${year}:${time} +0000`;
};

test('page views are counted live, bots and non-pages left out; the same requests in nginx’s log count the same', async () => {
	const { url, child, file, output } = await serve('live', { VISIT_FLUSH_SECONDS: '1' });
	const log: string[] = [];
	for (const request of requests) {
		const at = new Date();
		const response = await fetch(url + request.target, {
			method: request.method,
			headers: { 'user-agent': request.ua, ...(request.referer ? { referer: request.referer } : {}) },
			redirect: 'manual'
		});
		await response.arrayBuffer();
		log.push(`198.51.100.4 - - [${stamp(at)}] "${request.method} ${request.target} HTTP/1.1" ${response.status} 100 "${request.referer ?? '-'}" "${request.ua || '-'}"\n`);
	}
	expect(log.filter((line) => line.includes('" 200 ')).length, log.join('')).toBeGreaterThanOrEqual(6);

	// Written by the timer, while the server runs.
	const db = createDb(file).db;
	const deadline = Date.now() + 15_000;
	while (visitRows(db).reduce((sum, row) => sum + row.views, 0) < 3) {
		if (Date.now() > deadline) throw new Error(`no counts after 15 s:\n${output()}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	// The last views before a shutdown are written at the shutdown.
	const last = await fetch(`${url}/uz/privacy/`, { headers: { 'user-agent': phone } });
	expect(last.status).toBe(200);
	log.push(`198.51.100.4 - - [${stamp(new Date())}] "GET /uz/privacy/ HTTP/1.1" 200 100 "-" "${phone}"\n`);
	expect(await stop(child)).toBe(0);

	const live = visitRows(db);
	db.close();
	expect(live.map((row) => [row.path, row.locale, row.referrer, row.utm_source, row.utm_content, row.views])).toEqual([
		['/en/', 'en', '', '', '', 1],
		['/kk/quiz/1/', 'kk', '', '', '', 1],
		['/ru/topics/connectivity/', 'ru', 't.me', 'telegram', 'abc', 1],
		['/uz/privacy/', 'uz', '', '', '', 1]
	]);

	// nginx's log of the same requests, imported into another database: the same rows.
	const other = createDb(join(dir, 'imported', 'caravan.db')).db;
	writeFileSync(join(dir, 'access.log'), log.join(''));
	await importLog(other, join(dir, 'access.log'));
	expect(visitRows(other)).toEqual(live);
	other.close();
}, 60_000);

test('VISIT_COUNTING=off counts nothing', async () => {
	const { url, child, file } = await serve('off', { VISIT_COUNTING: 'off' });
	expect((await fetch(`${url}/en/`, { headers: { 'user-agent': phone } })).status).toBe(200);
	expect(await stop(child)).toBe(0);
	const db = createDb(file).db;
	expect(visitRows(db)).toEqual([]);
	db.close();
}, 30_000);
