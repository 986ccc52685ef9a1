/** The queue shared by processes: two publishers claiming from one database file. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openDb } from './database.ts';
import { Queue } from './posts.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-claim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('two processes claiming from one database file never claim the same post', async () => {
	const file = join(dir, 'caravan.db');
	const queue = new Queue(openDb(file), () => new Date('2026-12-01T00:00:00Z'));
	for (let i = 0; i < 200; i++) {
		const { post: created } = queue.create(
			{ item_kind: 'topic', item_slug: 'youth-education', locale: 'uz', channel: 'telegram', caption: `post ${i}`, scheduled_utc: '2026-12-01T13:00:00.000Z', zone: 'Asia/Tashkent' },
			'editor'
		);
		queue.approve(created.id, 'approver');
	}
	const claimer = new URL('../../../../tests/fixtures/claimer.ts', import.meta.url).pathname;
	// Both start, say "ready", and only claim once both are: a slow start-up must not leave one idle.
	const start = (name: string) => {
		const child = spawn(process.execPath, ['--import', 'tsx', claimer, file, name], { stdio: ['pipe', 'pipe', 'inherit'] });
		let out = '';
		const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk) => (out += chunk).includes('ready\n') && resolve()));
		const done = new Promise<string[]>((resolve, reject) =>
			child.on('exit', (code) => (code === 0 ? resolve(out.split('\n').filter((line) => line && line !== 'ready')) : reject(new Error(`claimer exited ${code}`))))
		);
		return { child, ready, done };
	};
	const claimers = [start('a'), start('b')];
	await Promise.all(claimers.map((c) => c.ready));
	for (const c of claimers) c.child.stdin.end('go\n');
	const [a, b] = await Promise.all(claimers.map((c) => c.done)) as [string[], string[]];
	expect(a.length + b.length).toBe(200);
	expect(new Set([...a, ...b]).size).toBe(200);
	expect(a.length).toBeGreaterThan(0);
	expect(b.length).toBeGreaterThan(0);
}, 60_000);
