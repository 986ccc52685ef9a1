/**
 * Shared by the scheduler and the dashboard's live counter (so it must not be server-only).
 * Captions that always fit their network: each network counts differently, and a caption that would
 * not fit is shortened at a word boundary — never in the middle of a word or of the link. Each
 * channel's limit and way of counting are in the catalogue; the counting is here.
 */
import { channelNames, channels, type ChannelName, type Counting } from './catalogue.ts';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const urlPattern = /https?:\/\/\S+/g;

/** X counts most scripts (Latin, Cyrillic, …) as 1 and others (CJK, emoji) as 2; a link is 23. */
function xWeight(text: string): number {
	let weight = 0;
	for (const char of text.replace(urlPattern, '')) {
		const code = char.codePointAt(0) ?? 0;
		const light = code <= 0x10ff || (code >= 0x2000 && code <= 0x200d) || (code >= 0x2010 && code <= 0x201f) || (code >= 0x2032 && code <= 0x2037);
		weight += light ? 1 : 2;
	}
	return weight + (text.match(urlPattern)?.length ?? 0) * 23;
}

/** How each kind of counting counts (core/catalogue.ts names which one a channel uses). */
const counters: Record<Counting, (text: string) => number> = {
	'utf-16': (text) => text.length,
	'link-23': (text) => [...text.replace(urlPattern, '')].length + (text.match(urlPattern)?.length ?? 0) * 23,
	graphemes: (text) => [...graphemes.segment(text)].length,
	'x-weighted': xWeight
};

/** Each channel's caption rule, from the catalogue, with its counting. */
export const captionRules = Object.fromEntries(
	channelNames.map((name) => [name, channels[name].caption] as const).map(
		([name, rule]) => [name, { limit: rule.limit, unit: rule.unit, count: counters[rule.counting], maxHashtags: 'maxHashtags' in rule ? rule.maxHashtags : undefined }]
	)
) as Record<CaptionChannel, { limit: number; unit: string; count: (text: string) => number; maxHashtags?: number }>;

/** A hashtag as the networks find one: # and then letters, digits or underscores, in any script. */
const hashtagPattern = /(^|[^\p{L}\p{N}_&#])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;

/** How many hashtags a caption has (Instagram refuses more than 30). */
export function hashtagCount(text: string): number {
	return [...text.replace(urlPattern, ' ').matchAll(hashtagPattern)].length;
}

/**
 * What the channel would refuse about a caption, in words a person can act on; undefined when it fits.
 * Its length first, then its hashtags where the network limits them.
 */
export function captionProblem(channel: CaptionChannel, text: string): string | undefined {
	const { length, limit, unit } = captionLength(channel, text);
	if (length > limit) return `The caption is ${length} ${unit}; ${channel} allows ${limit}. Shorten it by ${length - limit}.`;
	const most = captionRules[channel].maxHashtags;
	const tags = most === undefined ? 0 : hashtagCount(text);
	if (most !== undefined && tags > most) return `The caption has ${tags} hashtags; ${channel} allows ${most}. Remove ${tags - most}.`;
	return undefined;
}

export type CaptionChannel = ChannelName;

/**
 * The marks a post's links to the site carry, so that the site's visit counts can tell which post, on
 * which network and from which campaign a reader came (src/lib/server/stats/). Nothing in them names a
 * reader: they are the same for everyone who follows the post's link.
 */
export interface LinkMarks {
	/** The site's public address: only links to it are marked. */
	siteUrl: string;
	/** utm_source: the channel the post goes to. */
	source: string;
	/** utm_campaign: the campaign that planned the post, or "manual". */
	campaign: string;
	/** utm_content: the post's id (pendingPostId before the post is saved). */
	content: string;
}

/** A post id's length, for counting a caption before the post has its id (ids are UUIDs). */
export const pendingPostId = '00000000-0000-0000-0000-000000000000';

/** The query fields a marked link carries, in this order; the site counts these and no others. */
export const markFields = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content'] as const;

/** The marks of a post: undefined when marking is switched off (then links go out as they are). */
export function linkMarks(
	on: boolean,
	siteUrl: string,
	{ channel, campaign, id }: { channel: string; campaign?: string; id?: string }
): LinkMarks | undefined {
	return on ? { siteUrl, source: channel, campaign: campaign || 'manual', content: id ?? pendingPostId } : undefined;
}

// Punctuation right after a link in running text ("see https://…/.") belongs to the sentence.
const trailing = /[.,;:!?)\]}»"'”’…]+$/u;

/** One link with the marks added (before any #fragment; any query it has is kept, old utm_ fields replaced). */
function markLink(link: string, marks: LinkMarks): string {
	const hash = link.indexOf('#');
	const fragment = hash >= 0 ? link.slice(hash) : '';
	const base = hash >= 0 ? link.slice(0, hash) : link;
	const query = base.indexOf('?');
	const path = query >= 0 ? base.slice(0, query) : base;
	const kept = query >= 0 ? base.slice(query + 1).split('&').filter((pair) => pair && !pair.startsWith('utm_')) : [];
	const values = [marks.source, 'social', marks.campaign, marks.content];
	const added = markFields.map((field, i) => `${field}=${encodeURIComponent(values[i]!)}`);
	return `${path}?${[...kept, ...added].join('&')}${fragment}`;
}

/** The caption with every link to the site marked; other links, and everything else, as they are. */
export function markLinks(text: string, marks: LinkMarks | undefined): string {
	if (!marks) return text;
	const site = marks.siteUrl.replace(/\/+$/, '');
	return text.replace(urlPattern, (found) => {
		const end = found.match(trailing)?.[0] ?? '';
		const link = end ? found.slice(0, -end.length) : found;
		const rest = link.slice(site.length);
		if (!link.startsWith(site) || !(rest === '' || /^[/?#]/.test(rest))) return found;
		return markLink(link, marks) + end;
	});
}

/** The caption's length as the network will count it: with its links marked, when they will be. */
export function captionLength(channel: CaptionChannel, text: string, marks?: LinkMarks): { length: number; limit: number; unit: string } {
	const rule = captionRules[channel];
	return { length: rule.count(markLinks(text, marks)), limit: rule.limit, unit: rule.unit };
}

export interface CaptionParts {
	/** The first line, which must stand alone (for a fact, its headline: compose.ts). */
	title: string;
	body: string;
	url: string;
	hashtags?: string[];
}

/**
 * Title, body, link and hashtags, fitted to the channel: the body is shortened word by word (with an
 * ellipsis), then the hashtags dropped, then the title shortened; the link always stays whole. With
 * marks, the caption keeps its plain link but is fitted as it will be sent, with the link marked.
 */
export function buildCaption(channel: CaptionChannel, { title, body, url, hashtags = [] }: CaptionParts, marks?: LinkMarks): string {
	const { limit, maxHashtags } = captionRules[channel];
	const count = (text: string) => captionRules[channel].count(markLinks(text, marks));
	// Where the network limits hashtags, only as many as fit beside those the title and body have.
	const room = maxHashtags === undefined ? hashtags.length : Math.max(0, maxHashtags - hashtagCount(`${title}\n${body}`));
	const tags = hashtags.slice(0, room).map((tag) => `#${tag.replace(/^#/, '')}`).join(' ');
	const assemble = (t: string, b: string, withTags: boolean) =>
		[t, b, [url, withTags ? tags : ''].filter(Boolean).join('\n')].filter(Boolean).join('\n\n');
	const fits = (text: string) => count(text) <= limit;

	if (fits(assemble(title, body, true))) return assemble(title, body, true);
	for (const withTags of [true, false]) {
		const words = body.split(/\s+/).filter(Boolean);
		for (let n = words.length - 1; n > 0; n--) {
			const shortened = `${words.slice(0, n).join(' ').replace(/[\s,.;:–-]+$/, '')}…`;
			const text = assemble(title, shortened, withTags);
			if (fits(text)) return text;
		}
		if (fits(assemble(title, '', withTags))) return assemble(title, '', withTags);
	}
	const words = title.split(/\s+/).filter(Boolean);
	for (let n = words.length - 1; n > 0; n--) {
		const text = assemble(`${words.slice(0, n).join(' ')}…`, '', false);
		if (fits(text)) return text;
	}
	return url;
}
