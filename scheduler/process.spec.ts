import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openDb } from '#lib/server/store/database.ts';
import { health } from '#lib/server/store/health.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { outbox } from '#lib/server/publishing/channels/outbox.ts';
import { startFakeWebhook } from '../tests/fakes/webhook.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-scheduler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('npm run scheduler publishes a due post to the outbox, records its ticks, and stops cleanly on SIGTERM', async () => {
	const db = openDb(join(dir, 'caravan.db'));
	const queue = new Queue(db);
	const { post } = queue.create(
		{ item_kind: 'topic', item_slug: 'connectivity', locale: 'tk', channel: 'outbox', caption: 'Ýollar', scheduled_utc: new Date(Date.now() - 60_000).toISOString(), zone: 'Asia/Ashgabat' },
		'editor'
	);
	queue.approve(post.id, 'approver');

	const child = spawn(process.execPath, ['--import', 'tsx', 'scheduler/index.ts'], {
		env: { ...process.env, CARAVAN_DATA_DIR: dir, SCHEDULER_PUBLISH: '* * * * * *', SCHEDULER_RENDER: '*/2 * * * * *' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

	const deadline = Date.now() + 30_000;
	while (queue.get(post.id)?.state !== 'published' && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	expect(queue.get(post.id)?.state, output).toBe('published');
	const day = readdirSync(join(dir, 'outbox'))[0]!;
	expect(existsSync(join(dir, 'outbox', day, post.id, 'card-square.png'))).toBe(true);

	const report = health(db);
	expect(report.jobs.map((job) => job.name)).toEqual(expect.arrayContaining(['plan', 'publish']));
	expect(report.queue.published).toBe(1);
	// The planner ran at start-up and planned the campaigns in content/ as drafts.
	expect(report.queue.draft).toBeGreaterThan(0);

	child.kill('SIGTERM');
	expect(await exited).toBe(0);
	expect(output).toContain('Scheduler stopped cleanly');
}, 60_000);

test('a publish tick that runs longer than its schedule is never started twice at once', async () => {
	const secret = 'overlap-test-secret-0123456789abcdef';
	const webhook = await startFakeWebhook(secret, { latencyMs: 1_500 });
	const overlapDir = mkdtempSync(join(tmpdir(), 'caravan-overlap-'));
	try {
		const queue = new Queue(openDb(join(overlapDir, 'caravan.db')));
		for (let i = 0; i < 2; i++) {
			const { post } = queue.create(
				{ item_kind: 'topic', item_slug: 'visibility', locale: 'ky', channel: 'webhook', caption: `Overlap ${i}`, scheduled_utc: new Date(Date.now() - 60_000).toISOString(), zone: 'Asia/Bishkek' },
				'editor'
			);
			queue.approve(post.id, 'approver');
		}
		// The publish job is due every second and takes one post per tick; each post takes 1.5 s to send,
		// so the tick after the first post's falls in the middle of its send.
		const child = spawn(process.execPath, ['--import', 'tsx', 'scheduler/index.ts'], {
			env: { ...process.env, CARAVAN_DATA_DIR: overlapDir, SCHEDULER_PUBLISH: '* * * * * *', SCHEDULER_PLAN: '0 0 1 1 *', SCHEDULER_RENDER: '0 0 1 1 *', PUBLISH_BATCH: '1', WEBHOOK_URL: webhook.url, WEBHOOK_SECRET: secret },
			stdio: 'ignore'
		});
		const deadline = Date.now() + 40_000;
		while (queue.depth().published < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
		child.kill('SIGTERM');
		await new Promise((resolve) => child.on('exit', resolve));
		expect(queue.depth().published).toBe(2);
		expect(webhook.requests).toHaveLength(2);
		// Had a second tick started while the first was sending, two posts would have been in flight.
		expect(webhook.maxInFlight()).toBe(1);
	} finally {
		await webhook.close();
		rmSync(overlapDir, { recursive: true, force: true });
	}
}, 60_000);

/** The scheduler as `npm run scheduler` starts it, with its output collected and waited on. */
function scheduler(env: Record<string, string>) {
	const child = spawn(process.execPath, ['--import', 'tsx', 'scheduler/index.ts'], {
		env: { ...process.env, SCHEDULER_PLAN: '0 0 1 1 *', SCHEDULER_RENDER: '0 0 1 1 *', SCHEDULER_PUBLISH: '0 0 1 1 *', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return {
		child,
		exited,
		output: () => output,
		/** Resolves once the output matches, or fails with what was printed when the deadline passes. */
		async waitFor(pattern: RegExp, ms = 30_000) {
			const deadline = Date.now() + ms;
			while (!pattern.test(output) && child.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
			await new Promise((resolve) => setImmediate(resolve)); // the last chunk of a process that just exited
			expect(output, `waiting for ${pattern}`).toMatch(pattern);
		},
		/** The exit code, or 'running' when the process is still there at the deadline. */
		exitWithin(ms: number) {
			return Promise.race([exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), ms))]);
		},
		async stop() {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			return exited;
		}
	};
}

test('start-up with the database write-locked by another process waits, says so, and plans once the lock is released', async () => {
	const lockDir = mkdtempSync(join(tmpdir(), 'caravan-locked-'));
	const file = join(lockDir, 'caravan.db');
	const db = openDb(file);
	const other = new Database(file);
	other.exec('BEGIN IMMEDIATE'); // the write lock, as a long dashboard or CLI transaction holds it
	const run = scheduler({ CARAVAN_DATA_DIR: lockDir, SCHEDULER_PLAN: '*/2 * * * * *' });
	try {
		await run.waitFor(/plan failed: database is locked/);
		expect(run.child.exitCode, run.output()).toBeNull(); // still running, not a stack trace
		other.exec('ROLLBACK');
		await run.waitFor(/plan: [1-9]\d* new draft posts/);
		expect(new Queue(db).depth().draft).toBeGreaterThan(0);
		expect(await run.stop()).toBe(0);
		expect(run.output()).not.toMatch(/\n\s+at /); // no stack trace anywhere
	} finally {
		await run.stop();
		other.close();
		db.close();
		rmSync(lockDir, { recursive: true, force: true });
	}
}, 60_000);

test('a publish tick that publishes nothing but fails a post is logged', async () => {
	const tickDir = mkdtempSync(join(tmpdir(), 'caravan-tick-'));
	const queue = new Queue(openDb(join(tickDir, 'caravan.db')));
	const { post } = queue.create(
		{ item_kind: 'topic', item_slug: 'connectivity', locale: 'uz', channel: 'telegram', caption: 'Yo‘llar', scheduled_utc: new Date(Date.now() - 60_000).toISOString(), zone: 'Asia/Tashkent' },
		'editor'
	);
	queue.approve(post.id, 'approver');
	// No Telegram token is set: the post fails at once, nothing is published.
	const run = scheduler({ CARAVAN_DATA_DIR: tickDir, SCHEDULER_PUBLISH: '* * * * * *', TELEGRAM_BOT_TOKEN: '' });
	try {
		await run.waitFor(/publish: 0 published, 0 to retry, 1 failed, 0 to check/);
		expect(queue.get(post.id)?.state).toBe('failed');
	} finally {
		await run.stop();
		rmSync(tickDir, { recursive: true, force: true });
	}
}, 60_000);

test('a database file deleted under the running scheduler stops it with an error naming the file', async () => {
	const goneDir = mkdtempSync(join(tmpdir(), 'caravan-gone-'));
	const file = join(goneDir, 'caravan.db');
	openDb(file).close();
	const run = scheduler({ CARAVAN_DATA_DIR: goneDir, SCHEDULER_PUBLISH: '* * * * * *' });
	try {
		await run.waitFor(/plan: \d+ new draft posts/);
		unlinkSync(file);
		const code = await run.exitWithin(20_000);
		expect(code, run.output()).not.toBe('running');
		expect(code).not.toBe(0);
		expect(run.output()).toContain(`${file} was deleted`);
		expect(existsSync(file)).toBe(false); // and nothing made a new one
	} finally {
		await run.stop();
		rmSync(goneDir, { recursive: true, force: true });
	}
}, 60_000);

test('the scheduler does not start on a missing database: it names the file and creates nothing', async () => {
	const emptyDir = mkdtempSync(join(tmpdir(), 'caravan-empty-'));
	const run = scheduler({ CARAVAN_DATA_DIR: emptyDir });
	try {
		const code = await run.exitWithin(30_000);
		expect(code, run.output()).not.toBe('running');
		expect(code).not.toBe(0);
		expect(run.output()).toContain(`${join(emptyDir, 'caravan.db')} does not exist`);
		expect(run.output()).toContain('npm run db -- init');
		expect(run.output()).not.toMatch(/\n\s+at /);
		expect(readdirSync(emptyDir)).toEqual([]);
	} finally {
		await run.stop();
		rmSync(emptyDir, { recursive: true, force: true });
	}
}, 60_000);

test('invalid content at start-up is reported once, without a stack trace, and the scheduler exits non-zero', async () => {
	const brokenDir = mkdtempSync(join(tmpdir(), 'caravan-broken-'));
	const contentDir = join(brokenDir, 'content');
	cpSync('content', contentDir, { recursive: true });
	writeFileSync(join(contentDir, 'campaigns', 'broken.yaml'), 'name: Broken\nchannel: outbox\nlocales: [en]\nitems: { kind: topic }\nstart: 2026-12-01\ntime: "18:00"\nzone: Asia/Tashkent\ncount: 0\n');
	openDb(join(brokenDir, 'caravan.db')).close();
	const run = scheduler({ CARAVAN_DATA_DIR: brokenDir, CARAVAN_CONTENT_DIR: contentDir });
	try {
		const code = await run.exitWithin(30_000);
		expect(code, run.output()).not.toBe('running');
		expect(code).not.toBe(0);
		expect(run.output().match(/count: must be 1 or more/g), run.output()).toHaveLength(1);
		expect(run.output()).toContain('Content has 1 problem:');
		expect(run.output()).not.toMatch(/\n\s+at /);
	} finally {
		await run.stop();
		rmSync(brokenDir, { recursive: true, force: true });
	}
}, 60_000);

test('the running scheduler reads needs_check posts back: an outbox post whose folder is there is published, one whose folder is missing goes out again', async () => {
	const readDir = mkdtempSync(join(tmpdir(), 'caravan-read-back-'));
	try {
		const db = openDb(join(readDir, 'caravan.db'));
		const queue = new Queue(db);
		const owner = 'scheduler@crashed';
		const [written, missing] = ['Ýollar', 'Suw'].map((caption) => {
			const { post } = queue.create(
				{ item_kind: 'topic', item_slug: 'connectivity', locale: 'tk', channel: 'outbox', caption, scheduled_utc: new Date(Date.now() - 60_000).toISOString(), zone: 'Asia/Ashgabat' },
				'editor'
			);
			queue.approve(post.id, 'approver');
			return post.id;
		});
		queue.claimDue(owner, { leaseMs: 60_000 });
		const post = queue.get(written!)!;
		// The folder was written, then the publisher died before it could record that.
		await outbox(join(readDir, 'outbox')).send(
			{ id: post.id, locale: post.locale, caption: post.caption, alt: '', images: [], url: 'https://caravan.example.org/tk/topics/connectivity/', idempotencyKey: `caravan-${post.id}`, createdAt: post.created_at, scheduledAt: post.scheduled_utc },
			AbortSignal.timeout(5_000)
		);
		for (const id of [written!, missing!]) queue.needsCheck(id, owner, 'lease expired mid-send');
		// Both went to needs_check ten minutes ago: long enough for a read-back.
		db.prepare(`UPDATE audit SET at = ? WHERE to_state = 'needs_check'`).run(new Date(Date.now() - 10 * 60_000).toISOString());

		const child = spawn(process.execPath, ['--import', 'tsx', 'scheduler/index.ts'], {
			env: { ...process.env, CARAVAN_DATA_DIR: readDir, SCHEDULER_PUBLISH: '* * * * * *', SCHEDULER_PLAN: '0 0 1 1 *', SCHEDULER_RENDER: '0 0 1 1 *', PUBLISH_PACING: 'off' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const deadline = Date.now() + 40_000;
		while (queue.depth().published < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
		child.kill('SIGTERM');
		await new Promise((resolve) => child.on('exit', resolve));

		expect(queue.get(written!)?.state, output).toBe('published');
		expect(queue.audit(written!).at(-1)?.actor).toMatch(/^scheduler \(read back from outbox: folder .* was written\)$/);
		expect(queue.get(missing!)?.state, output).toBe('published');
		expect(queue.audit(missing!).map((entry) => entry.actor)).toContainEqual(expect.stringMatching(/^scheduler \(read back from outbox: no folder /));
		expect(output).toMatch(/1 found published and 1 found absent by reading back/);
	} finally {
		rmSync(readDir, { recursive: true, force: true });
	}
}, 60_000);

test('content changed while the scheduler runs is read at its next tick, without a restart; broken content keeps the last good', async () => {
	const runDir = mkdtempSync(join(tmpdir(), 'caravan-reload-'));
	const contentDir = join(runDir, 'content');
	cpSync('content', contentDir, { recursive: true });
	rmSync(join(contentDir, 'campaigns'), { recursive: true });
	mkdirSync(join(contentDir, 'campaigns'));
	const db = openDb(join(runDir, 'caravan.db'));
	const queue = new Queue(db);
	const run = scheduler({ CARAVAN_DATA_DIR: runDir, CARAVAN_CONTENT_DIR: contentDir, SCHEDULER_PLAN: '* * * * * *' });
	try {
		await run.waitFor(/plan: 0 new draft posts, 0 already planned/);
		// A broken file first: the scheduler says so once and goes on with the content it has.
		writeFileSync(join(contentDir, 'campaigns', 'broken.yaml'), 'name: [unclosed\n');
		await run.waitFor(/content.*broken\.yaml/i);
		expect(run.child.exitCode, run.output()).toBeNull();
		rmSync(join(contentDir, 'campaigns', 'broken.yaml'));
		writeFileSync(
			join(contentDir, 'campaigns', 'reload-test.yaml'),
			'name: Added while running\nchannel: outbox\nlocales: [en]\nitems:\n  kind: topic\n  slugs: [connectivity]\nstart: 2027-01-04\ntime: "09:00"\nzone: Asia/Tashkent\nevery_days: 1\ncount: 2\nformats: [og]\nhashtags: []\n'
		);
		await run.waitFor(/plan: 2 new draft posts/);
		expect(queue.list({ state: 'draft' }).map((post) => post.plan_key).sort()).toEqual(['reload-test/en/2027-01-04T09:00', 'reload-test/en/2027-01-05T09:00']);
		expect(await run.stop()).toBe(0);
	} finally {
		await run.stop();
		db.close();
		rmSync(runDir, { recursive: true, force: true });
	}
}, 60_000);
