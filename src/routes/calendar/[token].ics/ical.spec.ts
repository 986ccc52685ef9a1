import { expect, test } from 'vitest';
import { calendar, fold } from './ical.ts';
import type { Post } from '#lib/server/store/posts.ts';

test('long lines fold at 75 octets without splitting a Cyrillic letter', () => {
	const line = `SUMMARY:${'Қазақстан '.repeat(12)}`;
	const folded = fold(line).split('\r\n');
	expect(folded.length).toBeGreaterThan(2);
	for (const part of folded) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
	expect(folded.map((part, i) => (i ? part.slice(1) : part)).join('')).toBe(line);
	expect(folded.slice(1).every((part) => part.startsWith(' '))).toBe(true);
});

test('an event per post, at its UTC instant, with text escaped', () => {
	const post = { id: 'p1', scheduled_utc: '2026-12-07T13:00:00.000Z', state: 'approved', channel: 'telegram', locale: 'uz', caption: 'One; two, three\nfour\rEND:VEVENT\u0007', title: 'Youth' } as Post & { title: string };
	const text = calendar([post], 'https://caravan.example', new Date('2026-12-01T00:00:00Z'));
	expect(text).toContain('DTSTART:20261207T130000Z\r\n');
	expect(text).toContain('DTEND:20261207T131500Z\r\n');
	// A bare carriage return cannot end the event early; other control characters go.
	expect(text).toContain('DESCRIPTION:One\\; two\\, three\\nfour\\nEND:VEVENT\r\n');
	expect(text.match(/END:VEVENT/g)).toHaveLength(2);
	expect(text).toContain('SUMMARY:[approved] telegram · uz · Youth\r\n');
	expect(text).toContain('URL:https://caravan.example/admin/posts/p1/\r\n');
	expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
});
