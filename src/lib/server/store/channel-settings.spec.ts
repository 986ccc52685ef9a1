import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openDb } from './database.ts';
import { channelActivity, channelStatus, setPaused } from './channel-settings.ts';
import { Queue } from './posts.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-channels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a paused channel keeps its due posts approved until it is resumed; other channels go on', () => {
	const db = openDb(join(dir, 'caravan.db'));
	const queue = new Queue(db, () => new Date('2026-12-01T14:00:00Z'));
	const ids = (['telegram', 'outbox'] as const).map((channel) => {
		const { post } = queue.create({ item_kind: 'topic', item_slug: 'youth-education', locale: 'uz', channel, caption: 'x', scheduled_utc: '2026-12-01T13:00:00.000Z', zone: 'Asia/Tashkent' }, 'test');
		queue.approve(post.id, 'test');
		return post.id;
	});
	setPaused(db, 'telegram', true, 'Aziza');
	expect(channelStatus(db).find((c) => c.name === 'telegram')).toMatchObject({ paused: true, updated_by: 'Aziza', configured: false });
	expect(queue.claimDue('p', { leaseMs: 60_000 }).map((p) => p.id)).toEqual([ids[1]]);
	expect(queue.get(ids[0]!)!.state).toBe('approved');
	setPaused(db, 'telegram', false, 'Aziza');
	expect(queue.claimDue('p', { leaseMs: 60_000 }).map((p) => p.id)).toEqual([ids[0]]);
});

test('a channel’s last success and last failure come from the audit log; its waiting posts are counted by state, its last 24 hours’ posts by the audit', () => {
	const db = openDb(join(dir, 'activity.db'));
	let now = new Date('2026-12-01T14:00:00Z');
	const queue = new Queue(db, () => now);
	const make = (channel: 'telegram' | 'mastodon', approve = true) => {
		const { post } = queue.create({ item_kind: 'topic', item_slug: 'youth-education', locale: 'uz', channel, caption: `x${Math.random()}`, scheduled_utc: '2026-12-01T13:00:00.000Z', zone: 'Asia/Tashkent' }, 'test');
		if (approve) queue.approve(post.id, 'test');
		return post.id;
	};
	expect(channelActivity(db).telegram).toEqual({ approved: 0, drafts: 0, attention: 0, lastDay: 0 });

	const [first, second, third] = [make('telegram'), make('telegram'), make('telegram')];
	make('telegram', false);
	// Publish one, retry one, fail one.
	const claimed = queue.claimDue('p', { leaseMs: 60_000, limit: 10 }).filter((post) => post.channel === 'telegram');
	expect(claimed.map((post) => post.id).sort()).toEqual([first, second, third].sort());
	const [a, b, c] = claimed.map((post) => post.id) as [string, string, string];
	make('mastodon');
	queue.published(a, 'p', { id: 'm1', url: 'https://t.me/caravan/1' });
	now = new Date('2026-12-01T14:05:00Z');
	queue.retryLater(b, 'p', 'not sent: Telegram could not be reached (ECONNREFUSED)', 60_000, 5);
	now = new Date('2026-12-01T14:06:00Z');
	queue.failed(c, 'p', 'rejected by the network: Telegram answered 400: Bad Request: chat not found');

	const telegram = channelActivity(db).telegram;
	expect(telegram.lastSuccess).toEqual({ at: '2026-12-01T14:00:00.000Z', post_id: a, url: 'https://t.me/caravan/1' });
	expect(telegram.lastFailure).toEqual({ at: '2026-12-01T14:06:00.000Z', post_id: c, reason: 'rejected by the network: Telegram answered 400: Bad Request: chat not found' });
	// b waits approved for its retry; c failed; one draft; the mastodon post is not telegram's.
	expect(telegram).toMatchObject({ approved: 1, drafts: 1, attention: 1 });
	expect(channelActivity(db).mastodon).toMatchObject({ approved: 1, drafts: 0, attention: 0, lastSuccess: undefined, lastFailure: undefined });

	// The last 24 hours are a rolling window before the moment asked about: the post published at 14:00
	// counts until 14:00 the next day; the failed one never counts; nor does another channel's.
	const lastDay = (at: string) => channelActivity(db, new Date(at));
	expect(lastDay('2026-12-01T14:30:00Z').telegram.lastDay).toBe(1);
	expect(lastDay('2026-12-02T13:59:00Z').telegram.lastDay).toBe(1);
	expect(lastDay('2026-12-02T13:59:00Z').mastodon.lastDay).toBe(0);
	expect(lastDay('2026-12-02T15:00:00Z').telegram.lastDay).toBe(0);
});
