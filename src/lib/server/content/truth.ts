/**
 * Gates that hold the content to what the strategy says: a fact's text does what its quote does (states,
 * plans, recommends or aims), every fact is dated, each language writes a recurring name one way, every
 * numbered section is covered; and the promise words a person checks, listed where they stand.
 */
import { locales, type Locale } from '#lib/core/i18n.ts';
import { plainText } from '#lib/core/rich.ts';
import type { Content } from './load.ts';
import { sections, type Modality } from './schema.ts';
import { listLeadIn } from './sources.ts';

/**
 * A word starts with `stem`: stems cover inflection (стратеги → стратегия, стратегии, стратегию). An
 * abbreviation (a stem ending in a capital) must not run on into a longer one: YeI is not YeIK.
 */
const startsWord = (stem: string) =>
	new RegExp(
		`(?<![\\p{L}\\p{N}])${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${/\p{Lu}$/u.test(stem) ? '(?!\\p{Lu})' : ''}`,
		/\p{Lu}$/u.test(stem) ? 'u' : 'iu'
	);
const word = (source: string) => new RegExp(`(?<![\\p{L}])(?:${source})(?![\\p{L}])`, 'iu');

/** The Swedish verbs by which the strategy plans, recommends or aims. */
export const quoteVerbs: Record<Exclude<Modality, 'has'>, RegExp> = {
	will: word('kommer(?: \\S+){0,3} att|ska|skall'),
	should: word('bör|borde'),
	aims: word('syftar|syftet|syfte|för att|mål|målet|målen|avser|strävar|sträva')
};

const swedish: Record<Exclude<Modality, 'has'>, string> = {
	will: 'kommer att, ska',
	should: 'bör',
	aims: 'syftar till, för att, mål, avser'
};

/** What the English text must carry for each modality, and what it must not. */
export const englishMarks: Record<Modality, { needs?: RegExp; not?: RegExp; say: string }> = {
	has: { say: 'states' },
	will: { needs: word('will|would|plans?|planned|is to|are to|intends?|intended'), say: 'plans' },
	should: {
		needs: word('should|recommends?|recommended|calls? for|called for|proposes?|proposed|suggests?|suggested|urges?'),
		not: word('will'),
		say: 'recommends'
	},
	aims: {
		needs: word('aims?|aimed|wants?|wanted|seeks?|sought|goals?|hopes?|hoped|intends?|intended|so that|in order to'),
		not: word('will'),
		say: 'aims at'
	}
};

/** A fact's own problems with its modality: its quote must do what `says` claims, its English text too. */
export function modalityProblems(fact: Content['facts'][number], strategy?: string): string[] {
	const where = `facts/${fact.id}`;
	const problems: string[] = [];
	const quote = fact.source.quote;
	if (fact.says === 'has') {
		if (quoteVerbs.should.test(quote)) problems.push(`${where}/meta.yaml: says: has, but the quote recommends (bör): say should`);
		// A list item takes its verb from the list's lead-in ("… bör omfatta följande:").
	} else if (!quoteVerbs[fact.says].test(quote) && !quoteVerbs[fact.says].test((strategy && listLeadIn(strategy, quote)) ?? '')) {

		problems.push(`${where}/meta.yaml: says: ${fact.says}, but the quote has no verb that ${englishMarks[fact.says].say} (${swedish[fact.says]})`);
	}
	const english = fact.text.en?.text;
	const mark = englishMarks[fact.says];
	if (english && mark.needs && !mark.needs.test(english)) {
		problems.push(`en: ${where}: the quote ${mark.say} (says: ${fact.says}); the English text must say so ("${english}")`);
	}
	if (english && mark.not?.test(english)) {
		problems.push(`en: ${where}: the quote only ${mark.say}; "will" states it as certain ("${english}")`);
	}
	// A headline may leave the modality to the text under it ("Strategy: aid can help …"), never overstate it.
	const headline = fact.text.en?.headline;
	if (headline && mark.not?.test(headline)) {
		problems.push(`en: ${where}: the quote only ${mark.say}; "will" in the headline states it as certain ("${headline}")`);
	}
	return problems;
}

/**
 * A quote is the whole sentence or list item that carries the claim: it starts as a sentence starts and
 * ends as one ends, so that a reader of the fact page never starts mid-sentence.
 */
export function wholeQuoteProblems(fact: Content['facts'][number]): string[] {
	const quote = fact.source.quote.trim();
	const problems: string[] = [];
	if (!/^[\p{Lu}\p{N}]/u.test(quote)) problems.push(`facts/${fact.id}/meta.yaml: source.quote starts mid-sentence ("${quote.slice(0, 30)}…"): quote the whole sentence`);
	if (!/[.;:!?]$/.test(quote)) problems.push(`facts/${fact.id}/meta.yaml: source.quote stops mid-sentence ("…${quote.slice(-30)}"): quote the whole sentence`);
	return problems;
}

/** The stems by which a language dates a statement to the strategy ("the 2019 strategy", "стратегия"). */
function strategyWords(content: Content, locale: Locale): string[] {
	return content.terms[locale]?.terms.strategy?.use ?? [];
}

/**
 * Every fact says its year, or that it is the strategy's, in every language; and so does its headline,
 * which stands alone (a post's first line, a page's title): "Half of Central Asia is under 20" read
 * years later states a 2019 figure as today's.
 */
export function datedProblems(content: Content): string[] {
	const problems: string[] = [];
	for (const fact of content.facts) {
		for (const locale of locales) {
			const text = fact.text[locale];
			if (!text) continue;
			const stems = strategyWords(content, locale);
			const dated = (said: string) => said.includes(String(fact.year)) || stems.some((stem) => startsWord(stem).test(said));
			const what = `its year ${fact.year} nor that it is the strategy's (${stems.length ? stems.join(', ') : `no strategy term in terms/${locale}.yaml`})`;
			if (!dated(`${text.figure} ${text.text}`)) problems.push(`${locale}: facts/${fact.id}: says neither ${what}: "${text.text}"`);
			if (!dated(text.headline)) problems.push(`${locale}: facts/${fact.id}: the headline says neither ${what}: "${text.headline}"`);
		}
	}
	return problems;
}

/** Every text a reader sees in one language, with the file it comes from. */
export function textsOf(content: Content, locale: Locale): { where: string; text: string }[] {
	const name = (id: string) => content.glossary.find((term) => term.id === id)?.text[locale]?.term ?? id;
	const plain = (value: string) => plainText(value, name);
	const out: { where: string; text: string }[] = [];
	const add = (where: string, ...values: string[]) => {
		for (const text of values) out.push({ where: `${where}/${locale}.yaml`, text: plain(text) });
	};
	for (const topic of content.topics) {
		const t = topic.text[locale];
		if (t) add(`topics/${topic.slug}`, t.title, t.summary, ...t.for_you.flatMap((p) => [p.heading, p.text]), ...t.will_happen);
	}
	for (const fact of content.facts) {
		const t = fact.text[locale];
		if (t) add(`facts/${fact.id}`, t.figure, t.headline, t.text);
	}
	for (const term of content.glossary) {
		const t = term.text[locale];
		if (t) add(`glossary/${term.id}`, t.term, t.definition);
	}
	for (const opportunity of content.opportunities) {
		const t = opportunity.text[locale];
		if (t) add(`opportunities/${opportunity.id}`, t.name, t.offers, t.who);
	}
	for (const question of content.quiz) {
		const t = question.text[locale];
		if (t) add(`quiz/${question.id}`, t.question, ...t.options);
	}
	const strings = (value: unknown): string[] =>
		typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
	out.push(...strings(content.ui[locale]).map((text) => ({ where: `ui/${locale}.yaml`, text })));
	return out;
}

/** A second rendering of a recurring name: each language writes it one way (terms/<locale>.yaml). */
export function termProblems(content: Content): string[] {
	const problems: string[] = [];
	for (const locale of locales) {
		const terms = content.terms[locale];
		if (!terms) {
			problems.push(`terms/${locale}.yaml: file is missing: every language lists how it writes the recurring names`);
			continue;
		}
		if (!terms.terms.strategy) problems.push(`terms/${locale}.yaml: terms: strategy is missing (the word that dates a statement to the strategy)`);
		for (const [id, term] of Object.entries(terms.terms)) {
			for (const other of term.not) {
				const pattern = startsWord(other);
				for (const { where, text } of textsOf(content, locale)) {
					if (pattern.test(text)) {
						problems.push(`${locale}: ${where}: "${other}" is written ${term.use.map((u) => `"${u}"`).join(' or ')} in this language (terms/${locale}.yaml: ${id})`);
					}
				}
			}
		}
	}
	return problems;
}

export interface PromiseWord {
	locale: Locale;
	where: string;
	word: string;
	text: string;
}

/** Words that may promise what the strategy does not, where they stand: for a person to read in context. */
export function promiseWords(content: Content): PromiseWord[] {
	const found: PromiseWord[] = [];
	for (const locale of locales) {
		const words = content.terms[locale]?.promise_words ?? [];
		const except = (content.terms[locale]?.promise_except ?? []).map((stem) => stem.toLocaleLowerCase(locale));
		/** Whether some use of `stem` in `text` is not one of the excepted words. */
		const promises = (stem: string, text: string) =>
			[...text.matchAll(new RegExp(startsWord(stem).source, `g${startsWord(stem).flags}`))].some((match) => {
				const word = /^[\p{L}\p{N}-]+/u.exec(text.slice(match.index))?.[0].toLocaleLowerCase(locale) ?? '';
				return !except.some((other) => word.startsWith(other));
			});
		for (const { where, text } of textsOf(content, locale)) {
			for (const stem of words) if (promises(stem, text)) found.push({ locale, where, word: stem, text });
		}
	}
	return found;
}

export const factsPerSection = 5;

/** Every numbered section of the strategy (1.1–3.3) carries at least five facts. */
export function coverageProblems(content: Content): string[] {
	return sections
		.filter((section) => /^\d\.\d$/.test(section))
		.map((section) => [section, content.facts.filter((fact) => fact.source.section === section).length] as const)
		.filter(([, count]) => count < factsPerSection)
		.map(([section, count]) => `section ${section}: ${count} fact${count === 1 ? '' : 's'}; every numbered section needs at least ${factsPerSection}`);
}
