/** The scheduler process killed in the middle of a batch, and the next one recovering its posts. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openDb } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { startFakeTelegram } from '../../../../tests/fakes/telegram.ts';
import { telegram } from '#lib/server/publishing/channels/telegram.ts';
import { recover } from './publish.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-publish-'));
const file = join(dir, 'caravan.db');
const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
	rmSync(dir, { recursive: true, force: true });
	await Promise.all(servers.map((server) => server.close()));
});

/** Waits until `condition` holds, checking every 10 ms; fails after `ms`, saying what it waited for. */
async function until(what: string, condition: () => boolean, ms: number): Promise<void> {
	const deadline = Date.now() + ms;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Waited ${ms} ms for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('after the publisher dies mid-batch', () => {
	test('only the post whose request was under way needs a check; the one before is published, the one after goes back unsent with its attempts', async () => {
		const queue = new Queue(openDb(file)); // on real time, as the scheduler is
		const fake = await startFakeTelegram();
		servers.push(fake);
		fake.next({ kind: 'ok' }, { kind: 'hang' }); // the second post's request is never answered
		const ids = ['one', 'two', 'three'].map((word) => {
			const { post } = queue.create(
				{ item_kind: 'fact', item_slug: 'half-population-under-20', locale: 'en', channel: 'telegram', caption: `Batch ${word}`, scheduled_utc: new Date(Date.now() - 60_000).toISOString(), zone: 'UTC' },
				'editor'
			);
			queue.approve(post.id, 'approver');
			return post.id;
		});
		const child = spawn(process.execPath, ['--import', 'tsx', 'scheduler/index.ts'], {
			env: {
				...process.env,
				CARAVAN_DATA_DIR: dir,
				SCHEDULER_PUBLISH: '* * * * * *',
				SCHEDULER_PLAN: '0 0 1 1 *',
				SCHEDULER_RENDER: '0 0 1 1 *',
				PUBLISH_PACING: 'off',
				TELEGRAM_API_URL: fake.url,
				TELEGRAM_BOT_TOKEN: fake.token,
				TELEGRAM_CHAT_ID: '@caravan_news'
			},
			stdio: 'ignore'
		});
		const exited = new Promise((resolve) => child.on('exit', resolve));
		try {
			await until('the second post at Telegram', () => fake.requests.length === 2, 45_000);
			// All three were claimed in one batch: the first is published, the second is being sent.
			expect(ids.map((id) => queue.get(id)?.state)).toEqual(['published', 'publishing', 'publishing']);
		} finally {
			child.kill('SIGKILL');
			await exited;
		}
		// Another scheduler, once the leases have run out.
		const later = new Queue(openDb(file), () => new Date(Date.now() + 10 * 60_000));
		const channels = new Map([['telegram', telegram({ apiUrl: fake.url, token: fake.token, chatId: '@caravan_news' })]]);
		recover(later, channels, { owner: 'recovering-scheduler', maxAttempts: 5 });
		expect(ids.map((id) => queue.get(id)?.state)).toEqual(['published', 'needs_check', 'approved']);
		expect(queue.get(ids[1]!)?.last_error).toMatch(/^sent, no answer \(may be published\): /);
		expect(queue.get(ids[2]!)).toMatchObject({ attempts: 0, lease_owner: null });
		expect(queue.audit(ids[2]!).at(-1)?.reason).toMatch(/^not sent: /);
		expect(fake.requests).toHaveLength(2);
	}, 60_000);
});
