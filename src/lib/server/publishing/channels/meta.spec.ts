/**
 * Instagram and Threads, the two networks that post in two steps (a container, then publish), against
 * fakes of their Graph APIs on 127.0.0.1 (tests/fakes/instagram.ts, threads.ts); and what the three Meta
 * channels share: the public address check, the token's expiry, and the token kept out of every message.
 */
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { startFakeInstagram } from '../../../../../tests/fakes/instagram.ts';
import { startFakeThreads } from '../../../../../tests/fakes/threads.ts';
import type { Behaviour, FakeGraph, Route } from '../../../../../tests/fakes/graph.ts';
import { failure, soughtPost } from '../../../../../tests/fakes/expect.ts';
import { instagram } from './instagram.ts';
import { PROCESSING_WAIT_MS, QUOTA_WAIT_MS, siteUrlProblem, tokenDaysLeft, tokenExpiry } from './meta.ts';
import { threads } from './threads.ts';
import { readChannelSettings, tokenExpiries } from './index.ts';
import type { Channel, OutgoingPost, Sought } from './types.ts';

let jpeg: Buffer;
let png: Buffer;
beforeAll(async () => {
	jpeg = await sharp({ create: { width: 1080, height: 1350, channels: 3, background: '#0b5394' } }).jpeg().toBuffer();
	png = await sharp({ create: { width: 1080, height: 1350, channels: 3, background: '#0b5394' } }).png().toBuffer();
});

const networks = [
	{
		name: 'instagram' as const,
		start: startFakeInstagram,
		make: (fake: FakeGraph, extra = {}) =>
			instagram({ userId: fake.account, token: fake.token, apiUrl: fake.api, siteUrl: fake.url, localImages: true, pollMs: 5, maxWaitMs: 150, ...extra }),
		paths: { create: 'media', limit: 'content_publishing_limit', publish: 'media_publish', list: 'media' },
		text: (body: Record<string, string>) => body.caption
	},
	{
		name: 'threads' as const,
		start: startFakeThreads,
		make: (fake: FakeGraph, extra = {}) =>
			threads({ userId: fake.account, token: fake.token, apiUrl: fake.api, siteUrl: fake.url, localImages: true, pollMs: 5, maxWaitMs: 150, ...extra }),
		paths: { create: 'threads', limit: 'threads_publishing_limit', publish: 'threads_publish', list: 'threads' },
		text: (body: Record<string, string>) => body.text
	}
];

describe.each(networks)('$name', (network) => {
	let fake: FakeGraph;
	let kept: (string | null)[];
	beforeEach(async () => {
		fake = await network.start({ fetchImages: true });
		kept = [];
	});
	afterEach(() => fake.close());

	const channel = (): Channel => network.make(fake);
	const post = (overrides: Partial<OutgoingPost> = {}): OutgoingPost => ({
		id: 'post-1',
		locale: 'kk',
		caption: 'Байланыс\n\nОрталық Азия мен Еуропаны жалғайтын жолдар.\n\nhttps://caravan.example.org/kk/topics/connectivity/ #Caravan',
		alt: 'Карта: Орталық Азия мен Еуропа арасындағы көлік жолдары.',
		images: [{ format: 'portrait', png, url: fake.host('card.jpg', jpeg) }],
		url: 'https://caravan.example.org/kk/topics/connectivity/',
		idempotencyKey: 'caravan-post-1',
		createdAt: '2026-12-01T10:00:00.000Z',
		scheduledAt: '2026-12-01T13:00:00.000Z',
		keepContainer: (container) => void kept.push(container),
		...overrides
	});
	const api = (path: string) => `/${fake.api.split('/').at(-1)}${path}`;
	const calls = () => fake.requests.map((request) => `${request.method} ${request.path}`);

	test('makes a container from the card’s public JPEG, keeps it, waits until FINISHED, reads the limit, then publishes once', async () => {
		fake.processingPolls = 2;
		let before: string[] = [];
		const published = await channel().send(post(), AbortSignal.timeout(5_000), () => (before = calls()));

		const [made] = fake.posts;
		expect(fake.posts).toHaveLength(1);
		expect(published).toEqual({ id: made?.id, url: made?.permalink });
		const container = [...fake.containers.keys()][0]!;
		expect(kept).toEqual([container]);
		// The request that can make the post is marked just before it, after everything that cannot.
		expect(before).toEqual([
			`POST ${api(`/${fake.account}/${network.paths.create}`)}`,
			`GET ${api(`/${container}`)}`,
			`GET ${api(`/${container}`)}`,
			`GET ${api(`/${fake.account}/${network.paths.limit}`)}`
		]);
		expect(calls().slice(before.length)).toEqual([`POST ${api(`/${fake.account}/${network.paths.publish}`)}`, `GET ${api(`/${made?.id}`)}`]);
		const create = fake.requests[0]!;
		expect(network.text(create.body)).toBe(post().caption);
		expect(create.body).toMatchObject({ image_url: post().images[0]?.url, alt_text: post().alt });
		expect(fake.requests.at(-2)?.body).toEqual({ creation_id: container });
		// The token goes in the Authorization header, never in a URL.
		expect(fake.requests.every((request) => request.headers.authorization === `Bearer ${fake.token}` && !JSON.stringify(request.query).includes(fake.token))).toBe(true);
	});

	test('the channel is named after its network, paces and never repeats the publish blind (the catalogue’s entry)', () => {
		const made = channel();
		expect([made.name, made.repeatSafeForMs, made.minIntervalMs, made.startsRequestLate]).toEqual([
			network.name,
			catalogue[network.name].repeatSafeForMs,
			catalogue[network.name].minIntervalMs,
			true
		]);
		expect(made.repeatSafeForMs).toBe(0);
	});

	type Row = [string, Route, Behaviour, 'transient' | 'unknown' | 'permanent', RegExp, number | undefined, number];
	test.each<Row>([
		['429 with Retry-After on the container: not sent, waits as asked', 'container', { kind: 'rate-limited', retryAfter: '7' }, 'transient', /^not sent: .*429.*request limit/, 7_000, 0],
		['a rate-limit code (4) in a 400 on the publish, with the usage header’s wait', 'publish', { kind: 'rate-limited', status: 400, code: 4, regainMinutes: 3 }, 'transient', /^not sent: .*code 4/, 180_000, 0],
		['500 on the container: not sent (a container is not a post)', 'container', { kind: 'error' }, 'transient', /^not sent: .*500/, undefined, 0],
		['500 on the publish before it made the post: may be published', 'publish', { kind: 'error' }, 'unknown', /^sent, no answer \(may be published\): .*500/, undefined, 0],
		['500 on the publish after it made the post: may be published', 'publish', { kind: 'error', afterCreate: true }, 'unknown', /^sent, no answer/, undefined, 1],
		['the publish’s answer dropped after the post was made', 'publish', { kind: 'drop', afterCreate: true }, 'unknown', /^sent, no answer .*closed before its answer/, undefined, 1],
		['the publish hangs after making the post', 'publish', { kind: 'hang', afterCreate: true }, 'unknown', /^sent, no answer .*did not answer in time/, undefined, 1],
		['the container request hangs: not sent', 'container', { kind: 'hang' }, 'transient', /^not sent: .*did not answer in time/, undefined, 0],
		['the limit cannot be read (500): not sent', 'limit', { kind: 'error' }, 'transient', /^not sent: .*500/, undefined, 0]
	])('%s', async (_name, route, behaviour, kind, said, retryAfterMs, made) => {
		fake.next(behaviour, route);
		const error = await failure(channel().send(post(), AbortSignal.timeout(1_000)));
		expect([error.kind, error.retryAfterMs, error.waits, fake.posts.length]).toEqual([kind, retryAfterMs, false, made]);
		expect(error.message).toMatch(said);
		expect(error.message).not.toContain(fake.token);
	});

	test('a refused token (OAuthException 190) pauses the channel with “needs a new token”; the token is in no message', async () => {
		fake.next({ kind: 'bad-token' }, 'container');
		const error = await failure(channel().send(post(), AbortSignal.timeout(2_000)));
		expect(error.kind).toBe('permanent');
		expect(error.pauseChannel).toMatch(/^needs a new token: .*set (INSTAGRAM|THREADS)_TOKEN/);
		expect(error.message).toMatch(/^rejected by the network: .*401 \(code 190\/463\)/);
		// A wrong token is refused the same way (Graph answers 400 with code 190).
		const wrong = await failure(network.make(fake, { token: 'EAAG-not-the-token' }).send(post(), AbortSignal.timeout(2_000)));
		expect(wrong.pauseChannel).toMatch(/needs a new token/);
		expect(`${error.message} ${wrong.message} ${error.pauseChannel}`).not.toMatch(/EAAG/);
		expect(fake.posts).toHaveLength(0);
	});

	test('the publishing limit reached: the post waits (no attempt used), nothing is published', async () => {
		fake.quota.used = fake.quota.total;
		let started = false;
		const error = await failure(channel().send(post(), AbortSignal.timeout(2_000), () => (started = true)));
		expect([error.kind, error.waits, error.retryAfterMs, started, fake.posts.length]).toEqual(['transient', true, QUOTA_WAIT_MS, false, 0]);
		expect(error.message).toMatch(/publishing limit is reached \(\d+ posts in 24 hours\); the post waits/);
		// The network's own refusal of a publish over the limit waits too.
		if (network.name === 'instagram') {
			fake.quota.used = 0;
			fake.next({ kind: 'ok' }, 'limit');
			const raced = await failure(
				network.make(fake).send(post({ container: [...fake.containers.keys()][0] }), AbortSignal.timeout(2_000), () => (fake.quota.used = fake.quota.total))
			);
			expect([raced.kind, raced.waits]).toEqual(['transient', true]);
		}
	});

	test('a container still processing after the bounded wait: the post waits, and the next attempt resumes with the same container', async () => {
		fake.processingPolls = Infinity;
		const error = await failure(channel().send(post(), AbortSignal.timeout(2_000)));
		expect([error.kind, error.waits, error.retryAfterMs]).toEqual(['transient', true, PROCESSING_WAIT_MS]);
		expect(error.message).toMatch(/still processing the card \(container \d+\); the next attempt resumes with it/);
		const container = kept[0]!;
		expect(kept).toEqual([container]);
		fake.containers.get(container)!.state = 'FINISHED';

		const published = await channel().send(post({ container }), AbortSignal.timeout(2_000));
		expect(fake.containers.size).toBe(1);
		expect(fake.posts.map((item) => item.container)).toEqual([container]);
		expect(published.id).toBe(fake.posts[0]?.id);
	});

	test('the container ends in ERROR: failed with the network’s reason, and the container forgotten', async () => {
		fake.failContainers = 'The image could not be processed';
		const error = await failure(channel().send(post(), AbortSignal.timeout(2_000)));
		expect(error.kind).toBe('permanent');
		expect(error.message).toMatch(/^rejected by the network: .*could not make the post's media: .*could not be processed/);
		expect([kept.length, kept.at(-1), fake.posts.length]).toEqual([2, null, 0]);
	});

	test(network.name === 'instagram' ? 'a card that is not a JPEG ends in ERROR (Instagram takes JPEG only)' : 'a PNG card is taken (Threads takes JPEG and PNG)', async () => {
		const url = fake.host('card.png', png, 'image/png');
		const send = channel().send(post({ images: [{ format: 'portrait', png, url }] }), AbortSignal.timeout(2_000));
		if (network.name === 'threads') return void expect((await send).id).toBe(fake.posts[0]?.id);
		const error = await failure(send);
		expect(error.message).toMatch(/JPEG only/);
		expect(fake.posts).toHaveLength(0);
	});

	test('after a crash, resumes with the kept container instead of making another', async () => {
		await expect(
			channel().send(post(), AbortSignal.timeout(2_000), () => {
				throw new Error('the process dies here');
			})
		).rejects.toThrow('the process dies here');
		const container = kept[0]!;
		await channel().send(post({ container }), AbortSignal.timeout(2_000));
		expect(calls().filter((call) => call === `POST ${api(`/${fake.account}/${network.paths.create}`)}`)).toHaveLength(1);
		expect(fake.posts.map((item) => item.container)).toEqual([container]);
	});

	test('a kept container already PUBLISHED is not published again: the post is found; an EXPIRED one is replaced', async () => {
		await channel().send(post(), AbortSignal.timeout(2_000));
		const container = kept[0]!;
		const again = await channel().send(post({ container }), AbortSignal.timeout(2_000));
		expect(again).toEqual({ id: fake.posts[0]?.id, url: fake.posts[0]?.permalink });
		expect(fake.posts).toHaveLength(1);

		fake.containers.get(container)!.state = 'EXPIRED';
		kept = [];
		await channel().send(post({ caption: 'Another post', container }), AbortSignal.timeout(2_000));
		expect(kept).toEqual([null, [...fake.containers.keys()][1]]);
		expect(fake.posts).toHaveLength(2);
	});

	test('refuses, before any request, a caption over the network’s rule', async () => {
		const long = network.name === 'instagram' ? `${Array.from({ length: 31 }, (_, n) => `#tag${n}`).join(' ')}` : 'x'.repeat(501);
		const error = await failure(channel().send(post({ caption: long }), AbortSignal.timeout(2_000)));
		expect([error.kind, error.said]).toEqual(['permanent', 'not sent']);
		expect(error.message).toMatch(network.name === 'instagram' ? /31 hashtags; instagram allows 30/ : /501 characters; threads allows 500/);
		expect(fake.requests).toHaveLength(0);
	});

	describe('reading back a post whose outcome is unknown', () => {
		const sought = (overrides: Partial<Sought> = {}) => soughtPost(post().caption, overrides);

		test.each([
			['the kept container is PUBLISHED: found, with its address', true, true, 'found'],
			['the kept container is FINISHED: certainly never published', true, false, 'absent'],
			['no container kept, the caption is in the account’s posts: found', false, true, 'found'],
			['no container kept, the caption is not there and the listing ends: absent', false, false, 'absent']
		] as const)('%s', async (_name, withContainer, publish, outcome) => {
			fake.processingPolls = 0;
			const made = network.make(fake);
			if (publish) {
				fake.next({ kind: 'drop', afterCreate: true }, 'publish');
				await failure(made.send(post(), AbortSignal.timeout(2_000)));
			} else {
				await expect(
					made.send(post(), AbortSignal.timeout(2_000), () => {
						throw new Error('crashed before the publish');
					})
				).rejects.toThrow('crashed before the publish');
			}
			const lookup = await made.find!(sought(withContainer ? { container: kept[0]! } : {}), AbortSignal.timeout(2_000));
			expect(lookup.outcome).toBe(outcome);
			if (lookup.outcome === 'found') expect(lookup.published).toEqual({ id: fake.posts[0]?.id, url: fake.posts[0]?.permalink });
		});

		test('two posts waiting with the same caption, or a listing that does not reach back: a person decides', async () => {
			const made = network.make(fake);
			expect((await made.find!(sought({ twins: ['post-2'] }), AbortSignal.timeout(2_000))).outcome).toBe('unsure');
			for (let n = 0; n < 260; n++) fake.posts.push({ id: `${n}`, text: `old ${n}`, alt: '', imageUrl: '', permalink: `https://example.org/${n}`, timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, '+0000') });
			const lookup = await made.find!(sought(), AbortSignal.timeout(2_000));
			expect(lookup).toMatchObject({ outcome: 'unsure', evidence: expect.stringMatching(/do not reach back/) });
		});
	});
});

describe('what the Meta channels share', () => {
	test.each([
		['https://caravan.example.org', false, undefined],
		[undefined, false, /SITE_URL is not set/],
		['http://caravan.example.org', false, /SITE_URL \(http:\/\/caravan.example.org\) is not https/],
		['https://localhost:3000', false, /an address of this machine/],
		['http://127.0.0.1:4000', false, /is not https/],
		['http://127.0.0.1:4000', true, undefined]
	])('SITE_URL %s (test-only local images: %s)', (siteUrl, local, problem) => {
		const said = siteUrlProblem('Instagram', siteUrl, local);
		if (problem) expect(said).toMatch(problem);
		else expect(said).toBeUndefined();
		if (problem) expect(said).toMatch(/^Instagram refuses to start: .*fetches each card from the site's public address/);
	});

	test('each Meta channel refuses to start on a SITE_URL the network cannot fetch from, and says why', () => {
		const env = { INSTAGRAM_TOKEN: 't', INSTAGRAM_USER_ID: '1', THREADS_TOKEN: 't', THREADS_USER_ID: '2', SITE_URL: 'http://localhost:3000' };
		const settings = readChannelSettings(env);
		expect(() => instagram(settings.instagram!)).toThrow(/^Instagram refuses to start: SITE_URL \(http:\/\/localhost:3000\) is not https/);
		expect(() => threads(settings.threads!)).toThrow(/^Threads refuses to start/);
	});

	test('a token’s expiry: days left for the dashboard, from the date set with it', () => {
		const now = new Date('2026-12-07T12:00:00Z');
		expect(tokenDaysLeft(tokenExpiry('X', '2026-12-14'), now)).toBe(6);
		expect(tokenDaysLeft(tokenExpiry('X', '2026-12-07T11:00:00Z'), now)).toBe(-1);
		expect(tokenDaysLeft(undefined, now)).toBeUndefined();
		expect(() => tokenExpiry('INSTAGRAM_TOKEN_EXPIRES', 'soon')).toThrow(/INSTAGRAM_TOKEN_EXPIRES must be the token's expiry date like 2027-02-05, got "soon"/);
		const settings = readChannelSettings({ INSTAGRAM_TOKEN: 't', INSTAGRAM_TOKEN_EXPIRES: '2027-01-01', THREADS_TOKEN: 't', SITE_URL: 'https://caravan.example.org' });
		expect(tokenExpiries(settings, now)).toEqual([{ channel: 'instagram', expires: '2027-01-01T00:00:00.000Z', daysLeft: 24 }]);
	});
});
