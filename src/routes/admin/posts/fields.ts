/**
 * The post form's fields, checked on the server. Each problem is reported against its field, in words
 * the team can act on; what was typed is handed back so nothing is lost.
 */
import { captionLength, captionRules, hashtagCount, markLinks, type LinkMarks } from '#lib/core/captions.ts';
import type { ChannelName, Format } from '#lib/core/catalogue.ts';
import { zonedToUtc } from '#lib/core/time.ts';
import { zones } from '#lib/core/catalogue.ts';
import { check, mediaIssue } from '#lib/core/post-fields.ts';
import type { Content } from '#lib/server/content/load.ts';
import type { Post } from '#lib/server/store/posts.ts';
import { message, type Message } from '#lib/dashboard/i18n/index.ts';

/** Each field's problem, said on the page in the reader's language. */
export type FieldErrors = Record<string, Message>;

/**
 * What a person is told when the queue refused a change because the post moved on meanwhile (someone
 * else approved, cancelled or sent it): its state now. The queue's own reason is for the logs.
 */
export const conflict = (post: Post | undefined): Message =>
	post ? message('error.conflict', { state: message(`state.${post.state}`) }) : message('error.noPost');

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
	if (!real) errors.date = message('error.date');
	if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errors.time = message('error.time');
	return { date, time, ok: !errors.date && !errors.time };
}

/** Date, time and zone → the instant, or an error on the field that is wrong. Any IANA zone is taken. */
export function when(form: FormData, errors: FieldErrors, now = new Date()): { date: string; time: string; zone: string; utc?: string } {
	const { date, time } = dateAndTime(form, errors);
	const zone = text(form, 'zone');
	if (check.zone(zone)) errors.zone = message('error.zone');
	if (errors.date || errors.time || errors.zone) return { date, time, zone };
	const utc = zonedToUtc(`${date}T${time}`, zone);
	if (passed(utc, now)) {
		errors.time = message('error.passed', { date, time, zone });
		return { date, time, zone };
	}
	return { date, time, zone, utc: utc.toISOString() };
}

/** The caption as written, checked against the network's limit as it will be sent (with its links marked). */
export function caption(value: string, channel: ChannelName, errors: FieldErrors, marks?: LinkMarks): string {
	// One kind of line break; no other control characters (they break feeds and previews).
	const trimmed = value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
	if (!trimmed) {
		errors.caption = message('error.captionEmpty');
		return trimmed;
	}
	const { length, limit, unit } = captionLength(channel, trimmed, marks);
	const most = captionRules[channel].maxHashtags;
	const tags = most === undefined ? 0 : hashtagCount(trimmed);
	if (length > limit) errors.caption = message(markLinks(trimmed, marks) !== trimmed ? 'error.captionLongMarked' : 'error.captionLong', { length, unit: message(`unit.${unit as 'characters' | 'graphemes'}`, { count: length }), channel, limit, over: length - limit });
	else if (most !== undefined && tags > most) errors.caption = message('error.captionHashtags', { count: tags, channel, limit: most, over: tags - most });
	return trimmed;
}

/** What the channel refuses about the cards (core/post-fields.ts mediaIssue), in the person's language; undefined when it takes them. */
export function media(channel: ChannelName, formats: readonly Format[], slides?: number): Message | undefined {
	const issue = mediaIssue(channel, formats, slides);
	if (!issue) return undefined;
	switch (issue.kind) {
		case 'count':
			return message('error.mediaCount', { channel, max: issue.max, count: issue.count });
		case 'shape':
			return message('error.mediaShape', { channel, format: issue.format, size: issue.size, min: issue.min, max: issue.max });
		case 'noCarousel':
			return message('error.mediaNoCarousel', { channel });
		case 'carouselFormat':
			return message('error.mediaCarouselFormat', { formats: issue.formats });
		case 'carouselCount':
			return message('error.mediaCarouselCount', { channel, min: issue.min, max: issue.max, count: issue.count });
	}
}

export function alt(value: string, errors: FieldErrors): string {
	const trimmed = value.trim();
	if (!trimmed) errors.alt = message('error.altEmpty');
	else if (trimmed.length > 1000) errors.alt = message('error.altLong', { length: trimmed.length });
	return trimmed;
}
