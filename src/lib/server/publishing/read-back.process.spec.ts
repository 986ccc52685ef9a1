/** `npm run queue -- show` tells the operator where to look for a post whose outcome is unknown. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { openDb } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { startFakeTelegram } from '../../../../tests/fakes/telegram.ts';
import { telegram } from '#lib/server/publishing/channels/telegram.ts';
import { whereToLook } from './read-back.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('queue show prints where to look for a Telegram post in needs_check, without the bot token', async () => {
	const fake = await startFakeTelegram();
	try {
		const file = join(dir, 'caravan.db');
		const queue = new Queue(openDb(file), () => new Date('2026-12-01T13:00:00Z'));
		const { post } = queue.create(
			{ item_kind: 'fact', item_slug: 'half-population-under-20', locale: 'kk', channel: 'telegram', caption: 'Жастар\n\nОрталық Азия', scheduled_utc: '2026-12-01T12:00:00.000Z', zone: 'Asia/Almaty' },
			'editor'
		);
		queue.approve(post.id, 'approver');
		queue.claimDue('test-publisher', { leaseMs: 60_000 });
		queue.startRequest(post.id, 'test-publisher');
		queue.needsCheck(post.id, 'test-publisher', 'outcome unknown: no answer');
		const channels = new Map([['telegram', telegram({ apiUrl: fake.url, token: fake.token, chatId: '@caravan_news' })]]);
		const guide = whereToLook(queue, channels, queue.get(post.id)!);
		expect(guide[0]).toBe('Look in the Telegram chat @caravan_news (https://t.me/caravan_news).');

		const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/queue.ts', 'show', post.id], {
			env: { ...process.env, CARAVAN_DATABASE: file, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_CHAT_ID: '@caravan_news', TELEGRAM_API_URL: fake.url }
		});
		expect(cli.stdout).toContain(`Where to look:\n  ${guide.join('\n  ')}\n`);
		expect(cli.stdout).not.toContain(fake.token);
	} finally {
		await fake.close();
	}
}, 30_000);
