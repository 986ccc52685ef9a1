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
 */
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { captionProblem } from '#lib/core/captions.ts';
import { findByCaption, graph, localImages, siteUrlProblem, str, tokenExpiry, type Json } from './meta.ts';
import { firstLine, type Channel, defineChannel } from './types.ts';

export interface FacebookOptions {
	pageId: string;
	token: string;
	apiUrl?: string;
	/** The token's expiry (ISO), when it has one: for the dashboard's warning. */
	tokenExpires?: string;
	/** The site's public address, which Facebook fetches the cards from. */
	siteUrl: string | undefined;
	/** Test only: a loopback SITE_URL is allowed (fakes on 127.0.0.1). */
	localImages?: boolean;
	now?: () => number;
}

export function facebook(options: FacebookOptions): Channel {
	if (!options.pageId) throw new Error('Facebook needs the Page id (FACEBOOK_PAGE_ID)');
	const problem = siteUrlProblem('Facebook', options.siteUrl, options.localImages ?? false);
	if (problem) throw new Error(problem);
	const api = graph({
		network: 'Facebook',
		base: options.apiUrl ?? 'https://graph.facebook.com/v22.0',
		token: options.token,
		tokenVariable: 'FACEBOOK_PAGE_TOKEN',
		now: options.now
	});
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
		whereToLook(post) {
			return { where: `the Facebook Page ${options.pageId}`, what: `a photo post whose text begins “${firstLine(post.caption)}”` };
		}
	};
}

/** On when FACEBOOK_PAGE_TOKEN is set. */
export const facebookChannel = defineChannel({
	name: 'facebook',
	env: ['FACEBOOK_PAGE_ID', 'FACEBOOK_PAGE_TOKEN', 'FACEBOOK_TOKEN_EXPIRES', 'FACEBOOK_API_URL', 'SITE_URL', 'CARAVAN_TEST_LOCAL_IMAGES'],
	settings: (env): FacebookOptions | undefined =>
		env.FACEBOOK_PAGE_TOKEN
			? {
					pageId: env.FACEBOOK_PAGE_ID ?? '',
					token: env.FACEBOOK_PAGE_TOKEN,
					apiUrl: env.FACEBOOK_API_URL || 'https://graph.facebook.com/v22.0',
					tokenExpires: tokenExpiry('FACEBOOK_TOKEN_EXPIRES', env.FACEBOOK_TOKEN_EXPIRES),
					siteUrl: env.SITE_URL,
					localImages: localImages(env)
				}
			: undefined,
	create: (settings) => facebook(settings)
});
