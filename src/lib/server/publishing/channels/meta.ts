/**
 * What Meta's three networks (Instagram, a Facebook Page, Threads) share: the Graph API's requests and
 * errors, the token (sent in the Authorization header, never in a URL or a message), its expiry, the
 * public address the networks fetch cards from, the settings, reading an account's recent posts back,
 * and the two-step flow (a container, then publish) of Instagram and Threads. Each network's own names
 * and steps are its module: instagram.ts, facebook.ts, threads.ts.
 *
 * Graph API errors (https://developers.facebook.com/docs/graph-api/guides/error-handling/) are
 * `{"error": {"message", "type", "code", "error_subcode", "is_transient", "fbtrace_id"}}`:
 * - code 190 (OAuthException), or HTTP 401: the token expired or was revoked. The channel is paused
 *   ("needs a new token") and its posts wait, instead of failing one by one.
 * - codes 4, 17, 32, 613 and 80001–80014 (app, user, page and business use case rate limits), or HTTP
 *   429: try again later, after Retry-After or the X-Business-Use-Case-Usage header's
 *   estimated_time_to_regain_access (minutes) — https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
 * - code 9 with subcode 2207042 (Instagram: the account's publishing limit is reached): the post waits.
 * - 5xx, and codes 1 and 2 (is_transient): the network did not take it — unless the request could make
 *   the post, when its outcome is unknown.
 * - anything else (100 invalid parameter, 10 and 200 permissions, 368 blocked): refused.
 */
import { channelCarousel, channels as catalogue, type Engagement, type EngagementMetric } from '#lib/core/catalogue.ts';
import { captionProblem } from '#lib/core/captions.ts';
import { publicHost } from '#lib/core/paths.ts';
import { jsonObject, redact, retryAfterMs, type Json } from './http.ts';
import { ChannelError, failedFetch, firstLine, type Channel, type Env, type Lookup, type Sought } from './types.ts';

export type Network = 'Instagram' | 'Facebook' | 'Threads';

/** The words a channel is paused with when Meta refuses its token. */
export const needsNewToken = (network: Network, variable: string) =>
	`needs a new token: Meta refused ${network}'s token (expired or revoked). Make a new long-lived token, set ${variable}, restart the scheduler, then resume the channel.`;

const rateLimitCodes = new Set([4, 17, 32, 613]);
const isRateLimit = (code: number | undefined) => code !== undefined && (rateLimitCodes.has(code) || (code >= 80001 && code <= 80014));

export interface GraphOptions {
	network: Network;
	/** The API's base, with its version: https://graph.facebook.com/v22.0, https://graph.threads.net/v1.0. */
	base: string;
	token: string;
	/** The variable the token comes from, for the "needs a new token" message. */
	tokenVariable: string;
	now?: () => number;
}

export type { Json };

export interface Graph {
	/**
	 * One request. `params` go in the query (GET) or as a form (POST). `posting`: the request can make
	 * the post, so an answer lost or a 5xx leaves its outcome unknown; otherwise a failure is transient.
	 */
	call(step: string, signal: AbortSignal, method: 'GET' | 'POST', path: string, params?: Record<string, string>, posting?: boolean): Promise<Json>;
	/** A ChannelError with every trace of the token removed. */
	fail(message: string, kind: ChannelError['kind'], retryAfterMs?: number, extra?: { before?: boolean; waits?: boolean; pauseChannel?: string }): ChannelError;
}

function graph(options: GraphOptions): Graph {
	const base = options.base.replace(/\/+$/, '');
	const now = options.now ?? Date.now;
	const { network } = options;
	const clean = (text: string) => redact(text, [options.token], { mark: '[token]' });
	const fail: Graph['fail'] = (message, kind, wait, extra = {}) => new ChannelError(clean(message), kind, wait, extra);

	/** Retry-After, else the longest estimated_time_to_regain_access (minutes) of the usage headers. */
	function waitFor(headers: Headers): number | undefined {
		const after = retryAfterMs(headers.get('retry-after'), now());
		if (after !== undefined) return after;
		let minutes: number | undefined;
		for (const name of ['x-business-use-case-usage', 'x-app-usage', 'x-page-usage']) {
			const raw = headers.get(name);
			if (!raw) continue;
			for (const match of raw.matchAll(/"estimated_time_to_regain_access"\s*:\s*(\d+)/g)) minutes = Math.max(minutes ?? 0, Number(match[1]));
		}
		return minutes === undefined ? undefined : minutes * 60_000;
	}

	async function call(step: string, signal: AbortSignal, method: 'GET' | 'POST', path: string, params: Record<string, string> = {}, posting = false): Promise<Json> {
		const query = method === 'GET' && Object.keys(params).length ? `?${new URLSearchParams(params)}` : '';
		let response: Response;
		let text: string;
		try {
			response = await fetch(`${base}${path}${query}`, {
				method,
				headers: { accept: 'application/json', authorization: `Bearer ${options.token}` },
				...(method === 'POST' ? { body: new URLSearchParams(params) } : {}),
				signal
			});
			text = await response.text();
		} catch (error) {
			const { kind, detail } = failedFetch(error, signal, network, posting);
			throw fail(`${detail} (${step})`, kind);
		}
		const json = jsonObject(text);
		const { status } = response;
		const error = (json?.error ?? undefined) as { message?: unknown; type?: unknown; code?: unknown; error_subcode?: unknown; is_transient?: unknown } | undefined;
		if (status >= 200 && status < 300 && !error) {
			if (!json) throw fail(`${network} answered ${status} without JSON (${step})`, posting ? 'unknown' : 'transient');
			return json;
		}
		const code = typeof error?.code === 'number' ? error.code : undefined;
		const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : undefined;
		const said = typeof error?.message === 'string' ? error.message : response.statusText || 'no reason given';
		const message = `${network} ${status}${code !== undefined ? ` (code ${code}${subcode !== undefined ? `/${subcode}` : ''})` : ''} (${step}): ${said}`;
		if (status === 401 || code === 190) {
			throw fail(message, 'permanent', undefined, { pauseChannel: needsNewToken(network, options.tokenVariable) });
		}
		if (code === 9 && subcode === 2207042) throw fail(`${message}: the account's publishing limit is reached`, 'transient', waitFor(response.headers) ?? 60 * 60_000, { waits: true });
		if (status === 429 || isRateLimit(code)) throw fail(message, 'transient', waitFor(response.headers));
		if (status >= 500 || code === 1 || code === 2 || error?.is_transient === true) throw fail(message, posting ? 'unknown' : 'transient', waitFor(response.headers));
		throw fail(message, 'permanent');
	}

	return { call, fail };
}

/** The JSON's text field, or undefined. */
export const str = (json: Json | undefined, key: string): string | undefined => (typeof json?.[key] === 'string' ? (json[key] as string) : undefined);

/**
 * Why the networks could not fetch the cards from `siteUrl`, or undefined when they can: Meta fetches
 * each image from its public address, so SITE_URL must be public and https. `localImages` (the test-only
 * CARAVAN_TEST_LOCAL_IMAGES=1) lets a loopback address through, for fakes on 127.0.0.1 that fetch from it.
 */
export function siteUrlProblem(network: Network, siteUrl: string | undefined, localImages: boolean): string | undefined {
	const why = `${network} fetches each card from the site's public address`;
	if (!siteUrl || !URL.canParse(siteUrl)) return `${network} refuses to start: SITE_URL is not set; ${why}, e.g. SITE_URL=https://caravan.example.org.`;
	const url = new URL(siteUrl);
	if (localImages && !publicHost(siteUrl) && /^https?:$/.test(url.protocol)) return undefined;
	if (url.protocol !== 'https:') return `${network} refuses to start: SITE_URL (${url.origin}) is not https; ${why}, over https.`;
	if (!publicHost(siteUrl)) return `${network} refuses to start: SITE_URL (${url.origin}) is an address of this machine; ${why}, which the network must reach.`;
	return undefined;
}

/** CARAVAN_TEST_LOCAL_IMAGES: for tests against fakes on 127.0.0.1 only; never set in a deployment. */
const localImages = (env: Env) => env.CARAVAN_TEST_LOCAL_IMAGES === '1';

/**
 * A token's expiry date from its variable (YYYY-MM-DD, or a full ISO time): Meta's long-lived tokens last
 * 60 days and do not say so in each answer, so the date is written down when the token is made (the
 * Access Token Debugger or GET /debug_token shows it). A value that is not a date stops the start.
 */
export function tokenExpiry(variable: string, raw: string | undefined): string | undefined {
	if (raw === undefined || raw.trim() === '') return undefined;
	const value = raw.trim();
	const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
	if (Number.isNaN(at)) throw new Error(`Configuration: ${variable} must be the token's expiry date like 2027-02-05, got "${raw}"`);
	return new Date(at).toISOString();
}

/** Whole days from `now` until the token expires (negative once it has); undefined when its expiry is not known. */
export function tokenDaysLeft(expires: string | undefined, now = new Date()): number | undefined {
	if (!expires) return undefined;
	return Math.floor((Date.parse(expires) - now.getTime()) / 86_400_000);
}

/** The settings every Meta channel has, besides its account's id. */
export interface MetaOptions {
	token: string;
	apiUrl?: string;
	/** The token's expiry (ISO), when known: for the dashboard's warning. */
	tokenExpires?: string;
	/** The site's public address, which the network fetches the cards from. */
	siteUrl: string | undefined;
	/** Test only: a loopback SITE_URL is allowed (fakes on 127.0.0.1). */
	localImages?: boolean;
	now?: () => number;
}

/** A Meta channel's account: its network, the variables it is configured by, and its API's default address. */
export interface MetaAccount {
	network: Network;
	/** The variables: the account's id, the token, the token's expiry date, the API's address. */
	variables: { id: string; token: string; expires: string; api: string };
	/** What the id is, for the message when it is missing ("the account id", "the Page id"). */
	idName: string;
	defaultApi: string;
}

/** The environment variables a Meta channel reads (names only). */
export const metaVariables = ({ variables: v }: MetaAccount) => [v.id, v.token, v.expires, v.api, 'SITE_URL', 'CARAVAN_TEST_LOCAL_IMAGES'];

/** The shared settings from the environment, or undefined when the channel's token is not set (the channel is off). */
export function metaSettings({ variables: v, defaultApi }: MetaAccount, env: Env): MetaOptions | undefined {
	const token = env[v.token];
	if (!token) return undefined;
	return { token, apiUrl: env[v.api] || defaultApi, tokenExpires: tokenExpiry(v.expires, env[v.expires]), siteUrl: env.SITE_URL, localImages: localImages(env) };
}

/** The channel's Graph API, once its account id and site address are known to be usable; a clear error otherwise. */
export function metaGraph(account: MetaAccount, id: string, options: MetaOptions): Graph {
	const { network } = account;
	if (!id) throw new Error(`${network} needs ${account.idName} (${account.variables.id})`);
	const problem = siteUrlProblem(network, options.siteUrl, options.localImages ?? false);
	if (problem) throw new Error(problem);
	return graph({ network, base: options.apiUrl ?? account.defaultApi, token: options.token, tokenVariable: account.variables.token, now: options.now });
}

/** How far Meta's clock may be behind ours. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** A post as a network's listing gives it: what a read-back compares. */
export interface Listed {
	id: string;
	text: string | undefined;
	url: string | undefined;
	/** ISO 8601, as Meta writes it (2026-12-01T13:00:00+0000). */
	time: string | undefined;
}

/** Meta writes offsets without a colon (+0000), which not every parser takes. */
export const parseTime = (time: string | undefined) => (time ? Date.parse(time.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN);

/** Captions compare without differences of whitespace or Unicode form. */
export const sameText = (a: string | undefined, b: string) => a !== undefined && a.normalize('NFC').replace(/\s+/gu, ' ').trim() === b.normalize('NFC').replace(/\s+/gu, ' ').trim();

/**
 * Reads an account's posts, newest first, page by page, for one with the post's caption made since the
 * round's first attempt (less a margin for clock skew) and not one the queue has for another post.
 * `absent` only when the pages reach back past the first attempt, or end.
 */
export async function findByCaption(
	post: Sought,
	page: (cursor: string | undefined) => Promise<{ items: Listed[]; next: string | undefined }>,
	{ network, pages = 5 }: { network: string; pages?: number }
): Promise<Lookup> {
	if (post.twins.length > 0) return { outcome: 'unsure', evidence: `post ${post.twins.join(', ')} also waits for a check with the same caption` };
	const from = post.since.getTime() - CLOCK_SKEW_MS;
	const fromIso = new Date(from).toISOString();
	const matches: Listed[] = [];
	let seen = 0;
	let reachedBack = false;
	let cursor: string | undefined;
	for (let n = 0; n < pages && !reachedBack; n++) {
		const { items, next } = await page(cursor);
		for (const item of items) {
			const at = parseTime(item.time);
			if (Number.isNaN(at)) return { outcome: 'unsure', evidence: `a post in ${network}'s listing has no time` };
			if (at < from) {
				reachedBack = true;
				break;
			}
			seen++;
			if (post.taken.has(item.id) || (item.url && post.taken.has(item.url))) continue;
			if (sameText(item.text, post.caption)) matches.push(item);
		}
		if (!next) reachedBack = true;
		cursor = next;
	}
	const [match, ...more] = matches;
	if (match && more.length === 0) {
		return { outcome: 'found', published: { id: match.id, ...(match.url ? { url: match.url } : {}) }, evidence: `${match.id} of ${match.time} has the post’s caption` };
	}
	if (match) return { outcome: 'unsure', evidence: `${matches.length} posts since ${fromIso} have the post’s caption (${matches.map((m) => m.url ?? m.id).join(', ')})` };
	if (reachedBack) return { outcome: 'absent', evidence: `none of the ${seen} posts since ${fromIso} has the post’s caption` };
	return { outcome: 'unsure', evidence: `the ${seen} posts read do not reach back to the first attempt at ${post.since.toISOString()}` };
}

/** A container's state, as both networks name it (Instagram's status_code, Threads' status). */
export type ContainerState = 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'ERROR' | 'EXPIRED';

/** The steps of a network that makes a media container and then publishes it, as twoStepChannel makes them. */
interface TwoStep {
	network: 'Instagram' | 'Threads';
	api: Graph;
	/** Makes the container for the post's card (by its public URL) and caption; returns its id. */
	create(post: { caption: string; alt: string; imageUrl: string }, signal: AbortSignal): Promise<string>;
	/** Where the network posts a set (Instagram): an item's container, then the carousel's of the items and the caption. */
	carousel?: {
		item(slide: { alt: string; imageUrl: string }, signal: AbortSignal): Promise<string>;
		create(post: { caption: string; children: readonly string[] }, signal: AbortSignal): Promise<string>;
		min: number;
		max: number;
	};
	/** The container's state, and the network's words when it is ERROR. */
	state(container: string, signal: AbortSignal): Promise<{ state: ContainerState | string; detail?: string }>;
	/** How many posts the account has left in its 24-hour window (undefined when the answer does not say). */
	quotaLeft(signal: AbortSignal): Promise<{ left: number; total: number } | undefined>;
	/** Publishes the container; returns the post's id. The request that can make the post. */
	publish(container: string, signal: AbortSignal): Promise<string>;
	/** The post's address, or undefined when it cannot be read (the post is out either way). */
	permalink(id: string, signal: AbortSignal): Promise<string | undefined>;
	/** The account's posts, newest first, a page at a time: for reading back. */
	page(cursor: string | undefined, signal: AbortSignal): Promise<{ items: Listed[]; next: string | undefined }>;
	/** How often to ask whether a container is ready, and for how long in one attempt before leaving it for the next. */
	pollMs: number;
	maxWaitMs: number;
}

/** How long a post waits when the container is still being processed at the end of an attempt's wait. */
export const PROCESSING_WAIT_MS = 60_000;
/** How long a post waits when the account's publishing limit is reached: the window rolls, and Meta does not say when a slot frees. */
export const QUOTA_WAIT_MS = 60 * 60_000;

/**
 * Sends a post through a container: resumes with the kept container (or makes one and keeps it, on disk,
 * before anything is published), waits a bounded time for it to be FINISHED, reads the publishing limit,
 * and only then publishes — the one request that can make the post, marked by `starting` just before.
 */
async function sendTwoStep(
	steps: TwoStep,
	post: {
		id: string;
		caption: string;
		alt: string;
		images: { url?: string; alt?: string }[];
		carousel?: boolean;
		container?: string;
		keepContainer?: (container: string | null) => void;
		children?: readonly string[];
		keepChildren?: (children: readonly string[] | null) => void;
	},
	signal: AbortSignal,
	starting?: () => void,
	find?: (container: string) => Promise<Lookup>
): Promise<{ id: string; url?: string }> {
	const { network, api } = steps;
	const imageUrl = post.images[0]?.url;
	if (!imageUrl) throw api.fail(`The post has no card at a public address to give ${network}`, 'permanent', undefined, { before: true });
	if (post.carousel) {
		if (!steps.carousel) throw api.fail(`${network} does not post a carousel here`, 'permanent', undefined, { before: true });
		const { min, max } = steps.carousel;
		if (post.images.length < min || post.images.length > max) throw api.fail(`${network} takes ${min} to ${max} images in a carousel; this one has ${post.images.length}`, 'permanent', undefined, { before: true });
		if (post.images.some((image) => !image.url)) throw api.fail(`A slide of the carousel has no public address to give ${network}`, 'permanent', undefined, { before: true });
	} else if (post.images.length > 1) throw api.fail(`${network} takes one card per post here; this post has ${post.images.length}`, 'permanent', undefined, { before: true });
	const keep = (container: string | null) => post.keepContainer?.(container);
	const keepChildren = (children: readonly string[] | null) => post.keepChildren?.(children);

	let container = post.container;
	if (container) {
		const { state } = await steps.state(container, signal);
		if (state === 'PUBLISHED') {
			// An earlier attempt published it (its answer was lost): find it rather than post it again.
			const found = find ? await find(container) : undefined;
			if (found?.outcome === 'found') return found.published;
			return { id: container };
		}
		if (state !== 'FINISHED' && state !== 'IN_PROGRESS') {
			keep(null); // ERROR or EXPIRED: of no more use; a new container is made below
			if (post.carousel) keepChildren(null); // its items are made again with it
			container = undefined;
		}
	}
	if (!container && post.carousel) {
		container = await carouselContainer(steps, { ...post, images: post.images as { url: string; alt?: string }[] }, signal, keepChildren);
		keep(container);
	} else if (!container) {
		container = await steps.create({ caption: post.caption, alt: post.alt, imageUrl }, signal);
		keep(container);
	}

	const ready = await untilFinished(steps, container, signal, post.carousel ? 'the carousel' : 'the card');
	if (ready.published) return { id: container };
	if (ready.gone) {
		keep(null);
		if (post.carousel) keepChildren(null); // the next carousel is made of new items
	}
	if (ready.error) throw ready.error;

	const quota = await steps.quotaLeft(signal);
	if (quota && quota.left <= 0) {
		throw api.fail(`${network}'s publishing limit is reached (${quota.total} posts in 24 hours); the post waits`, 'transient', QUOTA_WAIT_MS, { waits: true });
	}
	starting?.();
	const id = await steps.publish(container, signal);
	let url: string | undefined;
	try {
		url = await steps.permalink(id, signal);
	} catch {
		url = undefined; // published either way: the address is only missing from the queue
	}
	return url ? { id, url } : { id };
}

/**
 * Waits, for at most the attempt's share, until a container is FINISHED: `published` when it already is
 * (an earlier attempt's), `gone` with the error when it is of no more use (ERROR: permanent; EXPIRED: a
 * new one next time), or the wait that leaves it for the next attempt, which resumes with it.
 */
async function untilFinished(
	steps: TwoStep,
	container: string,
	signal: AbortSignal,
	what: string
): Promise<{ published?: boolean; gone?: boolean; error?: ChannelError }> {
	const { network, api } = steps;
	const until = Date.now() + steps.maxWaitMs;
	for (;;) {
		const { state, detail } = await steps.state(container, signal);
		if (state === 'FINISHED') return {};
		if (state === 'PUBLISHED') return { published: true };
		if (state === 'ERROR') {
			const media = what === 'the card' ? "the post's media" : `the media of ${what}`;
			return { gone: true, error: api.fail(`${network} could not make ${media}: ${detail ?? 'no reason given'}`, 'permanent') };
		}
		if (state === 'EXPIRED') return { gone: true, error: api.fail(`${network}'s container ${container} expired before it was published; the next attempt makes a new one`, 'transient') };
		if (Date.now() + steps.pollMs > until) {
			return { error: api.fail(`${network} is still processing ${what} (container ${container}); the next attempt resumes with it`, 'transient', PROCESSING_WAIT_MS, { waits: true }) };
		}
		try {
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(resolve, steps.pollMs);
				signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
			});
		} catch {
			return { error: api.fail(`${network} did not finish processing ${what} in time (container ${container}); the next attempt resumes with it`, 'transient', PROCESSING_WAIT_MS, { waits: true }) };
		}
	}
}

/**
 * A carousel's container: an item container per slide, in order — those an earlier attempt kept are
 * reused while each is still FINISHED or IN_PROGRESS, the rest made and kept one by one (on disk, before
 * the next request) — then, once every item is FINISHED, the carousel container of them with the caption.
 * None of these requests can make a post; a crash in between costs at most one unkept container, which
 * expires unpublished.
 */
async function carouselContainer(
	steps: TwoStep,
	post: { caption: string; alt: string; images: { url: string; alt?: string }[]; children?: readonly string[] },
	signal: AbortSignal,
	keepChildren: (children: readonly string[] | null) => void
): Promise<string> {
	const set = steps.carousel!;
	let children = [...(post.children ?? [])];
	if (children.length > post.images.length) children = [];
	for (const child of children) {
		const { state } = await steps.state(child, signal);
		if (state !== 'FINISHED' && state !== 'IN_PROGRESS') {
			children = []; // one is of no more use (ERROR, EXPIRED, unknown): the set is made again
			break;
		}
	}
	if (children.length === 0 && post.children?.length) keepChildren(null);
	for (let i = children.length; i < post.images.length; i++) {
		const slide = post.images[i]!;
		children.push(await set.item({ alt: slide.alt ?? post.alt, imageUrl: slide.url }, signal));
		keepChildren(children);
	}
	for (const [i, child] of children.entries()) {
		const ready = await untilFinished(steps, child, signal, `slide ${i + 1}`);
		if (ready.gone) keepChildren(null);
		if (ready.error) throw ready.error;
	}
	return set.create({ caption: post.caption, children }, signal);
}

/**
 * Reads back a two-step post whose outcome is unknown: the kept container's state says it for certain
 * (PUBLISHED: out; anything else: never published), and the account's posts give its id and address.
 * Without a container, the account's posts are searched for its caption.
 */
async function findTwoStep(steps: TwoStep, post: Sought, signal: AbortSignal): Promise<Lookup> {
	const listing = () => findByCaption(post, (cursor) => steps.page(cursor, signal), { network: steps.network });
	if (!post.container) return listing();
	const { state } = await steps.state(post.container, signal);
	if (state === 'PUBLISHED') {
		const listed = await listing().catch(() => undefined);
		if (listed?.outcome === 'found') return { ...listed, evidence: `container ${post.container} is PUBLISHED; ${listed.evidence}` };
		return { outcome: 'found', published: { id: post.container }, evidence: `container ${post.container} is PUBLISHED (its post was not found by its caption)` };
	}
	if (state === 'FINISHED' || state === 'IN_PROGRESS' || state === 'ERROR' || state === 'EXPIRED') {
		return { outcome: 'absent', evidence: `container ${post.container} is ${state}: it was never published` };
	}
	return { outcome: 'unsure', evidence: `container ${post.container} is in a state Caravan does not know: ${state}` };
}

/**
 * What differs between the two-step networks (Instagram, Threads): the names of their account's edges,
 * of the container's fields, and of the text in their listing. Each network's module declares its own.
 */
export interface TwoStepNetwork extends MetaAccount {
	network: 'Instagram' | 'Threads';
	name: 'instagram' | 'threads';
	/** The account's edges: where containers are made (and the posts listed), the publishing limit, the publish. */
	edges: { media: string; limit: string; publish: string };
	/** The container's fields, from the card's public URL, the caption and the alt text. */
	container(post: { caption: string; alt: string; imageUrl: string }): Record<string, string>;
	/** Where the network posts a set: a carousel item's container fields, and the carousel container's (made on the `media` edge too). */
	carousel?: {
		item(slide: { alt: string; imageUrl: string }): Record<string, string>;
		container(post: { caption: string; children: readonly string[] }): Record<string, string>;
	};
	/** The container's fields with its state, and with the network's words when it is ERROR. */
	status: { state: string; detail: string };
	/** The listing's field with a post's text, and the step's name for messages. */
	listing: { text: string; step: string };
	/** What a person looks for on the profile, before the caption's first line: "a post whose caption begins". */
	looksLike: string;
	/** The post's insights (GET /{media-id}/insights?metric=…) it reads, by the network's name, with the catalogue's name for each. */
	insights: Record<string, EngagementMetric>;
}

/**
 * A post's insights, `{ data: [{ name, period, values: [{ value }] }] }` as Instagram and Threads give them, in
 * the catalogue's names. A metric the answer leaves out is not there yet (Instagram answers an empty set, not
 * 0, while it has no figure), so it is left out too, not made a 0.
 */
export async function readInsights(api: Graph, id: string | undefined, names: Record<string, EngagementMetric>, signal: AbortSignal): Promise<Engagement> {
	if (!id) throw api.fail('the post has no media id to read, and its address is not among the account’s recent posts', 'permanent');
	const json = await api.call('reading the insights', signal, 'GET', `/${encodeURIComponent(id)}/insights`, { metric: Object.keys(names).join(',') });
	const read: Engagement = {};
	for (const row of (Array.isArray(json.data) ? json.data : []) as Json[]) {
		const metric = names[str(row, 'name') ?? ''];
		const values = Array.isArray(row.values) ? (row.values as Json[]) : [];
		// A lifetime metric has one value; `total_value` is the form some account metrics take.
		const value = values.at(-1)?.value ?? (row.total_value as Json | undefined)?.value;
		if (metric && typeof value === 'number' && Number.isFinite(value)) read[metric] = (read[metric] ?? 0) + value;
	}
	return read;
}

export interface TwoStepOptions extends MetaOptions {
	userId: string;
	pollMs?: number;
	/** How long one attempt waits for a container to be processed before it leaves it for the next attempt. */
	maxWaitMs?: number;
}

/** A two-step network's channel: its requests, named by `spec`, through sendTwoStep and findTwoStep. */
export function twoStepChannel(spec: TwoStepNetwork, options: TwoStepOptions): Channel {
	const { network, name, edges, status, listing } = spec;
	const api = metaGraph(spec, options.userId, options);
	const user = encodeURIComponent(options.userId);
	const steps: TwoStep = {
		network,
		api,
		pollMs: options.pollMs ?? 2_000,
		maxWaitMs: options.maxWaitMs ?? 20_000,
		async create(post, signal) {
			const json = await api.call('making the container', signal, 'POST', `/${user}/${edges.media}`, spec.container(post));
			const id = str(json, 'id');
			if (!id) throw api.fail(`${network} answered the container without an id`, 'transient');
			return id;
		},
		...(spec.carousel && channelCarousel(name)
			? {
					carousel: {
						...channelCarousel(name)!,
						async item(slide, signal) {
							const json = await api.call('making a slide’s container', signal, 'POST', `/${user}/${edges.media}`, spec.carousel!.item(slide));
							const id = str(json, 'id');
							if (!id) throw api.fail(`${network} answered a slide’s container without an id`, 'transient');
							return id;
						},
						async create(post, signal) {
							const json = await api.call('making the carousel container', signal, 'POST', `/${user}/${edges.media}`, spec.carousel!.container(post));
							const id = str(json, 'id');
							if (!id) throw api.fail(`${network} answered the carousel container without an id`, 'transient');
							return id;
						}
					}
				}
			: {}),
		async state(container, signal) {
			const json = await api.call('reading the container', signal, 'GET', `/${encodeURIComponent(container)}`, { fields: `${status.state},${status.detail}` });
			return { state: str(json, status.state) ?? 'unknown', detail: str(json, status.detail) };
		},
		async quotaLeft(signal) {
			const json = await api.call('reading the publishing limit', signal, 'GET', `/${user}/${edges.limit}`, { fields: 'quota_usage,config' });
			const row = (Array.isArray(json.data) ? json.data[0] : undefined) as { quota_usage?: unknown; config?: { quota_total?: unknown } } | undefined;
			const used = row?.quota_usage;
			const total = row?.config?.quota_total;
			return typeof used === 'number' && typeof total === 'number' ? { left: total - used, total } : undefined;
		},
		async publish(container, signal) {
			const json = await api.call('publishing', signal, 'POST', `/${user}/${edges.publish}`, { creation_id: container }, true);
			const id = str(json, 'id');
			if (!id) throw api.fail(`${network} answered the publish without an id`, 'unknown');
			return id;
		},
		async permalink(id, signal) {
			return str(await api.call('reading the address', signal, 'GET', `/${encodeURIComponent(id)}`, { fields: 'permalink' }), 'permalink');
		},
		async page(cursor, signal) {
			const json = await api.call(listing.step, signal, 'GET', `/${user}/${edges.media}`, {
				fields: `id,${listing.text},permalink,timestamp`,
				limit: '50',
				...(cursor ? { after: cursor } : {})
			});
			const items = (Array.isArray(json.data) ? json.data : []) as Json[];
			const paging = json.paging as { next?: unknown; cursors?: { after?: unknown } } | undefined;
			return {
				items: items.map((item) => ({ id: str(item, 'id') ?? '', text: str(item, listing.text), url: str(item, 'permalink'), time: str(item, 'timestamp') })),
				next: paging?.next && typeof paging.cursors?.after === 'string' ? paging.cursors.after : undefined
			};
		}
	};

	return {
		name,
		// How long a repeat is safe, and the pacing: the catalogue's entry (with the reasons).
		repeatSafeForMs: catalogue[name].repeatSafeForMs,
		minIntervalMs: catalogue[name].minIntervalMs,
		startsRequestLate: true, // the container, its status and the limit cannot make a post: only the publish
		async send(post, signal, starting) {
			const problem = captionProblem(name, post.caption);
			if (problem) throw api.fail(problem, 'permanent', undefined, { before: true });
			return sendTwoStep(steps, post, signal, starting, (container) => findTwoStep(steps, { ...sought(post), container }, signal));
		},
		find: (post, signal) => findTwoStep(steps, post, signal),
		async engagement(post, signal) {
			// A post resolved by its address alone (read back, or by a person) is found by it in the account's recent posts.
			let id = post.id;
			for (let n = 0, cursor: string | undefined; !id && post.url && n < 5; n++) {
				const { items, next } = await steps.page(cursor, signal);
				id = items.find((item) => item.url === post.url)?.id;
				if (!next) break;
				cursor = next;
			}
			return readInsights(api, id, spec.insights, signal);
		},
		whereToLook(post) {
			return { where: `the ${network} account ${options.userId}'s profile`, what: `${spec.looksLike} “${firstLine(post.caption)}”` };
		}
	};
}


/** What a read-back needs, for a post that a resumed attempt finds already published. */
function sought(post: { id: string; caption: string; idempotencyKey: string; createdAt: string; scheduledAt: string }) {
	return { ...post, since: new Date(0), until: new Date(), taken: new Set<string>(), twins: [] };
}
