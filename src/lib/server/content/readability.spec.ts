import { describe, expect, test } from 'vitest';
import {
	englishSyllables,
	fleschKincaidGrade,
	fleschReadingEaseRu,
	russianSyllables,
	sentences,
	stats,
	words
} from './readability.ts';

describe('sentences and words', () => {
	test.each([
		['One. Two! Three? Four…', 4],
		['It costs €1.1 billion. Then more.', 2],
		['A list item without a full stop', 1],
		['Line one\nLine two.', 2],
		['', 0]
	])('%j has %i sentences', (text, count) => {
		expect(sentences(text)).toHaveLength(count);
	});

	test('words count names, numbers and letters of every alphabet', () => {
		expect(words('Oʻzbekiston – 2014–2020, Erasmus+ және қазақ.')).toHaveLength(5);
	});
});

describe('syllables', () => {
	test.each([
		['cat', 1],
		['water', 2],
		['education', 4],
		['important', 3],
		['make', 1],
		['people', 2]
	])('English %s has %i', (word, count) => {
		expect(englishSyllables(word)).toBe(count);
	});

	test.each([
		['вода', 2],
		['образование', 6],
		['ЕС', 1],
		['в', 0]
	])('Russian %s has %i', (word, count) => {
		expect(russianSyllables(word)).toBe(count);
	});
});

describe('readability scores', () => {
	test('short plain sentences score a low grade; long latinate ones a high grade', () => {
		const plain = stats(['The EU helps you. You can study. Water is clean.'], englishSyllables);
		const hard = stats(
			['Intensified institutional cooperation necessitates comprehensive harmonisation of regulatory frameworks.'],
			englishSyllables
		);
		expect(fleschKincaidGrade(plain)).toBeLessThan(3);
		expect(fleschKincaidGrade(hard)).toBeGreaterThan(15);
	});

	test('Russian reading ease uses Oborneva’s coefficients', () => {
		// 2 sentences, 6 words, 12 vowels: 206.835 − 1.3 × 3 − 60.1 × 2 = 82.735
		const s = stats(['Мама мыла раму. Папа читал книгу.'], russianSyllables);
		expect(s).toMatchObject({ sentences: 2, words: 6, syllables: 12 });
		expect(fleschReadingEaseRu(s)).toBeCloseTo(82.735, 3);
	});
});
