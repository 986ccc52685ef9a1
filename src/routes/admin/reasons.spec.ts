import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { translate } from '#lib/dashboard/i18n/index.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { needsNewToken } from '#lib/server/publishing/channels/meta.ts';
import { publishDue } from '#lib/server/publishing/publish.ts';
import { openDb } from '#lib/server/store/database.ts';
import { Queue, type CardSnapshot } from '#lib/server/store/posts.ts';
import type { CardText } from '#lib/server/views/card.ts';
import { auditReason, movedWhy, pauseReason } from './reasons.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function setup() {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-reasons-'));
	dirs.push(dir);
	let now = new Date('2026-12-01T12:00:00Z');
	const db = openDb(join(dir, 'caravan.db'));
	const queue = new Queue(db, () => now);
	const draft = (channel: 'outbox' | 'telegram' = 'outbox') =>
		queue.create(
			{ item_kind: 'topic', item_slug: 'youth-education', locale: 'en', channel, caption: 'Study', alt: 'A card', scheduled_utc: '2026-12-01T11:00:00.000Z', zone: 'UTC' },
			'editor'
		).post.id;
	return { dir, db, queue, draft, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

// A card as a post keeps it: only its presence matters to the queue here.
const snapshot = { card: { title: 'A card' } as unknown as CardText, card_keys: { square: 'k' } } satisfies CardSnapshot;

/** Every reason the queue wrote, as stored. */
const allReasons = (db: ReturnType<typeof openDb>) => (db.prepare('SELECT DISTINCT reason FROM audit ORDER BY id').all() as { reason: string }[]).map((row) => row.reason);

describe('the audit log in the reader’s language', () => {
	test('every reason the queue and the publisher write is read back into words of both catalogues, nothing shown as stored', async () => {
		const { dir, db, queue, draft, advance } = setup();
		const lease = { leaseMs: 60_000 };
		const window = { repeatSafeForMs: () => Infinity, maxAttempts: 3 };

		// A person's changes: approve (and with the content's card), edit, move three ways, refresh, cancel, restore.
		const a = draft();
		queue.approve(a, 'approver');
		queue.edit(a, 'editor', { caption: 'Study in Europe', alt: 'The card' });
		queue.edit(a, 'editor', { scheduled_utc: '2026-12-03T11:00:00.000Z' }, { why: movedWhy.days(2) });
		queue.edit(a, 'editor', { scheduled_utc: '2026-12-02T11:00:00.000Z' }, { why: movedWhy.days(-1) });
		queue.edit(a, 'editor', { scheduled_utc: '2026-12-04T11:00:00.000Z', zone: 'Asia/Almaty' }, { why: movedWhy.calendar('2026-12-04 16:00 Asia/Almaty') });
		queue.approve(a, 'approver');
		queue.edit(a, 'approver', { scheduled_utc: '2026-12-05T11:00:00.000Z' }, { why: movedWhy.to('2026-12-05 16:00 Asia/Almaty') });
		queue.refresh(a, 'editor', { caption: 'New', alt: 'New', ...snapshot });
		queue.approve(a, 'approver');
		queue.refresh(a, 'approver', { caption: 'Newer', alt: 'Newer', ...snapshot });
		queue.cancel(a, 'approver');
		queue.restore(a, 'approver');
		db.prepare('UPDATE posts SET card = NULL WHERE id = ?').run(a); // as a post made before cards were kept
		queue.approve(a, 'approver', snapshot);

		// The publisher's: claimed, started, published (an address that is not kept), a retry and giving up,
		// a wait, a release, a person's checks, a retry asked for.
		const published = draft();
		queue.approve(published, 'approver');
		queue.claimDue('publisher', lease);
		queue.startRequest(published, 'publisher');
		queue.published(published, 'publisher', { id: 'remote-1', url: 'javascript:alert(1)' });
		const retried = draft();
		queue.approve(retried, 'approver');
		queue.claimDue('publisher', lease);
		queue.retryLater(retried, 'publisher', 'rejected by the network: Mastodon answered 422: Validation failed', 0, 3);
		queue.claimDue('publisher', lease);
		queue.postpone(retried, 'publisher', 'not sent: outbox is paused', 0);
		queue.claimDue('publisher', lease);
		queue.release(retried, 'publisher');
		queue.claimDue('publisher', lease);
		queue.retryLater(retried, 'publisher', 'not sent: Telegram could not be reached (ECONNREFUSED)', 0, 1);
		queue.retry(retried, 'approver');
		queue.claimDue('publisher', lease);
		queue.needsCheck(retried, 'publisher', 'sent, no answer (may be published): Telegram did not answer in time');
		queue.resolve(retried, 'approver', { sendAgain: true });
		queue.claimDue('publisher', lease);
		queue.needsCheck(retried, 'publisher', 'sent, no answer (may be published): Telegram did not answer in time');
		queue.resolve(retried, 'approver', { publishedUrl: 'https://t.me/caravan/1' });
		const checked = draft();
		queue.approve(checked, 'approver');
		queue.claimDue('publisher', lease);
		queue.needsCheck(checked, 'publisher', 'sent, no answer (may be published): the network was silent');
		queue.resolve(checked, 'approver', { publishedUrl: 'data:text/plain,x' });

		// Recovery after a publisher died: not started; started and safe to repeat; safe but used up; not safe.
		for (const [started, repeatSafe, attempts] of [
			[false, Infinity, 0],
			[true, Infinity, 0],
			[true, Infinity, 3],
			[true, 0, 0]
		] as const) {
			const id = draft();
			queue.approve(id, 'approver');
			queue.claimDue('crashed', lease);
			if (started) queue.startRequest(id, 'crashed');
			db.prepare('UPDATE posts SET attempts = max(attempts, ?) WHERE id = ?').run(attempts, id);
			advance(120_000);
			queue.recoverExpired('recovery', { ...window, repeatSafeForMs: () => repeatSafe });
			if (queue.get(id)!.state === 'approved') queue.cancel(id, 'approver');
		}

		// The publisher for a channel this server has not set up.
		draft('telegram');
		db.prepare(`UPDATE posts SET state = 'approved' WHERE channel = 'telegram'`).run();
		await publishDue(queue, loadContent(), new Map(), {
			owner: 'publisher',
			leaseMs: 60_000,
			timeoutMs: 1_000,
			maxAttempts: 3,
			backoffMs: 1_000,
			cardsDir: join(dir, 'cards'),
			siteUrl: 'https://caravan.example.org',
			log: () => {}
		});

		const reasons = allReasons(db);
		// The publisher's own words kept by its specs (publish.spec.ts, meta-publish.spec.ts), read back here too.
		reasons.push('waits: not sent: instagram is paused');
		reasons.push('sent, no answer (may be published): an earlier attempt may have posted it, and it is not sent again: mastodon recognises a repeat for 60 min from the first attempt, and that has passed');
		expect(reasons.length).toBeGreaterThan(30);
		for (const reason of reasons) {
			const said = auditReason(reason);
			expect(said.key, reason).not.toBe('audit.asStored');
			const [en, ru] = [translate('en', said), translate('ru', said)];
			expect(en, reason).not.toMatch(/\{\w+\}/);
			expect(ru, reason).not.toMatch(/\{\w+\}/);
			// In Russian, only what is not ours stays as it came: a network's words, an address, an id, a zone, a channel's name.
			const kept = ['Mastodon answered 422: Validation failed', 'Telegram could not be reached (ECONNREFUSED)', 'Telegram did not answer in time', 'The network was silent'];
			const left = kept
				.reduce((text, words) => text.replace(words, ''), ru)
				.replace(/https?:\/\/\S+|[A-Z][\w/]+|\b(remote-1|outbox|telegram|mastodon|instagram|data|javascript)\b/g, '');
			expect(left, `${reason} → ${ru}`).not.toMatch(/[a-z]{3,}/);
		}
	});

	test('what a person did reads plainly in both languages', () => {
		const say = (reason: string) => [translate('en', auditReason(reason)), translate('ru', auditReason(reason))];
		expect(say('edited (caption, alt, scheduled_utc, zone)')).toEqual(['edited: caption; alt text; time; time zone', 'изменено: текст; описание картинки; время; часовой пояс']);
		expect(say('edited (scheduled_utc): moved on the calendar to 2033-03-27 10:00 Europe/Brussels')).toEqual([
			'edited: time; moved on the calendar to 2033-03-27 10:00 Europe/Brussels',
			'изменено: время; перенесена в календаре на 2033-03-27 10:00 Europe/Brussels'
		]);
		expect(say('edited (scheduled_utc): moved 5 days earlier; needs approval again')).toEqual([
			'edited: time; moved 5 days earlier: needs approval again',
			'изменено: время; перенесена на 5 дней раньше: нужно утвердить снова'
		]);
		expect(say('restored to draft: needs approval again')).toEqual(['restored to draft: needs approval again', 'возвращена в черновики: нужно утвердить снова']);
		expect(say('will retry: not sent: Telegram could not be reached (ECONNREFUSED)')[1]).toBe(
			'Публикация не была отправлена. Caravan сам попробует отправить её ещё раз. Подробности: Telegram could not be reached (ECONNREFUSED)'
		);
		// A reason this page does not know (written by a later version, or by hand) is shown as stored.
		expect(say('moved by the night shift')).toEqual(['moved by the night shift', 'moved by the night shift']);
	});

	test('a channel paused by the scheduler for its token says why in the reader’s language, and names no setting', () => {
		const reason = pauseReason(needsNewToken('Threads', 'THREADS_TOKEN'));
		expect(reason.key).toBe('pause.newToken');
		expect(translate('ru', reason)).toBe(
			'нужен новый токен: Threads его не принимает (срок истёк или доступ отозван). Тот, кто обслуживает сервер, делает новый (см. «Справку»); затем снимите канал с паузы.'
		);
		expect(translate('en', reason)).not.toContain('THREADS_TOKEN');
		// The other networks' pauses, as their channels write them: the network kept, the setting left out.
		for (const [stored, network] of [
			['needs a new token: Mastodon refused MASTODON_TOKEN', 'Mastodon'],
			['needs a new app password: Bluesky refused BLUESKY_APP_PASSWORD', 'Bluesky'],
			['needs a new token: VK refused the token (expired or revoked). Make a new user token with the rights wall, photos and offline, set VK_TOKEN, restart the scheduler, then resume the channel.', 'VK'],
			['needs a new token: X refused the token (expired or revoked). Authorize the app again for the account, set X_TOKEN (or X_REFRESH_TOKEN), restart the scheduler, then resume the channel.', 'X']
		]) {
			for (const lang of ['en', 'ru'] as const) {
				const said = translate(lang, pauseReason(stored!));
				expect(said, stored).toContain(network);
				expect(said, stored).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
			}
		}
		expect(translate('ru', pauseReason('needs a new app password: Bluesky refused BLUESKY_APP_PASSWORD'))).toMatch(/^нужен новый пароль приложения: Bluesky/);
		expect(translate('ru', pauseReason('maintenance'))).toBe('maintenance');
	});
});
