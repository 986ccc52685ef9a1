/**
 * The post form's fields, checked on the server. Each problem is reported against its field, in words
 * the team can act on; what was typed is handed back so nothing is lost.
 */
import { captionLength } from '#lib/core/captions.ts';
import type { ChannelName } from '#lib/core/catalogue.ts';
import { zonedToUtc } from '#lib/core/time.ts';
import { zones } from '#lib/core/catalogue.ts';
import { check } from '#lib/core/post-fields.ts';
import type { Content } from '#lib/server/content/load.ts';

export type FieldErrors = Record<string, string>;

/** How far in the past a time may be (a post "for now" is fine; yesterday is a mistake). */
const pastGraceMs = 5 * 60_000;

export function text(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

/**
 * The zones a post's form offers: the dashboard's own, every zone a campaign uses, and the post's own,
 * so that saving a post never moves it to another zone without a person choosing one.
 */
export function zoneOptions(content: Content, own?: string): string[] {
	return [...new Set([...zones, ...content.campaigns.map((campaign) => campaign.zone), ...(own ? [own] : [])])];
}

/** Date, time and zone → the instant, or an error on the field that is wrong. Any IANA zone is taken. */
export function when(form: FormData, errors: FieldErrors, now = new Date()): { date: string; time: string; zone: string; utc?: string } {
	const date = text(form, 'date').trim();
	const time = text(form, 'time').trim();
	const zone = text(form, 'zone');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) errors.date = 'Enter a date like 2026-12-07.';
	if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.time = 'Enter a time like 18:00 (24-hour clock).';
	if (check.zone(zone)) errors.zone = 'Choose a time zone from the list.';
	if (errors.date || errors.time || errors.zone) return { date, time, zone };
	const utc = zonedToUtc(`${date}T${time}`, zone);
	if (utc.getTime() < now.getTime() - pastGraceMs) {
		errors.time = `${date} ${time} in ${zone} has passed: choose a time from now on.`;
		return { date, time, zone };
	}
	return { date, time, zone, utc: utc.toISOString() };
}

export function caption(value: string, channel: ChannelName, errors: FieldErrors): string {
	// One kind of line break; no other control characters (they break feeds and previews).
	const trimmed = value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
	if (!trimmed) {
		errors.caption = 'Write a caption.';
		return trimmed;
	}
	const { length, limit, unit } = captionLength(channel, trimmed);
	if (length > limit) errors.caption = `The caption is ${length} ${unit}; ${channel} allows ${limit}. Shorten it by ${length - limit}.`;
	return trimmed;
}

export function alt(value: string, errors: FieldErrors): string {
	const trimmed = value.trim();
	if (!trimmed) errors.alt = 'Describe the card for people who cannot see it.';
	else if (trimmed.length > 1000) errors.alt = `The description is ${trimmed.length} characters; keep it to 1,000.`;
	return trimmed;
}
