/**
 * The results page's engagement, rendered on the server from a real database file: posts published to
 * fakes of Mastodon and Bluesky that report engagement, read back by the engagement job, with visits
 * arriving through the posts' marked links; a Telegram post and an outbox post beside them. The page (in
 * English and Russian) and the CSV show the same figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'svelte/server';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startFakeMastodon, type FakeMastodon } from '../../../../tests/fakes/mastodon.ts';
import { startFakeBluesky, type FakeBluesky } from '../../../../tests/fakes/bluesky.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-results-'));
let masto: FakeMastodon;
let sky: FakeBluesky;
const ids: Record<'mastodon' | 'bluesky' | 'telegram' | 'outbox' | 'pending', string> = { mastodon: '', bluesky: '', telegram: '', outbox: '', pending: '' };

beforeAll(async () => {
	// The server's modules read their configuration when first imported: the data folder is this test's.
	vi.stubEnv('CARAVAN_DATA_DIR', dir);
	masto = await startFakeMastodon();
	sky = await startFakeBluesky();
	const { openDb } = await import('#lib/server/store/database.ts');
	const { config } = await import('#lib/server/config.ts');
	const { Queue } = await import('#lib/server/store/posts.ts');
	const { mastodon } = await import('#lib/server/publishing/channels/mastodon.ts');
	const { bluesky } = await import('#lib/server/publishing/channels/bluesky.ts');
	const { readEngagement } = await import('#lib/server/publishing/engagement.ts');
	const { addVisits } = await import('#lib/server/stats/store.ts');
	const { visitKey, utcDay } = await import('#lib/server/stats/rules.ts');

	const db = openDb(config.database);
	const published = new Date(Date.now() - 2 * 24 * 60 * 60_000); // two days ago: its 1-day reading is due
	let clock = published;
	const queue = new Queue(db, () => clock);
	const channels = {
		mastodon: mastodon({ url: masto.url, token: masto.token }),
		bluesky: bluesky({ service: sky.url, identifier: sky.handle, appPassword: 'abcd-efgh-ijkl-mnop' })
	};
	const publish = (channel: 'mastodon' | 'bluesky' | 'telegram' | 'outbox', slug: string, locale: 'ru' | 'en', remote: { id: string; url?: string }) => {
		const { post } = queue.create({ item_kind: 'topic', item_slug: slug, locale, channel, caption: `${slug} ${channel}`, scheduled_utc: clock.toISOString(), zone: 'Asia/Bishkek' }, 'test');
		queue.approve(post.id, 'test');
		queue.claimDue('test', { leaseMs: 60_000 });
		queue.published(post.id, 'test', remote);
		return post.id;
	};

	const status = masto.addStatus('connectivity', published.toISOString());
	status.counts = { favourites: 1234, reblogs: 56, replies: 7 };
	ids.mastodon = publish('mastodon', 'connectivity', 'ru', { id: status.id, url: status.url });
	const record = await channels.bluesky.send(
		{ id: 'b1', locale: 'en', caption: 'Bluesky', alt: '', images: [], url: 'https://caravan.example.org/', idempotencyKey: 'caravan-b1', createdAt: published.toISOString(), scheduledAt: published.toISOString() },
		AbortSignal.timeout(5_000)
	);
	sky.counts.set(record.id, { likeCount: 40, repostCount: 5, replyCount: 4, quoteCount: 1 });
	ids.bluesky = publish('bluesky', 'youth-education', 'en', record);
	ids.telegram = publish('telegram', 'youth-education', 'ru', { id: '4411' });
	ids.outbox = publish('outbox', 'connectivity', 'en', { id: 'outbox-1' });
	clock = new Date(Date.now() - 10 * 60_000); // published ten minutes ago: no reading yet
	ids.pending = publish('mastodon', 'youth-education', 'ru', { id: masto.addStatus('pending', clock.toISOString()).id });

	expect(await readEngagement(db, new Map(Object.entries(channels)), { paceScale: 0, log: () => {} })).toMatchObject({ read: 2, retry: 0 });

	// Readers arriving through the Mastodon post's marked link (five) and the Telegram post's (two).
	const visit = (post: string, source: string, views: number) =>
		addVisits(db, new Map([[visitKey({ day: utcDay(new Date()), path: '/ru/', locale: 'ru', referrer: '', utm_source: source, utm_medium: 'social', utm_campaign: 'manual', utm_content: post }), views]]));
	visit(ids.mastodon, 'mastodon', 5);
	visit(ids.telegram, 'telegram', 2);
	db.close();
});
afterAll(async () => {
	vi.unstubAllEnvs();
	await Promise.all([masto.close(), sky.close()]);
	rmSync(dir, { recursive: true, force: true });
});

/** The results page as the server renders it for a signed-in editor reading `lang`. */
async function renderResults(lang: 'en' | 'ru'): Promise<string> {
	const page = await import('./+page.server.ts');
	const Page = (await import('./+page.svelte')).default;
	const event = { locals: { user: { id: 1, name: 'E', email: 'e@example.org', role: 'editor' }, lang }, url: new URL('http://localhost/admin/results/') };
	// @ts-expect-error: the load reads locals and url only
	const data = { lang, ...(await page.load(event)) };
	// `page` of $app/state reads SvelteKit's request context: given here as SvelteKit gives it when it renders.
	return render(Page, { props: { data } as never, context: new Map([['__request__', { page: { data } }]]) }).body;
}

/** A table row's cells, as text. */
const row = (html: string, post: string) => {
	const found = new RegExp(`<tr data-post="${post}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
	return [...found.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim());
};

test('per post: its latest reading with the checkpoint named, beside the visits its link brought; Telegram and the outbox say why there are none', async () => {
	const html = await renderResults('en');
	expect(html).toContain('<h2 id="engagement">Engagement on the networks</h2>');
	const head = /<table id="engagement-posts"[^>]*>[\s\S]*?<thead>([\s\S]*?)<\/thead>/.exec(html)?.[1]?.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
	expect(head).toBe('Post Published Visits Latest reading Likes Reposts Quotes Replies');

	const mastodon = row(html, ids.mastodon);
	expect(mastodon[0]).toMatch(/\(mastodon, ru\)$/);
	expect(mastodon[2]).toBe('5');
	expect(mastodon[3]).toMatch(/^after 1 day \(read .+\)$/);
	expect(mastodon.slice(4)).toEqual(['1,234', '56', '–', '7']); // Mastodon gives no quotes
	expect(row(html, ids.bluesky).slice(2)).toEqual(['0', expect.stringMatching(/^after 1 day/), '40', '5', '1', '4']);
	expect(row(html, ids.telegram).slice(2)).toEqual(['2', 'Telegram does not let bots read view counts.']);
	expect(row(html, ids.outbox).slice(3)).toEqual(['Not available: this channel gives nothing to read back.']);
	expect(row(html, ids.pending).slice(3)).toEqual(['Not read yet: the first reading is about an hour after publishing.']);

	// Totals per channel, campaign and language, and the chart's table of interactions per channel.
	const byChannel = /<h3 id="engagement-by-channel">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
	expect(byChannel.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).toContain('mastodon 1 1,234 56 – 7');
	expect(html).toMatch(/<h3 id="engagement-by-campaign">[\s\S]*?manual[\s\S]*?1,274/);
	const chart = /<h3 id="interactions-by-channel">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
	expect(chart.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).toContain('mastodon 1297');
});

test('in Russian, every word of it', async () => {
	const html = await renderResults('ru');
	expect(html).toContain('Отклик в соцсетях');
	expect(row(html, ids.mastodon)[3]).toMatch(/^через 1 день \(замерено .+\)$/);
	expect(row(html, ids.mastodon)[4]).toBe('1 234');
	expect(row(html, ids.telegram).at(-1)).toBe('Telegram не даёт ботам читать число просмотров.');
	expect(html).not.toMatch(/after 1 day|Not available|does not let bots/);
});

test('the CSV: one row per published post, with its visits, its latest reading and why a post has none', async () => {
	const { engagementCsv } = await import('#lib/server/stats/engagement.ts');
	const { database } = await import('#lib/server/store/shared.ts');
	const lines = engagementCsv(database()).trimEnd().split('\r\n');
	expect(lines[0]).toBe('post,published_at,channel,locale,campaign,item,visits,checkpoint,read_at,views,reach,likes,reposts,quotes,replies,shares,saves,note');
	const line = (post: string) => lines.find((text) => text.startsWith(`${post},`))?.split(',');
	expect(line(ids.mastodon)?.slice(2, 8)).toEqual(['mastodon', 'ru', 'manual', 'topic/connectivity', '5', '1d']);
	expect(line(ids.mastodon)?.slice(9)).toEqual(['', '', '1234', '56', '', '7', '', '', '']);
	expect(line(ids.telegram)?.slice(6)).toEqual(['2', '', '', '', '', '', '', '', '', '', '', 'Telegram does not let bots read view counts']);
	expect(line(ids.outbox)?.at(-1)).toBe('not available');
	expect(lines).toHaveLength(6);
});
