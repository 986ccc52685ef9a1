import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openDb } from '../src/lib/server/db/index';
import { health } from '../src/lib/server/queue/health';
import { Queue } from '../src/lib/server/queue/posts';
import { startFakeWebhook } from '../tests/fakes/webhook';

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
		for (let i = 0; i < 3; i++) {
			const { post } = queue.create(
				{ item_kind: 'topic', item_slug: 'visibility', locale: 'ky', channel: 'webhook', caption: `Overlap ${i}`, scheduled_utc: new Date(Date.now() - 60_000).toISOString(), zone: 'Asia/Bishkek' },
				'editor'
			);
			queue.approve(post.id, 'approver');
		}
		// The publish job is due every second and takes one post per tick; each post takes 1.5 s to send.
		const child = spawn(process.execPath, ['--import', 'tsx', 'scheduler/index.ts'], {
			env: { ...process.env, CARAVAN_DATA_DIR: overlapDir, SCHEDULER_PUBLISH: '* * * * * *', SCHEDULER_PLAN: '0 0 1 1 *', SCHEDULER_RENDER: '0 0 1 1 *', PUBLISH_BATCH: '1', WEBHOOK_URL: webhook.url, WEBHOOK_SECRET: secret },
			stdio: 'ignore'
		});
		const deadline = Date.now() + 40_000;
		while (queue.depth().published < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
		child.kill('SIGTERM');
		await new Promise((resolve) => child.on('exit', resolve));
		expect(queue.depth().published).toBe(3);
		expect(webhook.requests).toHaveLength(3);
		// Had a second tick started while the first was sending, two posts would have been in flight.
		expect(webhook.maxInFlight()).toBe(1);
	} finally {
		await webhook.close();
		rmSync(overlapDir, { recursive: true, force: true });
	}
}, 60_000);
