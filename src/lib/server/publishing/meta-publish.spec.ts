/**
 * The Meta channels through the publisher and the queue (a real SQLite file) against their fakes: the
 * container kept before the publish and resumed with, waits that use no attempt, a refused token that
 * pauses the channel, and unknown outcomes read back by the container's status.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { publisherOptions } from '../../../../tests/fakes/expect.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChannelName, Format } from '#lib/core/catalogue.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { channelStatus } from '#lib/server/store/channel-settings.ts';
import { openDb } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { startFakeFacebook } from '../../../../tests/fakes/facebook.ts';
import type { FakeGraph } from '../../../../tests/fakes/graph.ts';
import { startFakeInstagram } from '../../../../tests/fakes/instagram.ts';
import { startFakeThreads } from '../../../../tests/fakes/threads.ts';
import { facebook } from './channels/facebook.ts';
import { instagram } from './channels/instagram.ts';
import { threads } from './channels/threads.ts';
import type { Channel } from './channels/types.ts';
import { publishDue } from './publish.ts';
import { checkUnknown } from './read-back.ts';

const content = loadContent();
const dirs: string[] = [];
const fakes: FakeGraph[] = [];
afterEach(async () => {
	dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
	await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

const siteUrl = 'https://caravan.example.org';
const makers: Record<'instagram' | 'facebook' | 'threads', (fake: FakeGraph) => Channel> = {
	instagram: (fake) => instagram({ userId: fake.account, token: fake.token, apiUrl: fake.api, siteUrl, pollMs: 5, maxWaitMs: 100 }),
	facebook: (fake) => facebook({ pageId: fake.account, token: fake.token, apiUrl: fake.api, siteUrl }),
	threads: (fake) => threads({ userId: fake.account, token: fake.token, apiUrl: fake.api, siteUrl, pollMs: 5, maxWaitMs: 100 })
};
const starters = { instagram: startFakeInstagram, facebook: startFakeFacebook, threads: startFakeThreads };

async function setup(network: 'instagram' | 'facebook' | 'threads') {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-meta-'));
	dirs.push(dir);
	let now = new Date('2026-12-01T13:00:00Z');
	const file = join(dir, 'caravan.db');
	const db = openDb(file);
	const queue = new Queue(db, () => now);
	const fake = await starters[network]();
	fakes.push(fake);
	const channels = new Map<string, Channel>([[network, makers[network](fake)]]);
	const lines: string[] = [];
	const options = publisherOptions(dir, { siteUrl, log: (line: string) => void lines.push(line) });
	const due = (caption = 'Жастар — Орталық Азия халқының жартысы', formats: Format[] = ['portrait'], channel: ChannelName = network) => {
		const { post } = queue.create(
			{ item_kind: 'fact', item_slug: 'half-population-under-20', locale: 'kk', channel, caption, alt: 'Карта', formats, scheduled_utc: '2026-12-01T12:00:00.000Z', zone: 'Asia/Almaty' },
			'editor'
		);
		queue.approve(post.id, 'approver');
		return post.id;
	};
	return { file, db, queue, fake, channels, options, due, lines, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe.each(['instagram', 'facebook', 'threads'] as const)('%s through the publisher', (network) => {
	test('a due post is published once, from the card’s public JPEG address', async () => {
		const { queue, fake, channels, options, due } = await setup(network);
		const id = due();
		expect(await publishDue(queue, content, channels, options)).toEqual({ published: 1, retried: 0, failed: 0, unknown: 0 });
		const [made] = fake.posts;
		expect(made?.imageUrl).toBe(`${siteUrl}/cards/posts/${id}/portrait.jpg`);
		const post = queue.get(id)!;
		expect(post).toMatchObject({ state: 'published', attempts: 1, remote_url: network === 'facebook' ? `https://www.facebook.com/${made?.postId}` : made?.permalink });
		expect(post.container_id).toBe(network === 'facebook' ? null : made?.container);
	});

	test('a refused token pauses the channel with “needs a new token”: its posts wait, unspent; the token is nowhere in the database or the log', async () => {
		const { file, db, queue, fake, channels, options, due, lines } = await setup(network);
		const first = due();
		const second = due('Екінші жазба');
		fake.next({ kind: 'bad-token' }, network === 'facebook' ? 'publish' : 'container');
		expect(await publishDue(queue, content, channels, options)).toEqual({ published: 0, retried: 2, failed: 0, unknown: 0 });
		const status = channelStatus(db).find((channel) => channel.name === network)!;
		expect(status).toMatchObject({ paused: true, reason: expect.stringMatching(/^needs a new token: Meta refused/) });
		expect(queue.get(first)).toMatchObject({ state: 'approved', last_error: expect.stringMatching(/code 190/) });
		expect(queue.get(second)).toMatchObject({ state: 'approved', attempts: 0, last_error: `not sent: ${network} is paused` });
		expect(fake.posts).toHaveLength(0);
		// Paused: nothing more is claimed, nothing fails one by one.
		expect(await publishDue(queue, content, channels, options)).toEqual({ published: 0, retried: 0, failed: 0, unknown: 0 });
		db.pragma('wal_checkpoint(TRUNCATE)');
		expect(readFileSync(file).includes(fake.token)).toBe(false);
		expect(lines.join('\n')).not.toContain(fake.token);
	});

	test('no answer to the request that makes the post: read back (container status or caption) and resolved as published, once', async () => {
		const { queue, fake, channels, options, due } = await setup(network);
		const id = due();
		fake.next({ kind: 'hang', afterCreate: true }, 'publish');
		expect(await publishDue(queue, content, channels, { ...options, timeoutMs: 1_500 })).toEqual({ published: 0, retried: 0, failed: 0, unknown: 1 });
		expect(queue.get(id)?.state).toBe('needs_check');
		expect(await checkUnknown(queue, channels, { settleMs: 0, log: () => {} })).toEqual({ published: 1, sendAgain: 0, unsure: 0 });
		expect(queue.get(id)).toMatchObject({ state: 'published', remote_url: fake.posts[0]?.permalink });
		expect(fake.posts).toHaveLength(1);
	});
});

describe.each(['instagram', 'threads'] as const)('%s: the container, kept', (network) => {
	test('a 500 to the publish that made nothing: read back as absent, sent again with the same container, published once', async () => {
		const { queue, fake, channels, options, due } = await setup(network);
		const id = due();
		fake.next({ kind: 'error' }, 'publish');
		expect(await publishDue(queue, content, channels, options)).toMatchObject({ unknown: 1 });
		const container = queue.get(id)?.container_id;
		expect(container).toBe([...fake.containers.keys()][0]);
		expect(await checkUnknown(queue, channels, { settleMs: 0, log: () => {} })).toEqual({ published: 0, sendAgain: 1, unsure: 0 });
		expect(await publishDue(queue, content, channels, options)).toMatchObject({ published: 1 });
		expect([fake.containers.size, fake.posts.length, fake.posts[0]?.container]).toEqual([1, 1, container]);
	});

	test('quota reached and a container still processing: the post waits over many runs without using its attempts, then goes out with its one container', async () => {
		const { queue, fake, channels, options, due, advance } = await setup(network);
		const id = due();
		fake.processingPolls = Infinity;
		for (let run = 0; run < 5; run++) {
			expect(await publishDue(queue, content, channels, options)).toEqual({ published: 0, retried: 1, failed: 0, unknown: 0 });
			expect(queue.get(id)).toMatchObject({ state: 'approved', attempts: 0, last_error: expect.stringMatching(/^not sent: .*still processing the card/) });
			advance(60_000);
		}
		const container = queue.get(id)!.container_id!;
		fake.containers.get(container)!.state = 'FINISHED';
		fake.quota.used = fake.quota.total;
		for (let run = 0; run < 5; run++) {
			expect(await publishDue(queue, content, channels, options)).toMatchObject({ retried: 1 });
			expect(queue.get(id)).toMatchObject({ state: 'approved', attempts: 0, last_error: expect.stringMatching(/publishing limit is reached/) });
			advance(60 * 60_000);
		}
		fake.quota.used = 0;
		expect(await publishDue(queue, content, channels, options)).toMatchObject({ published: 1 });
		expect([fake.containers.size, fake.posts.length, queue.get(id)?.attempts]).toEqual([1, 1, 1]);
		expect(queue.audit(id).filter((entry) => entry.reason.startsWith('waits: '))).toHaveLength(10);
	});

	test('an edited caption forgets the kept container: the next attempt makes one with the new caption', async () => {
		const { queue, fake, channels, options, due } = await setup(network);
		const id = due();
		fake.processingPolls = Infinity;
		await publishDue(queue, content, channels, options);
		expect(queue.get(id)?.container_id).not.toBeNull();
		queue.edit(id, 'editor', { caption: 'Жаңа мәтін' });
		expect(queue.get(id)?.container_id).toBeNull();
	});
});

test('a story card is refused for an Instagram post when it is made, not when it is sent', async () => {
	const { due } = await setup('instagram');
	expect(() => due('Жастар', ['story'])).toThrow(/formats: instagram takes cards from 4:5 to 1.91:1 \(width:height\); the story card is 1080×1920/);
	expect(() => due('Жастар', ['square', 'og'])).toThrow(/instagram takes at most 1 card per post; 2 are chosen/);
	expect(due('Жастар', ['og'])).toBeTruthy();
});
