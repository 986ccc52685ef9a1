import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openDb } from './database.ts';
import { channelStatus, setPaused } from './channel-settings.ts';
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
