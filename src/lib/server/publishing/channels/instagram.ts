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
 * - POST /{ig-user-id}/media_publish (creation_id) → { id }: the post. The only request that can make it.
 * - GET /{media-id}?fields=permalink; GET /{ig-user-id}/media?fields=id,caption,permalink,timestamp: the
 *   account's media, newest first, for reading back.
 *
 * Repeat policy (the catalogue's `requests`): making a container, reading its status and the limit can be
 * repeated at will; media_publish is never repeated blind. The container's id is kept (on disk, before
 * media_publish): an attempt after a crash or a wait resumes with it, and a post whose outcome is unknown
 * is read back by the container's status_code (PUBLISHED, or not) before a person is asked.
 */
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { captionProblem } from '#lib/core/captions.ts';
import { findTwoStep, graph, localImages, sendTwoStep, siteUrlProblem, str, tokenExpiry, type Json, type TwoStep } from './meta.ts';
import { firstLine, type Channel, defineChannel } from './types.ts';

export interface InstagramOptions {
	userId: string;
	token: string;
	apiUrl?: string;
	/** The token's expiry (ISO), when known: for the dashboard's warning. */
	tokenExpires?: string;
	/** The site's public address, which Instagram fetches the cards from. */
	siteUrl: string | undefined;
	/** Test only: a loopback SITE_URL is allowed (fakes on 127.0.0.1). */
	localImages?: boolean;
	pollMs?: number;
	/** How long one attempt waits for a container to be processed before it leaves it for the next attempt. */
	maxWaitMs?: number;
	now?: () => number;
}

export function instagram(options: InstagramOptions): Channel {
	if (!options.userId) throw new Error('Instagram needs the account id (INSTAGRAM_USER_ID)');
	const problem = siteUrlProblem('Instagram', options.siteUrl, options.localImages ?? false);
	if (problem) throw new Error(problem);
	const api = graph({
		network: 'Instagram',
		base: options.apiUrl ?? 'https://graph.facebook.com/v22.0',
		token: options.token,
		tokenVariable: 'INSTAGRAM_TOKEN',
		now: options.now
	});
	const user = encodeURIComponent(options.userId);
	const steps: TwoStep = {
		network: 'Instagram',
		api,
		pollMs: options.pollMs ?? 2_000,
		maxWaitMs: options.maxWaitMs ?? 20_000,
		async create({ caption, alt, imageUrl }, signal) {
			const json = await api.call('making the container', signal, 'POST', `/${user}/media`, { image_url: imageUrl, caption, alt_text: alt });
			const id = str(json, 'id');
			if (!id) throw api.fail('Instagram answered the container without an id', 'transient');
			return id;
		},
		async state(container, signal) {
			const json = await api.call('reading the container', signal, 'GET', `/${encodeURIComponent(container)}`, { fields: 'status_code,status' });
			return { state: str(json, 'status_code') ?? 'unknown', detail: str(json, 'status') };
		},
		async quotaLeft(signal) {
			const json = await api.call('reading the publishing limit', signal, 'GET', `/${user}/content_publishing_limit`, { fields: 'quota_usage,config' });
			const row = (Array.isArray(json.data) ? json.data[0] : undefined) as { quota_usage?: unknown; config?: { quota_total?: unknown } } | undefined;
			const used = row?.quota_usage;
			const total = row?.config?.quota_total;
			return typeof used === 'number' && typeof total === 'number' ? { left: total - used, total } : undefined;
		},
		async publish(container, signal) {
			const json = await api.call('publishing', signal, 'POST', `/${user}/media_publish`, { creation_id: container }, true);
			const id = str(json, 'id');
			if (!id) throw api.fail('Instagram answered the publish without an id', 'unknown');
			return id;
		},
		async permalink(id, signal) {
			return str(await api.call('reading the address', signal, 'GET', `/${encodeURIComponent(id)}`, { fields: 'permalink' }), 'permalink');
		},
		async page(cursor, signal) {
			const json = await api.call('reading the media', signal, 'GET', `/${user}/media`, {
				fields: 'id,caption,permalink,timestamp',
				limit: '50',
				...(cursor ? { after: cursor } : {})
			});
			const items = (Array.isArray(json.data) ? json.data : []) as Json[];
			const paging = json.paging as { next?: unknown; cursors?: { after?: unknown } } | undefined;
			return {
				items: items.map((item) => ({ id: str(item, 'id') ?? '', text: str(item, 'caption'), url: str(item, 'permalink'), time: str(item, 'timestamp') })),
				next: paging?.next && typeof paging.cursors?.after === 'string' ? paging.cursors.after : undefined
			};
		}
	};

	return {
		name: 'instagram',
		// How long a repeat is safe, and the pacing: the catalogue's entry (with the reasons).
		repeatSafeForMs: catalogue.instagram.repeatSafeForMs,
		minIntervalMs: catalogue.instagram.minIntervalMs,
		startsRequestLate: true, // the container, its status and the limit cannot make a post: only media_publish
		async send(post, signal, starting) {
			const problem = captionProblem('instagram', post.caption);
			if (problem) throw api.fail(problem, 'permanent', undefined, { before: true });
			return sendTwoStep(steps, post, signal, starting, (container) => findTwoStep(steps, { ...sought(post), container }, signal));
		},
		find: (post, signal) => findTwoStep(steps, post, signal),
		whereToLook(post) {
			return { where: `the Instagram account ${options.userId}'s profile`, what: `a post whose caption begins “${firstLine(post.caption)}”` };
		}
	};
}

/** What a read-back needs, for a post that a resumed attempt finds already published. */
function sought(post: { id: string; caption: string; idempotencyKey: string; createdAt: string; scheduledAt: string }) {
	return { ...post, since: new Date(0), until: new Date(), taken: new Set<string>(), twins: [] };
}

/** On when INSTAGRAM_TOKEN is set. */
export const instagramChannel = defineChannel({
	name: 'instagram',
	env: ['INSTAGRAM_USER_ID', 'INSTAGRAM_TOKEN', 'INSTAGRAM_TOKEN_EXPIRES', 'INSTAGRAM_API_URL', 'SITE_URL', 'CARAVAN_TEST_LOCAL_IMAGES'],
	settings: (env): InstagramOptions | undefined =>
		env.INSTAGRAM_TOKEN
			? {
					userId: env.INSTAGRAM_USER_ID ?? '',
					token: env.INSTAGRAM_TOKEN,
					apiUrl: env.INSTAGRAM_API_URL || 'https://graph.facebook.com/v22.0',
					tokenExpires: tokenExpiry('INSTAGRAM_TOKEN_EXPIRES', env.INSTAGRAM_TOKEN_EXPIRES),
					siteUrl: env.SITE_URL,
					localImages: localImages(env)
				}
			: undefined,
	create: (settings) => instagram(settings)
});
