/**
 * The shape of every content file. The loader validates each file against one of these schemas and
 * reports every problem with the file's path and the field's path.
 */
import { z } from 'zod';
import { channelNames, formatNames, itemKinds, type ChannelName, type Format, type ItemKind } from '#lib/core/catalogue.ts';
import { locales } from '#lib/core/i18n.ts';
import { check } from '#lib/core/post-fields.ts';

export const sections = [
	'intro',
	'regional',
	'1.1',
	'1.2',
	'1.3',
	'2.1',
	'2.2',
	'2.3',
	'2.4',
	'3.1',
	'3.2',
	'3.3'
] as const;

export const priorities = ['intro', 'regional', 'resilience', 'prosperity', 'cooperation'] as const;

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;

/** Text with a word limit (and a character limit, for what must fit on a card; `why` says what sets it). */
function text({ maxWords, maxChars, why }: { maxWords?: number; maxChars?: number; why?: string } = {}) {
	let schema = z.string({ error: 'must be text' }).trim().min(1, 'must not be empty');
	if (maxChars) {
		schema = schema.max(maxChars, {
			error: (issue) => `must be at most ${maxChars} characters${why ? ` (${why})` : ''}; has ${String(issue.input).length}`
		});
	}
	if (maxWords) {
		return schema.refine((value) => words(value) <= maxWords, {
			error: (issue) => `must be at most ${maxWords} words (has ${words(String(issue.input))})`
		});
	}
	return schema;
}

const slug = z
	.string({ error: 'must be an id' })
	.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters, digits and dashes');

const dateLike = /^\d{4}-\d{2}-\d{2}$/;
/** A day of the calendar: 2026-02-30 has the form of a date, but JavaScript would make it 2 March. */
const isDay = (value: string) => {
	if (!dateLike.test(value)) return true; // the form's own message says what is wrong
	const day = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
};

const date = z
	.union([z.date(), z.string()], { error: 'must be a date like 2026-11-28' })
	.transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
	.pipe(
		z
			.string()
			.regex(dateLike, 'must be a date like 2026-11-28')
			.refine(isDay, { error: (issue) => `${String(issue.input)} is not a date` })
	);

export const source = z.strictObject(
	{
		section: z.enum(sections, { error: `must be one of ${sections.join(', ')}` }),
		quote: text({ maxWords: 80 })
	},
	{ error: 'must say where in the strategy this comes from: section and quote' }
);

export const topicMeta = z.strictObject({
	order: z.int({ error: 'must be a whole number' }).positive('must be 1 or more'),
	section: z.enum(sections, { error: `must be one of ${sections.join(', ')}` }),
	priority: z.enum(priorities, { error: `must be one of ${priorities.join(', ')}` }),
	related: z.array(slug, { error: 'must be a list of topic slugs' }).max(4, 'must list at most 4 topics'),
	updated: date
});

export const topicText = z.strictObject({
	title: text({ maxWords: 8, maxChars: 60 }),
	summary: text({ maxWords: 25 }),
	for_you: z
		.array(z.strictObject({ heading: text({ maxWords: 5 }), text: text({ maxWords: 70 }) }), {
			error: 'must be a list of points with heading and text'
		})
		.length(3, 'must have exactly 3 points'),
	will_happen: z
		.array(text({ maxWords: 50 }), { error: 'must be a list' })
		.min(2, 'must have at least 2 items')
		.max(6, 'must have at most 6 items')
});

/**
 * What the strategy does with what a fact states, read from its quote's own verbs: states it (`has`),
 * plans it (`will`: kommer att, ska), recommends it (`should`: bör) or aims at it (`aims`: syftar till,
 * för att, mål). The content report holds each locale's text to it.
 */
export const modalities = ['has', 'will', 'should', 'aims'] as const;

export const factMeta = z.strictObject({
	topic: slug,
	order: z.int({ error: 'must be a whole number' }).positive('must be 1 or more'),
	says: z.enum(modalities, { error: `must be one of ${modalities.join(', ')}` }),
	/** The year the statement describes: the text says it, or says that it is the (2019) strategy's. */
	year: z.int({ error: 'must be a year like 2019' }).min(1900, 'must be a year like 2019').max(2100, 'must be a year like 2019'),
	source
});

/**
 * The longest fact headline: what fits in two lines on the og card at the largest title size (64 px
 * bold over 1,088 px). Measured over every window of whole words of the facts' texts: at 48 characters
 * 95–100 % fit at 64 px in every language, all at 58 px but for a few Cyrillic ones (52 px); at 52
 * characters only 84 % of the Kazakh and Kyrgyz ones fit at 64 px. Cyrillic letters are about 13 %
 * wider than Latin ones, so the limit is set by Kazakh, Kyrgyz and Russian.
 */
export const headlineChars = 48;

export const factText = z.strictObject({
	figure: text({ maxChars: 16 }),
	/**
	 * The figure and its claim as one short line that stands alone: the title line of the fact's card,
	 * the page's title, a caption's first line. It says no more than `text` and names its year or the
	 * strategy (the content report checks both, as it does for `text`).
	 */
	headline: text({ maxChars: headlineChars, why: 'two lines of a share card' }),
	text: text({ maxWords: 30 })
});

export const glossaryText = z.strictObject({
	term: text({ maxChars: 80 }),
	definition: text({ maxWords: 60 })
});

export const opportunityMeta = z.strictObject({
	order: z.int({ error: 'must be a whole number' }).positive('must be 1 or more'),
	url: z.url({ protocol: /^https$/, error: 'must be an https:// address' }),
	source
});

export const opportunityText = z.strictObject({
	name: text({ maxChars: 80 }),
	offers: text({ maxWords: 70 }),
	who: text({ maxWords: 40 })
});

/**
 * `terms/<locale>.yaml`: how this language writes the names that recur, and the words a person checks
 * for promises the strategy does not make.
 */
export const terms = z.strictObject({
	terms: z.record(
		slug,
		z.strictObject({
			/** Accepted renderings (a word counts when it starts with one: stems cover inflection). */
			use: z.array(text(), { error: 'must be a list of renderings' }).min(1, 'must list at least one rendering'),
			/** Other renderings of the same name that must not appear in this language. */
			not: z.array(text(), { error: 'must be a list of renderings' }).default([])
		}),
		{ error: 'must map a term id to its renderings' }
	),
	promise_words: z.array(text(), { error: 'must be a list of words' }).default([]),
	/** Words a promise word's stem also starts that promise nothing (ru безопасность, security, beside безопасный, safe). */
	promise_except: z.array(text(), { error: 'must be a list of words' }).default([])
});

const plural = z.strictObject({
	zero: text().optional(),
	one: text().optional(),
	two: text().optional(),
	few: text().optional(),
	many: text().optional(),
	other: text()
});

const group = <T extends Record<string, z.ZodType>>(shape: T) => z.strictObject(shape);

export const ui = z.strictObject({
	name: text({ maxChars: 40 }),
	status: z.enum(['draft', 'reviewed'], { error: 'must be draft or reviewed' }),
	site: group({ name: text(), tagline: text(), description: text(), disclaimer: text() }),
	nav: group({
		label: text(),
		home: text(),
		topics: text(),
		facts: text(),
		glossary: text(),
		opportunities: text(),
		about: text(),
		search: text(),
		skip: text()
	}),
	language: group({ label: text(), current: text(), switch: text() }),
	home: group({
		title: text(),
		lead: z.array(text({ maxWords: 25 })).length(5, 'must have exactly 5 sentences'),
		priorities: text(),
		all_facts: text()
	}),
	priorities: group({
		intro: text(),
		regional: text(),
		resilience: text(),
		prosperity: text(),
		cooperation: text()
	}),
	sections: group({ intro: text(), regional: text(), numbered: text() }),
	topic: group({
		in_short: text(),
		for_you: text(),
		will_happen: text(),
		key_facts: text(),
		related: text(),
		source: text(),
		read_more: text()
	}),
	facts: group({
		title: text(),
		intro: text(),
		source: text(),
		document: text(),
		topic: text(),
		open: text(),
		original: text(),
		check_source: text(),
		source_note: text()
	}),
	glossary: group({ title: text(), intro: text(), back: text() }),
	opportunities: group({ title: text(), intro: text(), who: text(), official: text(), source: text() }),
	about: group({
		title: text(),
		strategy_heading: text(),
		strategy: text(),
		document: text(),
		site_heading: text(),
		site: text(),
		accessibility_heading: text(),
		accessibility: text(),
		translations_heading: text(),
		translations_intro: text(),
		col_language: text(),
		col_complete: text(),
		col_status: text(),
		status_draft: text(),
		status_reviewed: text()
	}),
	notice: group({ untranslated: text(), draft: text() }),
	share: group({
		heading: text(),
		native: text(),
		copy: text(),
		copied: text(),
		telegram: text(),
		whatsapp: text(),
		facebook: text(),
		x: text(),
		vk: text(),
		link_label: text()
	}),
	search: group({
		title: text(),
		label: text(),
		placeholder: text(),
		button: text(),
		loading: text(),
		none: text(),
		results: plural,
		needs_js: text()
	}),
	feed: group({ title: text() }),
	error: group({ not_found: text(), not_found_text: text(), other: text(), back_home: text() }),
	choose_language: text()
});

/** A check of core/post-fields.ts as a zod refinement: a campaign's field is checked as the queue checks a post's. */
const checked = (test: (value: unknown) => string | undefined) => (value: unknown, ctx: z.RefinementCtx) => {
	const problem = test(value);
	if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/**
 * A social media campaign: the planner turns it into draft posts, once. Given the ids of the items
 * that exist, it also checks the campaign's slugs, so that every problem of a campaign file is found
 * in one pass.
 */
export function campaignSchema(known?: Record<ItemKind, ReadonlySet<string>>) {
	return z.strictObject({
		name: text({ maxChars: 120 }),
		channel: z.enum(channelNames as [ChannelName, ...ChannelName[]], { error: (issue) => check.channel(issue.input) }),
		locales: z
			.array(z.enum(locales, { error: (issue) => check.locale(issue.input) }))
			.min(1, 'must name at least one locale'),
		/**
		 * Locales whose translation is a draft (not reviewed by a native speaker) that this campaign plans
		 * posts in all the same: said explicitly, never by accident. Approving such a post asks again.
		 */
		draft_locales: z.array(z.enum(locales, { error: (issue) => check.locale(issue.input) })).default([]),
		items: z
			.strictObject({
				kind: z.enum(itemKinds, { error: (issue) => check.item_kind(issue.input) }),
				/** Which items, in order; all of that kind when left out. */
				slugs: z.array(slug).optional()
			})
			.superRefine((items, ctx) => {
				for (const [index, id] of (known ? (items.slugs ?? []) : []).entries()) {
					if (!known![items.kind].has(id)) ctx.addIssue({ code: 'custom', path: ['slugs', index], message: `no ${items.kind} "${id}"` });
				}
			}),
		start: date,
		time: z
			.string({ error: 'must be a time like "18:00"' })
			.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: (issue) => `"${String(issue.input)}" is not a time like 18:00 (00:00 to 23:59)` }),
		zone: z.string({ error: 'must be an IANA time zone like Asia/Tashkent' }).superRefine(checked(check.zone)),
		every_days: z.int().positive('must be 1 or more').default(1),
		count: z.int().positive('must be 1 or more').max(366, 'must be at most 366'),
		formats: z
			.array(z.enum(formatNames as [Format, ...Format[]], { error: (issue) => check.format(issue.input) }))
			.default(['square'])
			.superRefine(checked(check.formats)),
		hashtags: z.array(z.string().regex(/^[\p{L}\p{N}_]+$/u, 'must be letters, digits or _ without #')).default([])
	});
}
export const campaign = campaignSchema();

export type Ui = z.infer<typeof ui>;
export type Terms = z.infer<typeof terms>;
export type Modality = (typeof modalities)[number];
export type Campaign = z.infer<typeof campaign>;
export type TopicMeta = z.infer<typeof topicMeta>;
export type TopicText = z.infer<typeof topicText>;
export type FactMeta = z.infer<typeof factMeta>;
export type FactText = z.infer<typeof factText>;
export type GlossaryText = z.infer<typeof glossaryText>;
export type OpportunityMeta = z.infer<typeof opportunityMeta>;
export type OpportunityText = z.infer<typeof opportunityText>;
export type Section = (typeof sections)[number];
export type Priority = (typeof priorities)[number];
