import { describe, expect, test } from 'vitest';
import { isProperName, parseRich, plainText, richParts, startsSentence, termLabel, type TermName } from './rich.ts';

describe('glossary links in content text', () => {
	test.each([
		['no links', ['no links']],
		['[[wto]] helps', [{ term: 'wto' }, ' helps']],
		['better [[connectivity|links]] now', ['better ', { term: 'connectivity', text: 'links' }, ' now']],
		['[[a|x]][[b]]', [{ term: 'a', text: 'x' }, { term: 'b' }]]
	])('%s', (source, parts) => {
		expect(parseRich(source)).toEqual(parts);
	});

	test('plain text shows the words a reader sees', () => {
		expect(plainText('Join the [[wto]] and get [[connectivity|better links]].', (id) => id.toUpperCase())).toBe(
			'Join the WTO and get better links.'
		);
	});
});

describe('a link without its own words keeps the sentence’s case', () => {
	const terms: Record<string, TermName> = {
		migration: { name: 'Migration', proper: false },
		investment: { name: 'Investment', proper: false },
		'paris-agreement': { name: 'Парижское соглашение', proper: true },
		wto: { name: 'WTO (World Trade Organization)', proper: true },
		'human-rights': { name: 'Права человека', proper: false },
		resilience: { name: 'Oʻzaro bogʻlanish', proper: false }
	};
	const term = (id: string) => terms[id] ?? id;

	test.each([
		// The two the issue saw: a common noun mid-sentence is written small.
		['It covers legal [[migration]] and work.', 'It covers legal migration and work.'],
		['Aid to attract private [[investment]].', 'Aid to attract private investment.'],
		// At the start of a text, of a sentence, or after an opening quote or dash, it keeps its capital.
		['[[migration]] is a topic.', 'Migration is a topic.'],
		['Borders matter. [[migration]] too!', 'Borders matter. Migration too!'],
		['Really? «[[migration]]» too.', 'Really? «Migration» too.'],
		['— [[investment]] first', '— Investment first'],
		// After a comma, a colon or a dash it does not.
		['First, [[investment]]: then [[migration]]', 'First, investment: then migration'],
		['Trade — [[investment]] too', 'Trade — investment too'],
		// Proper names and acronyms keep their capitals everywhere, in every alphabet.
		['Под [[paris-agreement]] страны', 'Под Парижское соглашение страны'],
		['join the [[wto]] soon', 'join the WTO (World Trade Organization) soon'],
		['говорят о [[human-rights]] часто', 'говорят о права человека часто'],
		['va [[resilience]]', 'va oʻzaro bogʻlanish'],
		// Words written in the link are the author’s, untouched.
		['legal [[migration|Migration]] stays', 'legal Migration stays']
	])('%s', (source, shown) => {
		expect(plainText(source, term)).toBe(shown);
		const links = richParts(source, term).filter((part) => typeof part !== 'string');
		expect(links.length).toBeGreaterThan(0);
	});

	test('an unknown term, given as a bare name, is shown as it is', () => {
		expect(plainText('about [[x]] here', () => 'Xyz')).toBe('about Xyz here');
	});

	test('where a sentence starts', () => {
		expect(startsSentence('')).toBe(true);
		expect(startsSentence('  ')).toBe(true);
		expect(startsSentence('Done. ')).toBe(true);
		expect(startsSentence('Done… “')).toBe(true);
		expect(startsSentence('legal ')).toBe(false);
		expect(startsSentence('as follows: ')).toBe(false);
	});

	test('the first letter alone changes, whatever the alphabet', () => {
		expect(termLabel({ name: 'Ýokary bilim', proper: false }, 'we ')).toBe('ýokary bilim');
		expect(termLabel({ name: 'Су ресурстарын басқару', proper: false }, 'және ')).toBe('су ресурстарын басқару');
		expect(termLabel({ name: 'Ҳуқуқи инсон', proper: false }, 'ва ')).toBe('ҳуқуқи инсон');
	});
});

describe('which glossary terms are proper names, read from the English headword', () => {
	test.each([
		['Migration', false],
		['Human rights', false],
		['High-level dialogue', false],
		['Small and medium-sized businesses', false],
		['Paris Agreement', true],
		['Eurasian Economic Union', true],
		['2030 Agenda', true],
		['WTO (World Trade Organization)', true],
		['EPCA (Enhanced Partnership and Cooperation Agreement)', true],
		['GSP+ (Generalised Scheme of Preferences Plus)', true],
		['Tariff (a tax on imports)', false]
	])('%s → %s', (headword, proper) => {
		expect(isProperName(headword)).toBe(proper);
	});
});
