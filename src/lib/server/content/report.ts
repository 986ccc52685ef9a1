/**
 * The content report: per locale, how complete and how readable the content is, and whether every
 * fact is traced to the strategy. `gates` lists every rule that fails; none may fail.
 */
import { locales, type Locale } from '#lib/core/i18n.ts';
import { parseRich, plainText } from '#lib/core/rich.ts';
import type { Content } from './load.ts';
import { numbersIn, numbersInSwedish, quoteOccurs, strategyYear } from './sources.ts';
import {
	averageSentence,
	englishSyllables,
	fleschKincaidGrade,
	fleschReadingEaseRu,
	russianSyllables,
	stats,
	type TextStats
} from './readability.ts';
import { coverageProblems, datedProblems, modalityProblems, promiseWords, termProblems, wholeQuoteProblems, type PromiseWord } from './truth.ts';

export const limits = { averageSentence: 15, longestSentence: 25, englishGrade: 8 };

export interface LocaleRow {
	locale: Locale;
	status: 'draft' | 'reviewed';
	topics: [number, number];
	facts: [number, number];
	glossary: [number, number];
	opportunities: [number, number];
	sourced: [number, number];
	averageSentence: number;
	longestSentence: number;
	/** en: the highest Flesch-Kincaid grade of any topic, and the average. */
	grade?: { max: number; average: number };
	/** ru: Flesch reading ease (Oborneva) per topic: the lowest and the average. */
	ease?: { min: number; average: number };
}

export interface Report {
	rows: LocaleRow[];
	/** Every failed gate, as "where: what is wrong". */
	failures: string[];
	/** Per-topic readability figures, for the curious and for the note. */
	topics: { locale: Locale; slug: string; grade?: number; ease?: number; average: number }[];
	/** Words that may promise more than the strategy does, where they stand: a person reads each in context. */
	promises: PromiseWord[];
}

const numberKey = (text: string) => [...new Set(numbersIn(text))].sort().join(', ');

/**
 * A fact's headline states the same numbers in every language as in English; it carries its figure's
 * numbers ("€1.1 billion" → 1.1), and no number its own text does not state (its year aside: "2018: …"
 * dates what the text dates in words).
 */
export function headlineNumberProblems(fact: Content['facts'][number], locale: Locale): string[] {
	const text = fact.text[locale];
	const english = fact.text.en;
	if (!text) return [];
	const where = `${locale}: facts/${fact.id}`;
	const problems: string[] = [];
	const own = numbersIn(text.headline);
	if (english && locale !== 'en' && numberKey(text.headline) !== numberKey(english.headline)) {
		problems.push(`${where}: headline numbers ${numberKey(text.headline) || '(none)'} differ from English ${numberKey(english.headline) || '(none)'}`);
	}
	const stated = new Set([...numbersIn(`${text.figure} ${text.text}`), String(fact.year)]);
	const more = [...new Set(own.filter((n) => !stated.has(n)))];
	if (more.length) problems.push(`${where}: the headline states ${more.join(', ')}, which the fact's text does not`);
	const lacks = [...new Set(numbersIn(text.figure).filter((n) => !own.includes(n)))];
	if (lacks.length) problems.push(`${where}: the headline lacks the figure's ${lacks.join(', ')}`);
	return problems;
}

/** The body text of a topic: what a reader reads under the title, without markup. */
function topicBody(content: Content, slug: string, locale: Locale): string[] | undefined {
	const text = content.topics.find((topic) => topic.slug === slug)?.text[locale];
	if (!text) return undefined;
	const name = (id: string) => content.glossary.find((term) => term.id === id)?.text[locale]?.term ?? id;
	return [text.summary, ...text.for_you.map((point) => point.text), ...text.will_happen].map((value) =>
		plainText(value, name)
	);
}

/** Glossary ids a topic links, with how often. */
function links(content: Content, slug: string, locale: Locale): Map<string, number> {
	const text = content.topics.find((topic) => topic.slug === slug)?.text[locale];
	const found = new Map<string, number>();
	if (!text) return found;
	for (const value of [text.summary, ...text.for_you.map((p) => p.text), ...text.will_happen]) {
		for (const part of parseRich(value)) {
			if (typeof part !== 'string') found.set(part.term, (found.get(part.term) ?? 0) + 1);
		}
	}
	return found;
}

export function contentReport(content: Content, strategy: string | undefined): Report {
	const failures: string[] = [];
	const topicFigures: Report['topics'] = [];

	// Facts traced to the strategy: language-neutral, checked once.
	const sourced = new Set<string>();
	for (const fact of content.facts) {
		const where = `facts/${fact.id}/meta.yaml`;
		if (!strategy) continue;
		if (!quoteOccurs(strategy, fact.source.quote)) {
			failures.push(`${where}: source.quote is not in the strategy's text: "${fact.source.quote}"`);
			continue;
		}
		const english = fact.text.en;
		const inQuote = numbersInSwedish(fact.source.quote);
		// A fact dated to the strategy may say so ("in 2019, …"): the strategy's year needs no quote.
		if (fact.year === strategyYear) inQuote.add(String(strategyYear));
		// The headline too: it may say less than the text, never a number the quote lacks.
		const missing = english ? numbersIn(`${english.figure} ${english.headline} ${english.text}`).filter((n) => !inQuote.has(n)) : [];
		if (missing.length > 0) {
			failures.push(`${where}: the fact states ${[...new Set(missing)].join(', ')}, which its quote does not contain`);
			continue;
		}
		sourced.add(fact.id);
	}
	if (!strategy) failures.push('the strategy text was not found, so no fact could be checked against it');
	// What the strategy does with each fact (states, plans, recommends, aims), its date, its names, its sections.
	for (const fact of content.facts) failures.push(...modalityProblems(fact, strategy), ...wholeQuoteProblems(fact));
	failures.push(...datedProblems(content), ...termProblems(content), ...coverageProblems(content));

	const rows = locales.map((locale): LocaleRow => {
		const count = <T extends { text: Partial<Record<Locale, unknown>> }>(items: T[]): [number, number] => [
			items.filter((item) => item.text[locale]).length,
			items.length
		];
		const row: LocaleRow = {
			locale,
			status: content.ui[locale].status,
			topics: count(content.topics),
			facts: count(content.facts),
			glossary: count(content.glossary),
			opportunities: count(content.opportunities),
			sourced: [content.facts.filter((fact) => fact.text[locale] && sourced.has(fact.id)).length, content.facts.length],
			averageSentence: 0,
			longestSentence: 0
		};
		for (const [kind, [have, all]] of Object.entries({
			topics: row.topics,
			facts: row.facts,
			glossary: row.glossary,
			opportunities: row.opportunities
		})) {
			if (have < all) failures.push(`${locale}: ${kind} ${have}/${all} translated`);
		}

		// Readability of all body text in this language.
		const syllables = locale === 'en' ? englishSyllables : locale === 'ru' ? russianSyllables : undefined;
		const body: string[] = [];
		const grades: number[] = [];
		const eases: number[] = [];
		for (const topic of content.topics) {
			const texts = topicBody(content, topic.slug, locale);
			if (!texts) continue;
			body.push(...texts);
			const s = stats(texts, syllables);
			const figure: Report['topics'][number] = { locale, slug: topic.slug, average: averageSentence(s) };
			if (locale === 'en') {
				figure.grade = fleschKincaidGrade(s);
				grades.push(figure.grade);
				if (figure.grade > limits.englishGrade) {
					failures.push(
						`en: topics/${topic.slug}: Flesch-Kincaid grade ${figure.grade.toFixed(1)} is over ${limits.englishGrade}`
					);
				}
			}
			if (locale === 'ru') {
				figure.ease = fleschReadingEaseRu(s);
				eases.push(figure.ease);
			}
			topicFigures.push(figure);

			// Glossary links: the same terms as in English, each linked once (at its first use).
			const own = links(content, topic.slug, locale);
			const english = links(content, topic.slug, 'en');
			const differ = [...new Set([...own.keys(), ...english.keys()])].filter((id) => own.has(id) !== english.has(id));
			if (differ.length > 0) {
				failures.push(
					`${locale}: topics/${topic.slug}: glossary links differ from English: ${differ.map((id) => `[[${id}]]`).join(', ')}`
				);
			}
			for (const [id, times] of own) {
				if (times > 1) failures.push(`${locale}: topics/${topic.slug}: [[${id}]] is linked ${times} times; link it at first use only`);
			}
		}
		for (const fact of content.facts) {
			const text = fact.text[locale];
			if (!text) continue;
			body.push(text.text);
			const english = fact.text.en;
			if (english && numberKey(`${text.figure} ${text.text}`) !== numberKey(`${english.figure} ${english.text}`)) {
				failures.push(
					`${locale}: facts/${fact.id}: numbers ${numberKey(`${text.figure} ${text.text}`) || '(none)'} differ from English ${numberKey(`${english.figure} ${english.text}`) || '(none)'}`
				);
			}
			failures.push(...headlineNumberProblems(fact, locale));
		}
		for (const term of content.glossary) {
			const text = term.text[locale];
			if (text) body.push(text.definition);
		}
		for (const opportunity of content.opportunities) {
			const text = opportunity.text[locale];
			if (text) body.push(text.offers, text.who);
		}
		const all = stats(body);
		row.averageSentence = averageSentence(all);
		row.longestSentence = all.longest;
		if (row.averageSentence > limits.averageSentence) {
			failures.push(`${locale}: average sentence ${row.averageSentence.toFixed(1)} words is over ${limits.averageSentence}`);
		}
		if (all.longest > limits.longestSentence) {
			failures.push(
				`${locale}: a sentence of ${all.longest} words is over ${limits.longestSentence}: "${all.longestSentence}"`
			);
		}
		const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;
		if (grades.length) row.grade = { max: Math.max(...grades), average: mean(grades) };
		if (eases.length) row.ease = { min: Math.min(...eases), average: mean(eases) };
		return row;
	});

	return { rows, failures, topics: topicFigures, promises: promiseWords(content) };
}

/** The report as a plain text table. */
export function formatReport(report: Report): string {
	const header = ['locale', 'status', 'topics', 'facts', 'glossary', 'opport.', 'sourced', 'avg sent.', 'longest', 'readability'];
	const cells = report.rows.map((row) => [
		row.locale,
		row.status,
		row.topics.join('/'),
		row.facts.join('/'),
		row.glossary.join('/'),
		row.opportunities.join('/'),
		row.sourced.join('/'),
		row.averageSentence.toFixed(1),
		String(row.longestSentence),
		row.grade
			? `FK grade max ${row.grade.max.toFixed(1)}, avg ${row.grade.average.toFixed(1)}`
			: row.ease
				? `Flesch (Oborneva) min ${row.ease.min.toFixed(1)}, avg ${row.ease.average.toFixed(1)}`
				: '–'
	]);
	const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]?.length ?? 0)));
	const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
	const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
	if (report.promises.length === 0) return `${table}\n\nNo promise words (terms/<locale>.yaml: promise_words) in any language.`;
	const promises = report.promises.map(({ locale, where, word, text }) => `  ${locale}  ${where}  "${word}": ${text}`);
	return `${table}\n\nPromise words for a person to read in context (does the strategy say this?), ${report.promises.length}:\n${promises.join('\n')}`;
}
