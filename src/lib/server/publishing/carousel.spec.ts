/**
 * Carousels through the queue (a real SQLite file) and the publisher, against the fakes of Telegram and
 * Instagram: a topic's slides kept with the post, checked when it is made and approved, sent as one set
 * (one sendMediaGroup; item containers, a carousel container, one media_publish), and an Instagram
 * carousel that resumes with the containers it kept instead of making new ones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChannelName, Format } from '#lib/core/catalogue.ts';
import { mediaProblem } from '#lib/core/post-fields.ts';
import { cardPng } from '#lib/server/cards/cache.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { openDb } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { carouselSlides } from '#lib/server/views/carousel.ts';
import { failure, publisherOptions } from '../../../../tests/fakes/expect.ts';
import type { FakeGraph } from '../../../../tests/fakes/graph.ts';
import { startFakeInstagram } from '../../../../tests/fakes/instagram.ts';
import { startFakeTelegram } from '../../../../tests/fakes/telegram.ts';
import { instagram } from './channels/instagram.ts';
import { telegram } from './channels/telegram.ts';
import type { Channel } from './channels/types.ts';
import { postText, refreshPost } from './compose.ts';
import { publishDue } from './publish.ts';
import { checkUnknown } from './read-back.ts';

const content = loadContent();
const siteUrl = 'https://caravan.example.org';
const topic = 'connectivity';
const slideCount = carouselSlides(content, 'ru', topic, siteUrl).length;

const dirs: string[] = [];
const fakes: { close(): Promise<void> }[] = [];
afterEach(async () => {
	dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
	await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

function world() {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-carousel-'));
	dirs.push(dir);
	let now = new Date('2026-12-01T13:00:00Z');
	const queue = new Queue(openDb(join(dir, 'caravan.db')), () => now);
	const options = publisherOptions(dir, { siteUrl });
	/** A carousel post of the topic, made as the dashboard makes it (compose.ts postText), and approved. */
	const carousel = (channel: ChannelName, formats: Format[] = ['portrait'], { approve = true, kind = 'topic' as 'topic' | 'fact', slug = topic } = {}) => {
		const made = postText(content, { kind, slug, locale: 'ru', channel, siteUrl, formats, carousel: true });
		const { post } = queue.create(
			{ item_kind: kind, item_slug: slug, locale: 'ru', channel, formats, scheduled_utc: '2026-12-01T12:00:00.000Z', zone: 'Asia/Almaty', ...made },
			'editor'
		);
		if (approve) queue.approve(post.id, 'approver');
		return post.id;
	};
	return { dir, queue, options, carousel, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('a carousel post in the queue', () => {
	test('keeps its topic’s slides, in order, with each card’s key', () => {
		const { queue, carousel } = world();
		const post = queue.get(carousel('telegram', ['square'], { approve: false }))!;
		expect(slideCount).toBeGreaterThanOrEqual(4);
		expect(slideCount).toBeLessThanOrEqual(6);
		expect(post.slides?.map((slide) => slide.card.slug)).toEqual(Array.from({ length: slideCount }, (_, i) => `${topic}-${i + 1}`));
		expect(post.slides?.every((slide) => /^[0-9a-f]{32}$/.test(slide.card_keys.square ?? ''))).toBe(true);
		expect(post.children).toBeNull();
	});

	test('is refused, when it is made, where it could not go out as one set', () => {
		const { queue, carousel } = world();
		expect(() => carousel('facebook')).toThrow(/formats: facebook does not post a carousel as one set/);
		expect(() => carousel('telegram', ['square', 'portrait'])).toThrow(/formats: a carousel is sent in one card format, one of square, portrait/);
		expect(() => carousel('instagram', ['story'])).toThrow(/a carousel is sent in one card format/);
		expect(() => carousel('telegram', ['square'], { kind: 'fact', slug: content.facts[0]!.id })).toThrow(/item_kind: only a topic has a carousel/);
		// Moved to a channel that posts no sets: refused too, and the post is as it was.
		const id = carousel('instagram', ['portrait'], { approve: false });
		expect(() => queue.edit(id, 'editor', { channel: 'mastodon' })).toThrow(/channel: mastodon does not post a carousel as one set/);
		expect(queue.get(id)?.channel).toBe('instagram');
	});

	test('a set of fewer than 2 or more than 10 images is refused on both networks; one shape is checked as a single card’s', () => {
		for (const channel of ['telegram', 'instagram'] as const) {
			expect(mediaProblem(channel, ['square'], 1)).toBe(`${channel} takes 2 to 10 images in one set; the carousel has 1`);
			expect(mediaProblem(channel, ['square'], 11)).toBe(`${channel} takes 2 to 10 images in one set; the carousel has 11`);
			expect(mediaProblem(channel, ['portrait'], 10)).toBeUndefined();
		}
		expect(mediaProblem('instagram', ['og'], 5)).toBe('a carousel is sent in one card format, one of square, portrait');
	});
});

test('Telegram: the publisher sends the kept slides as one album, in order, and records every message', async () => {
	const { queue, options, carousel } = world();
	const fake = await startFakeTelegram();
	fakes.push(fake);
	const channels = new Map<string, Channel>([['telegram', telegram({ apiUrl: fake.url, token: fake.token, chatId: `@${fake.chat.username}` })]]);
	const id = carousel('telegram', ['square']);
	expect(await publishDue(queue, content, channels, options)).toEqual({ published: 1, retried: 0, failed: 0, unknown: 0 });

	expect(fake.requests.map((request) => request.path)).toEqual([`/bot${fake.token}/sendMediaGroup`]);
	const [album] = fake.albums;
	const post = queue.get(id)!;
	expect(album?.caption).toBe(post.caption);
	expect(album?.messageIds).toHaveLength(slideCount);
	// The very images kept with the post, in its order.
	const files = fake.requests[0]!.files;
	for (const [i, slide] of post.slides!.entries()) {
		expect(files[album!.files[i]!]?.bytes.equals(await cardPng(options.cardsDir, slide.card, 'square')), `slide ${i + 1}`).toBe(true);
	}
	expect(post).toMatchObject({
		state: 'published',
		attempts: 1,
		remote_id: `${fake.chat.id}/${album!.messageIds.join(',')}`,
		remote_url: `https://t.me/${fake.chat.username}/${album!.messageIds[0]}`
	});
});

describe('Instagram', () => {
	async function instagramWorld() {
		const w = world();
		const fake = await startFakeInstagram();
		fakes.push(fake);
		const channels = new Map<string, Channel>([['instagram', instagram({ userId: fake.account, token: fake.token, apiUrl: fake.api, siteUrl, pollMs: 5, maxWaitMs: 100 })]]);
		return { ...w, fake, channels };
	}
	const items = (fake: FakeGraph) => [...fake.containers.values()].filter((container) => container.carouselItem);
	const carousels = (fake: FakeGraph) => [...fake.containers.values()].filter((container) => container.children);

	test('an item container per slide from its public JPEG, then the carousel container with the caption, then one media_publish', async () => {
		const { queue, options, carousel, fake, channels } = await instagramWorld();
		const id = carousel('instagram');
		expect(await publishDue(queue, content, channels, options)).toEqual({ published: 1, retried: 0, failed: 0, unknown: 0 });
		const post = queue.get(id)!;
		const urls = Array.from({ length: slideCount }, (_, i) => `${siteUrl}/cards/posts/${id}/portrait-${i + 1}.jpg`);
		const made = fake.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/media'));
		expect(made.map((request) => request.body)).toEqual([
			...post.slides!.map((slide, i) => ({ image_url: urls[i], is_carousel_item: 'true', alt_text: slide.card.alt })),
			{ media_type: 'CAROUSEL', children: post.children!.join(','), caption: post.caption }
		]);
		expect(fake.posts).toHaveLength(1);
		expect(fake.posts[0]).toMatchObject({ text: post.caption, images: urls, container: post.container_id });
		expect(post).toMatchObject({ state: 'published', attempts: 1, remote_url: fake.posts[0]!.permalink });
		expect(post.children).toEqual(items(fake).map((container) => container.id));
		expect(fake.requests.filter((request) => request.path.endsWith('/media_publish'))).toHaveLength(1);
	});

	test('an attempt cut off after the items were made resumes with the kept items: no new item containers', async () => {
		const { queue, options, carousel, fake, channels, advance } = await instagramWorld();
		const id = carousel('instagram');
		// Every item is made; the carousel container's request is never answered (the attempt dies there).
		for (let i = 0; i < slideCount; i++) fake.next({ kind: 'ok' }, 'container');
		fake.next({ kind: 'hang' }, 'container');
		expect(await publishDue(queue, content, channels, { ...options, timeoutMs: 1_000 })).toMatchObject({ retried: 1 });
		const kept = queue.get(id)!.children!;
		expect(kept).toHaveLength(slideCount);
		expect(queue.get(id)?.container_id).toBeNull();
		advance(10 * 60_000);
		expect(await publishDue(queue, content, channels, options)).toMatchObject({ published: 1 });
		expect(items(fake)).toHaveLength(slideCount);
		expect(carousels(fake)[0]?.children).toEqual(kept);
		expect(fake.posts).toHaveLength(1);
	});

	test('a kept carousel container is resumed with, not made again: the post waits out the publishing limit, then goes out once', async () => {
		const { queue, options, carousel, fake, channels, advance } = await instagramWorld();
		const id = carousel('instagram');
		fake.quota.used = fake.quota.total;
		expect(await publishDue(queue, content, channels, options)).toMatchObject({ retried: 1 });
		const { container_id: container, children } = queue.get(id)!;
		expect(container).not.toBeNull();
		fake.quota.used = 0;
		advance(60 * 60_000);
		expect(await publishDue(queue, content, channels, options)).toMatchObject({ published: 1 });
		expect([items(fake).length, carousels(fake).length, fake.posts.length]).toEqual([slideCount, 1, 1]);
		expect(queue.get(id)).toMatchObject({ state: 'published', attempts: 1, container_id: container, children });
	});

	test('no answer to its media_publish: read back by the kept carousel container, published once', async () => {
		const { queue, options, carousel, fake, channels } = await instagramWorld();
		const id = carousel('instagram');
		fake.next({ kind: 'drop', afterCreate: true }, 'publish');
		expect(await publishDue(queue, content, channels, options)).toMatchObject({ unknown: 1 });
		expect(await checkUnknown(queue, channels, { settleMs: 0, log: () => {} })).toEqual({ published: 1, sendAgain: 0, unsure: 0 });
		expect(queue.get(id)).toMatchObject({ state: 'published', remote_url: fake.posts[0]?.permalink });
		expect(fake.posts).toHaveLength(1);
	});

	test('made again from the content, a carousel stays a carousel and forgets the containers made for its old slides', async () => {
		const { queue, options, carousel, fake, channels } = await instagramWorld();
		const id = carousel('instagram');
		fake.processingPolls = Infinity;
		expect(await publishDue(queue, content, channels, options)).toMatchObject({ retried: 1 });
		expect(queue.get(id)?.children).toHaveLength(slideCount);
		const post = refreshPost(queue, content, id, 'editor', { siteUrl });
		expect(post).toMatchObject({ state: 'draft', children: null, container_id: null });
		expect(post.slides?.map((slide) => slide.card.slug)).toEqual(Array.from({ length: slideCount }, (_, i) => `${topic}-${i + 1}`));
	});

	test('the channel itself refuses a set it cannot post, before any request', async () => {
		const { fake, channels } = await instagramWorld();
		const one = { format: 'square' as const, png: Buffer.alloc(0), url: `${siteUrl}/cards/posts/p/square-1.jpg` };
		const send = (images: (typeof one)[]) =>
			channels.get('instagram')!.send(
				{ id: 'p', locale: 'ru', caption: 'Карусель', alt: '', images, carousel: true, url: siteUrl, idempotencyKey: 'caravan-p', createdAt: '2026-12-01T10:00:00.000Z', scheduledAt: '2026-12-01T12:00:00.000Z' },
				AbortSignal.timeout(5_000)
			);
		expect(await failure(send([one]))).toMatchObject({ kind: 'permanent', message: 'not sent: Instagram takes 2 to 10 images in a carousel; this one has 1' });
		expect(await failure(send([one, { ...one, url: undefined } as unknown as typeof one]))).toMatchObject({ message: 'not sent: A slide of the carousel has no public address to give Instagram' });
		expect(fake.requests).toHaveLength(0);
	});

	test('a slide Instagram cannot use fails the post with its reason, before anything is published; the items are forgotten', async () => {
		const { queue, options, carousel, fake, channels } = await instagramWorld();
		const id = carousel('instagram');
		fake.failContainers = 'The image format is not supported';
		expect(await publishDue(queue, content, channels, options)).toMatchObject({ failed: 1 });
		expect(queue.get(id)).toMatchObject({
			state: 'failed',
			attempts: 0,
			children: null,
			last_error: 'rejected by the network: Instagram could not make the media of slide 1: Error: The image format is not supported'
		});
		expect(fake.requests.filter((request) => request.path.endsWith('/media_publish'))).toHaveLength(0);
		expect(fake.posts).toHaveLength(0);
	});
});
