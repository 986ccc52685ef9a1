/**
 * bench/queue: 10,000 approved, due posts in a real SQLite file, published through a fast local
 * channel (it keeps what it is sent in memory) by the real publisher, in ticks of PUBLISH_BATCH posts.
 *
 *   npm run bench:queue
 *
 * Prints posts per second and the publish tick's p50/p95/max, with a baseline measured in the same
 * run: the same number of bare claims (claimDue + published, no channel, no cards), so the two
 * figures can be compared across machines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locales } from '#lib/core/i18n.ts';
import type { Channel } from '#lib/server/publishing/channels/types.ts';
import { publishDue } from '#lib/server/publishing/publish.ts';
import { renderAll } from '#lib/server/cards/batch.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { openDb } from '#lib/server/store/database.ts';
import { Queue } from '#lib/server/store/posts.ts';

const total = Number(process.env.POSTS ?? 10_000);
const batch = Number(process.env.PUBLISH_BATCH ?? 50);
const dir = mkdtempSync(join(tmpdir(), 'caravan-bench-queue-'));
const content = loadContent();
const site = 'https://caravan.example.org';
const pct = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor((p / 100) * list.length))] ?? 0;

function fill(queue: Queue) {
	const items = content.facts.map((fact) => fact.id);
	for (let i = 0; i < total; i++) {
		const { post } = queue.create(
			{
				item_kind: 'fact',
				item_slug: items[i % items.length]!,
				locale: locales[i % locales.length]!,
				channel: 'outbox',
				caption: `Post ${i}`,
				formats: ['square'],
				scheduled_utc: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
				zone: 'UTC'
			},
			'bench'
		);
		queue.approve(post.id, 'bench');
	}
}

try {
	// The cards come from the card cache, as in production: render them first.
	await renderAll(content, { dir: join(dir, 'cards'), siteUrl: site, formats: ['square'], prune: false });

	// Baseline: claim and mark published, nothing else.
	const base = new Queue(openDb(join(dir, 'baseline.db')));
	fill(base);
	let start = performance.now();
	for (;;) {
		const claimed = base.claimDue('bench', { leaseMs: 60_000, limit: 5 });
		if (claimed.length === 0) break;
		for (const post of claimed) base.published(post.id, 'bench', { id: post.id });
	}
	const baseline = total / ((performance.now() - start) / 1000);

	// The publisher, with a channel that keeps what it is sent (under the outbox's name: the queue takes only the catalogue's channels).
	const queue = new Queue(openDb(join(dir, 'caravan.db')));
	fill(queue);
	const received = new Map<string, number>();
	const local: Channel = {
		name: 'outbox',
		repeatSafeForMs: Infinity,
		minIntervalMs: 0,
		async send(post) {
			received.set(post.id, (received.get(post.id) ?? 0) + post.images.reduce((sum, image) => sum + image.png.length, 0));
			return { id: post.id };
		}
	};
	const ticks: number[] = [];
	start = performance.now();
	for (;;) {
		const tick = performance.now();
		const result = await publishDue(queue, content, new Map([['outbox', local]]), {
			owner: 'bench',
			leaseMs: 60_000,
			timeoutMs: 10_000,
			maxAttempts: 3,
			backoffMs: 1000,
			cardsDir: join(dir, 'cards'),
			siteUrl: site,
			maxPerTick: batch
		});
		if (result.published === 0) break;
		ticks.push(performance.now() - tick);
	}
	const seconds = (performance.now() - start) / 1000;
	const published = queue.depth().published;

	console.log(`Queue benchmark: ${total} posts, ticks of ${batch}, SQLite WAL file, ${new Date().toISOString()}`);
	console.log(`baseline: bare claim + published     ${baseline.toFixed(0).padStart(7)} posts/s`);
	console.log(`publisher (cards from cache, channel) ${(published / seconds).toFixed(0).padStart(6)} posts/s  (${(published / seconds / baseline).toFixed(2)}× baseline)`);
	console.log(`publish tick: p50 ${pct(ticks, 50).toFixed(1)} ms, p95 ${pct(ticks, 95).toFixed(1)} ms, max ${pct(ticks, 100).toFixed(1)} ms over ${ticks.length} ticks`);
	console.log(`published ${published}/${total}; each sent once: ${[...received.keys()].length === total}`);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
