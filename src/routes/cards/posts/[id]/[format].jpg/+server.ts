import { error } from '@sveltejs/kit';
import { isFormat } from '#lib/core/catalogue.ts';
import { cardPng, keptCardPng } from '#lib/server/cards/cache.ts';
import { pngToJpeg } from '#lib/server/cards/jpeg.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import { Queue, type State } from '#lib/server/store/posts.ts';
import { database } from '#lib/server/store/shared.ts';
import { cardText } from '#lib/server/views/card.ts';
import type { RequestHandler } from './$types';

export const prerender = false;

/**
 * Posts whose card a network may fetch: approved and on. A draft's or a cancelled post's card is not
 * public (it may not be what goes out), so it is not served here.
 */
const served = new Set<State>(['approved', 'publishing', 'published', 'needs_check']);

/**
 * A post's card as a JPEG, at a public address: Instagram, Facebook and Threads fetch the image from
 * here when the post is sent (core/paths.ts postCardPath), and each slide of a carousel post. The post's own approved card, not the
 * content's card now.
 */
export const GET: RequestHandler = async ({ params }) => {
	const { id } = params;
	// `<format>` is the post's card; `<format>-<n>` is slide n of a carousel post (core/paths.ts postSlidePath).
	const [, format = '', n] = /^([a-z]+)(?:-([1-9]\d?))?$/.exec(params.format) ?? [];
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) || !isFormat(format)) error(404, 'No such card');
	const post = new Queue(database()).get(id);
	if (!post || !served.has(post.state) || !post.formats.includes(format)) error(404, 'No such card');
	const slide = n === undefined ? undefined : post.slides?.[Number(n) - 1];
	if (n !== undefined && !slide) error(404, 'No such card');
	let png: Buffer;
	if (slide) png = await keptCardPng(config.cardsDir, slide.card, format, slide.card_keys[format]);
	else if (post.card) png = await keptCardPng(config.cardsDir, post.card, format, post.card_keys?.[format]);
	else {
		const card = cardText(getContent(), post.locale, post.item_kind, post.item_slug, config.siteUrl);
		if (!card) error(404, 'No such card');
		png = await cardPng(config.cardsDir, card, format);
	}
	const jpeg = await pngToJpeg(png);
	return new Response(new Uint8Array(jpeg), {
		headers: { 'content-type': 'image/jpeg', 'content-length': String(jpeg.length), 'cache-control': 'public, max-age=3600' }
	});
};
