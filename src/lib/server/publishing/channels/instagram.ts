/**
 * Instagram (Instagram Graph API, a professional account linked to a Facebook Page): the card, as a
 * JPEG at the site's public address, and the caption become a media container; once the container is
 * FINISHED and the account's publishing limit allows, it is published.
 *
 * Environment: INSTAGRAM_USER_ID (the Instagram professional account's id), INSTAGRAM_TOKEN (a long-lived
 * token with instagram_basic and instagram_content_publish, and pages_read_engagement for the linked
 * Page), INSTAGRAM_TOKEN_EXPIRES (its expiry date: long-lived tokens last 60 days), INSTAGRAM_API_URL
 * (default https://graph.facebook.com/v22.0), and SITE_URL, which must be public and https.
 *
 * API (https://developers.facebook.com/docs/instagram-platform/content-publishing/):
 * - POST /{ig-user-id}/media (image_url, caption, alt_text) → { id }: the container. Instagram fetches the
 *   image from image_url itself, and takes JPEG only.
 * - GET /{container-id}?fields=status_code,status → IN_PROGRESS, FINISHED, PUBLISHED, ERROR (status says
 *   why) or EXPIRED (not published within 24 hours).
 * - GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config → { data: [{ quota_usage,
 *   config: { quota_total, quota_duration } }] }: 100 posts per rolling 24 hours.
 * - A carousel (a topic's slides): POST /{ig-user-id}/media (image_url, is_carousel_item=true, alt_text)
 *   → { id } for each slide, in order; then POST /{ig-user-id}/media (media_type=CAROUSEL, children=<the
 *   item ids, comma-separated>, caption) → { id }: the carousel container, published as one post.
 *   https://developers.facebook.com/docs/instagram-platform/content-publishing/#carousel-posts
 * - POST /{ig-user-id}/media_publish (creation_id) → { id }: the post. The only request that can make it.
 * - GET /{media-id}?fields=permalink; GET /{ig-user-id}/media?fields=id,caption,permalink,timestamp: the
 *   account's media, newest first, for reading back.
 *
 * Repeat policy (the catalogue's `requests`): making a container, reading its status and the limit can be
 * repeated at will; media_publish is never repeated blind. The container's id is kept (on disk, before
 * media_publish), and a carousel's item containers as each is made: an attempt after a crash or a wait
 * resumes with them, and a post whose outcome is unknown
 * is read back by the container's status_code (PUBLISHED, or not) before a person is asked.
 *
 * Engagement (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights,
 * needs instagram_manage_insights): GET /{media-id}/insights?metric=views,reach,likes,comments,shares,saved —
 * the metrics an image post takes since v22.0 (impressions and plays are gone; views replaced them).
 * Figures can lag up to 48 hours; one not there yet is left out of the answer, and so out of the reading.
 */
import { metaSettings, metaVariables, twoStepChannel, type TwoStepNetwork, type TwoStepOptions } from './meta.ts';
import { defineChannel, type Channel } from './types.ts';

export type InstagramOptions = TwoStepOptions;

/** What Instagram's API names differently; the flow itself (container, status, limit, publish, read-back) is meta.ts's twoStepChannel. */
const account: TwoStepNetwork = {
	network: 'Instagram',
	name: 'instagram',
	variables: { id: 'INSTAGRAM_USER_ID', token: 'INSTAGRAM_TOKEN', expires: 'INSTAGRAM_TOKEN_EXPIRES', api: 'INSTAGRAM_API_URL' },
	idName: 'the account id',
	defaultApi: 'https://graph.facebook.com/v22.0',
	edges: { media: 'media', limit: 'content_publishing_limit', publish: 'media_publish' },
	container: ({ caption, alt, imageUrl }) => ({ image_url: imageUrl, caption, alt_text: alt }),
	carousel: {
		item: ({ alt, imageUrl }) => ({ image_url: imageUrl, is_carousel_item: 'true', alt_text: alt }),
		container: ({ caption, children }) => ({ media_type: 'CAROUSEL', children: children.join(','), caption })
	},
	status: { state: 'status_code', detail: 'status' },
	listing: { text: 'caption', step: 'reading the media' },
	looksLike: 'a post whose caption begins',
	insights: { views: 'views', reach: 'reach', likes: 'likes', comments: 'replies', shares: 'shares', saved: 'saves' }
};

export const instagram = (options: InstagramOptions): Channel => twoStepChannel(account, options);

/** On when INSTAGRAM_TOKEN is set. */
export const instagramChannel = defineChannel({
	name: 'instagram',
	env: metaVariables(account),
	settings(env): InstagramOptions | undefined {
		const shared = metaSettings(account, env);
		return shared && { ...shared, userId: env[account.variables.id] ?? '' };
	},
	create: (settings) => instagram(settings)
});
