import { describe, expect, test } from 'vitest';
import type { Content, Fact } from './load.ts';
import type { Modality, Terms } from './schema.ts';
import { coverageProblems, datedProblems, modalityProblems, promiseWords, termProblems, wholeQuoteProblems } from './truth.ts';

const fact = (says: Modality, quote: string, en: string, more: Partial<Fact> = {}): Fact => ({
	id: 'x',
	topic: 't',
	order: 1,
	says,
	year: 2019,
	source: { section: '2.4', quote },
	text: { en: { figure: 'Half', headline: 'In 2019, half were under 20', text: en } },
	...more
});

describe('a fact does what its quote does', () => {
	test("a list item takes its verb from the list's lead-in", () => {
		const strategy = 'EU har stött reformer. Särskilda initiativ på detta område bör omfatta följande: Inrätta en dialog om normer. Stödja val.';
		const item = fact('should', 'Inrätta en dialog om normer.', 'The strategy calls for a dialogue on standards.');
		expect(modalityProblems(item, strategy)).toEqual([]);
		expect(modalityProblems({ ...item, says: 'aims' }, strategy).join('\n')).toContain('says: aims, but the quote has no verb that aims at');
		expect(modalityProblems(item)).toContainEqual(expect.stringContaining('says: should, but the quote has no verb that recommends'));
	});

	test.each([
		['has', 'Hälften av befolkningen i regionen är under 20 år.', 'In 2019, half the people were under 20.'],
		['will', 'EU kommer att stödja reformer.', 'The 2019 strategy says the EU will support reforms.'],
		['will', 'EU kommer också att främja handel.', 'The EU planned to promote trade.'],
		['should', 'Samarbetet bör omfatta utbildning.', 'The strategy says cooperation should include education.'],
		['aims', 'EU syftar till att stärka partnerskapet.', 'The 2019 strategy aims to make the partnership stronger.'],
		['aims', 'Målet är en starkare region.', 'The strategy wants a stronger region.']
	] as const)('%s: "%s" → "%s" passes', (says, quote, en) => {
		expect(modalityProblems(fact(says, quote, en))).toEqual([]);
	});

	test.each([
		['has', 'Samarbetet bör omfatta utbildning.', 'Cooperation includes education.', 'facts/x/meta.yaml: says: has, but the quote recommends (bör)'],
		['will', 'EU har stött reformer.', 'The EU will support reforms.', 'facts/x/meta.yaml: says: will, but the quote has no verb that plans'],
		['should', 'Samarbetet bör omfatta utbildning.', 'Cooperation will include education.', 'en: facts/x: the quote recommends (says: should); the English text must say so'],
		['should', 'Samarbetet bör omfatta utbildning.', 'It should and will include education.', 'en: facts/x: the quote only recommends; "will" states it as certain'],
		['aims', 'EU syftar till att stärka partnerskapet.', 'The EU makes the partnership stronger.', 'en: facts/x: the quote aims at (says: aims); the English text must say so'],
		['aims', 'EU syftar till att stärka partnerskapet.', 'The EU aims to and will make it stronger.', 'en: facts/x: the quote only aims at; "will" states it as certain']
	] as const)('%s: "%s" → "%s" fails', (says, quote, en, problem) => {
		expect(modalityProblems(fact(says, quote, en)).join('\n')).toContain(problem);
	});
});

/** Content with the given facts and Russian terms; nothing else. */
const content = (facts: Fact[], ru?: Partial<Terms>): Content =>
	({
		ui: {},
		terms: ru ? { ru: { terms: {}, promise_words: [], ...ru } } : {},
		campaigns: [],
		topics: [],
		facts,
		glossary: [],
		opportunities: [],
		quiz: []
	}) as unknown as Content;
const strategyRu = { terms: { strategy: { use: ['стратеги'], not: [] } } };

describe('every fact is dated: its year, or the strategy', () => {
	test.each([
		['the year', 'В 2019 году половине людей было меньше 20 лет.'],
		['the strategy, inflected', 'По стратегии, ЕС поддержит реформы.']
	])('%s passes', (_, text) => {
		expect(datedProblems(content([fact('has', 'q', 'In 2019, …', { text: { ru: { figure: 'Половина', headline: 'Стратегия: Половина', text } } })], strategyRu))).toEqual([]);
	});

	test('a text with neither fails, naming the locale, the fact and what would date it', () => {
		const undated = fact('has', 'q', 'x', { text: { ru: { figure: 'Половина', headline: 'Стратегия: Половина', text: 'Половине людей меньше 20 лет.' } } });
		expect(datedProblems(content([undated], strategyRu))).toEqual([
			'ru: facts/x: says neither its year 2019 nor that it is the strategy\'s (стратеги): "Половине людей меньше 20 лет."'
		]);
	});
});

describe('one rendering of a recurring name per language', () => {
	test('an abbreviation is not found inside a longer one (uz YeI, not YeIK)', () => {
		const uz = { terms: { strategy: { use: ['strategiya'], not: [] }, eu: { use: ['YI'], not: ['YeI'] } }, promise_words: [], promise_except: [] };
		const text = (value: string) => fact('has', 'q', 'x', { text: { uz: { figure: '5', headline: 'Strategiya: 5', text: value } } });
		const found = (value: string) =>
			termProblems({ ...content([text(value)]), terms: { uz } } as Content).filter((p) => p.startsWith('uz:'));
		expect(found('BMT YeIK Suv konvensiyasi.')).toEqual([]);
		expect(found('YeI va Markaziy Osiyo.')).toHaveLength(1);
	});

	const withText = (text: string) => fact('has', 'q', 'x', { text: { ru: { figure: '5', headline: 'Стратегия: 5', text } } });
	const terms = { terms: { ...strategyRu.terms, eu: { use: ['ЕС'], not: ['Евросоюз'] } } };

	test('the house rendering passes', () => {
		expect(termProblems(content([withText('ЕС поддержит реформы.')], terms)).filter((p) => p.startsWith('ru:'))).toEqual([]);
	});

	test('another rendering, inflected, fails with the file and the term', () => {
		expect(termProblems(content([withText('Евросоюзу важно это.')], terms)).filter((p) => p.startsWith('ru:'))).toEqual([
			'ru: facts/x/ru.yaml: "Евросоюз" is written "ЕС" in this language (terms/ru.yaml: eu)'
		]);
	});

	test('a language without a terms file fails', () => {
		expect(termProblems(content([], terms))).toContain('terms/en.yaml: file is missing: every language lists how it writes the recurring names');
	});
});

test('a promise word that only starts a word of the exceptions is not listed: безопасность is security, not safe', () => {
	const security = fact('has', 'q', 'x', { text: { ru: { figure: '5', headline: 'Стратегия: 5', text: 'ЕС обсуждает безопасность.' } } });
	const safe = fact('has', 'q', 'x', { id: 'y', text: { ru: { figure: '5', headline: 'Стратегия: 5', text: 'Безопасная работа для вас.' } } });
	expect(promiseWords(content([security, safe], { promise_words: ['безопасн'], promise_except: ['безопасност'] }))).toEqual([
		{ locale: 'ru', where: 'facts/y/ru.yaml', word: 'безопасн', text: 'Безопасная работа для вас.' }
	]);
});

test('promise words are listed where they stand, not failed', () => {
	const promising = fact('has', 'q', 'x', { text: { ru: { figure: '5', headline: 'Стратегия: 5', text: 'ЕС гарантирует вам работу.' } } });
	expect(promiseWords(content([promising], { promise_words: ['гарантир'] }))).toEqual([
		{ locale: 'ru', where: 'facts/x/ru.yaml', word: 'гарантир', text: 'ЕС гарантирует вам работу.' }
	]);
});

test('every numbered section needs five facts', () => {
	const five = Array.from({ length: 5 }, (_, i) => fact('has', 'q', 'x', { id: `f${i}`, source: { section: '1.1', quote: 'q' } }));
	const problems = coverageProblems(content(five));
	expect(problems).not.toContainEqual(expect.stringContaining('section 1.1'));
	expect(problems).toContain('section 1.2: 0 facts; every numbered section needs at least 5');
	expect(problems).toHaveLength(9); // the other nine: 1.2 … 3.3
});

test.each([
	['Hälften av befolkningen i regionen är under 20 år.', []],
	['Inrätta en särskild dialog om arbetsrättsliga normer;', []],
	['av befolkningen i regionen är under 20 år.', ['starts mid-sentence']],
	['Hälften av befolkningen i regionen', ['stops mid-sentence']]
])('the quote "%s" is a whole sentence: %j', (quote, problems) => {
	const found = wholeQuoteProblems(fact('has', quote, 'x'));
	expect(found.map((problem) => /starts mid-sentence|stops mid-sentence/.exec(problem)?.[0])).toEqual(problems);
});
