/**
 * The post queue. Every change of state goes through `move`, which checks the transition is allowed
 * and writes the audit log in the same transaction: who or what, when, why.
 *
 *   draft → approved → publishing → published
 *                  ↘ failed, needs_check, cancelled
 *   cancelled → draft (restored, unless it may have been published)
 *
 * Review notes (what editors and approvers write about a post) are kept beside the audit log and shown
 * with it; they change nothing.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelName, Format, ItemKind } from '#lib/core/catalogue.ts';
import type { Locale } from '#lib/core/i18n.ts';
import { check, mediaProblem, postProblems, type CheckedField } from '#lib/core/post-fields.ts';
import { said } from '#lib/core/delivery.ts';
import type { CardText } from '#lib/server/views/card.ts';
import { mayRepeat, windowPassed } from '#lib/core/delivery.ts';
import type { Db } from './database.ts';

export const states = ['draft', 'approved', 'publishing', 'published', 'failed', 'needs_check', 'cancelled'] as const;
export type State = (typeof states)[number];

/** Which state may follow which. Anything else is refused. */
const allowed: Record<State, State[]> = {
	draft: ['approved', 'cancelled'],
	approved: ['draft', 'publishing', 'cancelled'],
	publishing: ['published', 'approved', 'failed', 'needs_check'],
	published: [],
	failed: ['approved', 'cancelled'],
	needs_check: ['published', 'approved', 'cancelled'],
	cancelled: ['draft']
};

export interface Post {
	id: string;
	item_kind: ItemKind;
	item_slug: string;
	locale: Locale;
	channel: ChannelName;
	caption: string;
	formats: Format[];
	alt: string;
	scheduled_utc: string;
	zone: string;
	state: State;
	attempts: number;
	next_attempt_utc: string | null;
	lease_owner: string | null;
	lease_until: string | null;
	remote_id: string | null;
	remote_url: string | null;
	last_error: string | null;
	/** When the request of the current claim went to the network; null while it has not (yet). */
	request_started_at: string | null;
	plan_key: string | null;
	/**
	 * The card the post publishes, made with its caption and alt (null for posts made before the
	 * database's version 5, which publish the content's card as it is when they go out).
	 */
	card: CardText | null;
	/** The card's cache key per format when it was made: the exact image, while the renderer and fonts are unchanged. */
	card_keys: Record<string, string> | null;
	/**
	 * The media container an earlier attempt made on a two-step network (Instagram, Threads), kept before
	 * its publish request: the next attempt resumes with it. Cleared when the caption or card changes.
	 */
	container_id: string | null;
	/**
	 * A carousel's slides, in order, each card kept as `card` is (null: a post of single cards). The post
	 * sends them as one set in its one format (core/post-fields.ts mediaIssue).
	 */
	slides: CardSnapshot[] | null;
	/**
	 * A carousel's item containers on a two-step network (Instagram), in order, kept as each is made and
	 * before the carousel's own container (`container_id`): the next attempt reuses them. Cleared with it.
	 */
	children: string[] | null;
	created_at: string;
	updated_at: string;
}

export interface AuditEntry {
	id: number;
	post_id: string;
	at: string;
	actor: string;
	from_state: State | null;
	to_state: State;
	reason: string;
}

/** A review note: what an editor or approver wrote about a post. */
export interface Note {
	id: number;
	post_id: string;
	at: string;
	actor: string;
	body: string;
}

/** The longest review note, in characters. */
export const noteLimit = 2000;

/** A post's history: its changes of state and its review notes, in the order they happened. */
export type HistoryEntry = ({ kind: 'change' } & AuditEntry) | ({ kind: 'note' } & Note);

export class QueueError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'QueueError';
	}
}

type Row = Omit<Post, 'formats' | 'card' | 'card_keys' | 'slides' | 'children'> & {
	formats: string;
	card: string | null;
	card_keys: string | null;
	slides: string | null;
	children: string | null;
};
const toPost = (row: Row | undefined): Post | undefined =>
	row
		? {
				...row,
				formats: JSON.parse(row.formats),
				card: row.card === null ? null : (JSON.parse(row.card) as CardText),
				card_keys: row.card_keys === null ? null : (JSON.parse(row.card_keys) as Record<string, string>),
				slides: row.slides === null ? null : (JSON.parse(row.slides) as CardSnapshot[]),
				children: row.children === null ? null : (JSON.parse(row.children) as string[])
			}
		: undefined;

/** A post's card as it is stored: what publishing renders, and its cache key per format. */
export interface CardSnapshot {
	card: CardText;
	card_keys: Record<string, string>;
}
const snapshotColumns = (snapshot: CardSnapshot | undefined) => ({
	card: snapshot ? JSON.stringify(snapshot.card) : null,
	card_keys: snapshot ? JSON.stringify(snapshot.card_keys) : null
});
const iso = (date: Date) => date.toISOString();

/**
 * Why an address may not be kept as the post's link (undefined: it may): only http(s) is shown as a
 * link. Names the scheme, never the address, which may be a script.
 */
function notHttp(url: string): string | undefined {
	const scheme = URL.canParse(url) ? new URL(url).protocol : undefined;
	if (scheme === 'http:' || scheme === 'https:') return undefined;
	const shown = scheme && /^[a-z][a-z0-9+.-]*:$/.test(scheme) ? ` (${scheme})` : '';
	return `is not an http(s) address${shown}: no address kept`;
}

export interface NewPost {
	item_kind: ItemKind;
	item_slug: string;
	locale: Locale;
	channel: ChannelName;
	caption: string;
	formats?: Format[];
	alt?: string;
	scheduled_utc: string;
	zone: string;
	/** Makes creation idempotent: a second post with the same key is not created. */
	plan_key?: string;
	/** The card made with the caption and alt (compose.ts postText); without it, the post publishes the content's card as it is then. */
	card?: CardText;
	card_keys?: Record<string, string>;
	/** A topic's carousel: its slides' cards, in order (compose.ts postText with `carousel`); sent as one set. */
	slides?: CardSnapshot[];
}

const slidesColumn = (slides: CardSnapshot[] | undefined) => (slides ? JSON.stringify(slides) : null);

export class Queue {
	constructor(
		/** The database, for what belongs beside the queue (a channel's pause: store/channel-settings.ts). */
		readonly db: Db,
		private readonly clock: () => Date = () => new Date()
	) {}

	get(id: string): Post | undefined {
		return toPost(this.db.prepare('SELECT * FROM posts WHERE id = ?').get(id) as Row | undefined);
	}

	list(filter: { state?: State; channel?: ChannelName; locale?: Locale } = {}): Post[] {
		const where = Object.entries(filter).filter(([, value]) => value);
		const sql = `SELECT * FROM posts ${where.length ? `WHERE ${where.map(([key]) => `${key} = ?`).join(' AND ')}` : ''} ORDER BY scheduled_utc, id`;
		return (this.db.prepare(sql).all(...where.map(([, value]) => value)) as Row[]).map((row) => toPost(row)!);
	}

	/** Posts scheduled in [from, to), soonest first (for the calendar and its feed). */
	between(from: Date, to: Date): Post[] {
		return (this.db.prepare('SELECT * FROM posts WHERE scheduled_utc >= ? AND scheduled_utc < ? ORDER BY scheduled_utc, id').all(iso(from), iso(to)) as Row[]).map(
			(row) => toPost(row)!
		);
	}

	/**
	 * The first post still to go out (draft or approved) from `from` on: where the calendar points from a
	 * week with nothing in it.
	 */
	nextPlanned(from: Date): Post | undefined {
		return toPost(
			this.db.prepare(`SELECT * FROM posts WHERE state IN ('draft', 'approved') AND scheduled_utc >= ? ORDER BY scheduled_utc, id LIMIT 1`).get(iso(from)) as Row | undefined
		);
	}

	audit(id: string): AuditEntry[] {
		return this.db.prepare('SELECT * FROM audit WHERE post_id = ? ORDER BY id').all(id) as AuditEntry[];
	}

	notes(id: string): Note[] {
		return this.db.prepare('SELECT * FROM notes WHERE post_id = ? ORDER BY id').all(id) as Note[];
	}

	/** Changes and notes together, oldest first (a change and a note at the same moment: the change first). */
	history(id: string): HistoryEntry[] {
		const entries: HistoryEntry[] = [
			...this.audit(id).map((entry) => ({ kind: 'change' as const, ...entry })),
			...this.notes(id).map((note) => ({ kind: 'note' as const, ...note }))
		];
		// A stable sort: each kind keeps its own order within the same instant.
		return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind === b.kind ? 0 : a.kind === 'change' ? -1 : 1));
	}

	/**
	 * Leaves a review note on a post, in any state. A note changes nothing about the post; it is kept
	 * with its author and time, and never edited.
	 */
	note(id: string, actor: string, body: string): Note {
		const text = body.replace(/\r\n?/g, '\n').trim();
		if (!text) throw new QueueError('A note needs some text');
		if (text.length > noteLimit) throw new QueueError(`A note may be ${noteLimit} characters at most (this one is ${text.length})`);
		return this.db
			.transaction(() => {
				if (!this.get(id)) throw new QueueError(`No post ${id}`);
				const info = this.db.prepare('INSERT INTO notes (post_id, at, actor, body) VALUES (?, ?, ?, ?)').run(id, iso(this.clock()), actor, text);
				return this.db.prepare('SELECT * FROM notes WHERE id = ?').get(info.lastInsertRowid) as Note;
			})
			.immediate();
	}

	/**
	 * The next draft in time order after this post (by time, then id), or when there is none after it,
	 * the first draft there is other than this one: where "approve and next" goes.
	 */
	nextDraft(id: string): Post | undefined {
		const post = this.get(id);
		const after = post
			? (this.db
					.prepare(`SELECT * FROM posts WHERE state = 'draft' AND id <> @id AND (scheduled_utc > @at OR (scheduled_utc = @at AND id > @id)) ORDER BY scheduled_utc, id LIMIT 1`)
					.get({ id, at: post.scheduled_utc }) as Row | undefined)
			: undefined;
		return toPost(after ?? (this.db.prepare(`SELECT * FROM posts WHERE state = 'draft' AND id <> ? ORDER BY scheduled_utc, id LIMIT 1`).get(id) as Row | undefined));
	}

	depth(): Record<State, number> {
		const counts = Object.fromEntries(states.map((state) => [state, 0])) as Record<State, number>;
		for (const row of this.db.prepare('SELECT state, count(*) AS n FROM posts GROUP BY state').all() as { state: State; n: number }[]) {
			counts[row.state] = row.n;
		}
		return counts;
	}

	/**
	 * Creates a draft, or returns the existing post with the same plan key. A post with a field the
	 * publisher could not use (see core/post-fields.ts) is refused with every such field named.
	 */
	create(post: NewPost, actor: string): { post: Post; created: boolean } {
		const problems = postProblems(post as unknown as Record<string, unknown>);
		if (problems.length) throw new QueueError(`A post was not created: ${problems.map(({ field, problem }) => `${field}: ${problem}`).join('; ')}`);
		return this.db
			.transaction(() => {
				if (post.plan_key) {
					const existing = toPost(this.db.prepare('SELECT * FROM posts WHERE plan_key = ?').get(post.plan_key) as Row | undefined);
					if (existing) return { post: existing, created: false };
				}
				const now = iso(this.clock());
				const id = randomUUID();
				this.db
					.prepare(
						`INSERT INTO posts (id, item_kind, item_slug, locale, channel, caption, formats, alt, scheduled_utc, zone, plan_key, card, card_keys, slides, created_at, updated_at)
						 VALUES (@id, @item_kind, @item_slug, @locale, @channel, @caption, @formats, @alt, @scheduled_utc, @zone, @plan_key, @card, @card_keys, @slides, @now, @now)`
					)
					.run({
						...post,
						...snapshotColumns(post.card && { card: post.card, card_keys: post.card_keys ?? {} }),
						id,
						formats: JSON.stringify(post.formats ?? ['square']),
						slides: slidesColumn(post.slides),
						alt: post.alt ?? '',
						plan_key: post.plan_key ?? null,
						now
					});
				this.log(id, actor, null, 'draft', 'created', now);
				return { post: this.get(id)!, created: true };
			})
			.immediate();
	}

	/**
	 * Creates several drafts at once (the dashboard's compose-once form): all of them, or none when one
	 * is refused. A post whose plan key exists already is not made again.
	 */
	createMany(posts: NewPost[], actor: string): { post: Post; created: boolean }[] {
		return this.db.transaction(() => posts.map((post) => this.create(post, actor))).immediate();
	}

	/**
	 * Approves the post with the card it carries. A post without one (made before the database's version
	 * 5) takes `card`, the content's card now, so that what is approved is what goes out.
	 */
	approve(id: string, actor: string, card?: CardSnapshot): Post {
		return this.db
			.transaction(() => {
				const post = this.get(id);
				const take = post && post.card === null && card;
				return this.move(id, ['draft'], 'approved', actor, take ? 'approved (with the card of the content now)' : 'approved', take ? snapshotColumns(card) : {});
			})
			.immediate();
	}

	/**
	 * Takes a newer version of the content: caption, alt and card made again from it. An approved post
	 * goes back to draft, as after an edit: what was approved is not what would be sent.
	 */
	refresh(
		id: string,
		actor: string,
		made: { caption: string; alt: string; slides?: CardSnapshot[] } & CardSnapshot,
		{ mayEditApproved = true }: { mayEditApproved?: boolean } = {}
	): Post {
		return this.db
			.transaction(() => {
				const post = this.get(id);
				if (!post) throw new QueueError(`No post ${id}`);
				if (post.state !== 'draft' && post.state !== 'approved') throw new QueueError(`A ${post.state} post cannot be refreshed`);
				if (post.state === 'approved' && !mayEditApproved) throw new QueueError('This post was approved: only an approver can change it now');
				const now = iso(this.clock());
				this.db
					.prepare(
						`UPDATE posts SET caption = @caption, alt = @alt, card = @card, card_keys = @card_keys, slides = @slides, container_id = NULL, children = NULL, state = 'draft', updated_at = @now WHERE id = @id`
					)
					.run({ caption: made.caption, alt: made.alt, ...snapshotColumns(made), slides: post.slides ? slidesColumn(made.slides ?? []) : null, now, id });
				const reason = 'caption, alt and card made again from a newer version of the content';
				this.log(id, actor, post.state, 'draft', post.state === 'approved' ? `${reason}: needs approval again` : reason, now);
				return this.get(id)!;
			})
			.immediate();
	}

	cancel(id: string, actor: string, reason = 'cancelled'): Post {
		return this.move(id, ['draft', 'approved', 'failed', 'needs_check'], 'cancelled', actor, reason);
	}

	/**
	 * Brings a cancelled post back as a draft, with a full set of attempts: it needs approval again.
	 * A post cancelled while a person was to check whether the network took it may be published: it is
	 * not restored (check the network, and make a new post if it was not).
	 */
	restore(id: string, actor: string): Post {
		return this.db
			.transaction(() => {
				const post = this.get(id);
				if (!post) throw new QueueError(`No post ${id}`);
				const cancelled = this.db
					.prepare(`SELECT from_state FROM audit WHERE post_id = ? AND to_state = 'cancelled' ORDER BY id DESC LIMIT 1`)
					.get(id) as { from_state: State | null } | undefined;
				if (post.state === 'cancelled' && cancelled?.from_state === 'needs_check') {
					throw new QueueError(
						`Post ${id} was cancelled while it was not known whether ${post.channel} had published it: it may be published, so it is not restored. Check ${post.channel}; if it is not there, make a new post.`
					);
				}
				return this.move(id, ['cancelled'], 'draft', actor, 'restored to draft: needs approval again', {
					attempts: 0,
					next_attempt_utc: null,
					last_error: null,
					lease_owner: null,
					lease_until: null,
					request_started_at: null
				});
			})
			.immediate();
	}

	/** Sends a failed post round again, with a full set of attempts. */
	retry(id: string, actor: string): Post {
		return this.move(id, ['failed'], 'approved', actor, 'retry requested', { attempts: 0, next_attempt_utc: null, last_error: null });
	}

	/**
	 * Changes caption, time or channel. An approved post goes back to draft: what was approved is not
	 * what would be sent.
	 */
	edit(
		id: string,
		actor: string,
		changes: Partial<Pick<Post, 'caption' | 'scheduled_utc' | 'zone' | 'channel' | 'alt'>>,
		{ mayEditApproved = true, why }: { mayEditApproved?: boolean; /** Said in the audit log after what changed ("moved 2 days later"). */ why?: string } = {}
	): Post {
		return this.db
			.transaction(() => {
				const post = this.get(id);
				if (!post) throw new QueueError(`No post ${id}`);
				if (post.state !== 'draft' && post.state !== 'approved') {
					throw new QueueError(`A ${post.state} post cannot be edited`);
				}
				// Checked here, in the transaction, so that an approval just before cannot slip past it.
				if (post.state === 'approved' && !mayEditApproved) throw new QueueError('This post was approved: only an approver can change it now');
				const editable = ['caption', 'scheduled_utc', 'zone', 'channel', 'alt'];
				const fields = Object.entries(changes).filter(([key, value]) => editable.includes(key) && value !== undefined);
				const problems = fields.flatMap(([key, value]) => {
					const problem = check[key as CheckedField](value);
					return problem ? [`${key}: ${problem}`] : [];
				});
				const channel = (changes.channel ?? post.channel) as ChannelName;
				const media = problems.length === 0 && changes.channel !== undefined ? mediaProblem(channel, post.formats, post.slides?.length) : undefined;
				if (media) problems.push(`channel: ${media}`);
				if (problems.length) throw new QueueError(`Post ${id} was not changed: ${problems.join('; ')}`);
				const now = iso(this.clock());
				this.db
					.prepare(`UPDATE posts SET ${fields.map(([key]) => `${key} = ?`).join(', ')}${fields.length ? ',' : ''} container_id = NULL, children = NULL, state = 'draft', updated_at = ? WHERE id = ?`)
					.run(...fields.map(([, value]) => value), now, id);
				const what = `edited (${fields.map(([key]) => key).join(', ') || 'nothing'})${why ? `: ${why}` : ''}`;
				if (post.state === 'approved') this.log(id, actor, 'approved', 'draft', `${what}${why ? ';' : ':'} needs approval again`, now);
				else this.log(id, actor, 'draft', 'draft', what, now);
				return this.get(id)!;
			})
			.immediate();
	}

	/**
	 * Claims due approved posts for one publisher, atomically: each claimed post is `publishing` and
	 * leased to `owner` until the lease ends. Its attempt counts only when its request starts
	 * (`startRequest`): a post claimed and never sent (a crash, a stop) has lost nothing.
	 */
	claimDue(owner: string, { leaseMs, limit = 10 }: { leaseMs: number; limit?: number }): Post[] {
		return this.db
			.transaction(() => {
				const now = this.clock();
				const rows = this.db
					.prepare(
						`UPDATE posts SET state = 'publishing', lease_owner = @owner, lease_until = @until, request_started_at = NULL, updated_at = @now
						 WHERE id IN (
							 SELECT id FROM posts WHERE state = 'approved' AND scheduled_utc <= @now
							 AND (next_attempt_utc IS NULL OR next_attempt_utc <= @now)
							 AND channel NOT IN (SELECT name FROM channel_settings WHERE paused = 1)
							 ORDER BY scheduled_utc, id LIMIT @limit
						 ) RETURNING *`
					)
					.all({ owner, until: iso(new Date(now.getTime() + leaseMs)), now: iso(now), limit }) as Row[];
				for (const row of rows) this.log(row.id, owner, 'approved', 'publishing', `claimed for attempt ${row.attempts + 1}`, iso(now));
				return rows.map((row) => toPost(row)!);
			})
			.immediate();
	}

	/**
	 * The post's request is about to go to the network: its attempt counts, and the moment is on disk
	 * before a byte leaves, so that after a crash this post — and only this one of its batch — may have
	 * been sent. Only the lease holder may start it.
	 */
	startRequest(id: string, owner: string): Post {
		// Synced to disk, not only committed: were the machine to lose power mid-send, a post whose mark was
		// lost would look never sent and go out twice.
		const sync = this.db.pragma('synchronous', { simple: true });
		this.db.pragma('synchronous = FULL');
		try {
			return this.db
				.transaction(() => {
					const post = this.get(id);
					if (!post) throw new QueueError(`No post ${id}`);
					if (post.state !== 'publishing' || post.lease_owner !== owner) {
						throw new QueueError(`Post ${id} is ${post.state}, leased to ${post.lease_owner ?? 'nobody'}: ${owner} may not send it`);
					}
					const now = iso(this.clock());
					this.db.prepare('UPDATE posts SET attempts = attempts + 1, request_started_at = ?, updated_at = ? WHERE id = ?').run(now, now, id);
					this.log(id, owner, 'publishing', 'publishing', `attempt ${post.attempts + 1}: request started`, now);
					return this.get(id)!;
				})
				.immediate();
		} finally {
			this.db.pragma(`synchronous = ${Number(sync)}`);
		}
	}

	/** Whether `owner` still holds the post: nobody has recovered or claimed it since. */
	leasedTo(id: string, owner: string): boolean {
		const post = this.get(id);
		return post?.state === 'publishing' && post.lease_owner === owner;
	}

	/**
	 * The network took the post: keep its id and address. The address is shown as a link, so only an
	 * http(s) one is kept; any other (javascript:, data:, file:) is dropped, and the audit log says so.
	 */
	published(id: string, owner: string, remote: { id: string; url?: string }): Post {
		const refused = remote.url === undefined ? undefined : notHttp(remote.url);
		return this.move(id, ['publishing'], 'published', owner, `published as ${remote.id}${refused ? `; the address it gave ${refused}` : ''}`, {
			remote_id: remote.id,
			remote_url: remote.url !== undefined && !refused ? remote.url : null,
			lease_owner: null,
			lease_until: null,
			last_error: null
		}, owner);
	}

	/**
	 * A transient failure: try again after `delayMs`, unless attempts are used up. A failure before the
	 * request started (a card that cannot be rendered) counts as an attempt here: it is not a crash, and
	 * would otherwise be retried for ever.
	 */
	retryLater(id: string, owner: string, error: string, delayMs: number, maxAttempts: number): Post {
		const post = this.get(id);
		const attempts = (post?.attempts ?? 0) + (post && post.request_started_at === null ? 1 : 0);
		if (attempts >= maxAttempts) {
			return this.move(id, ['publishing'], 'failed', owner, `gave up after ${attempts} attempts: ${error}`, { attempts, last_error: error, lease_owner: null, lease_until: null }, owner);
		}
		return this.move(id, ['publishing'], 'approved', owner, `will retry: ${error}`, {
			attempts,
			next_attempt_utc: iso(new Date(this.clock().getTime() + delayMs)),
			last_error: error,
			lease_owner: null,
			lease_until: null
		}, owner);
	}

	/**
	 * The network asked the post to wait (its publishing quota is used up, its container is still being
	 * processed, its channel was paused): back to approved, due again after `delayMs`, and no attempt is
	 * used — a wait is not a failure, and the post must not run out of attempts while it waits.
	 */
	postpone(id: string, owner: string, reason: string, delayMs: number): Post {
		return this.move(id, ['publishing'], 'approved', owner, `waits: ${reason}`, {
			next_attempt_utc: iso(new Date(this.clock().getTime() + delayMs)),
			last_error: reason,
			lease_owner: null,
			lease_until: null
		}, owner);
	}

	/**
	 * Keeps the media container a two-step network made for the post (or clears it: null), synced to disk
	 * before the publish request leaves, as `startRequest` is: a crash after it resumes with this container.
	 * Only the lease holder may.
	 */
	keepContainer(id: string, owner: string, container: string | null): void {
		this.keepSynced(id, owner, 'container_id', container, 'its container was not kept');
	}

	/**
	 * Keeps a carousel's item containers (or clears them: null), in order, synced to disk as each is made
	 * and before its carousel container is: a later attempt reuses them instead of making more.
	 */
	keepChildren(id: string, owner: string, children: readonly string[] | null): void {
		this.keepSynced(id, owner, 'children', children && JSON.stringify(children), 'its item containers were not kept');
	}

	private keepSynced(id: string, owner: string, column: 'container_id' | 'children', value: string | null, what: string): void {
		const sync = this.db.pragma('synchronous', { simple: true });
		this.db.pragma('synchronous = FULL');
		try {
			const changed = this.db.prepare(`UPDATE posts SET ${column} = ? WHERE id = ? AND state = 'publishing' AND lease_owner = ?`).run(value, id, owner).changes;
			if (changed === 0) throw new QueueError(`Post ${id} is not leased to ${owner}: ${what}`);
		} finally {
			this.db.pragma(`synchronous = ${Number(sync)}`);
		}
	}

	/** A permanent failure (bad credentials, rejected content): a person must look. */
	failed(id: string, owner: string, reason: string): Post {
		return this.move(id, ['publishing'], 'failed', owner, reason, { last_error: reason, lease_owner: null, lease_until: null }, owner);
	}

	/** Gives back a claimed post whose request never started (the publisher is stopping): no attempt was made. */
	release(id: string, owner: string): Post {
		return this.move(id, ['publishing'], 'approved', owner, 'released unsent: the publisher is stopping', {
			lease_owner: null,
			lease_until: null
		}, owner);
	}

	/** The send may or may not have reached the network, and repeating it is not safe: a person checks. */
	needsCheck(id: string, owner: string, reason: string): Post {
		return this.move(id, ['publishing'], 'needs_check', owner, reason, { last_error: reason, lease_owner: null, lease_until: null }, owner);
	}

	/**
	 * When the post's current round of sending began: its first request since it was last approved,
	 * retried or resolved to send again (the audit log's publishing → publishing entries). A network's
	 * memory of a post (an idempotency key) counts from no earlier than this; a post never sent has none.
	 * Claims logged before requests were (reason "attempt N", database version 3) count as requests: each
	 * may have been one.
	 */
	roundStartedAt(id: string): Date | undefined {
		const first = this.db
			.prepare(
				`SELECT at FROM audit WHERE post_id = @id
				 AND ((from_state = 'publishing' AND to_state = 'publishing') OR (from_state = 'approved' AND to_state = 'publishing' AND reason LIKE 'attempt %'))
				 AND id > coalesce((SELECT max(id) FROM audit WHERE post_id = @id AND to_state = 'approved'
				   AND from_state IN ('draft', 'failed', 'needs_check')), 0)
				 ORDER BY id LIMIT 1`
			)
			.get({ id }) as { at: string } | undefined;
		return first ? new Date(first.at) : undefined;
	}

	/**
	 * The post's repeat window on a network that recognises a repeat for `windowMs`, and the queue's
	 * time `afterMs` from now: what the repeat policy (core/delivery.ts) decides on.
	 */
	repeatWindow(id: string, windowMs: number, afterMs = 0): [{ windowMs: number; roundStartedAt: Date | undefined }, number] {
		return [{ windowMs, roundStartedAt: this.roundStartedAt(id) }, this.clock().getTime() + afterMs];
	}

	/**
	 * Posts left `publishing` by a publisher that died. One whose request never started was not sent: it
	 * goes back to approved, its attempts as they were. One whose request started may be published:
	 * where the network recognises a repeat (an idempotency key, a fixed record key) and still will —
	 * `repeatSafeForMs` of the post's channel, from the round's first request — it is sent again, unless
	 * its attempts are used up; elsewhere a person must check rather than risk a second post.
	 *
	 * Another process may recover (and even claim) the same posts at the same moment: each post is
	 * re-read in its own transaction, and one whose lease has changed since is left to that process.
	 */
	recoverExpired(actor: string, { repeatSafeForMs, maxAttempts }: { repeatSafeForMs: (channel: string) => number; maxAttempts: number }): Post[] {
		const now = iso(this.clock());
		const stale = this.db
			.prepare(`SELECT * FROM posts WHERE state = 'publishing' AND lease_until < ? ORDER BY id`)
			.all(now) as Row[];
		const recovered: Post[] = [];
		for (const row of stale) {
			const windowMs = repeatSafeForMs(row.channel);
			try {
				const post = this.db.transaction(() => this.recover(row, actor, windowMs, maxAttempts)).immediate();
				if (post) recovered.push(post);
			} catch (error) {
				if (!(error instanceof QueueError)) throw error; // moved by another process: carry on with the rest
			}
		}
		return recovered;
	}

	private recover(row: Row, actor: string, windowMs: number, maxAttempts: number): Post | undefined {
		const post = this.get(row.id);
		if (post?.state !== 'publishing' || post.lease_owner !== row.lease_owner || post.lease_until !== row.lease_until) return undefined;
		const clear = { lease_owner: null, lease_until: null };
		const lease = `lease of ${row.lease_owner} expired`;
		if (post.request_started_at === null) {
			return this.move(row.id, ['publishing'], 'approved', actor, `${said.notSent}: ${lease} before its request started; back in the queue`, clear);
		}
		if (!mayRepeat(...this.repeatWindow(row.id, windowMs))) {
			const passed = windowMs > 0 ? `; ${windowPassed(row.channel, windowMs)}` : '';
			const reason = `${said.noAnswer}: ${lease} mid-send${passed}; check ${row.channel} before sending again`;
			return this.move(row.id, ['publishing'], 'needs_check', actor, reason, { ...clear, last_error: reason });
		}
		if (post.attempts >= maxAttempts) {
			const reason = `${said.noAnswer}: ${lease} mid-send on attempt ${post.attempts} of ${maxAttempts}: attempts used up; check ${row.channel} before a retry`;
			return this.move(row.id, ['publishing'], 'failed', actor, reason, { ...clear, last_error: reason });
		}
		return this.move(row.id, ['publishing'], 'approved', actor, `${said.noAnswer}: ${lease} mid-send; repeat is safe on ${row.channel}`, clear);
	}

	/**
	 * A person checked a needs_check post: it was published (at this address), or it should go again
	 * (with a full set of attempts).
	 */
	resolve(id: string, actor: string, outcome: { publishedUrl: string } | { sendAgain: true }): Post {
		if ('publishedUrl' in outcome) {
			const refused = notHttp(outcome.publishedUrl);
			if (refused) return this.move(id, ['needs_check'], 'published', actor, `checked: was published; the address given ${refused}`, { remote_url: null });
			return this.move(id, ['needs_check'], 'published', actor, `checked: was published at ${outcome.publishedUrl}`, { remote_url: outcome.publishedUrl });
		}
		return this.move(id, ['needs_check'], 'approved', actor, 'checked: was not published, send again', { attempts: 0, next_attempt_utc: null });
	}

	private move(
		id: string,
		from: State[],
		to: State,
		actor: string,
		reason: string,
		set: Partial<Record<keyof Post, string | number | null>> = {},
		leaseOwner?: string
	): Post {
		return this.db
			.transaction(() => {
				const post = this.get(id);
				if (!post) throw new QueueError(`No post ${id}`);
				if (!from.includes(post.state) || !allowed[post.state].includes(to)) {
					throw new QueueError(`Post ${id} is ${post.state}: it cannot become ${to}`);
				}
				if (leaseOwner && post.lease_owner !== leaseOwner) {
					throw new QueueError(`Post ${id} is leased to ${post.lease_owner ?? 'nobody'}, not ${leaseOwner}`);
				}
				const now = iso(this.clock());
				const fields = Object.entries(set);
				this.db
					.prepare(`UPDATE posts SET state = ?, updated_at = ?${fields.map(([key]) => `, ${key} = ?`).join('')} WHERE id = ?`)
					.run(to, now, ...fields.map(([, value]) => value), id);
				this.log(id, actor, post.state, to, reason, now);
				return this.get(id)!;
			})
			.immediate();
	}

	private log(id: string, actor: string, from: State | null, to: State, reason: string, at: string): void {
		this.db
			.prepare('INSERT INTO audit (post_id, at, actor, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?)')
			.run(id, at, actor, from, to, reason);
	}
}
