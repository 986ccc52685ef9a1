/**
 * The deployment in this folder, run for real: nginx with deploy/nginx.conf in front of the built server
 * (`npm run build` first), and the systemd units checked by systemd's own verifier. nginx must be
 * installed; without it this fails and says how to install it (CI installs it in .ci/run).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFeed } from '#lib/server/auth/feeds.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { openDb, type Db } from '#lib/server/store/database.ts';
import { users } from '../tests/e2e/admin.ts';
import { deploy, fetchRaw, type Answer, type Deployed } from '../tests/nginx.ts';

/** The headers src/serve.js sets on every response, which nginx must set the same on the files it serves. */
const securityHeaders = ['x-content-type-options', 'referrer-policy', 'x-frame-options', 'permissions-policy', 'content-security-policy', 'strict-transport-security'];
const pick = (answer: Answer, names: string[]) => Object.fromEntries(names.map((name) => [name, answer.headers[name]]));

/** nginx writes strong ETags ("mtime-size"); Node's file server writes weak ones (W/"..."). */
const servedByNginx = (answer: Answer) => expect(answer.headers.etag, 'a file nginx sent itself, not one Node sent through it').toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);

// Node's first answers (the 404 page, the dashboard) read the content: seconds on a busy shared machine.
describe('nginx with deploy/nginx.conf in front of the built server', { timeout: 30_000 }, () => {
	let site: Deployed;
	let db: Db;
	const get = (path: string, headers: Record<string, string> = {}) => fetchRaw(`${site.url}${path}`, { headers, ca: site.ca });
	/** Straight to Node, as nginx would pass it on. */
	const fromNode = (path: string, headers: Record<string, string> = {}) => fetchRaw(`${site.nodeUrl}${path}`, { headers: { 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'https', ...headers } });

	beforeAll(async () => {
		site = await deploy();
		db = openDb(site.database, { create: false });
	}, 60_000);
	afterAll(async () => {
		db?.close();
		await site?.stop();
	});

	test('public pages, their cards and the feeds come from the files, with the same headers as from Node', async () => {
		const topic = readdirSync('build/prerendered/en/topics', { withFileTypes: true }).find((entry) => entry.isDirectory())!.name;
		for (const path of ['/en/', `/ru/topics/${topic}/`]) {
			const page = await get(path, { 'accept-encoding': 'gzip' });
			expect(page.status, `${path}\n${site.output()}`).toBe(200);
			servedByNginx(page);
			expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
			// The build's own .gz, sent as it is.
			expect(page.headers['content-encoding']).toBe('gzip');
			expect(page.headers.vary).toBe('Accept-Encoding');
			const html = gunzipSync(page.body).toString('utf8');
			expect(html).toBe(readFileSync(`build/prerendered${path}index.html`, 'utf8'));
			expect(pick(page, securityHeaders), path).toEqual(pick(await fromNode(path), securityHeaders));
		}

		// The topic's share card, as its page names it for link previews.
		const html = readFileSync(`build/prerendered/ru/topics/${topic}/index.html`, 'utf8');
		const card = new URL(/<meta property="og:image" content="([^"]+)"/.exec(html)![1]!).pathname;
		const png = await get(card);
		expect(png.status, card).toBe(200);
		servedByNginx(png);
		expect(png.headers['content-type']).toBe('image/png');
		expect(png.body.subarray(1, 4).toString()).toBe('PNG');
		expect(pick(png, securityHeaders)).toEqual(pick(await fromNode(card), securityHeaders));

		// The build's scripts and styles, for a year.
		const script = /<script[^>]+src="([^"]*\/_app\/immutable\/[^"]+\.js)"|import\("([^"]*\/_app\/immutable\/[^"]+\.js)"\)|href="([^"]*\/_app\/immutable\/[^"]+\.js)"/.exec(html);
		const asset = new URL(script!.slice(1).find(Boolean)!, `${site.url}/ru/topics/${topic}/`).pathname;
		const [viaNginx, viaNode] = [await get(asset), await fromNode(asset)];
		expect(viaNginx.status, asset).toBe(200);
		servedByNginx(viaNginx);
		expect(viaNginx.headers['content-type']).toBe('application/javascript; charset=utf-8');
		expect(pick(viaNginx, [...securityHeaders, 'cache-control'])).toEqual(pick(viaNode, [...securityHeaders, 'cache-control']));
		expect(viaNginx.headers['cache-control']).toBe('public,max-age=31536000,immutable');

		// The Atom feeds say what they are.
		const feed = await get('/kk/feed.xml');
		expect(feed.status).toBe(200);
		servedByNginx(feed);
		expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
		expect((await fromNode('/kk/feed.xml')).headers['content-type']).toBe('application/atom+xml; charset=utf-8');
		expect(feed.text()).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
	});

	test('search: the Pagefind files the search page loads', async () => {
		const entry = await get('/pagefind/pagefind-entry.json');
		expect(entry.status).toBe(200);
		expect(entry.headers['content-type']).toBe('application/json');
		const languages = JSON.parse(entry.text()).languages as Record<string, { hash: string }>;
		expect(Object.keys(languages)).toContain('ky');
		const script = await get('/pagefind/pagefind.js');
		expect([script.status, script.headers['content-type']]).toEqual([200, 'application/javascript; charset=utf-8']);
		const meta = await get(`/pagefind/pagefind.${languages.ky!.hash}.pf_meta`);
		expect(meta.status).toBe(200);
		expect(pick(meta, securityHeaders)).toEqual(pick(script, securityHeaders));
	});

	test('what only Node can answer goes to Node, and a path that is no file gets its 404 page', async () => {
		const chosen = await get('/', { 'accept-language': 'tg,ru;q=0.8' });
		expect([chosen.status, chosen.headers.location]).toEqual([302, '/tg/']);
		const choose = await get('/', { 'accept-language': 'fr' });
		expect(choose.status).toBe(200);
		expect(choose.text()).toContain('href="/uz/"');
		expect(choose.headers.vary).toContain('Accept-Language');

		const missing = await get('/ky/no-such-page/');
		expect(missing.status).toBe(404);
		expect(missing.text()).toContain('<html lang="ky"');
		// Node's headers only, not nginx's on top of them.
		expect(pick(missing, securityHeaders)).toEqual(pick(await fromNode('/ky/no-such-page/'), securityHeaders));

		const slashless = await get('/en/glossary');
		expect([slashless.status, slashless.headers.location]).toEqual([308, '/en/glossary/']);
	});

	test('the dashboard: sign-in through the proxy, with the reader\'s address and a Secure cookie', async () => {
		const user = await createUser(db, { ...users.editor, role: 'editor' });
		const form = await get('/admin/sign-in/');
		expect(form.status, site.output()).toBe(200);
		expect(form.headers['cache-control']).toBe('no-store');
		// SvelteKit's policy for dynamic pages, sent once.
		expect(form.headers['content-security-policy']).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
		expect(form.headers['x-frame-options']).toBe('DENY');

		const signIn = (password: string, headers: Record<string, string> = {}) =>
			fetchRaw(`${site.url}/admin/sign-in/`, {
				method: 'POST',
				ca: site.ca,
				headers: { origin: site.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers },
				body: new URLSearchParams({ email: users.editor.email, password }).toString()
			});

		// A made-up address from the client is replaced by the one nginx saw.
		const wrong = await signIn('not the password', { 'x-forwarded-for': '203.0.113.9' });
		expect(wrong.status, wrong.text()).toBe(400);
		const keys = (db.prepare('SELECT key FROM sign_in_failures').all() as { key: string }[]).map((row) => row.key);
		expect(keys).toContain('address:127.0.0.1');
		expect(keys.join()).not.toContain('203.0.113.9');

		// From another site: SvelteKit's origin check refuses it.
		expect((await signIn(users.editor.password, { origin: 'https://elsewhere.example' })).status).toBe(403);

		const signedIn = await signIn(users.editor.password);
		expect(signedIn.status, signedIn.text()).toBe(303);
		const cookie = String(signedIn.headers['set-cookie']);
		expect(cookie).toMatch(/^caravan_session=[\w-]+;/);
		for (const part of ['Path=/admin', 'HttpOnly', 'Secure', 'SameSite=Lax']) expect(cookie).toContain(part);
		const overview = await get('/admin/', { cookie: cookie.split(';')[0]! });
		expect(overview.status).toBe(200);
		expect(overview.text()).toContain('Overview');
		expect(overview.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');

		// The user's calendar feed, by its secret address.
		const token = createFeed(db, user.id);
		const calendar = await get(`/calendar/${token}.ics`);
		expect(calendar.status).toBe(200);
		expect(calendar.headers['content-type']).toBe('text/calendar; charset=utf-8');
		expect(calendar.text()).toMatch(/^BEGIN:VCALENDAR\r\n/);
		expect((await get(`/calendar/${'x'.repeat(43)}.ics`)).status).toBe(404);
	});

	test('plain http is sent to https, and every request is in the access log in the combined format', async () => {
		const plain = await fetchRaw(`${site.httpUrl}/en/about/?a=1`);
		expect([plain.status, plain.headers.location]).toEqual([301, 'https://127.0.0.1/en/about/?a=1']);

		await get('/en/glossary/', { referer: 'https://social.example/post/1', 'user-agent': 'Caravan test agent' });
		const lines = readFileSync(site.accessLog, 'utf8').trim().split('\n');
		// $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"
		expect(lines.at(-1)).toMatch(/^127\.0\.0\.1 - - \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET \/en\/glossary\/ HTTP\/1\.1" 200 \d+ "https:\/\/social\.example\/post\/1" "Caravan test agent"$/);

	});

	test("page views are counted from nginx's access log: a post's marks and the referring site kept, bots and the dashboard left out, a second import adding nothing", async () => {
		const person = { 'user-agent': 'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36' };
		const marks = '?utm_source=telegram&utm_medium=social&utm_campaign=manual&utm_content=nginx-test-post';
		await get(`/kk/${marks}`, { ...person, referer: 'https://t.me/caravan/1' });
		await get(`/kk/${marks}`, person);
		await get('/kk/', { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' });
		await get('/admin/sign-in/', person);
		const stats = (...args: string[]) =>
			spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/stats.ts', ...args], { env: { ...process.env, CARAVAN_DATA_DIR: site.dataDir, CARAVAN_DATABASE: site.database }, encoding: 'utf8', timeout: 30_000 });
		const imported = stats('import', site.accessLog);
		expect(imported.status, imported.stderr).toBe(0);
		const counted = () => {
			const shown = stats('show', '--json');
			expect(shown.status, shown.stderr).toBe(0);
			return (JSON.parse(shown.stdout) as { path: string; referrer: string; utm_source: string; utm_content: string; views: number }[]).filter((row) => row.path === '/kk/');
		};
		const rows = counted();
		expect(rows.map(({ referrer, utm_source, utm_content, views }) => ({ referrer, utm_source, utm_content, views })).sort((a, b) => a.referrer.localeCompare(b.referrer))).toEqual([
			{ referrer: '', utm_source: 'telegram', utm_content: 'nginx-test-post', views: 1 },
			{ referrer: 't.me', utm_source: 'telegram', utm_content: 'nginx-test-post', views: 1 }
		]);
		expect(stats('import', site.accessLog).status).toBe(0);
		expect(counted()).toEqual(rows);
	});
});

test('the systemd units pass systemd-analyze verify', () => {
	const found = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' });
	if (found.status !== 0) {
		throw new Error('systemd-analyze is not installed, and the units in deploy/ are checked with it. Install systemd (Debian: `apt-get install systemd`; .ci/run does this in CI).');
	}
	// Checked as they are, but with this machine's node (verify wants ExecStart's program to exist).
	const dir = mkdtempSync(join(tmpdir(), 'caravan-units-'));
	try {
		const units = ['caravan.service', 'caravan-scheduler.service', 'caravan-stats.service', 'caravan-stats.timer'].map((name) => {
			const text = readFileSync(join('deploy', name), 'utf8');
			if (name.endsWith('.timer')) {
				writeFileSync(join(dir, name), text);
				return join(dir, name);
			}
			expect(text).toContain('ExecStart=/usr/bin/node ');
			// Hardened, with the data folder the one place it may write.
			// A long-running one is started again when it fails; the timer's one-shot job runs again anyway.
			const restart = text.includes('Type=oneshot') ? [] : ['Restart=on-failure'];
			for (const line of ['User=caravan', 'EnvironmentFile=/etc/caravan/caravan.env', ...restart, 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/caravan', 'NoNewPrivileges=yes', 'PrivateTmp=yes']) {
				expect(text.split('\n'), `${name}: ${line}`).toContain(line);
			}
			writeFileSync(join(dir, name), text.replaceAll(/^ExecStart=(-?)\/usr\/bin\/node /gm, `ExecStart=$1${process.execPath} `));
			return join(dir, name);
		});
		const verified = spawnSync('systemd-analyze', ['verify', ...units], { encoding: 'utf8' });
		expect(`${verified.stdout}${verified.stderr}`).toBe('');
		expect(verified.status).toBe(0);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
