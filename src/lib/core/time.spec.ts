import { describe, expect, test } from 'vitest';
import { addLocalDays, offsetMinutes, utcToZoned, zonedToUtc } from './time.ts';

describe('local times in a zone', () => {
	test.each([
		['Asia/Almaty', '2026-12-01T18:00', '2026-12-01T13:00:00.000Z'], // UTC+5 since March 2024
		['Asia/Bishkek', '2026-12-01T18:00', '2026-12-01T12:00:00.000Z'],
		['Asia/Dushanbe', '2026-12-01T18:00', '2026-12-01T13:00:00.000Z'],
		['Asia/Ashgabat', '2026-12-01T18:00', '2026-12-01T13:00:00.000Z'],
		['Asia/Tashkent', '2026-12-01T18:00', '2026-12-01T13:00:00.000Z'],
		['Europe/Brussels', '2026-12-01T18:00', '2026-12-01T17:00:00.000Z'],
		['Europe/Brussels', '2026-07-01T18:00', '2026-07-01T16:00:00.000Z'],
		['UTC', '2026-07-01T18:00', '2026-07-01T18:00:00.000Z']
	])('%s %s is %s', (zone, local, utc) => {
		expect(zonedToUtc(local, zone).toISOString()).toBe(utc);
		expect(utcToZoned(new Date(utc), zone)).toBe(local);
	});

	test('18:00 in Brussels every day for a week across the end of summer time stays 18:00', () => {
		// Summer time ends on Sunday 25 October 2026 at 03:00 local.
		const days = Array.from({ length: 7 }, (_, i) => addLocalDays('2026-10-22T18:00', i));
		const instants = days.map((day) => zonedToUtc(day, 'Europe/Brussels'));
		expect(instants.map((instant) => utcToZoned(instant, 'Europe/Brussels'))).toEqual(days);
		expect(instants.map((instant) => instant.getUTCHours())).toEqual([16, 16, 16, 17, 17, 17, 17]);
		// Not 24 hours apart over the change: one day is 25 hours long.
		expect(instants[3]!.getTime() - instants[2]!.getTime()).toBe(25 * 3600_000);
	});

	test('a time that does not exist (clocks jump forward) moves forward by the jump', () => {
		// 29 March 2026, 02:00 → 03:00 in Brussels.
		expect(zonedToUtc('2026-03-29T02:30', 'Europe/Brussels').toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(utcToZoned(zonedToUtc('2026-03-29T02:30', 'Europe/Brussels'), 'Europe/Brussels')).toBe('2026-03-29T03:30');
	});

	test('a time that happens twice (clocks go back) is the first of the two', () => {
		// 25 October 2026: 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC.
		expect(zonedToUtc('2026-10-25T02:30', 'Europe/Brussels').toISOString()).toBe('2026-10-25T00:30:00.000Z');
	});

	test('offsets', () => {
		expect(offsetMinutes('Asia/Tashkent', new Date('2026-06-01T00:00:00Z'))).toBe(300);
		expect(offsetMinutes('Europe/Brussels', new Date('2026-06-01T00:00:00Z'))).toBe(120);
	});

	test('a malformed local time is refused clearly', () => {
		expect(() => zonedToUtc('tomorrow at six', 'Asia/Tashkent')).toThrow(/not a local time like/);
	});
});
