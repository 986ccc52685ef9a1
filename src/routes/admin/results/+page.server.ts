import { requireRole } from '#lib/server/auth/guard.ts';
import { results } from '#lib/server/stats/results.ts';
import { engagementResults } from '#lib/server/stats/engagement.ts';
import { database } from '#lib/server/store/shared.ts';
import { itemTitle } from '#lib/server/views/items.ts';
import { config } from '#lib/server/config.ts';
import type { PageServerLoad } from './$types';

/** The periods the page offers, in days. */
const periods = [7, 30, 90, 365];

export const load: PageServerLoad = ({ locals, url }) => {
	requireRole(locals, 'editor');
	const asked = Number(url.searchParams.get('days'));
	const days = periods.includes(asked) ? asked : 30;
	const figures = results(database(), { days });
	const engagement = engagementResults(database(), { from: figures.from, to: figures.to, visits: new Map(figures.byPost.map((row) => [row.id, row.views])) });
	return {
		days,
		periods,
		counting: config.visits,
		marks: config.marks,
		...figures,
		byPost: figures.byPost.map((row) => ({ ...row, title: row.post ? itemTitle(row.post.item_kind as never, row.post.item_slug) : undefined })),
		engagement: { ...engagement, posts: engagement.posts.map((post) => ({ ...post, title: itemTitle(post.item_kind as never, post.item_slug) })) }
	};
};
