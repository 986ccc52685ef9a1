import { error } from '@sveltejs/kit';
import { feedUser } from '#lib/server/auth/feeds.ts';
import { config } from '#lib/server/config.ts';
import { database } from '#lib/server/store/shared.ts';
import { calendar } from './ical.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { itemTitle } from '#lib/server/views/items.ts';
import type { RequestHandler } from './$types';

export const prerender = false;

/**
 * A user's private calendar feed: posts from 30 days ago to a year ahead, cancelled ones left out.
 * The address is the secret; a revoked or unknown one is a 404 that says nothing more.
 */
export const GET: RequestHandler = ({ params }) => {
	const db = database();
	if (!feedUser(db, params.token)) error(404, 'Not found');
	const now = Date.now();
	const posts = new Queue(db)
		.between(new Date(now - 30 * 86_400_000), new Date(now + 366 * 86_400_000))
		.filter((post) => post.state !== 'cancelled')
		.map((post) => ({ ...post, title: itemTitle(post.item_kind, post.item_slug) }));
	return new Response(calendar(posts, config.siteUrl), {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'cache-control': 'no-store',
			'referrer-policy': 'no-referrer'
		}
	});
};
