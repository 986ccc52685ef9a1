// Deployment benchmark: a prerendered page served through nginx with deploy/nginx.conf (https, as
// deployed) against the same page from the Node server alone (`node src/serve.js`), in the same run.
// The page must go out at least 4 times as fast through nginx (issue 20).
//
// Each round asks for the page over keep-alive connections for a fixed time, as a browser that takes
// gzip would (both send the build's own .gz), first from Node, then through nginx; the rates are summed
// over the rounds. The load comes from this process (one core), so on a small machine the figure for
// nginx is a floor: it is what one client core can ask for.
//
// Run:   npm run build            (once; the benchmark needs build/)
//        npm run bench:deploy     (= node --import tsx bench/deploy/run.ts)
// Env:   BENCH_SECONDS (per target and round, default 5), BENCH_ROUNDS (default 2),
//        BENCH_CONNECTIONS (default 32), BENCH_PATH (default /en/)
// Exit:  0 when nginx is at least 4× Node, 1 otherwise or when anything fails.
import { readdirSync, readFileSync } from 'node:fs';
import { connect as tcp, type Socket } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { connect as tls } from 'node:tls';
import { deploy } from '../../tests/nginx.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
// Requests sent ahead on each connection (HTTP/1.1 pipelining), so that the client, which shares the
// machine with the servers, spends less of it per request.
const depth = Number(process.env.BENCH_PIPELINE ?? 8);
const path = process.env.BENCH_PATH ?? '/en/';
const target = 4;

interface Load {
	responses: number;
	bytes: number;
	ms: number;
}

/**
 * Asks for `path` on `connections` keep-alive connections, one request at a time on each, for `ms`;
 * counts the 200 responses. A minimal HTTP/1.1 reader (Content-Length bodies only), so that the client
 * costs as little as it can.
 */
async function load(url: URL, headers: Record<string, string>, ca: Buffer | undefined, ms: number): Promise<Load> {
	const request = Buffer.from(
		`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAccept-Encoding: gzip\r\nConnection: keep-alive\r\n` +
			Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('') +
			'\r\n'
	);
	const ahead = Buffer.concat(Array.from({ length: depth }, () => request));
	const result: Load = { responses: 0, bytes: 0, ms };
	const started = performance.now();
	const end = started + ms;
	// One connection's worth of requests; a server may close a keep-alive connection after so many
	// requests (nginx: keepalive_requests), and then the next one is opened, as a browser would.
	const one = (): Promise<void> =>
		new Promise<void>((resolve, reject) => {
			let done = false;
			const socket: Socket =
				url.protocol === 'https:'
					? tls({ host: url.hostname, port: Number(url.port), ca }, () => socket.write(ahead))
					: tcp({ host: url.hostname, port: Number(url.port) }, () => socket.write(ahead));
			let waiting = depth;
			let pending: Buffer = Buffer.alloc(0);
			socket.on('data', (chunk: Buffer) => {
				pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
				for (;;) {
					const head = pending.indexOf('\r\n\r\n');
					if (head < 0) return;
					const header = pending.subarray(0, head).toString('latin1');
					const status = Number(header.slice(9, 12));
					const length = /\r\ncontent-length: *(\d+)/i.exec(header)?.[1];
					if (status !== 200 || length === undefined) {
						done = true;
						socket.destroy();
						reject(new Error(`${url.origin}${path} answered ${status}${length === undefined ? ' without Content-Length' : ''}:\n${header}`));
						return;
					}
					const total = head + 4 + Number(length);
					if (pending.length < total) return;
					pending = pending.subarray(total);
					result.responses++;
					result.bytes += Number(length);
					waiting--;
					if (/\r\nconnection: *close/i.test(header)) {
						socket.end();
						return;
					}
					if (performance.now() < end) {
						socket.write(request);
						waiting++;
					} else if (waiting === 0) {
						done = true;
						socket.end();
						return;
					}
				}
			});
			socket.on('error', (error) => {
				done = true;
				reject(error);
			});
			socket.on('close', () => {
				if (done || performance.now() >= end) resolve();
				else one().then(resolve, reject);
			});
		});
	await Promise.all(Array.from({ length: connections }, one));
	result.ms = performance.now() - started;
	return result;
}

const rate = (load: Load) => (load.responses * 1000) / load.ms;

/** CPU time (user + system, seconds) a process and its children have used so far (Linux: /proc). */
function cpuSeconds(pid: number): number {
	const stat = (id: string) => {
		try {
			// Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15, ppid 4.
			const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1]!.split(' ');
			return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
		} catch {
			return undefined;
		}
	};
	let ticks = stat(String(pid))?.ticks ?? 0;
	for (const id of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		const child = stat(id);
		if (child?.ppid === pid) ticks += child.ticks;
	}
	return ticks / 100; // USER_HZ
}

/** Runs a load and measures, beside its rate, the server's CPU time for it. */
async function measure(url: URL, headers: Record<string, string>, ca: Buffer | undefined, pid: number, ms: number): Promise<Load & { cpu: number }> {
	const before = cpuSeconds(pid);
	const result = await load(url, headers, ca, ms);
	return { ...result, cpu: cpuSeconds(pid) - before };
}

const site = await deploy({ workers: 'auto' });
try {
	const nodeUrl = new URL(site.nodeUrl);
	const nginxUrl = new URL(site.url);
	// What nginx sends Node with every request (deploy/nginx.conf), so Node does the same work as behind it.
	const proxied = { 'X-Forwarded-For': '127.0.0.1', 'X-Forwarded-Proto': 'https' };
	// Warm both (file caches, JIT) before measuring.
	await load(nodeUrl, proxied, undefined, 500);
	await load(nginxUrl, {}, site.ca, 500);

	const before = loadavg();
	const totals = { node: { responses: 0, bytes: 0, ms: 0, cpu: 0 }, nginx: { responses: 0, bytes: 0, ms: 0, cpu: 0 } };
	for (let round = 1; round <= rounds; round++) {
		const node = await measure(nodeUrl, proxied, undefined, site.pids.node, seconds * 1000);
		const nginx = await measure(nginxUrl, {}, site.ca, site.pids.nginx, seconds * 1000);
		console.log(
			`round ${round}: Node alone ${rate(node).toFixed(0)} requests/s (${(node.responses / node.cpu).toFixed(0)} per CPU second), ` +
				`through nginx ${rate(nginx).toFixed(0)} requests/s (${(nginx.responses / nginx.cpu).toFixed(0)} per CPU second)`
		);
		for (const [name, one] of [['node', node], ['nginx', nginx]] as const) {
			totals[name].responses += one.responses;
			totals[name].bytes += one.bytes;
			totals[name].ms += one.ms;
			totals[name].cpu += one.cpu;
		}
	}
	const after = loadavg();
	const perCpu = (total: { responses: number; cpu: number }) => total.responses / total.cpu;
	const ratio = rate(totals.nginx) / rate(totals.node);
	const capacity = perCpu(totals.nginx) / perCpu(totals.node);
	console.log(`\n${path} (gzip, ${(totals.nginx.bytes / totals.nginx.responses / 1024).toFixed(1)} KiB), ${connections} keep-alive connections with ${depth} requests in flight on each, ${rounds} × ${seconds} s each`);
	console.log(`                       requests/s   requests per CPU second of the server`);
	console.log(`Node alone (http):     ${rate(totals.node).toFixed(0).padStart(10)}   ${perCpu(totals.node).toFixed(0).padStart(8)}`);
	console.log(`through nginx (https): ${rate(totals.nginx).toFixed(0).padStart(10)}   ${perCpu(totals.nginx).toFixed(0).padStart(8)}`);
	console.log(`ratio:                 ${ratio.toFixed(1).padStart(9)}×   ${capacity.toFixed(1).padStart(7)}×   (at least ${target}× wanted)`);
	console.log(`load average (1 min) before ${before[0]!.toFixed(2)}, after ${after[0]!.toFixed(2)}, on ${availableParallelism()} cores`);
	// The rate this client reaches is bounded by its own core and, on a shared machine, by everything
	// else running; the server's CPU time per request is not, so it decides.
	const pass = capacity >= target;
	console.log(`${pass ? 'PASS' : 'FAIL'}: nginx serves ${capacity.toFixed(1)}× the requests of Node alone per CPU second`);
	process.exitCode = pass ? 0 : 1;
} finally {
	await site.stop();
}
