import { describe, expect, test } from 'vitest';
import { redact, resetMs, retryAfterMs } from './http.ts';

const now = Date.parse('2026-12-01T13:00:00Z');

describe('Retry-After', () => {
	test.each([
		['seconds', '42', 42_000],
		['seconds, with spaces', ' 7 ', 7_000],
		['zero', '0', 0],
		['an HTTP date', 'Tue, 01 Dec 2026 13:02:00 GMT', 120_000],
		['an HTTP date already past', 'Tue, 01 Dec 2026 12:59:00 GMT', 0],
		['absent', null, undefined],
		['empty', '', undefined],
		['unreadable', 'soon', undefined],
		['negative seconds', '-5', undefined]
	])('%s (%j) → %s ms', (_, header, ms) => {
		expect(retryAfterMs(header, now)).toBe(ms);
	});
});

describe('a rate limit reset moment', () => {
	test.each([
		['unix seconds (RateLimit-Reset)', String(now / 1000 + 90), 90_000],
		['a date (X-RateLimit-Reset)', '2026-12-01T13:00:30.000Z', 30_000],
		['past', String(now / 1000 - 60), 0],
		['absent', null, undefined],
		['unreadable', 'later', undefined]
	])('%s (%j) → %s ms', (_, header, ms) => {
		expect(resetMs(header, now)).toBe(ms);
	});
});

describe('redaction', () => {
	test.each([
		['a secret', 'bad token 123456:ABC-DEF', ['123456:ABC-DEF'], {}, 'bad token [redacted]'],
		['its URL-encoded form too', 'GET /bot123456%3AABC-DEF/sendPhoto', ['123456:ABC-DEF'], {}, 'GET /bot[redacted]/sendPhoto'],
		['every occurrence', 'a s3cret-value b s3cret-value', ['s3cret-value'], {}, 'a [redacted] b [redacted]'],
		['the longest first, so no part of a secret is left', 'key abcdef-123456', ['abcdef', 'abcdef-123456'], {}, 'key [redacted]'],
		['with the channel’s own mark', 'Token tok-123 lacks a scope', ['tok-123'], { mark: '***' }, 'Token *** lacks a scope'],
		['nothing for an empty secret', 'nothing to hide', ['', undefined], {}, 'nothing to hide'],
		['short pieces left alone when asked', 'path /a/hook-secret-path', ['a', 'hook-secret-path'], { minLength: 6 }, 'path /a/[redacted]']
	] as [string, string, (string | undefined)[], { mark?: string; minLength?: number }, string][])('%s', (_, text, secrets, options, shown) => {
		expect(redact(text, secrets, options)).toBe(shown);
	});
});
