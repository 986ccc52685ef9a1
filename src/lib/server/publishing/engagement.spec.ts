/**
 * The scheduler's engagement job on a real SQLite file with a clock the test moves (no sleeps), against
 * fakes of Mastodon and Bluesky (and VK and X, for their own limits) on 127.0.0.1: readings at about 1
 * hour, 1 day and 7 days after a post was published, each kept once; a scheduler that was down reads only
 * the latest checkpoint due; a network error is tried again later; a network's rate limit holds its reads
 * for as long as it asked; a refused token holds the channel instead of asking for every post.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDb, type Db } from '#lib/server/store/database.ts';
import { keepReading, readings } from '#lib/server/store/engagement.ts';
import { Queue, type NewPost } from '#lib/server/store/posts.ts';
import { startFakeMastodon, type FakeMastodon } from '../../../../tests/fakes/mastodon.ts';
import { startFakeBluesky, type FakeBluesky } from '../../../../tests/fakes/bluesky.ts';
import { startFakeVk } from '../../../../tests/fakes/vk.ts';
import { startFakeX } from '../../../../tests/fakes/x.ts';
import { bluesky } from './channels/bluesky.ts';
import { mastodon } from './channels/mastodon.ts';
import { telegram } from './channels/telegram.ts';
import { vk } from './channels/vk.ts';
import { x } from './channels/x.ts';
import type { Channel } from './channels/types.ts';
import { readEngagement } from './engagement.ts';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const T0 = new Date('2026-12-01T13:00:00.000Z');

let dir: string;
let db: Db;
let queue: Queue;
let now: Date;
let masto: FakeMastodon;
let sky: FakeBluesky;
let channels: Map<string, Channel>;
let logged: string[];

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'caravan-engagement-'));
	db = openDb(join(dir, 'caravan.db'));
	now = T0;
	queue = new Queue(db, () => now);
	masto = await startFakeMastodon();
	sky = await startFakeBluesky();
	channels = new Map<string, Channel>([
		['mastodon', mastodon({ url: masto.url, token: masto.token })],
		['bluesky', bluesky({ service: sky.url, identifier: sky.handle, appPassword: 'abcd-efgh-ijkl-mnop' })],
		// Configured, but a bot cannot read a channel's views: never asked.
		['telegram', telegram({ apiUrl: 'http://127.0.0.1:9', token: '1:x', chatId: '@caravan' })]
	]);
	logged = [];
});
afterEach(async () => {
	db.close();
	await Promise.all([masto.close(), sky.close()]);
	rmSync(dir, { recursive: true, force: true });
});

const draft = (channel: NewPost['channel'], n: number): NewPost => ({
	item_kind: 'topic',
	item_slug: 'youth-education',
	locale: 'ru',
	channel,
	caption: `Образование ${n}`,
	scheduled_utc: now.toISOString(),
	zone: 'Asia/Bishkek'
});

/** A post published now on `channel`, as the publisher records it. */
function publish(channel: NewPost['channel'], n: number, remote: { id: string; url?: string }): string {
	const { post } = queue.create(draft(channel, n), 'test');
	queue.approve(post.id, 'test');
	const [claimed] = queue.claimDue('test', { leaseMs: 60_000 });
	expect(claimed?.id).toBe(post.id);
	queue.published(post.id, 'test', remote);
	return post.id;
}

const tick = () => readEngagement(db, channels, { now: () => now, paceScale: 0, log: (line) => logged.push(line) });
const statusReads = () => masto.requests.filter((request) => request.path.startsWith('/api/v1/statuses/')).length;
const at = (ms: number) => (now = new Date(T0.getTime() + ms));

describe('checkpoints', () => {
	test('a network paced slower than a tick should wait leaves its next reading to a later tick', async () => {
		const first = masto.addStatus('Образование 1', T0.toISOString());
		const second = masto.addStatus('Образование 2', T0.toISOString());
		const ids = [publish('mastodon', 1, { id: first.id }), publish('mastodon', 2, { id: second.id })];
		at(HOUR + 60_000);
		// Mastodon's one read a second, stretched to a minute: the second read would wait that long.
		const slow = (map: Map<string, Channel>) => readEngagement(db, map, { now: () => now, paceScale: 60, log: (line) => logged.push(line) });
		const started = Date.now();
		expect(await slow(channels)).toMatchObject({ read: 1 });
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(ids.map((id) => readings(db, id).length).sort()).toEqual([0, 1]);
		// Still due: read by the next tick that may ask (here, a new scheduler with its own pacing).
		expect(await slow(new Map(channels))).toMatchObject({ read: 1 });
		expect(ids.map((id) => readings(db, id).length)).toEqual([1, 1]);
	});

	test('read at 1 hour, 1 day and 7 days after publishing, each once, with the figures of that time', async () => {
		const status = masto.addStatus('Образование 1', T0.toISOString());
		const id = publish('mastodon', 1, { id: status.id, url: status.url });
		publish('telegram', 2, { id: '77' });

		at(HOUR - 60_000);
		expect(await tick()).toMatchObject({ read: 0 });
		expect(statusReads()).toBe(0);

		status.counts = { favourites: 3, reblogs: 1, replies: 0 };
		at(HOUR + 60_000);
		expect(await tick()).toMatchObject({ read: 1, retry: 0 });
		expect(await tick()).toMatchObject({ read: 0 }); // the same checkpoint is not read again
		expect(statusReads()).toBe(1);

		status.counts = { favourites: 20, reblogs: 6, replies: 4 };
		at(DAY + 5 * 60_000);
		await tick();
		status.counts = { favourites: 31, reblogs: 8, replies: 5 };
		at(7 * DAY + 5 * 60_000);
		await tick();
		at(30 * DAY);
		expect(await tick()).toMatchObject({ read: 0 }); // done after 7 days
		expect(statusReads()).toBe(3);

		expect(readings(db, id).map(({ checkpoint, read_at, metrics, problem }) => ({ checkpoint, read_at, metrics, problem }))).toEqual([
			{ checkpoint: '1h', read_at: '2026-12-01T14:01:00.000Z', metrics: { likes: 3, reposts: 1, replies: 0 }, problem: null },
			{ checkpoint: '1d', read_at: '2026-12-02T13:05:00.000Z', metrics: { likes: 20, reposts: 6, replies: 4 }, problem: null },
			{ checkpoint: '7d', read_at: '2026-12-08T13:05:00.000Z', metrics: { likes: 31, reposts: 8, replies: 5 }, problem: null }
		]);
		expect(readings(db).filter((reading) => reading.post_id !== id)).toEqual([]); // Telegram: nothing read
	});

	test('a scheduler that was down reads only the latest checkpoint due, at its real time', async () => {
		const status = masto.addStatus('Образование 1', T0.toISOString());
		status.counts = { favourites: 9 };
		const id = publish('mastodon', 1, { id: status.id });
		at(2 * DAY + HOUR);
		await tick();
		expect(readings(db, id).map((reading) => [reading.checkpoint, reading.read_at])).toEqual([['1d', '2026-12-03T14:00:00.000Z']]);
		at(8 * DAY);
		await tick();
		expect(readings(db, id).map((reading) => reading.checkpoint)).toEqual(['1d', '7d']);
	});

	test('a post whose last checkpoint is more than 30 days past is not read (an upgrade does not read a year of posts as a week old)', async () => {
		const status = masto.addStatus('Образование 1', T0.toISOString());
		const id = publish('mastodon', 1, { id: status.id });
		at(7 * DAY + 31 * DAY);
		expect(await tick()).toMatchObject({ read: 0 });
		at(7 * DAY + 29 * DAY);
		expect(await tick()).toMatchObject({ read: 1 });
		expect(readings(db, id).map((reading) => reading.checkpoint)).toEqual(['7d']);
	});

	test('a reading kept twice for one checkpoint stays one: the first stands', () => {
		const id = publish('mastodon', 1, { id: '1' });
		expect(keepReading(db, { post_id: id, checkpoint: '1h', read_at: '2026-12-01T14:00:00.000Z', metrics: { likes: 1 }, problem: null })).toBe(true);
		expect(keepReading(db, { post_id: id, checkpoint: '1h', read_at: '2026-12-01T14:05:00.000Z', metrics: { likes: 2 }, problem: null })).toBe(false);
		expect(readings(db, id)).toHaveLength(1);
		expect(readings(db, id)[0]?.metrics).toEqual({ likes: 1 });
	});
});

describe('failures', () => {
	test('a network error is tried again later, not at every tick; publishing is another job', async () => {
		const status = masto.addStatus('Образование 1', T0.toISOString());
		const id = publish('mastodon', 1, { id: status.id });
		masto.next({ kind: 'error', status: 503 }, 'status');
		at(HOUR + 60_000);
		expect(await tick()).toMatchObject({ read: 0, retry: 1 });
		at(HOUR + 10 * 60_000);
		expect(await tick()).toMatchObject({ read: 0, retry: 0 });
		expect(statusReads()).toBe(1);
		at(HOUR + 17 * 60_000);
		expect(await tick()).toMatchObject({ read: 1 });
		expect(readings(db, id).map((reading) => reading.checkpoint)).toEqual(['1h']);
		expect(logged.join('\n')).toMatch(/will try again in 15 min: .*Mastodon 503/);
	});

	test('a refused token holds the channel for hours, said once, while the other channels go on; nothing leaks the token', async () => {
		const posts = [1, 2, 3].map((n) => {
			const status = masto.addStatus(`Образование ${n}`, T0.toISOString());
			return publish('mastodon', n, { id: status.id });
		});
		const record = await channels.get('bluesky')!.send(
			{ id: 'b', locale: 'ru', caption: 'Образование', alt: '', images: [], url: 'https://caravan.example.org/', idempotencyKey: 'caravan-b', createdAt: T0.toISOString(), scheduledAt: T0.toISOString() },
			AbortSignal.timeout(5_000)
		);
		sky.counts.set(record.id, { likeCount: 8 });
		const blue = publish('bluesky', 4, record);
		masto.next({ kind: 'unauthorized' }, 'status');

		at(HOUR + 60_000);
		expect(await tick()).toMatchObject({ read: 1, held: 3 });
		at(3 * HOUR);
		expect(await tick()).toMatchObject({ read: 0, held: 3 });
		expect(statusReads()).toBe(1);
		expect(logged.filter((line) => line.includes('mastodon'))).toHaveLength(1);
		expect(logged.join('\n')).not.toContain(masto.token);
		expect(readings(db, blue)[0]?.metrics).toEqual({ likes: 8, reposts: 0, quotes: 0, replies: 0 });

		// Hours on, the token renewed: the due readings are made (the latest checkpoint due), Bluesky's 1 d too.
		at(DAY + HOUR);
		expect(await tick()).toMatchObject({ read: 4, held: 0 });
		expect(posts.map((id) => readings(db, id).map((reading) => reading.checkpoint))).toEqual([['1d'], ['1d'], ['1d']]);
	});

	test('VK’s flood control and X’s 429 hold each network’s reads for as long as it asked, then every waiting read is made', async () => {
		const vkFake = await startFakeVk();
		const xFake = await startFakeX();
		try {
			channels.set('vk', vk({ token: vkFake.token, groupId: vkFake.group, apiUrl: vkFake.api }));
			channels.set('x', x({ token: xFake.token, userId: xFake.userId, apiUrl: xFake.url }));
			const date = Math.floor(T0.getTime() / 1000);
			vkFake.posts.push({ id: 11, text: 'a', attachments: [], date }, { id: 12, text: 'b', attachments: [], date });
			xFake.posts.push({ id: '1870000000000000011', text: 'a', mediaIds: [], createdAt: T0.toISOString() }, { id: '1870000000000000012', text: 'b', mediaIds: [], createdAt: T0.toISOString() });
			const ids = [
				publish('vk', 1, { id: `-${vkFake.group}_11` }),
				publish('vk', 2, { id: `-${vkFake.group}_12` }),
				publish('x', 3, { id: '1870000000000000011' }),
				publish('x', 4, { id: '1870000000000000012' })
			];
			vkFake.next({ kind: 'error', code: 9 }, 'read');
			xFake.next({ kind: 'rate-limited', resetIn: 30 * 60 }, 'read');
			const reads = () => [vkFake.requests.filter((r) => r.path === '/method/wall.getById').length, xFake.requests.filter((r) => r.path.startsWith('/2/tweets/')).length];

			at(HOUR + 60_000);
			expect(await tick()).toMatchObject({ read: 0, retry: 2, held: 2 });
			expect(reads()).toEqual([1, 1]);
			// VK's flood control is over after 10 minutes (the failed read waits the first 15); X's reset is at 30.
			at(HOUR + 17 * 60_000);
			expect(await tick()).toMatchObject({ read: 2, held: 2 });
			at(HOUR + 32 * 60_000);
			expect(await tick()).toMatchObject({ read: 2, held: 0 });
			expect(reads()).toEqual([3, 3]);
			expect(ids.map((id) => readings(db, id).map((reading) => reading.checkpoint))).toEqual([['1h'], ['1h'], ['1h'], ['1h']]);
			expect(logged.join('\n')).toMatch(/VK error 9 .*flood control; the channel's reads wait/);
			expect(logged.join('\n')).not.toContain(vkFake.token);
			expect(logged.join('\n')).not.toContain(xFake.token);
		} finally {
			await Promise.all([vkFake.close(), xFake.close()]);
		}
	});

	test('a post the network no longer has gets its reading with the reason, and is not asked again for that checkpoint', async () => {
		const id = publish('mastodon', 1, { id: '424242' });
		at(HOUR + 60_000);
		expect(await tick()).toMatchObject({ unreadable: 1 });
		expect(readings(db, id)[0]).toMatchObject({ checkpoint: '1h', metrics: {}, problem: expect.stringMatching(/404/) });
		at(HOUR + 2 * 60_000);
		await tick();
		expect(statusReads()).toBe(1);
	});
});
