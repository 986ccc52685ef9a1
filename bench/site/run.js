// Site benchmark: page weight and Lighthouse mobile scores for six prerendered pages (the home
// page and one topic page in en and kk, a fact page in tk, the quiz in ru), measured against the
// production server.
//
// For each page it measures:
//   - transferred bytes and request count: every same-origin request Chromium made while loading
//     the page (HTML, CSS, JS, images, icons), as compressed bytes on the wire including response
//     headers, taken from Lighthouse's own network records (`network-requests`; the
//     `total-byte-weight` figure, all origins, is kept in the JSON for comparison). The HTML is
//     also fetched directly with `Accept-Encoding: br, gzip` to record its compressed size.
//   - Lighthouse scores (performance, accessibility, best-practices, seo) with Lighthouse's
//     default mobile emulation and simulated throttling, plus FCP, LCP, TBT and CLS.
// It prints a table and every accessibility / best-practices / SEO audit scoring below 1, and
// writes the raw figures to bench/site/results/latest.json.
//
// Run:   npm run build          (once; the benchmark needs build/)
//        npm run bench:site     (= node bench/site/run.js)
// Env:   CHROMIUM_PATH          browser to use (default /usr/bin/chromium)
// Exit:  1 if a target is missed (each is printed with PASS or FAIL), the build is missing, the
//        server does not start or a page fails to load.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromiumArgs, chromiumPath } from '../../tests/chromium.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS = join(ROOT, 'bench/site/results');
const PAGES = ['/en/', '/en/topics/youth-education/', '/kk/', '/kk/topics/youth-education/', '/tk/facts/affordable-broadband/', '/ru/quiz/'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
// The targets of the site's issue: 100 in every category on every page, and every page, the home
// page with its map included, within 50 KB on the wire.
const TARGET_SCORE = 100;
const TARGET_KB = 50;
const CHROMIUM_PATH = chromiumPath;
const CHROME_FLAGS = chromiumArgs;

if (!existsSync(join(ROOT, 'build/handler.js'))) {
	console.error('build/handler.js is missing: run `npm run build` first.');
	process.exit(1);
}
if (!CHROMIUM_PATH) {
	console.error(`No browser at ${process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"}: install Chromium or set CHROMIUM_PATH.`);
	process.exit(1);
}

/** A port the OS says is free right now. */
function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
			s.close(() => resolve(port));
		});
	});
}

/** GET a URL without decoding the body: status, headers and the bytes as sent. */
function rawGet(url, headers = {}) {
	return new Promise((resolve, reject) => {
		const req = request(url, { headers }, (res) => {
			let bytes = 0;
			res.on('data', (chunk) => (bytes += chunk.length));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
		req.end();
	});
}

/** Start `node src/serve.js` and resolve once it answers HTTP. */
async function startServer(port) {
	const child = spawn(process.execPath, ['src/serve.js'], {
		cwd: ROOT,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr.on('data', (d) => (stderr += d));
	// If the server dies mid-run (crash, or killed from outside), say so instead of only failing pages.
	child.on('exit', (code, signal) => {
		if (!stopping) console.error(`\nserver exited unexpectedly (code ${code}, signal ${signal})\n${stderr}`);
	});
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${stderr}`);
		try {
			await rawGet(`http://127.0.0.1:${port}/`);
			return child;
		} catch {
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	child.kill();
	throw new Error(`server did not answer on port ${port} within 20 s\n${stderr}`);
}

/** Run Lighthouse on one URL and pull out the figures we report. */
async function measure(url, origin, chromePort) {
	// Direct fetch of the HTML as a browser would ask for it (compressed, not decoded).
	const html = await rawGet(url, { 'Accept-Encoding': 'br, gzip' });
	if (html.status !== 200) throw new Error(`${url} answered HTTP ${html.status}`);

	const started = Date.now();
	const result = await lighthouse(url, {
		port: chromePort,
		output: 'json',
		logLevel: 'error',
		onlyCategories: CATEGORIES
	});
	const lhr = result?.lhr;
	if (!lhr) throw new Error(`${url}: Lighthouse returned no result`);
	if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);

	const audit = (id) => lhr.audits[id];
	// All requests Chromium made; keep the same-origin ones (drops data: URIs and anything foreign).
	const requests = (audit('network-requests').details?.items ?? [])
		.filter((r) => r.url.startsWith(origin + '/'))
		.map((r) => ({
			url: r.url.slice(origin.length),
			type: r.resourceType,
			status: r.statusCode,
			transferSize: r.transferSize ?? 0,
			resourceSize: r.resourceSize ?? 0
		}));
	const failed = requests.filter((r) => !(r.status >= 200 && r.status < 400));

	const scores = Object.fromEntries(
		CATEGORIES.map((c) => [c, lhr.categories[c]?.score == null ? null : Math.round(lhr.categories[c].score * 100)])
	);
	// Audits in a11y / best-practices / SEO that scored below 1 (null = informative or not applicable).
	const failing = [];
	for (const c of CATEGORIES.slice(1)) {
		for (const ref of lhr.categories[c]?.auditRefs ?? []) {
			const a = audit(ref.id);
			if (a && a.score !== null && a.score < 1) failing.push({ category: c, id: a.id, title: a.title, score: a.score, weight: ref.weight });
		}
	}

	return {
		page: new URL(url).pathname,
		html: { encoding: html.headers['content-encoding'] ?? 'identity', bytes: html.bytes },
		requests: requests.length,
		transferredBytes: requests.reduce((s, r) => s + r.transferSize, 0),
		totalByteWeight: { numericValue: audit('total-byte-weight').numericValue, top: audit('total-byte-weight').details?.items ?? [] },
		scores,
		metrics: {
			fcp: audit('first-contentful-paint').numericValue,
			lcp: audit('largest-contentful-paint').numericValue,
			tbt: audit('total-blocking-time').numericValue,
			cls: audit('cumulative-layout-shift').numericValue
		},
		failing,
		failedRequests: failed,
		requestList: requests,
		lighthouseVersion: lhr.lighthouseVersion,
		lighthouseMs: Date.now() - started
	};
}

/** Print rows as a plain left/right-aligned table. */
function table(head, rows) {
	const all = [head, ...rows].map((r) => r.map(String));
	const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
	for (const r of all) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}

let server;
let chrome;
let stopping = false;
const userDataDir = mkdtempSync(join(tmpdir(), 'bench-site-chrome-'));
const results = [];
let failedPages = 0;
const stop = () => {
	stopping = true;
	server?.kill();
	return chrome?.kill();
};
const cleanUp = async () => {
	await stop();
	rmSync(userDataDir, { recursive: true, force: true });
};
process.on('exit', () => server?.kill()); // never leave the server behind, even after a crash
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, async () => {
		await cleanUp();
		process.exit(130);
	});
}

try {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	server = await startServer(port);
	// chrome-launcher adds --user-data-dir=<userDataDir> (fresh temp profile, removed at the end).
	chrome = await chromeLauncher.launch({
		chromePath: CHROMIUM_PATH,
		chromeFlags: CHROME_FLAGS,
		userDataDir,
		handleSIGINT: false
	});

	for (const page of PAGES) {
		process.stdout.write(`measuring ${page} … `);
		try {
			const r = await measure(origin + page, origin, chrome.port);
			results.push(r);
			console.log(`${(r.lighthouseMs / 1000).toFixed(1)} s`);
			for (const f of r.failedRequests) console.log(`  warning: ${f.url} answered ${f.status}`);
		} catch (err) {
			failedPages++;
			console.log('FAILED');
			console.error(`  ${err.message}`);
		}
	}
} catch (err) {
	console.error(`benchmark aborted: ${err.message}`);
	failedPages = PAGES.length;
} finally {
	await cleanUp();
}

if (results.length) {
	console.log(`\nLighthouse ${results[0].lighthouseVersion}, mobile, simulated throttling, ${CHROMIUM_PATH}\n`);
	const kb = (b) => (b / 1024).toFixed(1);
	const ms = (v) => (v == null ? '-' : Math.round(v));
	table(
		['page', 'requests', 'transfer KB', 'perf', 'a11y', 'best', 'seo', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS'],
		results.map((r) => [
			r.page, r.requests, kb(r.transferredBytes),
			r.scores.performance, r.scores.accessibility, r.scores['best-practices'], r.scores.seo,
			ms(r.metrics.fcp), ms(r.metrics.lcp), ms(r.metrics.tbt), r.metrics.cls?.toFixed(3) ?? '-'
		])
	);
	console.log('\ntransfer KB = same-origin bytes on the wire (compressed body + headers); HTML alone:');
	for (const r of results) console.log(`  ${r.page}  ${r.html.bytes} B (${r.html.encoding})`);

	const failing = results.flatMap((r) => r.failing.map((f) => ({ ...f, page: r.page })));
	console.log(failing.length ? '\nAudits below 1 (accessibility, best-practices, seo):' : '\nNo accessibility, best-practices or SEO audit scored below 1.');
	const grouped = new Map(); // one line per audit, listing the pages it fails on
	for (const f of failing) {
		const key = `${f.category}  ${f.id}: ${f.title}`;
		grouped.set(key, [...(grouped.get(key) ?? []), f.page]);
	}
	for (const [key, pages] of grouped) console.log(`  ${key}  [${pages.join(', ')}]`);

	mkdirSync(RESULTS, { recursive: true });
	const out = join(RESULTS, 'latest.json');
	writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), chromium: CHROMIUM_PATH, pages: results }, null, 2) + '\n');
	console.log(`\nRaw figures: ${out.slice(ROOT.length)}`);
}

let missed = 0;
if (results.length) {
	console.log(`\nTargets (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}: Lighthouse's simulated throttling scales the CPU time it sees):`);
	for (const r of results) {
		const low = CATEGORIES.filter((c) => r.scores[c] < TARGET_SCORE);
		const kb = r.transferredBytes / 1024;
		const ok = low.length === 0 && kb <= TARGET_KB;
		if (!ok) missed++;
		console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${r.page}: ${low.length ? `below ${TARGET_SCORE}: ${low.map((c) => `${c} ${r.scores[c]}`).join(', ')}` : `all four ${TARGET_SCORE}`}; ${kb.toFixed(1)} KB of ${TARGET_KB}`);
	}
}

process.exit(failedPages || missed ? 1 : 0);
