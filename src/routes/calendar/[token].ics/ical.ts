/** Scheduled posts as an iCalendar feed (RFC 5545), for the team's calendar apps. */
import type { Post } from '#lib/server/store/posts.ts';

/** Escapes TEXT values: backslash, semicolon, comma, any line break; other control characters go. */
const escape = (text: string) =>
	text
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n|\u2028|\u2029/g, '\\n')
		.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

/** Folds a content line at 75 octets, never inside a UTF-8 character. */
export function fold(line: string): string {
	const out: string[] = [];
	let current = '';
	let octets = 0;
	for (const char of line) {
		const size = Buffer.byteLength(char);
		if (octets + size > (out.length ? 74 : 75)) {
			out.push(current);
			current = '';
			octets = 0;
		}
		current += char;
		octets += size;
	}
	out.push(current);
	return out.join('\r\n ');
}

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function calendar(posts: (Post & { title: string })[], dashboardUrl: string, now = new Date()): string {
	const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Caravan//Publishing calendar//EN', 'CALSCALE:GREGORIAN', 'X-WR-CALNAME:Caravan posts'];
	for (const post of posts) {
		const start = new Date(post.scheduled_utc);
		lines.push(
			'BEGIN:VEVENT',
			`UID:${post.id}@caravan`,
			`DTSTAMP:${stamp(now.toISOString())}`,
			`DTSTART:${stamp(start.toISOString())}`,
			`DTEND:${stamp(new Date(start.getTime() + 15 * 60_000).toISOString())}`,
			`SUMMARY:${escape(`[${post.state.replace('_', ' ')}] ${post.channel} · ${post.locale} · ${post.title}`)}`,
			`DESCRIPTION:${escape(post.caption)}`,
			`URL:${dashboardUrl}/admin/posts/${post.id}/`,
			`STATUS:${post.state === 'draft' ? 'TENTATIVE' : 'CONFIRMED'}`,
			'END:VEVENT'
		);
	}
	lines.push('END:VCALENDAR');
	return lines.map(fold).join('\r\n') + '\r\n';
}
