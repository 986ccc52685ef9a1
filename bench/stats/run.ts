/**
 * bench/stats: what counting visits costs (src/lib/server/stats/).
 *
 *   npm run build && npm run bench:stats
 *
 * 1. The built server (`node src/serve.js`) with counting on and with it off, in alternating rounds
 *    of ROUND_SECONDS, each loaded with CONNECTIONS keep-alive connections asking for a prerendered
 *    page as a browser: requests per second, median of the rounds. Budget: counting costs ≤ 5%.
 * 2. An nginx access log of LINES lines (pages, assets, cards, bots, marked links; generated) imported
 *    into an empty database. Budget: 1,000,000 lines in ≤ 30 s.
 *
 * Prints the figures and PASS or FAIL for each budget; exits 1 on a FAIL. PARTS=server or PARTS=import
 * runs one part.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { locales } from '#lib/core/i18n.ts';
import { createDb } from '#lib/server/store/database.ts';
import { importLog } from '#lib/server/stats/import.ts';

const roundSeconds = Number(process.env.ROUND_SECONDS ?? 5);
const rounds = Number(process.env.ROUNDS ?? 3);
const connections = Number(process.env.CONNECTIONS ?? 16);
const lines = Number(process.env.LINES ?? 1_000_000);
const page = process.env.PAGE ?? '/en/topics/connectivity/';
const dir = mkdtempSync(join(tmpdir(), 'caravan-bench-stats-'));
const browser = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
let failed = false;
const verdict = (ok: boolean) => {
	failed ||= !ok;
	return ok ? 'PASS' : 'FAIL';
};

async function serve(name: string, counting: boolean): Promise<{ url: string; child: ChildProcess }> {
	const data = join(dir, name);
	createDb(join(data, 'caravan.db')).db.close();
	const child = spawn(process.execPath, ['src/serve.js'], {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CARAVAN_DATA_DIR: data, CARAVAN_DATABASE: join(data, 'caravan.db'), VISIT_COUNTING: counting ? 'on' : 'off' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk;
			const port = /serving on http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
			if (port) resolve(`http://127.0.0.1:${port}`);
		});
		child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
	});
	return { url, child };
}

/** Requests per second for `seconds`, `connections` requests in flight on keep-alive connections. */
async function load(url: string, seconds: number): Promise<number> {
	const agent = new Agent({ keepAlive: true, maxSockets: connections });
	const { hostname, port } = new URL(url);
	const one = () =>
		new Promise<void>((resolve, reject) => {
			const req = request({ agent, hostname, port, path: page, headers: { 'user-agent': browser, 'accept-encoding': 'gzip' } }, (res) => {
				if (res.statusCode !== 200) reject(new Error(`${page}: ${res.statusCode}`));
				res.resume();
				res.on('end', resolve);
			});
			req.on('error', reject);
			req.end();
		});
	const until = performance.now() + seconds * 1000;
	let done = 0;
	await Promise.all(
		Array.from({ length: connections }, async () => {
			while (performance.now() < until) {
				await one();
				done++;
			}
		})
	);
	agent.destroy();
	return done / seconds;
}

async function serverCost() {
	const on = await serve('on', true);
	const off = await serve('off', false);
	// Warm both (the first requests read the files, JIT).
	await load(on.url, 1);
	await load(off.url, 1);
	const figures: { on: number[]; off: number[] } = { on: [], off: [] };
	for (let round = 0; round < rounds; round++) {
		// Alternating, each first in turn, so that a busy moment of the machine falls on both.
		const order = round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
		for (const which of order) figures[which].push(await load(which === 'on' ? on.url : off.url, roundSeconds));
	}
	for (const { child } of [on, off]) {
		child.kill('SIGTERM');
		await once(child, 'exit');
	}
	const rpsOn = median(figures.on);
	const rpsOff = median(figures.off);
	const cost = (1 - rpsOn / rpsOff) * 100;
	console.log(`server, ${page}, ${connections} connections, ${rounds} rounds of ${roundSeconds} s each way:`);
	console.log(`  counting off: ${rpsOff.toFixed(0)} requests/s (rounds: ${figures.off.map((x) => x.toFixed(0)).join(', ')})`);
	console.log(`  counting on:  ${rpsOn.toFixed(0)} requests/s (rounds: ${figures.on.map((x) => x.toFixed(0)).join(', ')})`);
	console.log(`  cost: ${cost.toFixed(1)}% (budget ≤ 5%): ${verdict(cost <= 5)}`);
}

async function writeLog(file: string) {
	const out = createWriteStream(file);
	const topics = ['connectivity', 'water', 'youth-education', 'trade-investment', 'rule-of-law', 'energy'];
	const agents = [browser, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0', 'curl/8.5.0'];
	const start = Date.UTC(2026, 10, 1);
	const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
	const two = (n: number) => String(n).padStart(2, '0');
	let chunk = '';
	for (let i = 0; i < lines; i++) {
		const at = new Date(start + i * 2_500);
		const stamp = `${two(at.getUTCDate())}/${months[at.getUTCMonth()]}/${at.getUTCFullYear()}:${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`;
		const locale = locales[i % locales.length];
		const kind = i % 10;
		const target =
			kind < 5 ? `/${locale}/topics/${topics[i % topics.length]}/` :
			kind === 5 ? `/${locale}/?utm_source=telegram&utm_medium=social&utm_campaign=topic-a-day-telegram&utm_content=${(i % 500).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000` :
			kind === 6 ? `/_app/immutable/chunks/x${i % 50}.js` :
			kind === 7 ? `/cards/${locale}/topic/water/og.png` :
			`/${locale}/facts/`;
		const referer = i % 3 === 0 ? 'https://t.me/caravan/12' : i % 3 === 1 ? '-' : `https://www.google.com/`;
		chunk += `198.51.100.${i % 250} - - [${stamp}] "GET ${target} HTTP/1.1" ${i % 40 === 0 ? 304 : 200} ${5000 + (i % 900)} "${referer}" "${agents[i % agents.length]}"\n`;
		if (chunk.length > 1 << 20) {
			if (!out.write(chunk)) await once(out, 'drain');
			chunk = '';
		}
	}
	out.end(chunk);
	await once(out, 'finish');
}

async function importCost() {
	const file = join(dir, 'access.log');
	await writeLog(file);
	const db = createDb(join(dir, 'import', 'caravan.db')).db;
	const started = performance.now();
	const result = await importLog(db, file);
	const seconds = (performance.now() - started) / 1000;
	const again = performance.now();
	const second = await importLog(db, file);
	const againSeconds = (performance.now() - again) / 1000;
	db.close();
	console.log(`import, ${lines.toLocaleString('en')} lines (${(statSync(file).size / 2 ** 20).toFixed(0)} MB): ${seconds.toFixed(1)} s, ${result.views.toLocaleString('en')} page views, ${result.bots.toLocaleString('en')} by bots`);
	console.log(`  the same log again: ${second.lines} new lines in ${againSeconds.toFixed(1)} s`);
	const budget = (30 * lines) / 1_000_000;
	console.log(`  budget ≤ ${budget} s: ${verdict(seconds <= budget && second.lines === 0)}`);
}

// PARTS=server or PARTS=import runs one of the two.
const parts = (process.env.PARTS ?? 'server,import').split(',');
try {
	if (parts.includes('server')) await serverCost();
	if (parts.includes('import')) await importCost();
} finally {
	rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
