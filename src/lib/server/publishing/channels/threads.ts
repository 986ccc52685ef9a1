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
 */
import { channels as catalogue } from '#lib/core/catalogue.ts';
import { captionProblem } from '#lib/core/captions.ts';
import { findTwoStep, graph, localImages, sendTwoStep, siteUrlProblem, str, tokenExpiry, type Json, type TwoStep } from './meta.ts';
import { firstLine, type Channel, defineChannel } from './types.ts';

export interface ThreadsOptions {
	userId: string;
	token: string;
	apiUrl?: string;
	/** The token's expiry (ISO), when known: for the dashboard's warning. */
	tokenExpires?: string;
	/** The site's public address, which Threads fetches the cards from. */
	siteUrl: string | undefined;
	/** Test only: a loopback SITE_URL is allowed (fakes on 127.0.0.1). */
	localImages?: boolean;
	pollMs?: number;
	/** How long one attempt waits for a container to be processed before it leaves it for the next attempt. */
	maxWaitMs?: number;
	now?: () => number;
}

export function threads(options: ThreadsOptions): Channel {
	if (!options.userId) throw new Error('Threads needs the account id (THREADS_USER_ID)');
	const problem = siteUrlProblem('Threads', options.siteUrl, options.localImages ?? false);
	if (problem) throw new Error(problem);
	const api = graph({
		network: 'Threads',
		base: options.apiUrl ?? 'https://graph.threads.net/v1.0',
		token: options.token,
		tokenVariable: 'THREADS_TOKEN',
		now: options.now
	});
	const user = encodeURIComponent(options.userId);
	const steps: TwoStep = {
		network: 'Threads',
		api,
		pollMs: options.pollMs ?? 2_000,
		maxWaitMs: options.maxWaitMs ?? 20_000,
		async create({ caption, alt, imageUrl }, signal) {
			const json = await api.call('making the container', signal, 'POST', `/${user}/threads`, { media_type: 'IMAGE', image_url: imageUrl, text: caption, alt_text: alt });
			const id = str(json, 'id');
			if (!id) throw api.fail('Threads answered the container without an id', 'transient');
			return id;
		},
		async state(container, signal) {
			const json = await api.call('reading the container', signal, 'GET', `/${encodeURIComponent(container)}`, { fields: 'status,error_message' });
			return { state: str(json, 'status') ?? 'unknown', detail: str(json, 'error_message') };
		},
		async quotaLeft(signal) {
			const json = await api.call('reading the publishing limit', signal, 'GET', `/${user}/threads_publishing_limit`, { fields: 'quota_usage,config' });
			const row = (Array.isArray(json.data) ? json.data[0] : undefined) as { quota_usage?: unknown; config?: { quota_total?: unknown } } | undefined;
			const used = row?.quota_usage;
			const total = row?.config?.quota_total;
			return typeof used === 'number' && typeof total === 'number' ? { left: total - used, total } : undefined;
		},
		async publish(container, signal) {
			const json = await api.call('publishing', signal, 'POST', `/${user}/threads_publish`, { creation_id: container }, true);
			const id = str(json, 'id');
			if (!id) throw api.fail('Threads answered the publish without an id', 'unknown');
			return id;
		},
		async permalink(id, signal) {
			return str(await api.call('reading the address', signal, 'GET', `/${encodeURIComponent(id)}`, { fields: 'permalink' }), 'permalink');
		},
		async page(cursor, signal) {
			const json = await api.call('reading the threads', signal, 'GET', `/${user}/threads`, {
				fields: 'id,text,permalink,timestamp',
				limit: '50',
				...(cursor ? { after: cursor } : {})
			});
			const items = (Array.isArray(json.data) ? json.data : []) as Json[];
			const paging = json.paging as { next?: unknown; cursors?: { after?: unknown } } | undefined;
			return {
				items: items.map((item) => ({ id: str(item, 'id') ?? '', text: str(item, 'text'), url: str(item, 'permalink'), time: str(item, 'timestamp') })),
				next: paging?.next && typeof paging.cursors?.after === 'string' ? paging.cursors.after : undefined
			};
		}
	};

	return {
		name: 'threads',
		// How long a repeat is safe, and the pacing: the catalogue's entry (with the reasons).
		repeatSafeForMs: catalogue.threads.repeatSafeForMs,
		minIntervalMs: catalogue.threads.minIntervalMs,
		startsRequestLate: true, // the container, its status and the limit cannot make a post: only threads_publish
		async send(post, signal, starting) {
			const problem = captionProblem('threads', post.caption);
			if (problem) throw api.fail(problem, 'permanent', undefined, { before: true });
			return sendTwoStep(steps, post, signal, starting, (container) => findTwoStep(steps, { ...sought(post), container }, signal));
		},
		find: (post, signal) => findTwoStep(steps, post, signal),
		whereToLook(post) {
			return { where: `the Threads account ${options.userId}'s profile`, what: `a thread whose text begins “${firstLine(post.caption)}”` };
		}
	};
}

/** What a read-back needs, for a post that a resumed attempt finds already published. */
function sought(post: { id: string; caption: string; idempotencyKey: string; createdAt: string; scheduledAt: string }) {
	return { ...post, since: new Date(0), until: new Date(), taken: new Set<string>(), twins: [] };
}

/** On when THREADS_TOKEN is set. */
export const threadsChannel = defineChannel({
	name: 'threads',
	env: ['THREADS_USER_ID', 'THREADS_TOKEN', 'THREADS_TOKEN_EXPIRES', 'THREADS_API_URL', 'SITE_URL', 'CARAVAN_TEST_LOCAL_IMAGES'],
	settings: (env): ThreadsOptions | undefined =>
		env.THREADS_TOKEN
			? {
					userId: env.THREADS_USER_ID ?? '',
					token: env.THREADS_TOKEN,
					apiUrl: env.THREADS_API_URL || 'https://graph.threads.net/v1.0',
					tokenExpires: tokenExpiry('THREADS_TOKEN_EXPIRES', env.THREADS_TOKEN_EXPIRES),
					siteUrl: env.SITE_URL,
					localImages: localImages(env)
				}
			: undefined,
	create: (settings) => threads(settings)
});
