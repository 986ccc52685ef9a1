import { describe, expect, test } from 'vitest';
import { normalise, numbersIn, numbersInSwedish, quoteOccurs } from './sources.ts';

const strategy = normalise(`EU:s strategi för Centralasien
1
 från 2007 har hjälpt EU. Handeln utgjorde 5 % av
regionernas handel. EU har avsatt 1,1 miljarder euro under 2014–
2020. sjuttio miljoner invånare. FN:s ekonomiska kommission för Europa
12

, uppmuntra samarbete kring Aralsjön och avtalet om Kaspiska havets rättsliga ställning
13

.  EU kommer att fortsätta.`);

describe('quotes', () => {
	test.each([
		['strategi för Centralasien från 2007', true],
		['Handeln utgjorde 5 % av regionernas handel', true],
		['avsatt 1,1 miljarder euro under 2014– 2020', true],
		['Handeln utgjorde 6 % av regionernas handel', false],
		['strategi för Europa', false],
		// A footnote marker between a word and its comma or full stop, as the source prints it.
		['kommission för Europa, uppmuntra samarbete kring Aralsjön', true],
		['Kaspiska havets rättsliga ställning. EU kommer att fortsätta.', true],
		['kommission för Europa. uppmuntra', false]
	])('%j occurs: %s', (quote, expected) => {
		expect(quoteOccurs(strategy, quote)).toBe(expected);
	});
});

describe('numbers', () => {
	test('digits, with decimal commas as points', () => {
		expect(numbersIn('€1,1 billion in 2014–2020, 60% and 1.1')).toEqual(['1.1', '2014', '2020', '60', '1.1']);
	});

	test('Swedish number words count as their numbers', () => {
		expect([...numbersInSwedish('sjuttio miljoner invånare')]).toEqual(['70']);
		expect(numbersInSwedish('de fem största, mindre än en procent').has('5')).toBe(true);
		expect(numbersInSwedish('sedan början av nittiotalet').has('1990')).toBe(true);
		expect(numbersInSwedish('fem').has('6')).toBe(false);
	});
});
