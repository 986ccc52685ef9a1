/**
 * The one content loader. It reads `content/`, validates every file against its schema, checks the
 * links between files, and returns typed content — or throws a ContentError listing every problem
 * with the file, the field and what is wrong. The site, the cards and the scheduler all use it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { defaultLocale, isLocale, locales, type Locale } from '../../i18n.ts';
import { parseRich } from '../../rich.ts';
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
export interface Content {
	ui: Record<Locale, schema.Ui>;
	topics: Topic[];
	facts: Fact[];
	glossary: GlossaryTerm[];
	opportunities: Opportunity[];
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

/** Where content lives unless told otherwise: `content/` in the working directory. */
export const defaultContentDir = resolve(process.env.CARAVAN_CONTENT_DIR ?? 'content');

export function loadContent(dir: string = defaultContentDir): Content {
	const problems: string[] = [];
	const name = (file: string) => relative(process.cwd(), file) || file;

	/** Reads and validates one YAML file; records problems and returns undefined when it is bad. */
	function read<S extends z.ZodType>(file: string, shape: S): z.output<S> | undefined {
		const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: false, uniqueKeys: true });
		if (doc.errors.length > 0) {
			for (const error of doc.errors) {
				const at = error.linePos?.[0];
				const where = at ? `line ${at.line}, column ${at.col}` : 'somewhere';
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

	/** Reads one item folder: its `meta.yaml` (when the kind has one) and one `<locale>.yaml` per language. */
	function item<M extends z.ZodType | undefined, T extends z.ZodType>(
		kind: string,
		id: string,
		metaShape: M,
		textShape: T
	) {
		const path = join(dir, kind, id);
		if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
			problems.push(`${name(path)}: folder name must be lowercase letters, digits and dashes`);
		}
		const text: Texts<z.output<T>> = {};
		let meta: (M extends z.ZodType ? z.output<M> : undefined) | undefined;
		for (const file of readdirSync(path).sort()) {
			const full = join(path, file);
			const locale = file.replace(/\.ya?ml$/, '');
			if (file === 'meta.yaml' && metaShape) {
				meta = read(full, metaShape);
			} else if (!/\.ya?ml$/.test(file)) {
				problems.push(`${name(full)}: not a .yaml file`);
			} else if (!isLocale(locale)) {
				problems.push(
					`${name(full)}: unknown locale "${locale}" (the file name must be one of ${locales.join(', ')}${metaShape ? ', or meta' : ''})`
				);
			} else {
				const value = read(full, textShape);
				if (value) text[locale] = value;
			}
		}
		if (metaShape && !existsSync(join(path, 'meta.yaml'))) {
			problems.push(`${name(join(path, 'meta.yaml'))}: file is missing`);
		}
		if (!existsSync(join(path, `${defaultLocale}.yaml`))) {
			problems.push(
				`${name(join(path, `${defaultLocale}.yaml`))}: file is missing: English is the fallback for every language`
			);
		}
		return { meta, text };
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

	const topics: Topic[] = [];
	for (const slug of folders('topics')) {
		const { meta, text } = item('topics', slug, schema.topicMeta, schema.topicText);
		if (meta) topics.push({ slug, ...meta, text });
	}
	const facts: Fact[] = [];
	for (const id of folders('facts')) {
		const { meta, text } = item('facts', id, schema.factMeta, schema.factText);
		if (meta) facts.push({ id, ...meta, text });
	}
	const glossary: GlossaryTerm[] = [];
	for (const id of folders('glossary')) {
		const { text } = item('glossary', id, undefined, schema.glossaryText);
		glossary.push({ id, text });
	}
	const opportunities: Opportunity[] = [];
	for (const id of folders('opportunities')) {
		const { meta, text } = item('opportunities', id, schema.opportunityMeta, schema.opportunityText);
		if (meta) opportunities.push({ id, ...meta, text });
	}

	// Links between files.
	const topicSlugs = new Set(topics.map((topic) => topic.slug));
	const termIds = new Set(glossary.map((term) => term.id));
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
	for (const fact of facts) {
		if (!topicSlugs.has(fact.topic)) {
			problems.push(`${name(join(dir, 'facts', fact.id, 'meta.yaml'))}: topic: "${fact.topic}" is not a topic`);
		}
	}

	if (problems.length > 0) throw new ContentError(problems);

	const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order;
	return {
		ui,
		topics: topics.sort(byOrder),
		facts: facts.sort((a, b) => a.topic.localeCompare(b.topic) || byOrder(a, b)),
		glossary,
		opportunities: opportunities.sort(byOrder)
	};
}

/** One schema issue as a sentence: the field's path, then what is wrong with it. */
function describe(issue: z.core.$ZodIssue, data: unknown): string {
	const path = issue.path;
	const field = path
		.map((key, i) => (typeof key === 'number' ? `item ${key + 1}` : i === 0 ? String(key) : String(key)))
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
