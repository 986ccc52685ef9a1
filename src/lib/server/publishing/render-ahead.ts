/** Rendering ahead: the cards of posts due soon, through the card cache, so publishing never waits. */
import { keptCardPng } from '#lib/server/cards/cache.ts';
import { cardText } from '#lib/server/views/card.ts';
import { isFormat } from '#lib/core/catalogue.ts';
import type { Content } from '#lib/server/content/load.ts';
import type { Queue } from '#lib/server/store/posts.ts';

export async function renderUpcoming(
	queue: Queue,
	content: Content,
	{ cardsDir, siteUrl, horizonMs = 7 * 24 * 3600_000, now = new Date() }: { cardsDir: string; siteUrl: string; horizonMs?: number; now?: Date }
): Promise<number> {
	const until = new Date(now.getTime() + horizonMs).toISOString();
	let cards = 0;
	for (const post of [...queue.list({ state: 'approved' }), ...queue.list({ state: 'draft' })]) {
		if (post.scheduled_utc > until) continue;
		// The post's own card; one made before cards were kept with posts publishes the content's card.
		const card = post.card ?? cardText(content, post.locale, post.item_kind, post.item_slug, siteUrl);
		if (!card) continue;
		for (const format of post.formats.filter(isFormat)) {
			await keptCardPng(cardsDir, card, format, post.card_keys?.[format]);
			cards++;
			await new Promise((resolve) => setImmediate(resolve)); // let resvg's buffers go
		}
	}
	return cards;
}
