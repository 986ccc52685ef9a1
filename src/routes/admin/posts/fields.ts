/**
 * The post form's fields, checked on the server. Each problem is reported against its field, in words
 * the team can act on; what was typed is handed back so nothing is lost.
 */
import { captionProblem } from '#lib/core/captions.ts';
import type { ChannelName } from '#lib/core/catalogue.ts';
import { zonedToUtc } from '#lib/core/time.ts';
import { zones } from '#lib/core/catalogue.ts';
import { check } from '#lib/core/post-fields.ts';
import type { Content } from '#lib/server/content/load.ts';

export type FieldErrors = Record<string, string>;

/** The plan key prefix of the posts one compose-once form made: the queue lists them together after. */
export const composedKey = (token: string) => `dashboard:${token}:`;

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

/** Whether an instant is too far in the past for a post. */
export const passed = (utc: Date, now = new Date()) => utc.getTime() < now.getTime() - pastGraceMs;

/** A wall-clock date and time ("2026-12-07", "18:00"), each with an error on its field when it is not one. */
export function dateAndTime(form: FormData, errors: FieldErrors): { date: string; time: string; ok: boolean } {
	const date = text(form, 'date').trim();
	const time = text(form, 'time').trim();
	const parsed = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
	const real = !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === date; // not 2026-02-30
	if (!real) errors.date = 'Enter a date like 2026-12-07.';
	if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.time = 'Enter a time like 18:00 (24-hour clock).';
	return { date, time, ok: !errors.date && !errors.time };
}

/** Date, time and zone → the instant, or an error on the field that is wrong. Any IANA zone is taken. */
export function when(form: FormData, errors: FieldErrors, now = new Date()): { date: string; time: string; zone: string; utc?: string } {
	const { date, time } = dateAndTime(form, errors);
	const zone = text(form, 'zone');
	if (check.zone(zone)) errors.zone = 'Choose a time zone from the list.';
	if (errors.date || errors.time || errors.zone) return { date, time, zone };
	const utc = zonedToUtc(`${date}T${time}`, zone);
	if (passed(utc, now)) {
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
	const problem = captionProblem(channel, trimmed);
	if (problem) errors.caption = problem;
	return trimmed;
}

export function alt(value: string, errors: FieldErrors): string {
	const trimmed = value.trim();
	if (!trimmed) errors.alt = 'Describe the card for people who cannot see it.';
	else if (trimmed.length > 1000) errors.alt = `The description is ${trimmed.length} characters; keep it to 1,000.`;
	return trimmed;
}
