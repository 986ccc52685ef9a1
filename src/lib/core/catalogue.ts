/**
 * The catalogue: the one list of what Caravan knows by name — the kinds of item a post or a card is
 * made from, the card formats, the channels a post goes to (with their caption rule, repeat window
 * and pacing) and the time zones offered for posts. Everything else reads these lists: the content
 * schema, the queue's checks, the dashboard, the CLI, the planner and the publisher.
 *
 * It is read by the dashboard's browser code too (the live caption counter), so it imports nothing
 * from the server. A channel's server side — its requests, its settings from the environment — is
 * its module in src/lib/server/publishing/channels/, listed in that folder's index.ts.
 *
 * The database's migrations keep the names as they were when each migration shipped: a migration is
 * history and is not edited; a new name needs no migration (the columns are text).
 */

/** What a post can be made from: an item of the content with its own public page. */
export const itemKinds = ['topic', 'fact', 'opportunity'] as const;
export type ItemKind = (typeof itemKinds)[number];

/**
 * What a share card can show: an item, a page of the site (the home page, a list), a quiz score, or
 * one slide of a topic's carousel (its slug `<topic>-<n>`, n from 1).
 */
export const cardKinds = [...itemKinds, 'page', 'score', 'slide'] as const;
export type CardKind = (typeof cardKinds)[number];

/**
 * The card formats: link previews, and the three shapes social networks show best. `safe` is what the
 * networks cover or crop, in pixels from each edge, where a card puts no text and no logo: a story's
 * top 250 px (Instagram's and Telegram's progress bar, account and close button) and bottom 340 px
 * (the reply field and buttons); a portrait card is shown 3:4 in Instagram's profile grid, which
 * crops about 34 px from each side.
 */
export const formats = {
	og: { width: 1200, height: 630, safe: { top: 0, bottom: 0, sides: 0 } },
	square: { width: 1080, height: 1080, safe: { top: 0, bottom: 0, sides: 0 } },
	portrait: { width: 1080, height: 1350, safe: { top: 0, bottom: 0, sides: 34 } },
	story: { width: 1080, height: 1920, safe: { top: 250, bottom: 340, sides: 0 } }
} as const;
export type Format = keyof typeof formats;
export const formatNames = Object.keys(formats) as Format[];

/** The formats each kind of card is drawn in: a carousel is posted as a set in a feed, square or portrait. */
export const cardFormats: Record<CardKind, readonly Format[]> = {
	topic: formatNames,
	fact: formatNames,
	opportunity: formatNames,
	page: formatNames,
	score: formatNames,
	slide: ['square', 'portrait']
};

/**
 * How a network counts a caption's length (the counting itself is in captions.ts):
 * - `utf-16`: UTF-16 code units, as JavaScript's length (Telegram, after entity parsing);
 * - `link-23`: characters, with every link counted as 23 (Mastodon);
 * - `graphemes`: user-perceived characters (Bluesky);
 * - `x-weighted`: most scripts 1, others (CJK, emoji) 2, a link 23 (X).
 */
export type Counting = 'utf-16' | 'link-23' | 'graphemes' | 'x-weighted';

export interface CaptionRule {
	/** The longest caption the network takes, in `unit`s as `counting` counts them. */
	limit: number;
	counting: Counting;
	/** The word for what is counted, in the dashboard's messages. */
	unit: 'characters' | 'graphemes';
	/** The most hashtags the network takes in one caption (Instagram: 30); none when it sets no limit. */
	maxHashtags?: number;
}

/**
 * What a network takes as a post's images, checked when a post is made or approved (core/post-fields.ts
 * `mediaProblem`), not found out when it is sent: how many cards, and which shapes (width ÷ height).
 */
export interface MediaRule {
	maxImages: number;
	/** The narrowest and the widest shape taken, as width ÷ height. */
	aspect: { min: number; max: number };
	/** The same as width:height, for the messages: 4:5 and 1.91:1. */
	aspectText: { min: string; max: string };
}

/**
 * One request of a two-step network, and for how long sending it again cannot make a second post:
 * the repeat policy per request (the channel's `repeatSafeForMs` is its posting request's).
 */
export interface RequestRepeat {
	request: string;
	repeatSafeForMs: number;
	why: string;
}

export interface ChannelEntry {
	caption: CaptionRule;
	/**
	 * For how long, from the first attempt at a post, sending it again cannot make a second post: the
	 * network recognises a repeat by an idempotency key it keeps for a while (Mastodon: an hour, less a
	 * margin), or for ever by a record key fixed per post (Bluesky; the outbox's folder): Infinity.
	 * 0: a repeat is never safe (Telegram, webhooks). See core/delivery.ts.
	 */
	repeatSafeForMs: number;
	/**
	 * The network's posting rate limit, as the shortest gap between two posts from this installation:
	 * the publisher waits rather than collect 429s (PUBLISH_PACING=off switches it off).
	 */
	minIntervalMs: number;
	/** How the dashboard's preview shows a post there: the account line, and whether the image comes first. */
	preview: { name: string; handle: string; imageFirst: boolean };
	/**
	 * How the dashboard marks a post's network wherever it lists posts (the calendar, the channels page):
	 * a badge of this colour with the icon drawn in white on it, always beside the channel's name, so
	 * the colour is never the only sign. The colour keeps white at 4.5:1 or more, and itself stands at
	 * 3:1 or more against the page (catalogue.spec.ts checks both). `icon`: a Tabler icon's name.
	 */
	mark: { colour: string; icon: string };
	/** What it takes as images, where the network is stricter than "any card" (see MediaRule). */
	media?: MediaRule;
	/** Networks that post in several requests: each request's repeat window, in the order they are made. */
	requests?: readonly RequestRepeat[];
	/**
	 * How many posts the network takes from one account in a rolling 24 hours, where it documents such a
	 * limit: the channels page shows the last 24 hours' posts against it.
	 */
	dailyPosts?: number;
	/**
	 * What Caravan reads back about a published post (its module's `engagement`): the metrics the network
	 * gives, in the catalogue's names (engagementMetrics), and the shortest gap between two reads from this
	 * installation (its rate limit for reads). `bots`: the network has a count but does not let a bot read it
	 * (Telegram's channel views), which the results page says. Left out: nothing to read.
	 */
	engagement?: { metrics: readonly EngagementMetric[]; readIntervalMs: number } | 'bots';
	/**
	 * The network posts several images as one set (a Telegram media group, an Instagram carousel): a
	 * topic's carousel goes out as one post of `min` to `max` images, all of one card format (one shape).
	 * Only channels with this entry are offered a carousel; the queue refuses one for any other.
	 */
	carousel?: { min: number; max: number };
}

/**
 * The figures read back from the networks, in one set of names so that the results page can add them up
 * across networks. Each network's own name is mapped to one of these in its module: Mastodon's favourites,
 * a Facebook post's reactions → likes; boosts → reposts; Instagram's and Facebook's comments → replies;
 * Instagram's saved → saves.
 */
export const engagementMetrics = ['views', 'reach', 'likes', 'reposts', 'quotes', 'replies', 'shares', 'saves'] as const;
export type EngagementMetric = (typeof engagementMetrics)[number];
export type Engagement = Partial<Record<EngagementMetric, number>>;

/**
 * When a published post's engagement is read: about an hour, a day and a week after it went out. A reading
 * missed (the scheduler was down) is made late, as the latest checkpoint that is due, with its real time.
 */
export const engagementCheckpoints = [
	{ name: '1h', afterMs: 60 * 60_000 },
	{ name: '1d', afterMs: 24 * 60 * 60_000 },
	{ name: '7d', afterMs: 7 * 24 * 60 * 60_000 }
] as const;
export type Checkpoint = (typeof engagementCheckpoints)[number]['name'];

const characters = (limit: number): CaptionRule => ({ limit, counting: 'utf-16', unit: 'characters' });

/** The channels, in the order the dashboard lists them. Each has its module in publishing/channels/. */
export const channels = {
	/** Files for people who post by hand: the post's one folder is replaced, so a repeat is safe. */
	outbox: {
		caption: characters(4000),
		repeatSafeForMs: Infinity,
		minIntervalMs: 0,
		preview: { name: 'Outbox', handle: 'files to post by hand', imageFirst: false },
		mark: { colour: '#4a5160', icon: 'inbox' }
	},
	/** A receiver of ours: not every receiver honours the Idempotency-Key, so a repeat is never safe. */
	webhook: {
		caption: characters(4000),
		repeatSafeForMs: 0,
		minIntervalMs: 0,
		preview: { name: 'Webhook', handle: 'JSON and image to your receiver', imageFirst: false },
		mark: { colour: '#8a4600', icon: 'webhook' }
	},
	/**
	 * Bot API sendPhoto: caption 0–1024 characters after entity parsing; no idempotency key; 20 messages a
	 * minute to one channel. A carousel is one sendMediaGroup of 2–10 photos, the caption on the first:
	 * one request makes the whole set, and it has no idempotency key either, so neither request is ever
	 * repeated blind (Telegram cannot be read back: a person checks).
	 */
	telegram: {
		caption: characters(1024),
		repeatSafeForMs: 0,
		minIntervalMs: 3_000,
		preview: { name: 'Caravan', handle: 'Telegram channel', imageFirst: true },
		mark: { colour: '#006a9e', icon: 'brand-telegram' },
		// A channel's views are shown in Telegram, but the Bot API gives a bot no way to read them.
		engagement: 'bots',
		carousel: { min: 2, max: 10 },
		requests: [
			{ request: 'sendPhoto', repeatSafeForMs: 0, why: 'no idempotency key: a repeat posts the photo twice' },
			{ request: 'sendMediaGroup (a carousel)', repeatSafeForMs: 0, why: 'no idempotency key: a repeat posts the whole set twice' }
		]
	},
	/** 500 characters by default; the Idempotency-Key is kept for an hour (a margin of 5 minutes); 300 statuses per 3 hours. */
	mastodon: {
		caption: { limit: 500, counting: 'link-23', unit: 'characters' },
		repeatSafeForMs: 55 * 60_000,
		minIntervalMs: 36_000,
		preview: { name: 'Caravan', handle: '@caravan · Mastodon', imageFirst: false },
		mark: { colour: '#563acc', icon: 'brand-mastodon' },
		// GET /api/v1/statuses/:id; 300 requests per 5 minutes per account for everything but posting.
		engagement: { metrics: ['likes', 'reposts', 'replies'], readIntervalMs: 1_000 }
	},
	/** 300 graphemes; the record key is fixed per post; 5,000 points an hour, 3 per record. */
	bluesky: {
		caption: { limit: 300, counting: 'graphemes', unit: 'graphemes' },
		repeatSafeForMs: Infinity,
		minIntervalMs: 2_200,
		preview: { name: 'Caravan', handle: '@caravan · Bluesky', imageFirst: false },
		mark: { colour: '#0a55c4', icon: 'brand-bluesky' },
		// app.bsky.feed.getPosts; 3,000 requests per 5 minutes.
		engagement: { metrics: ['likes', 'reposts', 'quotes', 'replies'], readIntervalMs: 500 }
	},
	/**
	 * Instagram Graph API (a professional account): a media container made from the card's public JPEG,
	 * then media_publish. Caption 2,200 characters and 30 hashtags; one image 4:5 to 1.91:1 (a story card
	 * is refused for a feed post). 100 posts per rolling 24 hours, read before each publish
	 * (content_publishing_limit: over it the post waits); the pacing only spreads a burst. A carousel is
	 * 2–10 item containers (is_carousel_item), then a CAROUSEL container of them with the caption, then
	 * media_publish; it counts as one post against the limit.
	 */
	instagram: {
		caption: { limit: 2200, counting: 'utf-16', unit: 'characters', maxHashtags: 30 },
		repeatSafeForMs: 0,
		minIntervalMs: 60_000,
		preview: { name: 'caravan', handle: 'Instagram · professional account', imageFirst: true },
		mark: { colour: '#b1246b', icon: 'brand-instagram' },
		media: { maxImages: 1, aspect: { min: 4 / 5, max: 1.91 }, aspectText: { min: '4:5', max: '1.91:1' } },
		dailyPosts: 100,
		// GET /{media-id}/insights; the Graph API allows 200 calls an hour per user: one read each 18 s at most.
		engagement: { metrics: ['views', 'reach', 'likes', 'replies', 'shares', 'saves'], readIntervalMs: 18_000 },
		carousel: { min: 2, max: 10 },
		requests: [
			{
				request: 'create the container (for a carousel: each item’s, then the carousel’s)',
				repeatSafeForMs: Infinity,
				why: 'a container is not a post; one never published expires after 24 hours. Each id is kept on disk as it is made, so a later attempt resumes with them'
			},
			{ request: 'read the container’s status and the publishing limit', repeatSafeForMs: Infinity, why: 'reads change nothing' },
			{
				request: 'media_publish',
				repeatSafeForMs: 0,
				why: 'Meta documents no idempotency for it: an unknown outcome is read back (the stored container’s status_code PUBLISHED, or the account’s media), never repeated blind'
			}
		]
	},
	/**
	 * A Facebook Page (Pages API): one photo post, /{page-id}/photos with the card's URL and the caption.
	 * A post's text may be 63,206 characters; no idempotency key, so a repeat is never safe.
	 */
	facebook: {
		caption: characters(63_206),
		repeatSafeForMs: 0,
		minIntervalMs: 60_000,
		preview: { name: 'Caravan', handle: 'Facebook Page', imageFirst: false },
		mark: { colour: '#0b4fa8', icon: 'brand-facebook' },
		media: { maxImages: 1, aspect: { min: 0, max: Infinity }, aspectText: { min: 'any', max: 'any' } },
		// GET /{post-id} with the reactions', comments' and shares' totals; 200 Graph API calls an hour.
		engagement: { metrics: ['likes', 'replies', 'shares'], readIntervalMs: 18_000 },
		requests: [
			{
				request: 'POST /{page-id}/photos',
				repeatSafeForMs: 0,
				why: 'one request makes the post and takes no idempotency key: an unknown outcome is read back from the Page’s photos'
			}
		]
	},
	/**
	 * Threads API: a container (IMAGE, image_url, text, alt_text), then threads_publish. 500 characters;
	 * 250 posts per 24 hours, read before each publish (threads_publishing_limit: over it the post waits).
	 */
	threads: {
		caption: characters(500),
		repeatSafeForMs: 0,
		minIntervalMs: 60_000,
		preview: { name: 'caravan', handle: 'Threads', imageFirst: false },
		mark: { colour: '#1c1c1c', icon: 'brand-threads' },
		media: { maxImages: 1, aspect: { min: 1 / 10, max: 10 }, aspectText: { min: '1:10', max: '10:1' } },
		dailyPosts: 250,
		// GET /{media-id}/insights; spaced as Meta's other Graph APIs.
		engagement: { metrics: ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares'], readIntervalMs: 18_000 },
		requests: [
			{ request: 'create the container', repeatSafeForMs: Infinity, why: 'a container is not a post; one never published expires after 24 hours' },
			{ request: 'read the container’s status and the publishing limit', repeatSafeForMs: Infinity, why: 'reads change nothing' },
			{
				request: 'threads_publish',
				repeatSafeForMs: 0,
				why: 'Meta documents no idempotency for it: an unknown outcome is read back (the stored container’s status PUBLISHED, or the account’s threads), never repeated blind'
			}
		]
	},
	/**
	 * A VK community's wall: the card uploaded (photos.getWallUploadServer, the upload, saveWallPhoto),
	 * then wall.post from the community. A post's text here is kept to 4,096 characters; up to 10 photos.
	 * VK takes 50 posts a day on a community's wall (error 214: the post waits); 3 requests a second
	 * with a user token, so the pacing is only a margin.
	 */
	vk: {
		caption: characters(4096),
		repeatSafeForMs: 0,
		minIntervalMs: 10_000,
		preview: { name: 'Caravan', handle: 'VK community', imageFirst: false },
		mark: { colour: '#2a5885', icon: 'brand-vk' },
		media: { maxImages: 10, aspect: { min: 0, max: Infinity }, aspectText: { min: 'any', max: 'any' } },
		dailyPosts: 50,
		// wall.getById; a user token may make 3 requests a second, shared with publishing: one read a second leaves room.
		engagement: { metrics: ['views', 'likes', 'reposts', 'replies'], readIntervalMs: 1_000 },
		requests: [
			{ request: 'photos.getWallUploadServer, the upload, photos.saveWallPhoto', repeatSafeForMs: Infinity, why: 'a saved wall photo is not a post: it shows nowhere until a post attaches it' },
			{
				request: 'wall.post',
				repeatSafeForMs: 0,
				why: 'VK documents no idempotency Caravan can rely on: an unknown outcome is read back from the wall (wall.get), never repeated blind'
			}
		]
	},
	/**
	 * X (API v2): the card uploaded (POST /2/media/upload), then POST /2/tweets with its media id. 280
	 * characters as X weighs them; up to 4 images. No idempotency key: a repeat is never safe. How many
	 * posts X takes depends on the paid access tier: a 429 waits until its x-rate-limit-reset.
	 */
	x: {
		caption: { limit: 280, counting: 'x-weighted', unit: 'characters' },
		repeatSafeForMs: 0,
		minIntervalMs: 60_000,
		preview: { name: 'Caravan', handle: '@caravan · X', imageFirst: false },
		mark: { colour: '#0f1419', icon: 'brand-x' },
		media: { maxImages: 4, aspect: { min: 0, max: Infinity }, aspectText: { min: 'any', max: 'any' } },
		// GET /2/tweets/:id with public_metrics. How many lookups X allows per user in 15 minutes depends on
		// the paid access and is small on the low tiers (a handful, not hundreds), and reads may be billed: one
		// read a minute at most, far slower than the other networks. Where even that is too many, X answers 429
		// with x-rate-limit-reset and the channel's reads wait until then.
		engagement: { metrics: ['views', 'likes', 'reposts', 'quotes', 'replies'], readIntervalMs: 60_000 },
		requests: [
			{ request: 'POST /2/media/upload', repeatSafeForMs: Infinity, why: 'an uploaded image is not a post; one never attached expires' },
			{
				request: 'POST /2/tweets',
				repeatSafeForMs: 0,
				why: 'X takes no idempotency key: an unknown outcome is read back from the account’s recent posts, never repeated blind'
			}
		]
	}
} as const satisfies Record<string, ChannelEntry>;
export type ChannelName = keyof typeof channels;
export const channelNames = Object.keys(channels) as ChannelName[];

/**
 * The time zones the dashboard offers for a post and its calendar: Central Asia's capitals, Brussels
 * (where EU teams plan), and UTC. The post form adds the zones the campaigns use and the post's own.
 */
export const zones = ['Asia/Almaty', 'Asia/Bishkek', 'Asia/Dushanbe', 'Asia/Ashgabat', 'Asia/Tashkent', 'Europe/Brussels', 'UTC'] as const;
export type Zone = (typeof zones)[number];

const has = (list: readonly string[], value: unknown): boolean => typeof value === 'string' && list.includes(value);

export const isItemKind = (value: unknown): value is ItemKind => has(itemKinds, value);
export const isCardKind = (value: unknown): value is CardKind => has(cardKinds, value);
export const isFormat = (value: unknown): value is Format => has(formatNames, value);
export const isChannelName = (value: unknown): value is ChannelName => has(channelNames, value);
export const isZone = (value: unknown): value is Zone => has(zones, value);

/** What a channel's engagement can be read as (its entry's `engagement`); undefined for a name not in the catalogue or a channel with nothing to read. */
export const channelEngagement = (name: string): ChannelEntry['engagement'] => (isChannelName(name) ? (channels[name] as ChannelEntry).engagement : undefined);

/** How many slides a channel takes as one set (its entry's `carousel`); undefined where it posts no carousel. */
export const channelCarousel = (name: ChannelName): ChannelEntry['carousel'] => (channels[name] as ChannelEntry).carousel;
