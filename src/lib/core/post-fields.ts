/**
 * What a post may hold, checked the same way wherever it comes from: the queue checks every post it
 * stores with `postProblems`, and the campaign schema, the dashboard's new-post form and the CLI use
 * these checks before it, to report a problem in their own place (a campaign file's field, a form's
 * field, an option). Each check returns the problem in words, or undefined when the value is fine.
 */
import { cardFormats, channelCarousel, channelNames, channels, formatNames, formats as formatSizes, isChannelName, isFormat, isItemKind, itemKinds, type ChannelName, type Format, type ItemKind } from './catalogue.ts';
import { isLocale, locales, type Locale } from './i18n.ts';

const shown = (value: unknown) => (typeof value === 'string' ? `"${value}"` : value === undefined ? 'nothing' : JSON.stringify(value));

/** The zone Intl takes a name for ("asia/tashkent" → "Asia/Tashkent"), or undefined when it knows none. */
function resolvedZone(name: string): string | undefined {
	try {
		return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
	} catch {
		return undefined;
	}
}

/** Every zone name the runtime's time zone database lists (IANA names, canonical or as ICU keeps them). */
let zoneNames: Set<string> | undefined;

export const check = {
	item_kind: (value: unknown) => (isItemKind(value) ? undefined : `${shown(value)} is not a kind of item (known: ${itemKinds.join(', ')})`),
	item_slug: (value: unknown) =>
		typeof value === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) ? undefined : `${shown(value)} is not an item's slug (like youth-education)`,
	locale: (value: unknown) => (isLocale(typeof value === 'string' ? value : undefined) ? undefined : `unknown locale ${shown(value)} (known: ${locales.join(', ')})`),
	channel: (value: unknown) => (isChannelName(value) ? undefined : `unknown channel ${shown(value)} (known: ${channelNames.join(', ')})`),
	format: (value: unknown) => (isFormat(value) ? undefined : `unknown card format ${shown(value)} (known: ${formatNames.join(', ')})`),
	formats(value: unknown): string | undefined {
		if (!Array.isArray(value) || value.length === 0) return `must name at least one card format (known: ${formatNames.join(', ')})`;
		return value.map(check.format).find(Boolean) ?? (new Set(value).size < value.length ? 'names a card format twice' : undefined);
	},
	/**
	 * An IANA zone by its Area/Location name, or UTC. Intl alone would also take abbreviations and POSIX
	 * names ("EST", "EST5EDT", "Etc/GMT+5", the last 5 hours behind UTC) and any spelling of a name's
	 * case, which the dashboard and the captions would then show as written.
	 */
	zone(value: unknown): string | undefined {
		if (value === 'UTC') return undefined;
		if (typeof value !== 'string') return 'must be an IANA time zone like Asia/Tashkent';
		zoneNames ??= new Set(Intl.supportedValuesOf('timeZone'));
		const resolved = resolvedZone(value);
		const problem = `"${value}" is not an IANA time zone (like Asia/Tashkent)`;
		if (resolved === undefined || !value.includes('/') || !zoneNames.has(resolved)) return problem;
		if (value !== resolved && value.toLowerCase() === resolved.toLowerCase()) return `${problem}: write it ${resolved}`;
		return undefined;
	},
	/** An instant in UTC as the queue stores it: 2026-12-01T13:00:00.000Z. */
	scheduled_utc: (value: unknown) =>
		typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value
			? undefined
			: `${shown(value)} is not a UTC time like 2026-12-01T13:00:00.000Z`,
	caption: (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? undefined : 'must not be empty'),
	alt: (value: unknown) => (value === undefined || typeof value === 'string' ? undefined : 'must be text')
} satisfies Record<string, (value: unknown) => string | undefined>;

export type CheckedField = keyof typeof check;

export interface FieldProblem {
	field: CheckedField;
	problem: string;
}

/** What a channel refuses about a post's cards: too many, a shape outside its range, or a carousel it cannot post as one set. */
export type MediaIssue =
	| { kind: 'count'; channel: ChannelName; max: number; count: number }
	| { kind: 'shape'; channel: ChannelName; format: Format; size: string; min: string; max: string }
	/** The channel does not post sets (its catalogue entry has no `carousel`). */
	| { kind: 'noCarousel'; channel: ChannelName }
	/** A carousel is one shape: exactly one of the formats slides are drawn in (`formats`). */
	| { kind: 'carouselFormat'; channel: ChannelName; formats: string }
	/** The set has fewer or more images than the channel takes in one post. */
	| { kind: 'carouselCount'; channel: ChannelName; min: number; max: number; count: number };

/**
 * What the channel would refuse about these cards (its catalogue entry's `media`: how many, which
 * shapes; and `carousel`: whether it posts a set, of how many); undefined when it takes them. `slides`:
 * the post is a carousel of that many slides, each in the one chosen format. Checked when a post is
 * made or approved, so a story card for an Instagram feed post is refused then, not when it is sent.
 */
export function mediaIssue(channel: ChannelName, chosen: readonly Format[], slides?: number): MediaIssue | undefined {
	const entry = channels[channel];
	if (slides !== undefined) {
		const set = channelCarousel(channel);
		if (!set) return { kind: 'noCarousel', channel };
		const [format] = chosen;
		if (chosen.length !== 1 || !format || !cardFormats.slide.includes(format)) return { kind: 'carouselFormat', channel, formats: cardFormats.slide.join(', ') };
		if (slides < set.min || slides > set.max) return { kind: 'carouselCount', channel, min: set.min, max: set.max, count: slides };
	}
	const rule = 'media' in entry ? entry.media : undefined;
	if (!rule) return undefined;
	// A carousel's count is the set's (checked above); its one shape is checked like a single card's.
	if (slides === undefined && chosen.length > rule.maxImages) return { kind: 'count', channel, max: rule.maxImages, count: chosen.length };
	for (const format of chosen) {
		const { width, height } = formatSizes[format];
		const shape = width / height;
		if (shape < rule.aspect.min || shape > rule.aspect.max) return { kind: 'shape', channel, format, size: `${width}×${height}`, ...rule.aspectText };
	}
	return undefined;
}

/** Whether the channel posts a topic's carousel as one set (its catalogue entry's `carousel`). */
export const takesCarousel = (channel: ChannelName): boolean => channelCarousel(channel) !== undefined;

/** The same in words (the queue's and the CLI's, in English). */
export function mediaProblem(channel: ChannelName, chosen: readonly Format[], slides?: number): string | undefined {
	const issue = mediaIssue(channel, chosen, slides);
	if (!issue) return undefined;
	switch (issue.kind) {
		case 'count':
			return `${channel} takes at most ${issue.max} card${issue.max === 1 ? '' : 's'} per post; ${issue.count} are chosen`;
		case 'shape':
			return `${channel} takes cards from ${issue.min} to ${issue.max} (width:height); the ${issue.format} card is ${issue.size}`;
		case 'noCarousel':
			return `${channel} does not post a carousel as one set`;
		case 'carouselFormat':
			return `a carousel is sent in one card format, one of ${issue.formats}`;
		case 'carouselCount':
			return `${channel} takes ${issue.min} to ${issue.max} images in one set; the carousel has ${issue.count}`;
	}
}

/** Every problem of a new post, field by field, in the order of `check` (formats and alt may be left out); then its cards for its channel. */
export function postProblems(post: Record<string, unknown>): FieldProblem[] {
	const problems: FieldProblem[] = [];
	for (const [field, test] of Object.entries(check) as [CheckedField, (value: unknown) => string | undefined][]) {
		if (field === 'format' || (field === 'formats' && post.formats === undefined)) continue;
		const problem = test(post[field]);
		if (problem) problems.push({ field, problem });
	}
	if (problems.length === 0 && isChannelName(post.channel)) {
		const slides = Array.isArray(post.slides) ? post.slides.length : undefined;
		if (slides !== undefined && post.item_kind !== 'topic') problems.push({ field: 'item_kind', problem: 'only a topic has a carousel' });
		const media = mediaProblem(post.channel, (post.formats as Format[] | undefined) ?? ['square'], slides);
		if (media) problems.push({ field: 'formats', problem: media });
	}
	return problems;
}

/** What a person chooses for a new post, before its caption is written from the item. */
export interface PostChoice {
	item_kind: ItemKind;
	item_slug: string;
	locale: Locale;
	channel: ChannelName;
	formats: Format[];
	zone: string;
}

/**
 * A new post's choices, checked field by field as the queue will check them (the dashboard's form and
 * the CLI): the typed choice, or every problem.
 */
export function checkChoice(
	raw: Record<keyof PostChoice, unknown>
): { choice: PostChoice; problems: [] } | { choice?: undefined; problems: { field: keyof PostChoice; problem: string }[] } {
	const fields = ['item_kind', 'item_slug', 'locale', 'channel', 'formats', 'zone'] as const;
	const problems: { field: keyof PostChoice; problem: string }[] = fields.flatMap((field) => {
		const problem = check[field](raw[field]);
		return problem ? [{ field, problem }] : [];
	});
	const media = problems.length === 0 ? mediaProblem(raw.channel as ChannelName, raw.formats as Format[]) : undefined;
	if (media) problems.push({ field: 'formats', problem: media });
	// Every field passed its check, which is what the types say.
	return problems.length ? { problems } : { choice: raw as PostChoice, problems: [] };
}
