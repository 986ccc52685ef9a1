/**
 * The shape of every content file. The loader validates each file against one of these schemas and
 * reports every problem with the file's path and the field's path.
 */
import { z } from 'zod';
import { channelNames, formatNames, itemKinds, type ChannelName, type Format, type ItemKind } from '#lib/core/catalogue.ts';
import { isHexColour, minimumContrast, weakestContrast } from '#lib/core/look.ts';
import { locales } from '#lib/core/i18n.ts';
import { check } from '#lib/core/post-fields.ts';
import { hasIcon } from '#lib/server/look/icons.ts';
import { countryIds } from '#lib/server/look/region.ts';

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

/** A quiz question's options: each is one digit of the answers carried in the quiz's address. */
export const maxQuizOptions = 5;

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

/**
 * A topic's colour: white text on it and it as text on the page must both reach WCAG AA (4.5:1).
 * Pages and share cards draw the topic in it.
 */
const colour = z
	.string({ error: 'must be a colour like "#0a6b7e"' })
	.refine(isHexColour, 'must be a colour like "#0a6b7e" (# and six digits 0-9, a-f, in quotes)')
	.refine((value) => !isHexColour(value) || weakestContrast(value).ratio >= minimumContrast, {
		error: (issue) => {
			const { ratio, against } = weakestContrast(String(issue.input));
			return `must have a contrast of at least ${minimumContrast}:1 with white text and with the page; has ${ratio.toFixed(2)}:1 against ${against} (choose a darker colour)`;
		}
	});

/** A pictogram from Tabler Icons' outline set, by its name on tabler.io/icons. */
const icon = z
	.string({ error: 'must be the name of a Tabler icon, like droplet' })
	.refine(hasIcon, { error: (issue) => `"${String(issue.input)}" is not an icon of @tabler/icons (see tabler.io/icons, outline)` });

export const topicMeta = z.strictObject({
	order: z.int({ error: 'must be a whole number' }).positive('must be 1 or more'),
	section: z.enum(sections, { error: `must be one of ${sections.join(', ')}` }),
	priority: z.enum(priorities, { error: `must be one of ${priorities.join(', ')}` }),
	related: z.array(slug, { error: 'must be a list of topic slugs' }).max(4, 'must list at most 4 topics'),
	colour,
	icon,
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

/**
 * A quiz question (`quiz/<id>/meta.yaml`): the fact it is made from (its text, page and source are
 * shown with the answer, read from the fact at build time) and which option is right. The loader
 * checks the fact exists and, where the fact's figure is a number, that the right option states it.
 */
export const quizMeta = z.strictObject({
	order: z.int({ error: 'must be a whole number' }).positive('must be 1 or more'),
	fact: slug,
	/** Which option is right: 1 = the first. The same in every language: options keep their order. */
	answer: z.int({ error: 'must be a whole number' }).positive('must be 1 or more').max(maxQuizOptions, `must be at most ${maxQuizOptions}`)
});

export const quizText = z.strictObject({
	question: text({ maxWords: 30 }),
	options: z
		.array(text({ maxWords: 12, maxChars: 90 }), { error: 'must be a list of answers' })
		.min(2, 'must have at least 2 options')
		.max(maxQuizOptions, `must have at most ${maxQuizOptions} options`)
		.superRefine((options, ctx) => {
			for (const [index, option] of options.entries()) {
				const first = options.findIndex((other) => other.toLowerCase() === option.toLowerCase());
				if (first < index) ctx.addIssue({ code: 'custom', path: [index], message: `repeats item ${first + 1}` });
			}
		})
});

export const opportunityMeta = z.strictObject({
	order: z.int({ error: 'must be a whole number' }).positive('must be 1 or more'),
	url: z.url({ protocol: /^https$/, error: 'must be an https:// address' }),
	/**
	 * The topics a reader meets this programme from: their pages and facts link it. Only topics whose
	 * part of the strategy names the programme, so that a link says no more than the strategy does.
	 */
	topics: z
		.array(slug, { error: 'must be a list of topic slugs' })
		.min(1, 'must name at least one topic (the topic whose part of the strategy names the programme)'),
	source
});

/**
 * `home.yaml`: the home page's shape, the same in every language (the words are in ui/<locale>.yaml,
 * under the same ids): what the partnership can mean for a young reader, each leading to a topic;
 * and the themes the topics are grouped under, in order, every topic in exactly one.
 */
export const home = z.strictObject({
	for_you: z
		.array(
			z.strictObject({
				id: slug,
				/** The topic the entry leads to. */
				topic: slug,
				/** Whether the entry also leads to the opportunities page. */
				opportunities: z.boolean({ error: 'must be true or false' }).default(false)
			}),
			{ error: 'must be a list of entries with id and topic' }
		)
		.min(1, 'must have at least 1 entry')
		.max(6, 'must have at most 6 entries'),
	themes: z
		.array(z.strictObject({ id: slug, topics: z.array(slug, { error: 'must be a list of topic slugs' }).min(1, 'must list at least one topic') }), {
			error: 'must be a list of themes with id and topics'
		})
		.min(1, 'must have at least 1 theme')
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

/**
 * The networks a reader can follow the team on, in the order the footer lists them, each with its
 * name (a brand: not translated) and the hosts its addresses are on. Mastodon has no one host: its
 * servers are many.
 */
export const profileNetworks = {
	telegram: { name: 'Telegram', hosts: ['t.me', 'telegram.me'] },
	instagram: { name: 'Instagram', hosts: ['instagram.com'] },
	mastodon: { name: 'Mastodon', hosts: [] },
	bluesky: { name: 'Bluesky', hosts: ['bsky.app'] },
	youtube: { name: 'YouTube', hosts: ['youtube.com'] },
	tiktok: { name: 'TikTok', hosts: ['tiktok.com'] },
	facebook: { name: 'Facebook', hosts: ['facebook.com'] },
	vk: { name: 'VK', hosts: ['vk.com'] },
	x: { name: 'X', hosts: ['x.com', 'twitter.com'] },
	linkedin: { name: 'LinkedIn', hosts: ['linkedin.com'] },
	whatsapp: { name: 'WhatsApp', hosts: ['whatsapp.com'] }
} as const satisfies Record<string, { name: string; hosts: readonly string[] }>;
export type ProfileNetwork = keyof typeof profileNetworks;
export const profileNetworkNames = Object.keys(profileNetworks) as ProfileNetwork[];

const https = z.url({ protocol: /^https$/, error: 'must be an https:// address' });

/** A profile's address on its network's own host (or any https address, for Mastodon). */
const profile = (network: ProfileNetwork) => {
	const hosts: readonly string[] = profileNetworks[network].hosts;
	return https.refine(
		(value) => {
			const host = new URL(value).hostname.replace(/^www\./, '');
			return hosts.length === 0 || hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
		},
		{ error: `must be an address on ${hosts.join(' or ')}` }
	);
};

/** A name as the organisation writes it: one for every language, or one per language (English required). */
const name = z.union(
	[
		text({ maxChars: 120 }),
		z
			.partialRecord(z.enum(locales), text({ maxChars: 120 }), { error: `must map languages (${locales.join(', ')}) to the name` })
			.refine((names) => names.en !== undefined, { error: 'must have the English name (en), the fallback for every language' })
	],
	{ error: 'must be the name, or the name per language (en: …, ru: …)' }
);

/**
 * `site.yaml`: who runs this copy of the site — shown in the footer of every page, on the About page
 * and in the accessibility statement. Every field but the statement's date is optional: what is not
 * configured is not shown.
 */
export const site = z.strictObject({
	publisher: z.strictObject({ name, url: https.optional() }, { error: 'must be the publisher: name and, optionally, url' }).optional(),
	contact: z
		.strictObject({ email: z.email({ error: 'must be an email address' }).optional(), url: https.optional() })
		.refine((contact) => contact.email !== undefined || contact.url !== undefined, { error: 'must have an email or a url (or leave contact out)' })
		.optional(),
	follow: z
		.strictObject(
			Object.fromEntries(profileNetworkNames.map((network) => [network, profile(network).optional()])) as {
				[N in ProfileNetwork]: z.ZodOptional<ReturnType<typeof profile>>;
			},
			{ error: `must map networks (${profileNetworkNames.join(', ')}) to profile addresses` }
		)
		.default({}),
	/** A logo in static/, shown beside the publisher's name: its path on the site, like /publisher-logo.svg. */
	logo: z
		.string({ error: 'must be a path like /publisher-logo.svg' })
		.regex(/^\/[\w.\/-]+\.(svg|png)$/, 'must be a path on the site like /publisher-logo.svg (svg or png: the share cards draw it)')
		.optional(),
	/** The accessibility statement's own facts: when it was prepared, and who enforces it. */
	statement: z.strictObject(
		{
			prepared: date,
			/** The body that handles complaints where the publisher is based (the Directive's enforcement procedure). */
			enforcement: z.strictObject({ name: text({ maxChars: 160 }), url: https }).optional()
		},
		{ error: 'must say when the accessibility statement was prepared (prepared: 2026-12-07)' }
	)
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
/** One string for each of the five countries (ids as in terms/<locale>.yaml). */
const perCountry = () => z.strictObject(Object.fromEntries(countryIds.map((id) => [id, text({ maxChars: 40 })])) as Record<(typeof countryIds)[number], ReturnType<typeof text>>);

export const ui = z.strictObject({
	name: text({ maxChars: 40 }),
	status: z.enum(['draft', 'reviewed'], { error: 'must be draft or reviewed' }),
	site: group({ name: text(), tagline: text(), description: text(), disclaimer: text() }),
	nav: group({
		label: text(),
		menu: text(),
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
		all_facts: text(),
		/** The heading over what the partnership can mean for the reader. */
		for_you_heading: text(),
		/** Each entry of home.yaml's for_you, by its id: a short heading and one or two sentences. */
		for_you: z.record(slug, z.strictObject({ heading: text({ maxWords: 5 }), text: text({ maxWords: 30 }) }), {
			error: 'must map each entry of home.yaml (for_you) to its heading and text'
		})
	}),
	/** Each theme of home.yaml by its id: the name the topics are grouped under. */
	themes: z.record(slug, text({ maxChars: 60 }), { error: 'must map each theme of home.yaml to its name' }),
	/** The block that ends every page: where to go next. */
	next: group({
		heading: text(),
		opportunity: text(),
		fact: text(),
		topic: text(),
		card: text()
	}),
	priorities: group({
		intro: text(),
		regional: text(),
		resilience: text(),
		prosperity: text(),
		cooperation: text()
	}),
	sections: group({ intro: text(), regional: text(), numbered: text() }),
	map: group({
		/** The map's accessible name, before the list of countries and capitals. */
		label: text(),
		/** One country and its capital, in the accessible name. */
		capital: text(),
		/** Each country's name: the same as in terms/<locale>.yaml. */
		countries: perCountry(),
		capitals: perCountry()
	}),
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
		source_note: text(),
		filter: text(),
		all_topics: text()
	}),
	glossary: group({ title: text(), intro: text(), back: text(), letters: text() }),
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
	publisher: group({
		heading: text(),
		run_by: text(),
		website: text(),
		contact: text(),
		contact_page: text(),
		follow: text()
	}),
	accessibility: group({
		title: text(),
		read: text(),
		intro: text(),
		responsible: text(),
		status_heading: text(),
		status: text(),
		gaps_heading: text(),
		gap_translations: text(),
		gap_fallback: text(),
		gap_cards: text(),
		gap_quotes: text(),
		gap_search: text(),
		gap_testing: text(),
		outside_heading: text(),
		outside: text(),
		preparation_heading: text(),
		prepared: text(),
		method: text(),
		methods: z.array(text({ maxWords: 40 })).min(1, 'must list at least one method'),
		feedback_heading: text(),
		feedback: text(),
		feedback_none: text(),
		enforcement_heading: text(),
		enforcement: text(),
		enforcement_body: text()
	}),
	/** The privacy page: what the site counts, and what it never keeps (stats/rules.ts is what it describes). */
	privacy: group({
		title: text(),
		link: text(),
		intro: text(),
		counted_heading: text(),
		counted_intro: text(),
		counted: z.array(text({ maxWords: 40 })).min(1, 'must list what is counted'),
		not_heading: text(),
		not: z.array(text({ maxWords: 40 })).min(1, 'must list what is not kept'),
		bots_heading: text(),
		bots: text(),
		marks_heading: text(),
		marks: text(),
		log_heading: text(),
		log: text(),
		banner_heading: text(),
		banner: text()
	}),
	quiz: group({
		title: text({ maxChars: 90 }),
		link: text(),
		intro: text(),
		privacy: text(),
		start: text(),
		progress: text(),
		so_far: text(),
		right: text(),
		wrong: text(),
		your_answer: text(),
		right_answer: text(),
		fact: text(),
		next: text(),
		finish: text(),
		result_title: text(),
		score: text({ maxChars: 16 }),
		result: text(),
		answers_heading: text(),
		question: text(),
		again: text(),
		share_text: text({ maxWords: 40 }),
		share_label: text(),
		shared: text()
	}),
	notice: group({ untranslated: text(), draft: text(), draft_short: text({ maxChars: 50 }) }),
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
	/** The card of a page in each format, to download: `{width}` and `{height}` in pixels. */
	download: group({
		heading: text(),
		og: text(),
		square: text(),
		portrait: text(),
		story: text()
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
export type Site = z.infer<typeof site>;
export type Home = z.infer<typeof home>;
export type QuizMeta = z.infer<typeof quizMeta>;
export type QuizText = z.infer<typeof quizText>;
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
