/**
 * Threads (Threads API): the card, as a JPEG at the site's public address, with the caption and alt text
 * becomes a container; once it is FINISHED and the account's 24-hour limit allows, it is published.
 *
 * Environment: THREADS_USER_ID (the Threads account's id), THREADS_TOKEN (a long-lived Threads user token
 * with threads_basic and threads_content_publish), THREADS_TOKEN_EXPIRES (its expiry date: 60 days from
 * when it was made or refreshed), THREADS_API_URL (default https://graph.threads.net/v1.0), and SITE_URL,
 * which must be public and https.
 *
 * API (https://developers.facebook.com/docs/threads/posts, …/threads/troubleshooting, …/threads/overview#rate-limiting):
 * - POST /{threads-user-id}/threads (media_type=IMAGE, image_url, text ≤ 500 characters, alt_text) → { id }
 * - GET /{container-id}?fields=status,error_message → IN_PROGRESS, FINISHED, PUBLISHED, ERROR or EXPIRED
 * - GET /{threads-user-id}/threads_publishing_limit?fields=quota_usage,config → 250 posts per 24 hours
 * - POST /{threads-user-id}/threads_publish (creation_id) → { id }: the only request that can make the post
 * - GET /{media-id}?fields=permalink; GET /{threads-user-id}/threads?fields=id,text,permalink,timestamp
 *   (the account's threads, newest first), for reading back.
 *
 * Repeat policy as Instagram's (the catalogue's `requests`): the container's id is kept before
 * threads_publish; an attempt after a crash or a wait resumes with it, and an unknown outcome is read back
 * by the container's status before a person is asked.
 *
 * Engagement (https://developers.facebook.com/docs/threads/insights, needs threads_manage_insights):
 * GET /{threads-media-id}/insights?metric=views,likes,replies,reposts,quotes,shares.
 */
import { metaSettings, metaVariables, twoStepChannel, type TwoStepNetwork, type TwoStepOptions } from './meta.ts';
import { defineChannel, type Channel } from './types.ts';

export type ThreadsOptions = TwoStepOptions;

/** What Threads's API names differently; the flow itself (container, status, limit, publish, read-back) is meta.ts's twoStepChannel. */
const account: TwoStepNetwork = {
	network: 'Threads',
	name: 'threads',
	variables: { id: 'THREADS_USER_ID', token: 'THREADS_TOKEN', expires: 'THREADS_TOKEN_EXPIRES', api: 'THREADS_API_URL' },
	idName: 'the account id',
	defaultApi: 'https://graph.threads.net/v1.0',
	edges: { media: 'threads', limit: 'threads_publishing_limit', publish: 'threads_publish' },
	container: ({ caption, alt, imageUrl }) => ({ media_type: 'IMAGE', image_url: imageUrl, text: caption, alt_text: alt }),
	status: { state: 'status', detail: 'error_message' },
	listing: { text: 'text', step: 'reading the threads' },
	looksLike: 'a thread whose text begins',
	insights: { views: 'views', likes: 'likes', replies: 'replies', reposts: 'reposts', quotes: 'quotes', shares: 'shares' }
};

export const threads = (options: ThreadsOptions): Channel => twoStepChannel(account, options);

/** On when THREADS_TOKEN is set. */
export const threadsChannel = defineChannel({
	name: 'threads',
	env: metaVariables(account),
	settings(env): ThreadsOptions | undefined {
		const shared = metaSettings(account, env);
		return shared && { ...shared, userId: env[account.variables.id] ?? '' };
	},
	create: (settings) => threads(settings)
});
