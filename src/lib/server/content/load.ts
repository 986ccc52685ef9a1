/**
 * The one content loader. It reads `content/`, validates every file against its schema, checks the
 * links between files, and returns typed content — or throws a ContentError listing every problem
 * with the file, the field and what is wrong. The site, the cards and the scheduler all use it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { defaultLocale, isLocale, locales, type Locale } from '#lib/core/i18n.ts';
import { parseRich } from '#lib/core/rich.ts';
import { config } from '#lib/server/config.ts';
import { countryIds } from '#lib/server/look/region.ts';
import { unreviewed } from './localize.ts';
import { numbersIn } from './sources.ts';
import * as schema from './schema.ts';

export type Texts<T> = Partial<Record<Locale, T>>;
export interface Topic extends schema.TopicMeta {
	slug: string;
	text: Texts<schema.TopicText>;
}
export interface Fact extends schema.FactMeta {
	id: string;
	text: Texts<schema.FactText>;
}
export interface GlossaryTerm {
	id: string;
	text: Texts<schema.GlossaryText>;
}
export interface Opportunity extends schema.OpportunityMeta {
	id: string;
	text: Texts<schema.OpportunityText>;
}
export interface Campaign extends schema.Campaign {
	id: string;
}
export interface QuizQuestion extends schema.QuizMeta {
	id: string;
	text: Texts<schema.QuizText>;
}
export interface Content {
	ui: Record<Locale, schema.Ui>;
	/** Per locale, its recurring names and promise words (`terms/<locale>.yaml`); empty when absent. */
	terms: Partial<Record<Locale, schema.Terms>>;
	campaigns: Campaign[];
	topics: Topic[];
	facts: Fact[];
	glossary: GlossaryTerm[];
	opportunities: Opportunity[];
	/** Who runs this copy of the site (`site.yaml`). */
	site: schema.Site;
	/**
	 * The publisher's logo (`site.yaml`'s `logo`, a file in static/ beside this folder) as a data URL,
	 * for the share cards, which carry it with their text: a post keeps the logo it was approved with.
	 */
	logoImage?: string;
	/** The home page's entries for the reader and its themes (`home.yaml`). */
	home: schema.Home;
	/** The quiz's questions, in order. */
	quiz: QuizQuestion[];
}

/** The most a logo may weigh: every share card and every post's kept card text carries it. */
const logoLimit = 100 * 1024;

/** The publisher's logo in static/ as a data URL, or a problem naming the file and what is wrong. */
function readLogo(path: string, staticDir: string, where: string, problems: string[]): string | undefined {
	const file = join(staticDir, path);
	const problem = (text: string) => void problems.push(`${where}: logo: ${text}`);
	if (!existsSync(file)) return problem(`${path} is not in the site's static folder (${file} does not exist)`);
	const data = readFileSync(file);
	if (data.length > logoLimit) return problem(`${path} is ${Math.round(data.length / 1024)} KB; a logo drawn on every card may be at most ${logoLimit / 1024} KB`);
	const png = data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
	if (path.endsWith('.png')) return png ? `data:image/png;base64,${data.toString('base64')}` : problem(`${path} is not a PNG file`);
	// The schema lets only .png and .svg through.
	return /<svg[\s>]/.test(data.toString('utf8')) ? `data:image/svg+xml;base64,${data.toString('base64')}` : problem(`${path} is not an SVG file (no <svg> element)`);
}

export class ContentError extends Error {
	constructor(readonly problems: string[]) {
		super(
			`Content has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
				problems.map((problem) => `  - ${problem}`).join('\n')
		);
		this.name = 'ContentError';
	}
}

export function loadContent(dir: string = config.contentDir): Content {
	const problems: string[] = [];
	/** A file's name as the reader typed it: relative to the working directory when inside it. */
	const name = (file: string) => {
		const path = relative(process.cwd(), file);
		return path && !path.startsWith('..') ? path : file;
	};

	/** Reads and validates one YAML file; records problems and returns undefined when it is bad. */
	function read<S extends z.ZodType>(file: string, shape: S): z.output<S> | undefined {
		const lines = new LineCounter();
		const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
		if (doc.errors.length > 0) {
			for (const error of doc.errors) {
				const at = lines.linePos(error.pos[0]);
				const where = `line ${at.line}, column ${at.col}`;
				problems.push(`${name(file)}: bad YAML at ${where}: ${error.message.split('\n')[0]}`);
			}
			return undefined;
		}
		const data: unknown = doc.toJS();
		const result = shape.safeParse(data ?? {});
		if (result.success) return result.data;
		for (const issue of result.error.issues) {
			problems.push(`${name(file)}: ${describe(issue, data)}`);
		}
		return undefined;
	}

	function folders(kind: string): string[] {
		const path = join(dir, kind);
		if (!existsSync(path)) {
			problems.push(`${name(path)}: folder is missing`);
			return [];
		}
		return readdirSync(path)
			.filter((entry) => statSync(join(path, entry)).isDirectory())
			.sort();
	}

	/** Reads an item folder's `<locale>.yaml` files; `meta.yaml` is allowed when the kind has one. */
	function texts<T extends z.ZodType>(kind: string, id: string, shape: T, withMeta: boolean) {
		const path = join(dir, kind, id);
		if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
			problems.push(`${name(path)}: folder name must be lowercase letters, digits and dashes`);
		}
		const text: Texts<z.output<T>> = {};
		for (const file of readdirSync(path).sort()) {
			const full = join(path, file);
			const locale = file.replace(/\.ya?ml$/, '');
			if (file === 'meta.yaml' && withMeta) continue;
			if (!/\.ya?ml$/.test(file)) {
				problems.push(`${name(full)}: not a .yaml file`);
			} else if (!isLocale(locale)) {
				problems.push(
					`${name(full)}: unknown locale "${locale}" (the file name must be one of ${locales.join(', ')}${withMeta ? ', or meta' : ''})`
				);
			} else {
				const value = read(full, shape);
				if (value) text[locale] = value;
			}
		}
		if (!existsSync(join(path, `${defaultLocale}.yaml`))) {
			problems.push(
				`${name(join(path, `${defaultLocale}.yaml`))}: file is missing: English is the fallback for every language`
			);
		}
		return text;
	}

	/** Reads an item folder's language-neutral `meta.yaml`. */
	function meta<M extends z.ZodType>(kind: string, id: string, shape: M): z.output<M> | undefined {
		const file = join(dir, kind, id, 'meta.yaml');
		if (existsSync(file)) return read(file, shape);
		problems.push(`${name(file)}: file is missing`);
		return undefined;
	}

	const ui = {} as Record<Locale, schema.Ui>;
	for (const locale of locales) {
		const file = join(dir, 'ui', `${locale}.yaml`);
		if (!existsSync(file)) {
			problems.push(`${name(file)}: file is missing: every language needs all interface strings`);
			continue;
		}
		const value = read(file, schema.ui);
		if (value) ui[locale] = value;
	}
	if (existsSync(join(dir, 'ui'))) {
		for (const file of readdirSync(join(dir, 'ui'))) {
			const locale = file.replace(/\.ya?ml$/, '');
			if (!isLocale(locale)) {
				problems.push(`${name(join(dir, 'ui', file))}: unknown locale "${locale}" (known: ${locales.join(', ')})`);
			}
		}
	}

	const terms: Content['terms'] = {};
	const termsDir = join(dir, 'terms');
	if (existsSync(termsDir)) {
		for (const file of readdirSync(termsDir).sort()) {
			const locale = file.replace(/\.ya?ml$/, '');
			if (!/\.ya?ml$/.test(file) || !isLocale(locale)) {
				problems.push(`${name(join(termsDir, file))}: unknown locale "${locale}" (the file name must be one of ${locales.join(', ')})`);
				continue;
			}
			const value = read(join(termsDir, file), schema.terms);
			if (value) terms[locale] = value;
		}
	}

	const topicFolders = folders('topics');
	const topics: Topic[] = [];
	for (const slug of topicFolders) {
		const about = meta('topics', slug, schema.topicMeta);
		const text = texts('topics', slug, schema.topicText, true);
		if (about) topics.push({ slug, ...about, text });
	}
	const facts: Fact[] = [];
	const factFolders = folders('facts');
	for (const id of factFolders) {
		const about = meta('facts', id, schema.factMeta);
		const text = texts('facts', id, schema.factText, true);
		if (about) facts.push({ id, ...about, text });
	}
	const termFolders = folders('glossary');
	const glossary: GlossaryTerm[] = [];
	for (const id of termFolders) {
		glossary.push({ id, text: texts('glossary', id, schema.glossaryText, false) });
	}
	const opportunities: Opportunity[] = [];
	const opportunityFolders = folders('opportunities');
	for (const id of opportunityFolders) {
		const about = meta('opportunities', id, schema.opportunityMeta);
		const text = texts('opportunities', id, schema.opportunityText, true);
		if (about) opportunities.push({ id, ...about, text });
	}

	const siteFile = join(dir, 'site.yaml');
	let site: schema.Site | undefined;
	if (existsSync(siteFile)) site = read(siteFile, schema.site);
	else problems.push(`${name(siteFile)}: file is missing: it says who runs the site (see content/README.md)`);

	const logoImage = site?.logo === undefined ? undefined : readLogo(site.logo, join(dir, '..', 'static'), name(siteFile), problems);

	const homeFile = join(dir, 'home.yaml');
	let home: schema.Home | undefined;
	if (existsSync(homeFile)) home = read(homeFile, schema.home);
	else problems.push(`${name(homeFile)}: file is missing: it gives the home page its entries and themes (see content/README.md)`);

	// The quiz: optional as a folder, so that content without one still loads (the site then has no quiz).
	const quiz: QuizQuestion[] = [];
	if (existsSync(join(dir, 'quiz'))) {
		for (const id of folders('quiz')) {
			const about = meta('quiz', id, schema.quizMeta);
			const text = texts('quiz', id, schema.quizText, true);
			if (about) quiz.push({ id, ...about, text });
		}
	}

	// Campaigns: one file each, optional folder. Their items are checked with the rest of each file
	// (an item folder that exists counts, as for links below).
	const campaigns: Campaign[] = [];
	const campaignDir = join(dir, 'campaigns');
	const campaignShape = schema.campaignSchema({
		topic: new Set(topicFolders),
		fact: new Set(factFolders),
		opportunity: new Set(opportunityFolders)
	});
	if (existsSync(campaignDir)) {
		for (const file of readdirSync(campaignDir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
			const value = read(join(campaignDir, file), campaignShape);
			if (value) campaigns.push({ id: file.replace(/\.ya?ml$/, ''), ...value });
		}
	}

	// Links between files. A folder that exists counts even when its files have problems of their own,
	// so one broken file is reported once rather than again by everything that links to it.
	const topicSlugs = new Set(topicFolders);
	const termIds = new Set(termFolders);
	for (const topic of topics) {
		for (const [index, related] of topic.related.entries()) {
			if (!topicSlugs.has(related) || related === topic.slug) {
				problems.push(
					`${name(join(dir, 'topics', topic.slug, 'meta.yaml'))}: related, item ${index + 1}: "${related}" is not another topic`
				);
			}
		}
		for (const [locale, text] of Object.entries(topic.text)) {
			const fields: [string, string][] = [
				['summary', text.summary],
				...text.for_you.map((point, i): [string, string] => [`for_you, item ${i + 1}, text`, point.text]),
				...text.will_happen.map((line, i): [string, string] => [`will_happen, item ${i + 1}`, line])
			];
			for (const [field, value] of fields) {
				for (const part of parseRich(value)) {
					if (typeof part !== 'string' && !termIds.has(part.term)) {
						problems.push(
							`${name(join(dir, 'topics', topic.slug, `${locale}.yaml`))}: ${field}: glossary link [[${part.term}]] has no entry in content/glossary/`
						);
					}
				}
			}
		}
	}
	for (const campaign of campaigns) {
		for (const [index, locale] of campaign.locales.entries()) {
			if (unreviewed({ ui }, locale) && !campaign.draft_locales.includes(locale)) {
				problems.push(
					`${name(join(campaignDir, `${campaign.id}.yaml`))}: locales, item ${index + 1}: ${locale} is a draft translation (not reviewed by a native speaker); list it in draft_locales to plan posts in it all the same`
				);
			}
		}
	}
	// The map writes each country as the language's terms do (a name counts when it starts with a rendering).
	for (const locale of locales) {
		const names = ui[locale]?.map.countries;
		for (const id of countryIds) {
			const term = terms[locale]?.terms[id];
			if (!names || !term) continue;
			if (!term.use.some((rendering) => names[id].startsWith(rendering))) {
				problems.push(
					`${name(join(dir, 'ui', `${locale}.yaml`))}: map, countries, ${id}: "${names[id]}" is not written as in terms/${locale}.yaml (${term.use.join(', ')})`
				);
			}
		}
	}
	for (const opportunity of opportunities) {
		for (const [index, slug] of opportunity.topics.entries()) {
			if (!topicSlugs.has(slug)) {
				problems.push(`${name(join(dir, 'opportunities', opportunity.id, 'meta.yaml'))}: topics, item ${index + 1}: "${slug}" is not a topic in content/topics/`);
			}
		}
	}
	if (home) problems.push(...homeProblems(home, topicSlugs, ui, (file) => name(join(dir, file))));
	for (const fact of facts) {
		if (!topicSlugs.has(fact.topic)) {
			problems.push(`${name(join(dir, 'facts', fact.id, 'meta.yaml'))}: topic: "${fact.topic}" is not a topic`);
		}
	}

	const factById = new Map(facts.map((fact) => [fact.id, fact]));
	for (const question of quiz) {
		problems.push(...quizProblems(question, factById.get(question.fact), factFolders.includes(question.fact), (file) => name(join(dir, 'quiz', question.id, file))));
	}

	if (problems.length > 0) throw new ContentError(problems);

	const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order;
	return {
		ui,
		terms,
		campaigns,
		topics: topics.sort(byOrder),
		facts: facts.sort((a, b) => a.topic.localeCompare(b.topic) || byOrder(a, b)),
		glossary,
		opportunities: opportunities.sort(byOrder),
		site: site!,
		...(logoImage === undefined ? {} : { logoImage }),
		home: home!,
		quiz: quiz.sort((a, b) => byOrder(a, b) || a.id.localeCompare(b.id))
	};
}

/**
 * What is wrong with home.yaml beside its shape: every topic it names exists, each topic is in exactly
 * one theme, and every language has the words for each entry and theme, and none for an id it lacks.
 */
export function homeProblems(
	home: schema.Home,
	topicSlugs: ReadonlySet<string>,
	ui: Partial<Record<Locale, schema.Ui>>,
	file: (name: string) => string
): string[] {
	const problems: string[] = [];
	const where = file('home.yaml');
	for (const [index, entry] of home.for_you.entries()) {
		if (!topicSlugs.has(entry.topic)) problems.push(`${where}: for_you, item ${index + 1}, topic: "${entry.topic}" is not a topic in content/topics/`);
	}
	const themeOf = new Map<string, string>();
	for (const [index, theme] of home.themes.entries()) {
		for (const [at, slug] of theme.topics.entries()) {
			const field = `themes, item ${index + 1}, topics, item ${at + 1}`;
			if (!topicSlugs.has(slug)) problems.push(`${where}: ${field}: "${slug}" is not a topic in content/topics/`);
			else if (themeOf.has(slug)) problems.push(`${where}: ${field}: "${slug}" is already in theme "${themeOf.get(slug)}" (each topic is in one theme)`);
			else themeOf.set(slug, theme.id);
		}
	}
	for (const slug of [...topicSlugs].sort()) {
		if (!themeOf.has(slug)) problems.push(`${where}: themes: topic "${slug}" is in no theme (the home page would not list it)`);
	}
	const sameIds = (locale: Locale, field: string, ids: string[], words: Record<string, unknown>) => {
		const at = file(`ui/${locale}.yaml`);
		for (const id of ids) if (!(id in words)) problems.push(`${at}: ${field}: "${id}" is missing (home.yaml lists it)`);
		for (const id of Object.keys(words)) if (!ids.includes(id)) problems.push(`${at}: ${field}, ${id}: home.yaml has no "${id}"`);
	};
	for (const [locale, strings] of Object.entries(ui) as [Locale, schema.Ui][]) {
		sameIds(locale, 'home, for_you', home.for_you.map((entry) => entry.id), strings.home.for_you);
		sameIds(locale, 'themes', home.themes.map((theme) => theme.id), strings.themes);
	}
	return problems;
}

/**
 * What is wrong with a quiz question beside its own files' shape: its fact must exist; every language
 * has as many options as English and the right one among them; where the fact's figure is a number,
 * the right option states it and no other option does, so the answer is the fact's, not a guess.
 * A fact folder that exists but did not load is reported by its own files, not again here.
 */
export function quizProblems(
	question: QuizQuestion,
	fact: Fact | undefined,
	factExists: boolean,
	file: (name: string) => string
): string[] {
	if (!fact) return factExists ? [] : [`${file('meta.yaml')}: fact: "${question.fact}" is not a fact in content/facts/`];
	const problems: string[] = [];
	const english = question.text[defaultLocale];
	for (const [locale, text] of Object.entries(question.text) as [Locale, schema.QuizText][]) {
		const where = file(`${locale}.yaml`);
		if (english && text.options.length !== english.options.length) {
			problems.push(`${where}: options: has ${text.options.length} options, English has ${english.options.length} (the options are the same, in the same order, in every language)`);
			continue; // which option is which is unknown until the counts agree
		}
		if (question.answer > text.options.length) {
			problems.push(`${where}: options: has ${text.options.length} options, but meta.yaml says option ${question.answer} is right`);
			continue;
		}
		const figure = (fact.text[locale] ?? fact.text[defaultLocale])?.figure ?? '';
		const numbers = numbersIn(figure);
		if (numbers.length === 0) continue;
		const states = (option: string) => {
			const found = numbersIn(option);
			return numbers.every((number) => found.includes(number));
		};
		for (const [index, option] of text.options.entries()) {
			const right = index + 1 === question.answer;
			if (right && !states(option)) {
				problems.push(`${where}: options, item ${index + 1}: the right answer must state the fact's figure "${figure}" (the fact ${fact.id} is a number)`);
			} else if (!right && states(option)) {
				problems.push(`${where}: options, item ${index + 1}: states the fact's figure "${figure}" too, but only the right answer (item ${question.answer}) may`);
			}
		}
	}
	return problems;
}

/** One schema issue as a sentence: the field's path, then what is wrong with it. */
function describe(issue: z.core.$ZodIssue, data: unknown): string {
	const path = issue.path;
	const field = path
		.map((key) => (typeof key === 'number' ? `item ${key + 1}` : String(key)))
		.join(', ');
	if (issue.code === 'unrecognized_keys') {
		const keys = issue.keys.map((key) => `"${key}"`).join(', ');
		return `${field ? `${field}: ` : ''}unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
	}
	let value: unknown = data;
	for (const key of path) {
		value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
	}
	const missing = value === undefined || value === null;
	const message = missing && issue.code !== 'custom' ? 'is missing' : issue.message;
	return field ? `${field}: ${message}` : message;
}
