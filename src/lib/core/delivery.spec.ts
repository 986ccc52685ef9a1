import { describe, expect, test } from 'vitest';
import { channels } from '#lib/core/catalogue.ts';
import { mayRepeat, mustNotSend, windowPassed } from './delivery.ts';

const minutes = 60_000;
const start = new Date('2026-12-01T12:00:00Z');
const at = (after: number) => start.getTime() + after;

describe('may a send whose outcome is unknown be repeated?', () => {
	test.each([
		['the outbox (a folder per post), days later', channels.outbox.repeatSafeForMs, start, at(3 * 24 * 60 * minutes), true],
		['Bluesky (a record key per post), days later', channels.bluesky.repeatSafeForMs, start, at(3 * 24 * 60 * minutes), true],
		['Telegram, at once', channels.telegram.repeatSafeForMs, start, at(0), false],
		['a webhook, with no request in this round yet', channels.webhook.repeatSafeForMs, undefined, at(0), false],
		['Mastodon, 10 min after the round’s first request', channels.mastodon.repeatSafeForMs, start, at(10 * minutes), true],
		['Mastodon, 54 min 59 s after it', channels.mastodon.repeatSafeForMs, start, at(55 * minutes - 1000), true],
		['Mastodon, 55 min after it', channels.mastodon.repeatSafeForMs, start, at(55 * minutes), false],
		['Mastodon, with no request in this round yet', channels.mastodon.repeatSafeForMs, undefined, at(0), true]
	] as const)('%s: %s', (_, windowMs, roundStartedAt, when, safe) => {
		expect(mayRepeat({ windowMs, roundStartedAt }, when)).toBe(safe);
	});

	test.each([
		['never safe (Telegram): the send itself goes, a person checks only after an unknown outcome', 0, false],
		['always safe (Bluesky)', Infinity, false],
		['Mastodon, inside its window', 55 * minutes, false]
	] as const)('before a send, %s', (_, windowMs, refused) => {
		expect(mustNotSend({ windowMs, roundStartedAt: start }, at(30 * minutes))).toBe(refused);
	});

	test('before a send, Mastodon once its window has passed: not sent at all (an earlier attempt may have posted it)', () => {
		expect(mustNotSend({ windowMs: 55 * minutes, roundStartedAt: start }, at(56 * minutes))).toBe(true);
	});

	test('says which network and for how long it recognises a repeat', () => {
		expect(windowPassed('mastodon', 55 * minutes)).toBe('mastodon recognises a repeat for 55 min from the first attempt, and that has passed');
	});
});
