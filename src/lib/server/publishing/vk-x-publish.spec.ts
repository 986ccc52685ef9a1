/**
 * VK and X through the publisher and the queue (a real SQLite file) against their fakes: a post published
 * once from its card, a limit that makes it wait without using an attempt, a refused token that pauses the
 * channel, and an unknown outcome read back from the wall or the timeline.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { publisherOptions } from '../../../../tests/fakes/expect.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadContent } from '#lib/server/content/load.ts';
import { channelStatus } from '#lib/server/store/channel-settings.ts';
import { openDb } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { startFakeVk, type FakeVk } from '../../../../tests/fakes/vk.ts';
import { startFakeX, type FakeX } from '../../../../tests/fakes/x.ts';
import type { Channel } from './channels/types.ts';
import { vk } from './channels/vk.ts';
import { x } from './channels/x.ts';
import { publishDue } from './publish.ts';
import { checkUnknown } from './read-back.ts';

const content = loadContent();
const dirs: string[] = [];
const fakes: { close(): Promise<void> }[] = [];
afterEach(async () => {
	dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
	await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

/** What differs between the two: the fake, the channel on it, and how each fake is told to misbehave. */
const networks = {
	vk: {
		start: startFakeVk,
		make: (fake: FakeVk) => vk({ token: fake.token, groupId: fake.group, apiUrl: fake.api }),
		texts: (fake: FakeVk) => fake.posts.map((post) => post.text),
		url: (fake: FakeVk) => `https://vk.com/wall-${fake.group}_${fake.posts[0]?.id}`,
		badToken: (fake: FakeVk) => fake.next({ kind: 'bad-token' }, 'server'),
		// 49 of the community's posts in the last hour: one more fills the day.
		oneLeft: (fake: FakeVk) => fake.posts.push(...Array.from({ length: 49 }, (_, n) => ({ id: 10 + n, text: `earlier ${n}`, attachments: [], date: Math.floor(Date.now() / 1000) - 3_600 }))),
		hang: (fake: FakeVk) => fake.next({ kind: 'hang', afterCreate: true }, 'post'),
		refused: /^needs a new token: VK refused/
	},
	x: {
		start: startFakeX,
		make: (fake: FakeX) => x({ token: fake.token, userId: fake.userId, apiUrl: fake.url }),
		texts: (fake: FakeX) => fake.posts.map((post) => post.text),
		url: (fake: FakeX) => `https://x.com/i/web/status/${fake.posts[0]?.id}`,
		badToken: (fake: FakeX) => fake.next({ kind: 'bad-token' }, 'upload'),
		oneLeft: (fake: FakeX) => void (fake.dailyLeft = 1),
		hang: (fake: FakeX) => fake.next({ kind: 'hang', afterCreate: true }, 'post'),
		refused: /^needs a new token: X refused/
	}
};

async function setup<N extends keyof typeof networks>(network: N) {
	const spec = networks[network] as unknown as {
		start: () => Promise<FakeVk & FakeX>;
		make: (fake: FakeVk & FakeX) => Channel;
		texts: (fake: FakeVk & FakeX) => string[];
		url: (fake: FakeVk & FakeX) => string;
		badToken: (fake: FakeVk & FakeX) => void;
		oneLeft: (fake: FakeVk & FakeX) => void;
		hang: (fake: FakeVk & FakeX) => void;
		refused: RegExp;
	};
	const dir = mkdtempSync(join(tmpdir(), `caravan-${network}-`));
	dirs.push(dir);
	const file = join(dir, 'caravan.db');
	const db = openDb(file);
	const queue = new Queue(db, () => new Date('2026-12-01T13:00:00Z'));
	const fake = await spec.start();
	fakes.push(fake);
	const channels = new Map<string, Channel>([[network, spec.make(fake)]]);
	const lines: string[] = [];
	const options = publisherOptions(dir, { log: (line: string) => void lines.push(line) });
	const due = (caption = 'Yoshlar — Markaziy Osiyo aholisining yarmi') => {
		const { post } = queue.create(
			{ item_kind: 'fact', item_slug: 'half-population-under-20', locale: 'uz', channel: network, caption, alt: 'Xarita', formats: ['square'], scheduled_utc: '2026-12-01T12:00:00.000Z', zone: 'Asia/Tashkent' },
			'editor'
		);
		queue.approve(post.id, 'approver');
		return post.id;
	};
	return { file, db, queue, fake, spec, channels, options, due, lines };
}

describe.each(['vk', 'x'] as const)('%s through the publisher', (network) => {
	test('a due post is published once, with its card, at its address', async () => {
		const { queue, fake, spec, channels, options, due } = await setup(network);
		const id = due();
		expect(await publishDue(queue, content, channels, options)).toEqual({ published: 1, retried: 0, failed: 0, unknown: 0 });
		expect(spec.texts(fake)).toHaveLength(1);
		expect(queue.get(id)).toMatchObject({ state: 'published', attempts: 1, remote_url: spec.url(fake) });
	});

	test('the network’s daily limit reached: the next post waits, before any request, and keeps its attempts', async () => {
		const { queue, fake, spec, channels, options, due } = await setup(network);
		spec.oneLeft(fake);
		const before = spec.texts(fake).length;
		const first = due();
		const second = due('Ikkinchi post');
		expect(await publishDue(queue, content, channels, options)).toEqual({ published: 1, retried: 1, failed: 0, unknown: 0 });
		expect(queue.get(first)?.state).toBe('published');
		expect(queue.get(second)).toMatchObject({ state: 'approved', attempts: 0, last_error: expect.stringMatching(/^not sent: .*(50 posts in 24 hours|24-hour posting limit)/) });
		expect(queue.audit(second).some((entry) => entry.reason.startsWith('waits: '))).toBe(true);
		expect(spec.texts(fake)).toHaveLength(before + 1);
	});

	test('a refused token pauses the channel with “needs a new token”: its posts wait, unspent; the token is nowhere in the database or the log', async () => {
		const { file, db, queue, fake, spec, channels, options, due, lines } = await setup(network);
		const first = due();
		const second = due('Ikkinchi post');
		spec.badToken(fake);
		expect(await publishDue(queue, content, channels, options)).toEqual({ published: 0, retried: 2, failed: 0, unknown: 0 });
		expect(channelStatus(db).find((channel) => channel.name === network)).toMatchObject({ paused: true, reason: expect.stringMatching(spec.refused) });
		expect(queue.get(second)).toMatchObject({ state: 'approved', attempts: 0, last_error: `not sent: ${network} is paused` });
		expect(queue.get(first)?.state).toBe('approved');
		expect(spec.texts(fake)).toHaveLength(0);
		db.pragma('wal_checkpoint(TRUNCATE)');
		expect(readFileSync(file).includes(fake.token)).toBe(false);
		expect(lines.join('\n')).not.toContain(fake.token);
	});

	test('no answer to the post: read back from the network and resolved as published, once', async () => {
		const { queue, fake, spec, channels, options, due } = await setup(network);
		const id = due();
		spec.hang(fake);
		expect(await publishDue(queue, content, channels, { ...options, timeoutMs: 1_500 })).toEqual({ published: 0, retried: 0, failed: 0, unknown: 1 });
		expect(queue.get(id)?.state).toBe('needs_check');
		expect(await checkUnknown(queue, channels, { settleMs: 0, log: () => {} })).toEqual({ published: 1, sendAgain: 0, unsure: 0 });
		expect(queue.get(id)).toMatchObject({ state: 'published', remote_url: spec.url(fake) });
		expect(spec.texts(fake)).toHaveLength(1);
	});
});
