/**
 * A Facebook Page (Pages API): one photo post, the card fetched by Facebook from its public address, with
 * the caption.
 *
 * Environment: FACEBOOK_PAGE_ID, FACEBOOK_PAGE_TOKEN (a Page access token with pages_manage_posts and
 * pages_read_engagement, from a person who can create content on the Page; one made from a long-lived user
 * token does not expire, others do), FACEBOOK_TOKEN_EXPIRES (its expiry date, when it has one),
 * FACEBOOK_API_URL (default https://graph.facebook.com/v22.0), and SITE_URL, which must be public and https.
 *
 * API (https://developers.facebook.com/docs/graph-api/reference/page/photos/#publish):
 * - POST /{page-id}/photos (url, caption, alt_text_custom) → { id, post_id }: the photo and its Page post, in
 *   one request, with no idempotency key: a repeat is never safe (repeatSafeForMs 0).
 * - GET /{page-id}/photos?type=uploaded&fields=id,name,link,created_time: the Page's photos, newest first
 *   (`name` is the caption), for reading a post whose outcome is unknown back.
 * - Engagement: GET /{post-id}?fields=reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares
 *   → { reactions: { summary: { total_count } }, comments: { summary: { total_count } }, shares: { count } } (shares is
 *   left out while nobody has shared the post) — https://developers.facebook.com/docs/graph-api/reference/post/ —
 *   read as likes (every reaction), replies and shares; needs pages_read_engagement.
 */
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { captionProblem } from '#lib/core/captions.ts';
import { findByCaption, metaGraph, metaSettings, metaVariables, str, type Json, type MetaAccount, type MetaOptions } from './meta.ts';
import { firstLine, type Channel, defineChannel } from './types.ts';

export interface FacebookOptions extends MetaOptions {
	pageId: string;
}

/** The Page's variables and API address; the settings and the Graph API's errors are meta.ts's. */
const account: MetaAccount = {
	network: 'Facebook',
	variables: { id: 'FACEBOOK_PAGE_ID', token: 'FACEBOOK_PAGE_TOKEN', expires: 'FACEBOOK_TOKEN_EXPIRES', api: 'FACEBOOK_API_URL' },
	idName: 'the Page id',
	defaultApi: 'https://graph.facebook.com/v22.0'
};

export function facebook(options: FacebookOptions): Channel {
	const api = metaGraph(account, options.pageId, options);
	const page = encodeURIComponent(options.pageId);

	return {
		name: 'facebook',
		// How long a repeat is safe, and the pacing: the catalogue's entry (with the reasons).
		repeatSafeForMs: catalogue.facebook.repeatSafeForMs,
		minIntervalMs: catalogue.facebook.minIntervalMs,
		startsRequestLate: true, // the one request starts once the post is checked
		async send(post, signal, starting) {
			const imageUrl = post.images[0]?.url;
			if (!imageUrl) throw api.fail('The post has no card at a public address to give Facebook', 'permanent', undefined, { before: true });
			if (post.images.length > 1) throw api.fail(`Facebook takes one card per post here; this post has ${post.images.length}`, 'permanent', undefined, { before: true });
			const problem = captionProblem('facebook', post.caption);
			if (problem) throw api.fail(problem, 'permanent', undefined, { before: true });
			starting?.();
			const json = await api.call('posting the photo', signal, 'POST', `/${page}/photos`, { url: imageUrl, caption: post.caption, alt_text_custom: post.alt }, true);
			const id = str(json, 'post_id') ?? str(json, 'id');
			if (!id) throw api.fail('Facebook answered the photo without an id', 'unknown');
			return { id, url: `https://www.facebook.com/${id}` };
		},
		find(post, signal) {
			return findByCaption(
				post,
				async (cursor) => {
					const json = await api.call('reading the photos', signal, 'GET', `/${page}/photos`, {
						type: 'uploaded',
						fields: 'id,name,link,created_time',
						limit: '50',
						...(cursor ? { after: cursor } : {})
					});
					const items = (Array.isArray(json.data) ? json.data : []) as Json[];
					const paging = json.paging as { next?: unknown; cursors?: { after?: unknown } } | undefined;
					return {
						items: items.map((item) => ({ id: str(item, 'id') ?? '', text: str(item, 'name'), url: str(item, 'link'), time: str(item, 'created_time') })),
						next: paging?.next && typeof paging.cursors?.after === 'string' ? paging.cursors.after : undefined
					};
				},
				{ network: 'Facebook' }
			);
		},
		async engagement(post, signal) {
			// The address Caravan keeps is https://www.facebook.com/<post id> when the queue kept no id.
			const id = post.id ?? (post.url ? /^https:\/\/www\.facebook\.com\/(\d+_\d+)$/.exec(post.url)?.[1] : undefined);
			if (!id) throw api.fail('the post has no Page post id to read', 'permanent');
			const json = await api.call('reading the post', signal, 'GET', `/${encodeURIComponent(id)}`, {
				fields: 'reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares'
			});
			const total = (edge: unknown) => {
				const value = (edge as { summary?: { total_count?: unknown } } | undefined)?.summary?.total_count;
				return typeof value === 'number' ? value : 0;
			};
			const shares = (json.shares as { count?: unknown } | undefined)?.count;
			return { likes: total(json.reactions), replies: total(json.comments), shares: typeof shares === 'number' ? shares : 0 };
		},
		whereToLook(post) {
			return { where: `the Facebook Page ${options.pageId}`, what: `a photo post whose text begins “${firstLine(post.caption)}”` };
		}
	};
}

/** On when FACEBOOK_PAGE_TOKEN is set. */
export const facebookChannel = defineChannel({
	name: 'facebook',
	env: metaVariables(account),
	settings(env): FacebookOptions | undefined {
		const shared = metaSettings(account, env);
		return shared && { ...shared, pageId: env[account.variables.id] ?? '' };
	},
	create: (settings) => facebook(settings)
});
