/**
 * The production server's public surface under the settings a deployment chooses (ADDRESS_HEADER,
 * PROTOCOL_HEADER, HEALTHZ_TOKEN): each test starts its own `node src/serve.js` on a free port with its
 * own environment and an empty data folder, and stops it afterwards.
 */
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locales } from '#lib/core/i18n.ts';
import { createSession } from '#lib/server/auth/sessions.ts';
import { createUser } from '#lib/server/auth/users.ts';
import { openDb, type Db } from '#lib/server/store/database.ts';
import { recordJob } from '#lib/server/store/health.ts';

interface Server {
	url: string;
	origin: string;
	db: Db;
	/** What the server printed, for the test's failure message. */
	output: () => string;
}

const origin = 'http://caravan.test';
const running: { child: ChildProcess; dir: string; db: Db }[] = [];

/** Starts the built server with `env` and waits (at most 20 s) until it says where it listens. */
async function serve(env: Record<string, string> = {}): Promise<Server> {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-serve-'));
	const child = spawn(process.execPath, ['src/serve.js'], {
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			ORIGIN: origin,
			CARAVAN_DATA_DIR: dir,
			CARAVAN_DATABASE: join(dir, 'caravan.db'),
			CARAVAN_TEST_SCRYPT_N: '1024',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const db = openDb(join(dir, 'caravan.db'));
	running.push({ child, dir, db });
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const deadline = setTimeout(() => reject(new Error(`the server did not start within 20 s:\n${output}`)), 20_000);
		const read = (chunk: Buffer) => {
			output += chunk;
			const port = /serving on http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
			if (port) {
				clearTimeout(deadline);
				resolve(`http://127.0.0.1:${port}`);
			}
		};
		child.stdout!.on('data', read);
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
		child.on('exit', (code) => {
			clearTimeout(deadline);
			reject(new Error(`the server exited with ${code}:\n${output}`));
		});
	});
	return { url, origin, db, output: () => output };
}

test.afterEach(async () => {
	for (const { child, dir, db } of running.splice(0)) {
		if (child.exitCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
		db.close();
		rmSync(dir, { recursive: true, force: true });
	}
});

const signInForm = (fields: Record<string, string>) => ({
	method: 'POST',
	headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
	body: new URLSearchParams(fields).toString(),
	redirect: 'manual' as const
});

test.describe('/healthz', () => {
	test('tells the public only ok or not ok, with the status a monitor needs', async () => {
		const server = await serve({ HEALTHZ_TOKEN: 'monitor-secret-1' });
		let response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(503); // the scheduler has not run yet
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toEqual({ status: 'not ok' });

		recordJob(server.db, 'publish', new Date(), new Error('Telegram said: chat not found (token 12345)'));
		response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		const body = await response.text();
		expect(JSON.parse(body)).toEqual({ status: 'ok' });
		expect(body).not.toContain('Telegram');
	});

	test('gives the details to a monitor with the token, and refuses a wrong token', async () => {
		const server = await serve({ HEALTHZ_TOKEN: 'monitor-secret-1' });
		recordJob(server.db, 'publish', new Date(), new Error('Telegram said: chat not found'));
		const response = await fetch(`${server.url}/healthz`, { headers: { authorization: 'Bearer monitor-secret-1' } });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body).toMatchObject({ status: 'ok', jobs: [{ name: 'publish', last_error: 'Telegram said: chat not found' }], failures: [] });
		expect(Object.keys(body.queue).sort()).toEqual(['approved', 'cancelled', 'draft', 'failed', 'needs_check', 'published', 'publishing']);

		for (const authorization of ['Bearer monitor-secret-2', 'Bearer monitor-secret-1x', 'Basic bW9uaXRvcg==']) {
			const wrong = await fetch(`${server.url}/healthz`, { headers: { authorization } });
			expect(wrong.status, authorization).toBe(401);
			expect(await wrong.text(), authorization).not.toContain('publish');
		}
	});

	test('without a configured token, a token gets no details either', async () => {
		const server = await serve();
		recordJob(server.db, 'publish', new Date());
		const response = await fetch(`${server.url}/healthz`, { headers: { authorization: 'Bearer anything' } });
		expect(response.status).toBe(401);
		expect(await response.text()).not.toContain('jobs');
	});
});

test('the calendar answers 400 to a date outside 2000–2100 or not a date, and shows the ones inside', async () => {
	const server = await serve();
	const user = await createUser(server.db, { email: 'cal@example.org', name: 'Cal', role: 'editor', password: 'the right password' });
	const { token } = createSession(server.db, user.id);
	const get = (query: string) => fetch(`${server.url}/admin/calendar/${query}`, { headers: { cookie: `caravan_session=${token}` }, redirect: 'manual' });
	for (const query of ['?date=9999-12-31&view=month', '?date=0000-01-01', '?date=1999-12-31', '?date=2101-01-01&view=month', '?date=2026-02-30', '?date=tomorrow']) {
		const response = await get(query);
		expect(response.status, `${query}\n${server.output()}`).toBe(400);
		expect(await response.text(), query).toContain('The date must be a day from 2000-01-01 to 2100-12-31, written YYYY-MM-DD');
	}
	for (const query of ['?date=2000-01-01&view=month', '?date=2100-12-31&view=month', '?date=2100-12-31', '?date=2030-05-06', '']) {
		expect((await get(query)).status, query).toBe(200);
	}
	expect(server.output()).not.toMatch(/Error|at \w+ \(/);
});

test('a huge email or password at sign-in gets a field error and nothing is stored', async () => {
	const server = await serve();
	const failures = () => server.db.prepare('SELECT count(*) AS n FROM sign_in_failures').get();
	let response = await fetch(`${server.url}/admin/sign-in/`, signInForm({ email: `${'a'.repeat(500_000)}@example.org`, password: 'a password' }));
	expect(response.status).toBe(400);
	let page = await response.text();
	expect(page).toContain('Use an email address of at most 254 characters.');
	expect(page).not.toContain('a'.repeat(300));
	response = await fetch(`${server.url}/admin/sign-in/`, signInForm({ email: 'someone@example.org', password: 'p'.repeat(100_000) }));
	expect(response.status).toBe(400);
	page = await response.text();
	expect(page).toContain('A password has at most 200 characters.');
	expect(failures()).toEqual({ n: 0 });
});

test.describe('ADDRESS_HEADER', () => {
	test('a request without the address header is answered 400, naming the header, not 500', async () => {
		const server = await serve({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' });
		for (const request of [
			fetch(`${server.url}/admin/sign-in/`, signInForm({ email: 'a@example.org', password: 'a password' })),
			fetch(`${server.url}/en/`)
		]) {
			const response = await request;
			expect(response.status).toBe(400);
			expect(await response.text()).toMatch(/X-Forwarded-For header.*missing/);
		}
		// Through the proxy, all is as usual.
		const form = signInForm({ email: 'a@example.org', password: 'a password' });
		const proxied = await fetch(`${server.url}/admin/sign-in/`, { ...form, headers: { ...form.headers, 'x-forwarded-for': '203.0.113.9' } });
		expect(proxied.status).toBe(400);
		expect(await proxied.text()).toContain('The email address or the password is not right.');
		expect(server.db.prepare(`SELECT key FROM sign_in_failures WHERE key LIKE 'address:%'`).all()).toEqual([{ key: 'address:203.0.113.9' }]);
	});

	test('fewer X-Forwarded-For addresses than XFF_DEPTH is answered 400 too', async () => {
		const server = await serve({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '2' });
		const form = signInForm({ email: 'a@example.org', password: 'a password' });
		const response = await fetch(`${server.url}/admin/sign-in/`, { ...form, headers: { ...form.headers, 'x-forwarded-for': '203.0.113.9' } });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('XFF_DEPTH is 2');
	});
});

test.describe('HSTS', () => {
	const hsts = async (server: Server, proto?: string) =>
		(await fetch(`${server.url}/en/`, { headers: proto ? { 'x-forwarded-proto': proto } : {} })).headers.get('strict-transport-security');

	test('X-Forwarded-Proto is not trusted unless PROTOCOL_HEADER says there is a proxy', async () => {
		const server = await serve();
		expect(await hsts(server, 'https')).toBeNull();
		expect(await hsts(server)).toBeNull();
	});

	test('behind a proxy (PROTOCOL_HEADER), HSTS goes with the responses the proxy says are https', async () => {
		const server = await serve({ PROTOCOL_HEADER: 'x-forwarded-proto' });
		expect(await hsts(server, 'https')).toBe('max-age=31536000; includeSubDomains');
		expect(await hsts(server, 'http')).toBeNull();
		expect(await hsts(server)).toBeNull();
	});

	test('an https ORIGIN without PROTOCOL_HEADER means every response is https', async () => {
		const server = await serve({ ORIGIN: 'https://caravan.test' });
		expect(await hsts(server)).toBe('max-age=31536000; includeSubDomains');
	});
});

test('each search page\'s form submits to the page itself', async () => {
	const server = await serve();
	for (const locale of locales) {
		const html = await (await fetch(`${server.url}/${locale}/search/`)).text();
		const form = /<form[^>]*role="search"[^>]*>/.exec(html)?.[0] ?? '';
		expect(form, locale).toContain(`action="/${locale}/search/"`);
	}
});
