import { error } from '@sveltejs/kit';
import { isFormat } from '#lib/core/catalogue.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { keptCardPng } from '#lib/server/cards/cache.ts';
import { config } from '#lib/server/config.ts';
import { database } from '#lib/server/store/shared.ts';
import { Queue } from '#lib/server/store/posts.ts';
import type { RequestHandler } from './$types';

export const prerender = false;

/**
 * The card a post carries, as it will publish it (which may differ from the content's card now);
 * `<format>-<n>`: slide n of a carousel post.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	requireRole(locals, 'editor');
	const post = new Queue(database()).get(params.id);
	const [, format = '', n] = /^([a-z]+)(?:-([1-9]\d?))?$/.exec(params.format) ?? [];
	const slide = n === undefined ? undefined : post?.slides?.[Number(n) - 1];
	if (!post?.card || !isFormat(format) || (n !== undefined && !slide)) error(404, 'No such card');
	const card = slide ?? { card: post.card, card_keys: post.card_keys ?? {} };
	const png = await keptCardPng(config.cardsDir, card.card, format, card.card_keys[format]);
	return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png', 'cache-control': 'private, no-store' } });
};
