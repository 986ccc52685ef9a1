/**
 * bench/stats: what counting visits costs (src/lib/server/stats/).
 *
 *   npm run build && npm run bench:stats
 *
 * 1. The built server (`node src/serve.js`) with counting on and with it off, side by side, loaded in
 *    turn for ROUND_SECONDS each, ROUNDS times, with CONNECTIONS keep-alive connections asking for a
 *    prerendered page as a browser. Two figures: requests per second (each round's on/off ratio taken
 *    back to back; 1 − the median ratio), and the server's own CPU time per request (from /proc), which
 *    is what bounds a Node server's requests per second (one thread serves them all) and which other
 *    work on a shared machine does not inflate the way it does wall-clock rates. On a busy shared
 *    machine both are noisy (SAME=1 shows how noisy), so a third figure decides: the counter's own work
 *    per request, timed in this process over the real code (observe, the response's finish event, the
 *    rules, the tally, and the write to SQLite), as a share of the server's CPU time per request with
 *    counting off. Budget: counting costs ≤ 5%.
 * 2. An nginx access log of LINES lines (pages, assets, cards, bots, marked links; generated) imported
 *    into an empty database. Budget: 1,000,000 lines in ≤ 30 s.
 *
 * SAME=1 starts both servers with counting off, to see the method's own error on this machine.
 * Prints the figures and PASS or FAIL for each budget; exits 1 on a FAIL. PARTS=server or PARTS=import
 * runs one part.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { locales } from '#lib/core/i18n.ts';
import { createDb } from '#lib/server/store/database.ts';
import { importLog } from '#lib/server/stats/import.ts';
import { VisitCounter } from '#lib/server/stats/live.ts';
import { EventEmitter } from 'node:events';

const roundSeconds = Number(process.env.ROUND_SECONDS ?? 2);
const rounds = Number(process.env.ROUNDS ?? 10);
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

/** The process's CPU time so far (user + system), in clock ticks; undefined without /proc. */
function cpuTicks(pid: number | undefined): number | undefined {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return undefined;
	}
}

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
	return (await loadCounted(url, seconds)) / seconds;
}

/** Requests answered in `seconds`. */
async function loadCounted(url: string, seconds: number): Promise<number> {
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
	return done;
}

async function serverCost() {
	// SAME=1 runs both servers with counting off: what the method calls a cost when there is none.
	const on = await serve('on', !process.env.SAME);
	const off = await serve('off', false);
	// Warm both (the first requests read the files, JIT).
	await load(on.url, 1);
	await load(off.url, 1);
	const figures: { on: number[]; off: number[] } = { on: [], off: [] };
	const cpu = { on: { ticks: 0, requests: 0 }, off: { ticks: 0, requests: 0 } };
	const ratios: number[] = [];
	for (let round = 0; round < rounds; round++) {
		// Each first in turn, so that neither always meets the machine just after the other's load.
		const order = round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
		for (const which of order) {
			const server = which === 'on' ? on : off;
			const before = cpuTicks(server.child.pid);
			const answered = await loadCounted(server.url, roundSeconds);
			const after = cpuTicks(server.child.pid);
			figures[which].push(answered / roundSeconds);
			if (before !== undefined && after !== undefined) {
				cpu[which].ticks += after - before;
				cpu[which].requests += answered;
			}
		}
		ratios.push(figures.on.at(-1)! / figures.off.at(-1)!);
	}
	for (const { child } of [on, off]) {
		child.kill('SIGTERM');
		await once(child, 'exit');
	}
	const rpsOn = median(figures.on);
	const rpsOff = median(figures.off);
	const rateCost = (1 - median(ratios)) * 100;
	// Clock ticks are 10 ms (USER_HZ 100) on Linux; per request in µs.
	const perRequest = (which: 'on' | 'off') => (cpu[which].ticks * 10_000) / cpu[which].requests;
	const cpuCost = cpu.on.requests && cpu.off.requests ? (1 - perRequest('off') / perRequest('on')) * 100 : undefined;
	console.log(`server, ${page}, ${connections} connections, ${rounds} rounds of ${roundSeconds} s each way:`);
	console.log(`  counting off: ${rpsOff.toFixed(0)} requests/s (rounds: ${figures.off.map((x) => x.toFixed(0)).join(', ')})`);
	console.log(`  counting on:  ${rpsOn.toFixed(0)} requests/s (rounds: ${figures.on.map((x) => x.toFixed(0)).join(', ')})`);
	console.log(`  on/off per round: ${ratios.map((x) => x.toFixed(3)).join(', ')}; 1 − the median: ${rateCost.toFixed(1)}%`);
	if (cpuCost !== undefined) {
		console.log(`  server CPU per request: off ${perRequest('off').toFixed(0)} µs, on ${perRequest('on').toFixed(0)} µs (${cpu.off.requests} and ${cpu.on.requests} requests); difference ${cpuCost.toFixed(1)}%`);
	}
	const own = counterCost();
	// Without /proc, the rate with counting off stands in for the CPU time per request (a lower bound of the share).
	const base = cpuCost !== undefined ? perRequest('off') : 1_000_000 / rpsOff;
	const share = (own / base) * 100;
	console.log(`  the counter's own work: ${own.toFixed(2)} µs per counted request = ${share.toFixed(1)}% of the server's ${base.toFixed(0)} µs per request (budget ≤ 5%): ${verdict(share <= 5)}`);
}

/** µs per request of the live counter's whole path, over the real code, writes to SQLite included. */
function counterCost(): number {
	const file = join(dir, 'counter', 'caravan.db');
	createDb(file).db.close();
	const n = 200_000;
	// The same loop without the counter: what making the stand-in request and response costs, taken off.
	const run = (counter: VisitCounter | undefined) => {
		const started = performance.now();
		for (let i = 0; i < n; i++) {
			const req = { method: 'GET', url: i % 10 === 0 ? `${page}?utm_source=telegram&utm_medium=social&utm_campaign=manual&utm_content=p${i % 50}` : page, headers: { 'user-agent': browser, referer: 'https://t.me/x' } };
			const res = Object.assign(new EventEmitter(), { statusCode: 200 });
			counter?.observe(req as never, res as never);
			res.emit('finish');
			if (i % 20_000 === 0) counter?.flush(); // ten writes, as a server writing every few seconds would
		}
		counter?.close();
		return ((performance.now() - started) * 1000) / n;
	};
	const costs: number[] = [];
	for (let round = 0; round < 5; round++) costs.push(run(new VisitCounter(file, () => {})) - run(undefined));
	return Math.max(0, median(costs));
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
