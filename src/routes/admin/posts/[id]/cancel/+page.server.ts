import { error } from '@sveltejs/kit';
import { requireRole } from '#lib/server/auth/guard.ts';
import { utcToZoned } from '#lib/core/time.ts';
import { database } from '#lib/server/store/shared.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { itemTitle } from '#lib/server/views/items.ts';
import type { PageServerLoad } from './$types';

/** The second step of cancelling a post: what will be cancelled, and a button that does it (the post page's `cancel` action). */
export const load: PageServerLoad = ({ params, locals }) => {
	requireRole(locals, 'approver');
	const post = new Queue(database()).get(params.id);
	if (!post) error(404, 'No such post');
	return {
		post: { id: post.id, state: post.state, channel: post.channel, locale: post.locale },
		title: itemTitle(post.item_kind, post.item_slug),
		when: `${utcToZoned(new Date(post.scheduled_utc), post.zone).replace('T', ' ')} ${post.zone}`,
		cancellable: ['draft', 'approved', 'failed', 'needs_check'].includes(post.state)
	};
};
