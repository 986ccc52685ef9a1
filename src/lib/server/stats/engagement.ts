/**
 * The results page's engagement: each post published in the period with its latest reading from its
 * network (store/engagement.ts) beside the visits its marked link brought, and the readings added up per
 * channel, campaign and language. Figures only; the page words them. A post's totals count its latest
 * reading: a post read at 7 days counts its 7-day figures, one read only at 1 hour so far its 1-hour ones.
 */
import { channelEngagement, engagementMetrics, type Checkpoint, type Engagement, type EngagementMetric } from '#lib/core/catalogue.ts';
import { campaignOf } from '#lib/server/publishing/compose.ts';
import type { Db } from '#lib/server/store/database.ts';
import { latestReadings, type Reading } from '#lib/server/store/engagement.ts';
import { csvCell } from './results.ts';

/**
 * What the page can say about a post's engagement: its figures (`read`), why the network gave none
 * (`problem`), none yet (`pending`: its first reading is about an hour after it went out), a network that
 * does not let a bot read them (`bots`: Telegram), or one with nothing to read (`none`: webhook, outbox).
 */
export type EngagementStatus = 'read' | 'problem' | 'pending' | 'bots' | 'none';

export interface PostEngagement {
	id: string;
	item_kind: string;
	item_slug: string;
	channel: string;
	locale: string;
	/** The campaign that planned it, or "manual" (as its link's utm_campaign). */
	campaign: string;
	published_at: string;
	/** Visits that came through its marked link, in the period. */
	visits: number;
	status: EngagementStatus;
	reading?: { checkpoint: Checkpoint; read_at: string; metrics: Engagement; problem: string | null };
}

export interface EngagementTotal {
	label: string;
	/** Posts with a reading that has figures. */
	posts: number;
	metrics: Engagement;
}

export interface EngagementResults {
	posts: PostEngagement[];
	/** The metrics the posts' networks give, in the catalogue's order: the columns. */
	metrics: EngagementMetric[];
	byChannel: EngagementTotal[];
	byCampaign: EngagementTotal[];
	byLocale: EngagementTotal[];
}

/** What can be known about a channel's engagement, from its catalogue entry. */
export function engagementOf(channel: string): 'read' | 'bots' | 'none' {
	const entry = channelEngagement(channel);
	return entry === 'bots' ? 'bots' : entry ? 'read' : 'none';
}

interface Row {
	id: string;
	item_kind: string;
	item_slug: string;
	channel: string;
	locale: string;
	plan_key: string | null;
	published_at: string;
}

/** Every published post (published in [from, to], UTC days, when given), newest first. */
function publishedPosts(db: Db, period?: { from: string; to: string }): Row[] {
	const rows = db
		.prepare(
			`SELECT * FROM (
				SELECT p.id, p.item_kind, p.item_slug, p.channel, p.locale, p.plan_key,
					(SELECT MAX(a.at) FROM audit a WHERE a.post_id = p.id AND a.to_state = 'published') AS published_at
				FROM posts p WHERE p.state = 'published'
			) WHERE published_at IS NOT NULL ${period ? 'AND substr(published_at, 1, 10) BETWEEN ? AND ?' : ''}
			ORDER BY published_at DESC, id`
		)
		.all(...(period ? [period.from, period.to] : [])) as Row[];
	return rows;
}

function postEngagement(row: Row, latest: Map<string, Reading>, visits: number): PostEngagement {
	const reading = latest.get(row.id);
	const kind = engagementOf(row.channel);
	const status: EngagementStatus = kind !== 'read' ? kind : !reading ? 'pending' : reading.problem === null ? 'read' : 'problem';
	return {
		id: row.id,
		item_kind: row.item_kind,
		item_slug: row.item_slug,
		channel: row.channel,
		locale: row.locale,
		campaign: campaignOf(row) ?? 'manual',
		published_at: row.published_at,
		visits,
		status,
		...(reading ? { reading: { checkpoint: reading.checkpoint, read_at: reading.read_at, metrics: reading.metrics, problem: reading.problem } } : {})
	};
}

function totals(posts: PostEngagement[], by: (post: PostEngagement) => string): EngagementTotal[] {
	const groups = new Map<string, EngagementTotal>();
	for (const post of posts) {
		if (post.status !== 'read' || !post.reading) continue;
		const label = by(post);
		const total = groups.get(label) ?? { label, posts: 0, metrics: {} };
		total.posts++;
		for (const [metric, value] of Object.entries(post.reading.metrics) as [EngagementMetric, number][]) total.metrics[metric] = (total.metrics[metric] ?? 0) + value;
		groups.set(label, total);
	}
	const sum = (total: EngagementTotal) => Object.values(total.metrics).reduce((a, b) => a + (b ?? 0), 0);
	return [...groups.values()].sort((a, b) => sum(b) - sum(a) || a.label.localeCompare(b.label));
}

/** The metrics the channels of these posts give, in the catalogue's order. */
function columns(posts: { channel: string }[]): EngagementMetric[] {
	const given = new Set<EngagementMetric>();
	for (const { channel } of posts) {
		const entry = channelEngagement(channel);
		if (typeof entry === 'object') for (const metric of entry.metrics) given.add(metric);
	}
	return engagementMetrics.filter((metric) => given.has(metric));
}

/** The page's engagement for posts published from `from` to `to` (UTC days); `visits`: each post's visits in the period. */
export function engagementResults(db: Db, { from, to, visits }: { from: string; to: string; visits: Map<string, number> }): EngagementResults {
	const latest = latestReadings(db);
	const posts = publishedPosts(db, { from, to }).map((row) => postEngagement(row, latest, visits.get(row.id) ?? 0));
	return {
		posts,
		metrics: columns(posts),
		byChannel: totals(posts, (post) => post.channel),
		byCampaign: totals(posts, (post) => post.campaign),
		byLocale: totals(posts, (post) => post.locale)
	};
}

/** Every published post with its latest reading and its visits (all time), one row per post, for a spreadsheet. */
export function engagementCsv(db: Db): string {
	const latest = latestReadings(db);
	const visits = new Map(
		(db.prepare("SELECT utm_content AS id, SUM(views) AS views FROM visits WHERE utm_medium = 'social' AND utm_content <> '' GROUP BY utm_content").all() as { id: string; views: number }[]).map(
			(row) => [row.id, row.views]
		)
	);
	const header = ['post', 'published_at', 'channel', 'locale', 'campaign', 'item', 'visits', 'checkpoint', 'read_at', ...engagementMetrics, 'note'];
	const notes: Record<EngagementStatus, string> = {
		read: '',
		problem: '',
		pending: 'not read yet',
		bots: 'Telegram does not let bots read view counts',
		none: 'not available'
	};
	const rows = publishedPosts(db).map((row) => {
		const post = postEngagement(row, latest, visits.get(row.id) ?? 0);
		const read = post.reading;
		return [
			post.id,
			post.published_at,
			post.channel,
			post.locale,
			post.campaign,
			`${post.item_kind}/${post.item_slug}`,
			post.visits,
			read?.checkpoint ?? '',
			read?.read_at ?? '',
			...engagementMetrics.map((metric) => (post.status === 'read' ? (read?.metrics[metric] ?? '') : '')),
			post.status === 'problem' ? (read?.problem ?? '') : notes[post.status]
		];
	});
	return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
