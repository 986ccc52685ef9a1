import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { outbox } from './outbox.ts';
import type { OutgoingPost } from './types.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const post: OutgoingPost = {
	id: 'post-1',
	locale: 'uz',
	caption: 'Yoʻllar',
	alt: 'Xarita',
	images: [{ format: 'square', png: Buffer.from('not really a png') }],
	url: 'https://caravan.example.org/uz/topics/connectivity/',
	idempotencyKey: 'caravan-post-1',
	createdAt: '2026-11-20T09:00:00.000Z',
	scheduledAt: '2026-12-01T23:30:00.000Z'
};

// A repeat (a crash after the folder was written, before it was recorded) must land in the same folder,
// whenever it happens: the folder is named by the day the post is due, not the day it was written.
test.each([
	{ when: 'across midnight', first: '2026-12-01T23:59:59Z', again: '2026-12-02T00:00:01Z' },
	{ when: 'days later, after an outage', first: '2026-12-03T10:00:00Z', again: '2026-12-04T10:00:00Z' }
])('a repeat $when replaces the one folder of the day the post is due', async ({ first, again }) => {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-outbox-'));
	dirs.push(dir);
	let now = new Date(first);
	const channel = outbox(dir, () => now);
	const published = await channel.send(post, AbortSignal.timeout(5_000));
	now = new Date(again);
	expect(await channel.send(post, AbortSignal.timeout(5_000))).toEqual(published);

	expect(readdirSync(dir)).toEqual(['2026-12-01']);
	expect(readdirSync(join(dir, '2026-12-01'))).toEqual(['post-1']);
	expect(published.id).toBe('2026-12-01/post-1');
	expect(existsSync(join(dir, '2026-12-01', 'post-1', 'card-square.png'))).toBe(true);
	expect(JSON.parse(readFileSync(join(dir, '2026-12-01', 'post-1', 'manifest.json'), 'utf8')).written).toBe(new Date(again).toISOString());
});
