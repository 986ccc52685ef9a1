import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { startFakeVk, type FakeVk, type VkBehaviour, type VkRoute } from '../../../../../tests/fakes/vk.ts';
import { failure, soughtPost } from '../../../../../tests/fakes/expect.ts';
import { readChannelSettings, tokenExpiries } from './index.ts';
import { VK_FLOOD_WAIT_MS, VK_LIMIT_WAIT_MS, vk } from './vk.ts';
import type { OutgoingPost, Sought } from './types.ts';

let png: Buffer;
beforeAll(async () => {
	png = await sharp({ create: { width: 1080, height: 1080, channels: 3, background: '#2a5885' } }).png().toBuffer();
});
let fake: FakeVk;
beforeEach(async () => {
	fake = await startFakeVk();
});
afterEach(() => fake.close());

const channel = (token = fake.token) => vk({ token, groupId: fake.group, apiUrl: fake.api });
const post = (overrides: Partial<OutgoingPost> = {}): OutgoingPost => ({
	id: 'post-1',
	locale: 'ru',
	caption: 'Связи\n\nДороги между Центральной Азией и Европой.\n\nhttps://caravan.example.org/ru/topics/connectivity/',
	alt: 'Карта дорог между Центральной Азией и Европой.',
	images: [{ format: 'square', png }],
	url: 'https://caravan.example.org/ru/topics/connectivity/',
	idempotencyKey: 'caravan-post-1',
	createdAt: '2026-12-01T10:00:00.000Z',
	scheduledAt: '2026-12-01T13:00:00.000Z',
	...overrides
});
const calls = () => fake.requests.map((request) => request.path.replace(/^\/upload\/\d+$/, '/upload/…'));

describe('publishing', () => {
	test('the card is uploaded and saved as a wall photo, then one post from the community carries it; the token never in a URL', async () => {
		let before: string[] = [];
		const published = await channel().send(post({ images: [{ format: 'square', png }, { format: 'portrait', png }] }), AbortSignal.timeout(5_000), () => (before = calls()));
		const [made] = fake.posts;
		expect(fake.posts).toHaveLength(1);
		expect(published).toEqual({ id: `-${fake.group}_${made?.id}`, url: `https://vk.com/wall-${fake.group}_${made?.id}` });
		// Only wall.post can make the post: the mark comes after the upload server, the uploads and the saved photos.
		expect(before).toEqual(['/method/wall.get', '/method/photos.getWallUploadServer', '/upload/…', '/method/photos.saveWallPhoto', '/upload/…', '/method/photos.saveWallPhoto']);
		expect(calls().slice(before.length)).toEqual(['/method/wall.post']);
		const wall = fake.requests.at(-1)!.fields;
		expect(wall).toMatchObject({ owner_id: `-${fake.group}`, from_group: '1', message: post().caption, v: '5.199', access_token: fake.token });
		expect(wall.attachments).toMatch(new RegExp(`^photo-${fake.group}_\\d+,photo-${fake.group}_\\d+$`));
		expect(made?.attachments).toHaveLength(2);
		expect(fake.requests[2]?.files.photo?.bytes.equals(png)).toBe(true);
		expect(fake.requests.every((request) => !request.path.includes(fake.token))).toBe(true);
	});

	test('the channel is named vk, never repeats wall.post and paces as its catalogue entry says', () => {
		const made = channel();
		expect([made.name, made.repeatSafeForMs, made.minIntervalMs, made.startsRequestLate]).toEqual(['vk', 0, catalogue.vk.minIntervalMs, true]);
		expect(catalogue.vk.requests.at(-1)).toMatchObject({ request: 'wall.post', repeatSafeForMs: 0 });
		expect(made.whereToLook!(soughtPost(post().caption))).toEqual({ where: `the VK community's wall (https://vk.com/club${fake.group})`, what: 'a post whose text begins “Связи”' });
	});

	type Row = [string, VkRoute, VkBehaviour, 'transient' | 'unknown' | 'permanent', RegExp, number | undefined, boolean, number];
	test.each<Row>([
		['the wall’s daily limit (error 214): the post waits', 'post', { kind: 'error', code: 214 }, 'transient', /^not sent: VK error 214 .*posting limit/, VK_LIMIT_WAIT_MS, true, 0],
		['flood control (error 9): the post waits', 'post', { kind: 'error', code: 9 }, 'transient', /^not sent: VK error 9/, VK_FLOOD_WAIT_MS, true, 0],
		['too many requests per second (error 6): tried again in a second', 'server', { kind: 'error', code: 6 }, 'transient', /^not sent: VK error 6/, 1_000, false, 0],
		['HTTP 429 with Retry-After: waits as asked', 'server', { kind: 'http', status: 429, retryAfter: '12' }, 'transient', /^not sent: VK HTTP 429/, 12_000, false, 0],
		['HTTP 500 on the upload: not sent (an upload is not a post)', 'upload', { kind: 'http' }, 'transient', /^not sent: VK HTTP 500/, undefined, false, 0],
		['HTTP 500 on wall.post: may be published', 'post', { kind: 'http' }, 'unknown', /^sent, no answer \(may be published\): VK HTTP 500/, undefined, false, 0],
		['VK’s internal error (10) after the post was made', 'post', { kind: 'error', code: 10, afterCreate: true }, 'unknown', /^sent, no answer .*VK error 10/, undefined, false, 1],
		['the answer to wall.post dropped after the post was made', 'post', { kind: 'drop', afterCreate: true }, 'unknown', /closed before its answer/, undefined, false, 1],
		['wall.post hangs after making the post', 'post', { kind: 'hang', afterCreate: true }, 'unknown', /did not answer in time/, undefined, false, 1],
		['the upload server hangs: not sent', 'server', { kind: 'hang' }, 'transient', /^not sent: VK did not answer in time/, undefined, false, 0],
		['access denied (15): rejected with VK’s words', 'post', { kind: 'error', code: 15, message: 'Access denied: no access to call this method' }, 'permanent', /^rejected by the network: VK error 15 \(wall.post\): Access denied/, undefined, false, 0]
	])('%s', async (_name, route, behaviour, kind, said, retryAfterMs, waits, made) => {
		fake.next(behaviour, route);
		const error = await failure(channel().send(post(), AbortSignal.timeout(1_000)));
		expect([error.kind, error.retryAfterMs, error.waits, fake.posts.length]).toEqual([kind, retryAfterMs, waits, made]);
		expect(error.message).toMatch(said);
	});

	test('with 50 posts of the community in the last 24 hours, the post waits before any upload, until the oldest is a day old', async () => {
		const day = 86_400;
		const at = Math.floor(Date.now() / 1000);
		// 50 of the community's posts in the last day (the oldest 23 hours ago), and one older.
		for (let n = 0; n < 51; n++) fake.posts.push({ id: 100 + n, text: `post ${n}`, attachments: [], date: n === 0 ? at - 2 * day : n === 1 ? at - 23 * 3600 : at - 60 });
		const error = await failure(channel().send(post(), AbortSignal.timeout(2_000)));
		expect([error.kind, error.said, error.waits, fake.posts.length]).toEqual(['transient', 'not sent', true, 51]);
		expect(error.retryAfterMs).toBeGreaterThan(3_590_000);
		expect(error.retryAfterMs).toBeLessThanOrEqual(3_600_000);
		expect(calls()).toEqual(['/method/wall.get']);
		expect(fake.requests[0]?.fields).toMatchObject({ owner_id: `-${fake.group}`, filter: 'owner', count: '100' });
	});

	test('over 50 posts in 24 hours the fake refuses with 214, as VK does: the 51st waits', async () => {
		fake.dailyLimit = 1;
		await channel().send(post(), AbortSignal.timeout(2_000));
		const error = await failure(channel().send(post({ id: 'post-2' }), AbortSignal.timeout(2_000)));
		expect([error.waits, fake.posts.length]).toEqual([true, 1]);
	});

	test('a refused token (error 5) pauses the channel with “needs a new token”; the token is in no message', async () => {
		const error = await failure(channel('vk1.a.expired-token-0123456789').send(post(), AbortSignal.timeout(2_000)));
		expect(error.pauseChannel).toMatch(/^needs a new token: .*set VK_TOKEN/);
		expect(error.message).not.toContain('vk1.a.expired-token-0123456789');
		expect(fake.posts).toHaveLength(0);
	});

	test('a card VK cannot read is refused; a post without a card, with too many or with a caption too long is not sent', async () => {
		const bad = await failure(channel().send(post({ images: [{ format: 'square', png: Buffer.from('not an image') }] }), AbortSignal.timeout(2_000)));
		expect(bad.message).toMatch(/^rejected by the network: VK did not take the square card/);
		for (const overrides of [{ images: [] }, { images: Array.from({ length: 11 }, () => ({ format: 'square' as const, png })) }, { caption: 'я'.repeat(4097) }]) {
			const error = await failure(channel().send(post(overrides), AbortSignal.timeout(2_000)));
			expect(error.said).toBe('not sent');
		}
		expect(fake.posts).toHaveLength(0);
	});

	test('the settings: on with VK_TOKEN, the expiry recorded for the dashboard; a group id that is not a number stops the start', () => {
		const settings = readChannelSettings({ VK_TOKEN: 't', VK_GROUP_ID: '218000001', VK_TOKEN_EXPIRES: '2027-01-10' });
		expect(settings.vk).toMatchObject({ token: 't', groupId: '218000001', apiUrl: 'https://api.vk.com/method', tokenExpires: '2027-01-10T00:00:00.000Z' });
		expect(tokenExpiries(settings, new Date('2027-01-05T00:00:00Z'))).toEqual([{ channel: 'vk', expires: '2027-01-10T00:00:00.000Z', daysLeft: 5 }]);
		expect(() => vk({ token: 't', groupId: 'caravan' })).toThrow(/VK_GROUP_ID/);
	});
});

describe('reading back', () => {
	const sought = (overrides: Partial<Sought> = {}) => soughtPost(post().caption, overrides);

	test('a post with the caption on the wall is found with its address; one the queue has for another post is not', async () => {
		fake.next({ kind: 'drop', afterCreate: true }, 'post');
		await failure(channel().send(post(), AbortSignal.timeout(2_000)));
		const id = `-${fake.group}_${fake.posts[0]?.id}`;
		const found = await channel().find!(sought(), AbortSignal.timeout(2_000));
		expect(found).toMatchObject({ outcome: 'found', published: { id, url: `https://vk.com/wall${id}` } });
		expect((await channel().find!(sought({ taken: new Set([id]) }), AbortSignal.timeout(2_000))).outcome).toBe('absent');
	});

	test('an old pinned post does not end the search; a wall read past the first attempt without the caption: absent', async () => {
		fake.posts.push({ id: 1, text: 'Pinned long ago', attachments: [], date: Math.floor(Date.now() / 1000) - 86_400 * 30, isPinned: true });
		await channel().send(post({ caption: 'Another post' }), AbortSignal.timeout(2_000));
		expect(await channel().find!(sought(), AbortSignal.timeout(2_000))).toMatchObject({ outcome: 'absent', evidence: expect.stringMatching(/none of the 1 posts since/) });
		await channel().send(post(), AbortSignal.timeout(2_000));
		expect((await channel().find!(sought(), AbortSignal.timeout(2_000))).outcome).toBe('found');
	});

	test('a wall that cannot be read fails the read-back (a person decides), naming VK’s error', async () => {
		fake.next({ kind: 'error', code: 15, message: 'Access denied: this wall is closed' }, 'list');
		await expect(channel().find!(sought(), AbortSignal.timeout(2_000))).rejects.toThrow(/VK error 15 \(wall.get\)/);
	});
});
