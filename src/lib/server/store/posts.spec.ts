import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { openDb } from './database.ts';
import { migrations } from './migrations.ts';
import { Queue, QueueError, type NewPost } from './posts.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function setup(start = '2026-12-01T12:00:00Z') {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-queue-'));
	dirs.push(dir);
	const file = join(dir, 'caravan.db');
	let now = new Date(start);
	const queue = new Queue(openDb(file), () => now);
	return { file, queue, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const post = (over: Partial<NewPost> = {}): NewPost => ({
	item_kind: 'topic',
	item_slug: 'youth-education',
	locale: 'uz',
	channel: 'telegram',
	caption: 'Taʼlim',
	scheduled_utc: '2026-12-01T13:00:00.000Z',
	zone: 'Asia/Tashkent',
	...over
});

describe('the database file', () => {
	test('is in WAL mode and at the latest schema version', () => {
		const { file } = setup();
		const db = openDb(file);
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
		// Opening again applies nothing twice.
		expect(() => openDb(file)).not.toThrow();
	});

	test('an older file is migrated at start-up and keeps its posts; a newer one is refused', () => {
		const { file } = setup();
		rmSync(file, { force: true });
		const old = new Database(file);
		old.exec(migrations[0]!.sql);
		old.pragma('user_version = 1');
		old.prepare(
			`INSERT INTO posts (id, item_kind, item_slug, locale, channel, caption, scheduled_utc, zone, created_at, updated_at)
			 VALUES ('p1', 'topic', 'connectivity', 'en', 'outbox', 'x', '2026-12-01T00:00:00Z', 'UTC', 'now', 'now')`
		).run();
		old.close();
		const db = openDb(file);
		expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
		expect(new Queue(db).get('p1')?.caption).toBe('x');
		db.pragma('user_version = 99');
		db.close();
		expect(() => openDb(file)).toThrow(/version 99, newer than this Caravan/);
	});

	test('a post that was publishing when the file is upgraded counts as sent: after a crash, a person checks it', () => {
		const { file } = setup();
		rmSync(file, { force: true });
		const old = new Database(file);
		for (const migration of migrations.filter((m) => m.version <= 3)) old.exec(migration.sql);
		old.pragma('user_version = 3');
		const insert = old.prepare(
			`INSERT INTO posts (id, item_kind, item_slug, locale, channel, caption, scheduled_utc, zone, state, attempts, lease_owner, lease_until, created_at, updated_at)
			 VALUES (?, 'topic', 'connectivity', 'en', ?, 'x', '2026-12-01T10:00:00.000Z', 'UTC', 'publishing', 1, 'old', '2026-12-01T11:05:00.000Z', '2026-12-01T10:00:00.000Z', '2026-12-01T11:00:00.000Z')`
		);
		const log = old.prepare(`INSERT INTO audit (post_id, at, actor, from_state, to_state, reason) VALUES (?, '2026-12-01T11:00:00.000Z', 'old', 'approved', 'publishing', 'attempt 1')`);
		for (const [id, channel] of [['t', 'telegram'], ['m', 'mastodon']]) {
			insert.run(id, channel);
			log.run(id);
		}
		old.close();
		// An hour after the old claim: Mastodon's 55 minutes from that attempt have passed.
		const queue = new Queue(openDb(file), () => new Date('2026-12-01T12:00:00Z'));
		queue.recoverExpired('scheduler', { repeatSafeForMs: (channel) => (channel === 'mastodon' ? 55 * 60_000 : 0), maxAttempts: 5 });
		expect(queue.get('t')).toMatchObject({ state: 'needs_check', request_started_at: '2026-12-01T11:00:00.000Z' });
		expect(queue.get('m')?.state).toBe('needs_check');
	});
});

describe('what the queue stores', () => {
	// Every way in (the planner, the dashboard, the CLI) ends here: a post that would break the
	// publisher later is refused now, with the field that is wrong.
	test.each([
		['item_kind', { item_kind: 'video' }, 'item_kind: "video" is not a kind of item (known: topic, fact, opportunity)'],
		['item_slug', { item_slug: '' }, 'item_slug: "" is not an item\'s slug'],
		['locale', { locale: 'fr' }, 'locale: unknown locale "fr" (known: en, ru, kk, ky, tg, tk, uz)'],
		['channel', { channel: 'myspace' }, 'channel: unknown channel "myspace" (known: outbox, webhook, telegram, mastodon, bluesky, instagram, facebook, threads, vk, x)'],
		['formats (unknown)', { formats: ['square', 'poster'] }, 'formats: unknown card format "poster" (known: og, square, portrait, story)'],
		['formats (none)', { formats: [] }, 'formats: must name at least one card format'],
		['zone', { zone: 'Mars/Olympus' }, 'zone: "Mars/Olympus" is not an IANA time zone (like Asia/Tashkent)'],
		['zone (spelling)', { zone: 'asia/tashkent' }, 'zone: "asia/tashkent" is not an IANA time zone (like Asia/Tashkent): write it Asia/Tashkent'],
		['scheduled_utc (local time)', { scheduled_utc: '2026-12-01T18:00' }, 'scheduled_utc: "2026-12-01T18:00" is not a UTC time like 2026-12-01T13:00:00.000Z'],
		['scheduled_utc (no such day)', { scheduled_utc: '2026-02-30T13:00:00.000Z' }, 'scheduled_utc: "2026-02-30T13:00:00.000Z" is not a UTC time'],
		['caption', { caption: '  \n ' }, 'caption: must not be empty']
	] as unknown as [string, Partial<NewPost>, string][])('%s: refused, naming the field, and nothing is stored', (_, over, message) => {
		const { queue } = setup();
		expect(() => queue.create(post(over), 'editor')).toThrow(QueueError);
		expect(() => queue.create(post(over), 'editor')).toThrow(message);
		expect(queue.list()).toEqual([]);
	});

	test.each([
		['channel', { channel: 'myspace' }, 'channel: unknown channel "myspace"'],
		['zone', { zone: 'EST' }, 'zone: "EST" is not an IANA time zone'],
		['scheduled_utc', { scheduled_utc: 'tomorrow' }, 'scheduled_utc: "tomorrow" is not a UTC time'],
		['caption', { caption: '' }, 'caption: must not be empty']
	] as [string, Record<string, string>, string][])('an edit of %s to a value the publisher cannot use is refused, and the post stays as it was', (_, changes, message) => {
		const { queue } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.approve(created.id, 'approver');
		expect(() => queue.edit(created.id, 'editor', changes)).toThrow(message);
		expect(queue.get(created.id)).toMatchObject({ state: 'approved', channel: 'telegram', caption: 'Taʼlim', zone: 'Asia/Tashkent' });
	});

	test('every problem of a post is named at once', () => {
		const { queue } = setup();
		expect(() => queue.create(post({ locale: 'fr', channel: 'myspace' } as unknown as Partial<NewPost>), 'editor')).toThrow(
			/^A post was not created: locale: unknown locale "fr".*; channel: unknown channel "myspace"/
		);
	});
});

describe('states and the audit log', () => {
	test('a post goes draft → approved → publishing → published, and every step is logged', () => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor@example.org');
		queue.approve(created.id, 'approver@example.org');
		advance(2 * 3600_000);
		const [claimed] = queue.claimDue('publisher-1', { leaseMs: 60_000 });
		expect(claimed).toMatchObject({ id: created.id, state: 'publishing', attempts: 0, lease_owner: 'publisher-1' });
		expect(queue.startRequest(created.id, 'publisher-1')).toMatchObject({ state: 'publishing', attempts: 1 });
		queue.published(created.id, 'publisher-1', { id: '42', url: 'https://t.me/caravan/42' });
		expect(queue.get(created.id)).toMatchObject({ state: 'published', remote_id: '42', remote_url: 'https://t.me/caravan/42' });
		expect(queue.audit(created.id).map((entry) => [entry.actor, entry.from_state, entry.to_state])).toEqual([
			['editor@example.org', null, 'draft'],
			['approver@example.org', 'draft', 'approved'],
			['publisher-1', 'approved', 'publishing'],
			['publisher-1', 'publishing', 'publishing'],
			['publisher-1', 'publishing', 'published']
		]);
	});

	test('only approved posts are claimed, and only when due', () => {
		const { queue, advance } = setup();
		const draft = queue.create(post(), 'editor').post;
		const approved = queue.create(post({ caption: 'B' }), 'editor').post;
		queue.approve(approved.id, 'approver');
		expect(queue.claimDue('p', { leaseMs: 1000 })).toEqual([]); // not due yet
		advance(3600_000);
		expect(queue.claimDue('p', { leaseMs: 1000 }).map((p) => p.id)).toEqual([approved.id]);
		expect(queue.get(draft.id)?.state).toBe('draft');
	});

	test('editing an approved post’s caption, time or channel sends it back to draft', () => {
		const { queue } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.approve(created.id, 'approver');
		const edited = queue.edit(created.id, 'editor', { caption: 'New caption' });
		expect(edited).toMatchObject({ state: 'draft', caption: 'New caption' });
		expect(queue.audit(created.id).at(-1)?.reason).toMatch(/edited \(caption\): needs approval again/);
	});

	test('someone who may not change approved posts cannot, even when the approval lands just before their edit', () => {
		const { queue } = setup();
		const { post: created } = queue.create(post(), 'editor');
		expect(queue.edit(created.id, 'editor', { caption: 'Draft edit' }, { mayEditApproved: false }).caption).toBe('Draft edit');
		queue.approve(created.id, 'approver');
		expect(() => queue.edit(created.id, 'editor', { caption: 'Late edit' }, { mayEditApproved: false })).toThrow('only an approver can change it now');
		expect(queue.get(created.id)).toMatchObject({ state: 'approved', caption: 'Draft edit' });
	});

	test.each([
		['approve a published post', (q: Queue, id: string) => q.approve(id, 'x')],
		['cancel a published post', (q: Queue, id: string) => q.cancel(id, 'x')],
		['edit a published post', (q: Queue, id: string) => q.edit(id, 'x', { caption: 'y' })]
	])('refuses to %s', (_, act) => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.approve(created.id, 'approver');
		advance(3600_000);
		queue.claimDue('p', { leaseMs: 1000 });
		queue.published(created.id, 'p', { id: '1' });
		expect(() => act(queue, created.id)).toThrow(QueueError);
	});

	test('only the lease holder may complete a post', () => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.approve(created.id, 'approver');
		advance(3600_000);
		queue.claimDue('p1', { leaseMs: 1000 });
		expect(() => queue.published(created.id, 'p2', { id: '1' })).toThrow(/leased to p1/);
	});

	test('the same plan key creates one post, however often the planner runs', () => {
		const { queue } = setup();
		const first = queue.create(post({ plan_key: 'week-1/uz/telegram/2026-12-01' }), 'planner');
		const second = queue.create(post({ plan_key: 'week-1/uz/telegram/2026-12-01' }), 'planner');
		expect(first.created).toBe(true);
		expect(second).toEqual({ post: first.post, created: false });
		expect(queue.list()).toHaveLength(1);
	});
});

describe('delivery outcomes', () => {
	test('a transient error waits and tries again; after the last attempt the post fails with the reason', () => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.approve(created.id, 'approver');
		advance(3600_000);
		for (let attempt = 1; attempt <= 3; attempt++) {
			queue.claimDue('p', { leaseMs: 60_000 });
			expect(queue.startRequest(created.id, 'p').attempts).toBe(attempt);
			queue.retryLater(created.id, 'p', 'HTTP 503', 30_000, 3);
			expect(queue.claimDue('p', { leaseMs: 60_000 })).toEqual([]); // waits for its next attempt
			advance(30_000);
		}
		expect(queue.get(created.id)).toMatchObject({ state: 'failed', last_error: 'HTTP 503' });
		queue.retry(created.id, 'approver');
		expect(queue.get(created.id)?.state).toBe('approved');
	});

	test.each([
		{
			name: 'retry (failed → approved)',
			end: (q: Queue, id: string) => q.retryLater(id, 'p', 'HTTP 503', 30_000, 3),
			again: (q: Queue, id: string) => q.retry(id, 'approver')
		},
		{
			name: 'resolve --send-again (needs_check → approved)',
			end: (q: Queue, id: string) => q.needsCheck(id, 'p', 'outcome unknown: timed out'),
			again: (q: Queue, id: string) => q.resolve(id, 'approver', { sendAgain: true })
		}
	])('$name starts a full set of attempts', ({ end, again }) => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.approve(created.id, 'approver');
		advance(3600_000);
		for (let attempt = 1; attempt <= 3; attempt++) {
			queue.claimDue('p', { leaseMs: 60_000 });
			queue.startRequest(created.id, 'p');
			if (attempt < 3) queue.retryLater(created.id, 'p', 'HTTP 503', 30_000, 3);
			else end(queue, created.id);
			advance(30_000);
		}
		expect(queue.get(created.id)?.attempts).toBe(3);

		expect(again(queue, created.id)).toMatchObject({ state: 'approved', attempts: 0, next_attempt_utc: null });
		queue.claimDue('p', { leaseMs: 60_000 });
		expect(queue.startRequest(created.id, 'p').attempts).toBe(1);
		// A transient failure now waits and tries again: attempts are not used up.
		expect(queue.retryLater(created.id, 'p', 'HTTP 503', 30_000, 3).state).toBe('approved');
	});

	test('after a crash, a post whose lease ran out is sent again only where a repeat is safe', () => {
		const { queue, advance } = setup();
		const ids = (['mastodon', 'telegram'] as const).map((channel) => {
			const { post: created } = queue.create(post({ channel }), 'editor');
			queue.approve(created.id, 'approver');
			return created.id;
		});
		advance(3600_000);
		expect(queue.claimDue('crashed', { leaseMs: 60_000 })).toHaveLength(2);
		for (const id of ids) queue.startRequest(id, 'crashed'); // both under way when it died
		advance(61_000);
		queue.recoverExpired('scheduler', { repeatSafeForMs: (channel) => (channel === 'mastodon' ? 55 * 60_000 : 0), maxAttempts: 3 });
		expect(queue.get(ids[0]!)?.state).toBe('approved');
		expect(queue.get(ids[1]!)?.state).toBe('needs_check');
		queue.resolve(ids[1]!, 'approver', { publishedUrl: 'https://t.me/caravan/7' });
		expect(queue.get(ids[1]!)).toMatchObject({ state: 'published', remote_url: 'https://t.me/caravan/7' });
		expect(queue.depth()).toMatchObject({ approved: 1, published: 1, publishing: 0 });
	});
});

describe('recovery after a crash', () => {
	test.each([
		{ attempts: 2, state: 'approved', reason: 'sent, no answer (may be published): lease of crashed expired mid-send; repeat is safe on mastodon' },
		{
			attempts: 3,
			state: 'failed',
			reason: 'sent, no answer (may be published): lease of crashed expired mid-send on attempt 3 of 3: attempts used up; check mastodon before a retry'
		}
	])('a post on its attempt $attempts of 3 goes back to $state', ({ attempts, state, reason }) => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post({ channel: 'mastodon' }), 'editor');
		queue.approve(created.id, 'approver');
		advance(3600_000);
		for (let attempt = 1; attempt < attempts; attempt++) {
			queue.claimDue('p', { leaseMs: 60_000 });
			queue.startRequest(created.id, 'p');
			queue.retryLater(created.id, 'p', 'HTTP 503', 1_000, 3);
			advance(1_000);
		}
		queue.claimDue('crashed', { leaseMs: 60_000 });
		queue.startRequest(created.id, 'crashed');
		advance(61_000);
		expect(queue.recoverExpired('scheduler', { repeatSafeForMs: () => Infinity, maxAttempts: 3 }).map((p) => p.state)).toEqual([state]);
		expect(queue.get(created.id)).toMatchObject({ state, attempts, lease_owner: null });
		expect(queue.audit(created.id).at(-1)?.reason).toBe(reason);
	});

	test.each([
		{ name: 'recovered them first', other: (b: Queue) => b.recoverExpired('b', { repeatSafeForMs: () => Infinity, maxAttempts: 3 }), state: 'approved', owner: null },
		{
			name: 'recovered them and claimed them again',
			other: (b: Queue) => {
				b.recoverExpired('b', { repeatSafeForMs: () => Infinity, maxAttempts: 3 });
				b.claimDue('b', { leaseMs: 60_000 });
			},
			state: 'publishing',
			owner: 'b'
		}
	])('when another process $name mid-recovery, recovery carries on and leaves its work alone', ({ other, state, owner }) => {
		const { file, queue, advance } = setup();
		const ids = [1, 2, 3].map((n) => {
			const { post: created } = queue.create(post({ channel: 'mastodon', caption: `post ${n}` }), 'editor');
			queue.approve(created.id, 'approver');
			return created.id;
		});
		advance(3600_000);
		queue.claimDue('crashed', { leaseMs: 60_000 });
		for (const id of ids) queue.startRequest(id, 'crashed');
		const later = advance(61_000);
		const b = new Queue(openDb(file), () => later);
		let raced = false;
		// The other process acts after this one has found the expired leases, before it moves the first.
		const recovered = queue.recoverExpired('a', {
			repeatSafeForMs: () => {
				if (!raced) other(b);
				raced = true;
				return Infinity;
			},
			maxAttempts: 3
		});
		expect(recovered).toEqual([]);
		for (const id of ids) {
			expect(queue.get(id)).toMatchObject({ state, lease_owner: owner });
			const recoveries = queue.audit(id).filter((entry) => entry.reason.includes('lease of crashed expired'));
			expect(recoveries.map((entry) => entry.actor)).toEqual(['b']);
		}
	});
});

describe('a published address is kept only when it is http(s)', () => {
	test.each(['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'file:///srv/caravan/data/outbox/x', 'not a url'])(
		'%s from the network: no address kept, the remote id is, and the audit log says why',
		(url) => {
			const { queue, advance } = setup();
			const { post: created } = queue.create(post(), 'editor');
			queue.approve(created.id, 'approver');
			advance(3600_000);
			queue.claimDue('p', { leaseMs: 60_000 });
			queue.published(created.id, 'p', { id: '42', url });
			expect(queue.get(created.id)).toMatchObject({ state: 'published', remote_id: '42', remote_url: null });
			expect(queue.audit(created.id).at(-1)?.reason).toMatch(/^published as 42; the address .* is not an http\(s\) address/);
			expect(queue.audit(created.id).at(-1)?.reason).not.toContain(url);
		}
	);

	test('a person’s check that names a javascript: address: published, without the address', () => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.approve(created.id, 'approver');
		advance(3600_000);
		queue.claimDue('p', { leaseMs: 60_000 });
		queue.needsCheck(created.id, 'p', 'sent, no answer (may be published): timed out');
		queue.resolve(created.id, 'approver', { publishedUrl: 'javascript:alert(1)' });
		expect(queue.get(created.id)).toMatchObject({ state: 'published', remote_url: null });
		expect(queue.audit(created.id).at(-1)?.reason).toMatch(/^checked: was published; the address given is not an http\(s\) address \(javascript:\)/);
	});
});

describe('an attempt counts when its request starts', () => {
	test('claiming a post does not count an attempt; starting its request does, in its own committed step', () => {
		const { file, queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.approve(created.id, 'approver');
		advance(3600_000);
		expect(queue.claimDue('p', { leaseMs: 60_000 })[0]).toMatchObject({ attempts: 0, request_started_at: null });
		queue.startRequest(created.id, 'p');
		// Another connection sees it at once: it is on disk before the request goes out.
		expect(new Queue(openDb(file)).get(created.id)).toMatchObject({ attempts: 1, request_started_at: '2026-12-01T13:00:00.000Z' });
		expect(queue.audit(created.id).at(-1)).toMatchObject({ from_state: 'publishing', to_state: 'publishing', reason: 'attempt 1: request started' });
	});

	test('only the lease holder starts a request', () => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.approve(created.id, 'approver');
		advance(3600_000);
		queue.claimDue('p', { leaseMs: 60_000 });
		expect(() => queue.startRequest(created.id, 'someone-else')).toThrow(QueueError);
		expect(queue.get(created.id)?.attempts).toBe(0);
	});

	test.each([
		{ channel: 'telegram', window: 0 },
		{ channel: 'bluesky', window: Infinity }
	] as const)('after a crash, a $channel post whose request never started goes back to approved with its attempts', ({ channel, window }) => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post({ channel }), 'editor');
		queue.approve(created.id, 'approver');
		advance(3600_000);
		for (let crash = 1; crash <= 4; crash++) {
			queue.claimDue('crashed', { leaseMs: 60_000 });
			advance(61_000);
			queue.recoverExpired('scheduler', { repeatSafeForMs: () => window, maxAttempts: 3 });
			expect(queue.get(created.id)).toMatchObject({ state: 'approved', attempts: 0, lease_owner: null });
		}
		expect(queue.audit(created.id).at(-1)?.reason).toBe('not sent: lease of crashed expired before its request started; back in the queue');
	});
});

describe('cancel and restore', () => {
	test('a cancelled draft or approved post is restored to draft, in the audit log, and needs approval again', () => {
		const { queue } = setup();
		const draft = queue.create(post(), 'editor').post;
		const approved = queue.create(post({ caption: 'B' }), 'editor').post;
		queue.approve(approved.id, 'approver');
		for (const { id } of [draft, approved]) {
			queue.cancel(id, 'approver');
			expect(queue.restore(id, 'approver@example.org')).toMatchObject({ state: 'draft', attempts: 0, last_error: null });
			expect(queue.audit(id).slice(-2).map((entry) => [entry.from_state, entry.to_state, entry.reason])).toEqual([
				[id === draft.id ? 'draft' : 'approved', 'cancelled', 'cancelled'],
				['cancelled', 'draft', 'restored to draft: needs approval again']
			]);
		}
		expect(queue.claimDue('p', { leaseMs: 1000 })).toEqual([]); // a restored post is not sent until approved again
	});

	test('a failed post cancelled and restored starts again with a full set of attempts', () => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.approve(created.id, 'approver');
		advance(3600_000);
		queue.claimDue('p', { leaseMs: 60_000 });
		queue.startRequest(created.id, 'p');
		queue.failed(created.id, 'p', 'rejected by the network: HTTP 400');
		queue.cancel(created.id, 'approver');
		expect(queue.restore(created.id, 'approver')).toMatchObject({ state: 'draft', attempts: 0, last_error: null, next_attempt_utc: null, lease_owner: null });
		queue.approve(created.id, 'approver');
		expect(queue.roundStartedAt(created.id)).toBeUndefined(); // a new round: nothing sent since this approval
	});

	test('a post cancelled while nobody knew whether the network took it is not restored', () => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.approve(created.id, 'approver');
		advance(3600_000);
		queue.claimDue('p', { leaseMs: 60_000 });
		queue.startRequest(created.id, 'p');
		queue.needsCheck(created.id, 'p', 'sent, no answer (may be published): timed out');
		queue.cancel(created.id, 'approver');
		expect(() => queue.restore(created.id, 'approver')).toThrow(/may be published, so it is not restored/);
		expect(queue.get(created.id)?.state).toBe('cancelled');
	});

	test.each(['draft', 'approved', 'published'] as const)('only a cancelled post is restored (not a %s one)', (state) => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor');
		if (state !== 'draft') queue.approve(created.id, 'approver');
		if (state === 'published') {
			advance(3600_000);
			queue.claimDue('p', { leaseMs: 60_000 });
			queue.published(created.id, 'p', { id: '1' });
		}
		expect(() => queue.restore(created.id, 'approver')).toThrow(`is ${state}: it cannot become draft`);
		expect(() => queue.restore('no-such-post', 'approver')).toThrow('No post no-such-post');
	});
});

describe('review notes', () => {
	test('a note is kept with its author and time and shown with the changes, in order', () => {
		const { queue, advance } = setup();
		const { post: created } = queue.create(post(), 'editor');
		advance(60_000);
		queue.note(created.id, 'Dilnoza Editor', '  Check the date in the caption.\r\nThanks  ');
		advance(60_000);
		queue.approve(created.id, 'Bakyt Approver');
		queue.note(created.id, 'Bakyt Approver', 'Looks right.');
		expect(queue.notes(created.id).map((note) => [note.actor, note.body])).toEqual([
			['Dilnoza Editor', 'Check the date in the caption.\nThanks'],
			['Bakyt Approver', 'Looks right.']
		]);
		expect(queue.history(created.id).map((entry) => (entry.kind === 'note' ? `note: ${entry.body}` : `${entry.from_state ?? '–'} → ${entry.to_state}`))).toEqual([
			'– → draft',
			'note: Check the date in the caption.\nThanks',
			'draft → approved',
			'note: Looks right.'
		]);
		expect(queue.get(created.id)?.state).toBe('approved'); // a note changes nothing
	});

	test('an empty note, a note over 2,000 characters and a note on no post are refused', () => {
		const { queue } = setup();
		const { post: created } = queue.create(post(), 'editor');
		expect(() => queue.note(created.id, 'x', ' \n ')).toThrow('A note needs some text');
		expect(() => queue.note(created.id, 'x', 'a'.repeat(2001))).toThrow('2000 characters at most (this one is 2001)');
		expect(() => queue.note('nope', 'x', 'hello')).toThrow('No post nope');
		expect(queue.notes(created.id)).toEqual([]);
	});
});

describe('several posts at once', () => {
	test('compose-once: every post is made, or none when one is refused', () => {
		const { queue } = setup();
		const made = queue.createMany(
			[post({ plan_key: 'dashboard:t1:uz:telegram' }), post({ locale: 'ru', channel: 'mastodon', plan_key: 'dashboard:t1:ru:mastodon' })],
			'editor'
		);
		expect(made.map(({ post: p, created }) => [p.locale, p.channel, created])).toEqual([
			['uz', 'telegram', true],
			['ru', 'mastodon', true]
		]);
		// Sent twice (a reload of the form): nothing new.
		expect(queue.createMany([post({ plan_key: 'dashboard:t1:uz:telegram' })], 'editor')[0]?.created).toBe(false);
		expect(() => queue.createMany([post({ plan_key: 'dashboard:t2:uz:telegram' }), post({ caption: '' })], 'editor')).toThrow(QueueError);
		expect(queue.list()).toHaveLength(2);
	});

	test('the next draft in time order, then the first one left; none when it is the only one', () => {
		const { queue } = setup();
		const at = (hour: number) => `2026-12-02T0${hour}:00:00.000Z`;
		const [a, b, c] = [1, 2, 3].map((hour) => queue.create(post({ scheduled_utc: at(hour), caption: `p${hour}` }), 'editor').post);
		queue.approve(b!.id, 'approver');
		expect(queue.nextDraft(a!.id)?.id).toBe(c!.id); // b is approved: skipped
		expect(queue.nextDraft(c!.id)?.id).toBe(a!.id); // nothing after c: the first draft left
		queue.approve(a!.id, 'approver');
		expect(queue.nextDraft(c!.id)).toBeUndefined();
	});

	test('an edit can say why in the audit log (a move by the queue’s bulk actions)', () => {
		const { queue } = setup();
		const { post: created } = queue.create(post(), 'editor');
		queue.edit(created.id, 'approver', { scheduled_utc: '2026-12-03T13:00:00.000Z' }, { why: 'moved 2 days later' });
		expect(queue.audit(created.id).at(-1)?.reason).toBe('edited (scheduled_utc): moved 2 days later');
		queue.approve(created.id, 'approver');
		queue.edit(created.id, 'approver', { scheduled_utc: '2026-12-04T13:00:00.000Z' }, { why: 'moved 1 day later' });
		expect(queue.audit(created.id).at(-1)?.reason).toBe('edited (scheduled_utc): moved 1 day later; needs approval again');
	});
});
