/**
 * Fault injection: 50 approved posts across channels; the scheduler is killed with SIGKILL at random
 * moments while it publishes (once it has started publishing, plus 0–400 ms), and restarted, 20 times. At the end every post is published exactly
 * once at its network (as the fake servers count) or waits in needs_check for a person — none lost,
 * none sent twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openDb } from '../src/lib/server/db/index';
import { Queue } from '../src/lib/server/queue/posts';
import { startFakeBluesky } from '../tests/fakes/bluesky';
import { startFakeMastodon } from '../tests/fakes/mastodon';
import { startFakeTelegram } from '../tests/fakes/telegram';
import { startFakeWebhook } from '../tests/fakes/webhook';

const dir = mkdtempSync(join(tmpdir(), 'caravan-fault-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('SIGKILL at random moments, 20 rounds: every post published exactly once or in needs_check', async () => {
	const secret = 'fault-injection-secret-0123456789abcdef';
	const webhook = await startFakeWebhook(secret, { latencyMs: 250 });
	const telegram = await startFakeTelegram({ latencyMs: 250 });
	const mastodon = await startFakeMastodon();
	const bluesky = await startFakeBluesky({ password: 'fault-app-password' });
	const queue = new Queue(openDb(join(dir, 'caravan.db')));
	const channels = ['outbox', 'webhook', 'telegram', 'mastodon', 'bluesky'];
	const marker = new Map<string, string>(); // caption marker → post id
	for (let i = 0; i < 50; i++) {
		const channel = channels[i % channels.length]!;
		const { post } = queue.create(
			{
				item_kind: 'fact',
				item_slug: 'seventy-million-people',
				locale: ['en', 'ru', 'kk', 'uz'][i % 4]!,
				channel,
				caption: `Fault test post #${i}`,
				formats: ['square'],
				scheduled_utc: new Date(Date.now() - 60_000).toISOString(),
				zone: 'Asia/Tashkent'
			},
			'test'
		);
		queue.approve(post.id, 'test');
		marker.set(`#${i}`, post.id);
	}

	const env = {
		...process.env,
		CARAVAN_DATA_DIR: dir,
		SCHEDULER_PUBLISH: '* * * * * *',
		SCHEDULER_PLAN: '0 0 1 1 *',
		SCHEDULER_RENDER: '0 0 1 1 *',
		PUBLISH_LEASE_SECONDS: '2',
		PUBLISH_TIMEOUT_SECONDS: '5',
		PUBLISH_BATCH: '50',
		PUBLISH_BACKOFF_SECONDS: '1',
		// Each kill can cost the posts in flight an attempt, and recovery fails a post whose attempts are
		// used up: more attempts than runs, so the kills alone cannot fail a post.
		PUBLISH_MAX_ATTEMPTS: '25',
		PUBLISH_PACING: 'off',
		WEBHOOK_URL: webhook.url,
		WEBHOOK_SECRET: secret,
		TELEGRAM_API_URL: telegram.url,
		TELEGRAM_BOT_TOKEN: telegram.token,
		TELEGRAM_CHAT_ID: `@${telegram.chat.username}`,
		MASTODON_URL: mastodon.url,
		MASTODON_TOKEN: mastodon.token,
		BLUESKY_SERVICE: bluesky.url,
		BLUESKY_IDENTIFIER: bluesky.handle,
		BLUESKY_APP_PASSWORD: 'fault-app-password'
	};
	const start = () => spawn(process.execPath, ['--import', 'tsx', 'scheduler/index.ts'], { env, stdio: 'ignore' });
	const exit = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)));

	// Open: any of the 50 not yet published or set aside (the campaigns in content/ add drafts of their own).
	const open = () =>
		queue.list().filter((post) => post.caption.startsWith('Fault test') && !['published', 'needs_check'].includes(post.state)).length;
	let killedWhilePublishing = 0;
	for (let round = 0; round < 20; round++) {
		const child = start();
		// Wait until it is publishing (start-up takes a moment on a busy machine), then a random bit more.
		const until = Date.now() + 8_000;
		while (queue.depth().publishing === 0 && open() > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
		await new Promise((resolve) => setTimeout(resolve, Math.random() * 400));
		if (queue.depth().publishing > 0) killedWhilePublishing++;
		child.kill('SIGKILL');
		await exit(child);
	}

	// A last run, left alone: expired leases are recovered and what is left is published.
	const final = start();
	const deadline = Date.now() + 90_000;
	while (open() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
	final.kill('SIGTERM');
	expect(await exit(final)).toBe(0);

	// What each network received, per post.
	const received = new Map<string, number>();
	const count = (id: string | undefined) => id && received.set(id, (received.get(id) ?? 0) + 1);
	for (const request of webhook.requests) count((request.post as { id?: string } | undefined)?.id);
	for (const request of telegram.requests) count(marker.get(/#\d+/.exec(String(request.fields.caption ?? ''))?.[0] ?? ''));
	// Mastodon and Bluesky deduplicate (Idempotency-Key, fixed record key): count what they created.
	for (const status of mastodon.statuses) count(marker.get(/#\d+/.exec(status.text)?.[0] ?? ''));
	for (const record of bluesky.records.values()) count(marker.get(/#\d+/.exec(String(record.value.text ?? ''))?.[0] ?? ''));
	const outboxDays = existsSync(join(dir, 'outbox')) ? readdirSync(join(dir, 'outbox')) : [];

	const posts = queue.list().filter((post) => post.caption.startsWith('Fault test'));
	expect(posts).toHaveLength(50);
	const summary = { published: 0, needs_check: 0, killedWhilePublishing };
	for (const post of posts) {
		expect(['published', 'needs_check'], `${post.id} is ${post.state}: ${post.last_error}`).toContain(post.state);
		if (['mastodon', 'bluesky'].includes(post.channel)) {
			// A repeat is safe there, so nothing waits for a person: exactly one status or record.
			expect(post.state).toBe('published');
			expect(received.get(post.id), `${post.channel} post ${post.id}`).toBe(1);
		} else if (post.channel === 'outbox') {
			expect(post.state).toBe('published'); // a repeat is safe: the outbox replaces the folder
			expect(outboxDays.some((day) => existsSync(join(dir, 'outbox', day, post.id, 'card-square.png')))).toBe(true);
		} else if (post.state === 'published') {
			expect(received.get(post.id), `${post.channel} post ${post.id}`).toBe(1);
		} else {
			expect(received.get(post.id) ?? 0, `${post.channel} post ${post.id} in needs_check`).toBeLessThanOrEqual(1);
		}
		summary[post.state as 'published' | 'needs_check']++;
	}
	for (const [id, times] of received) expect(times, `post ${id} reached its network ${times} times`).toBe(1);
	// The kills must have hit the publisher mid-send, or the test proved nothing.
	expect(killedWhilePublishing).toBeGreaterThanOrEqual(5);
	console.log(`fault injection: ${JSON.stringify(summary)}`);
	await Promise.all([webhook.close(), telegram.close(), mastodon.close(), bluesky.close()]);
}, 240_000);
