import { describe, expect, test } from 'vitest';
import { alphabetical, digits, initialOf, otherScripts } from './alphabet.ts';
import { alphabets, locales } from './i18n.ts';

describe('the letter a word is indexed under', () => {
	test.each([
		['en', 'Migration', 'M'],
		['en', 'rule of law', 'R'],
		['ru', 'Ёлка', 'Ё'],
		['ru', '«Повестка-2030»', 'П'],
		['kk', 'Өңірлік ынтымақтастық', 'Ө'],
		['kk', 'Ұлттық', 'Ұ'],
		['ky', 'Ңыз', 'Ң'],
		['tg', 'Ҳуқуқи инсон', 'Ҳ'],
		['tg', 'Ҷомеаи шаҳрвандӣ', 'Ҷ'],
		['tk', 'Ýokary bilim', 'Ý'],
		['tk', 'Şäher', 'Ş'],
		['tk', 'Çäre', 'Ç'],
		['uz', 'Shahar', 'Sh'],
		['uz', 'Savdo', 'S'],
		['uz', 'Oʻzaro bogʻlanish', 'Oʻ'],
		['uz', "O'zaro", 'Oʻ'],
		['uz', 'Ochiq', 'O'],
		['uz', 'Chegara', 'Ch'],
		['ru', '2030 год', digits],
		['ru', 'GSP+ (Всеобщая система)', otherScripts.Latin],
		['tg', 'EPCA', otherScripts.Latin],
		['tk', 'Евразийский', otherScripts.Cyrillic],
		['en', 'Ḥarrān', 'H'],
		['en', 'Élan', 'E'],
		['ru', 'Йод', 'Й']
	] as const)('%s: %s → %s', (locale, word, letter) => {
		expect(initialOf(word, alphabets[locale])).toBe(letter);
	});
});

describe('an index by the language’s own alphabet', () => {
	const terms = ['Миграция', 'Гражданское общество', 'ВТО', 'GSP+', 'Гендерное равенство', '2030', 'Ёмкость'];
	const { entries, index } = alphabetical(terms, (t) => t, (t) => t, 'ru');

	test('entries go letter by letter, then as the language sorts, outside letters and digits last', () => {
		expect(entries).toEqual(['ВТО', 'Гендерное равенство', 'Гражданское общество', 'Ёмкость', 'Миграция', 'GSP+', '2030']);
	});

	test('every letter of the alphabet is listed; those with entries point at the first', () => {
		expect(index.slice(0, alphabets.ru.length).map((l) => l.letter)).toEqual([...alphabets.ru]);
		expect(index.find((l) => l.letter === 'Г')).toEqual({ letter: 'Г', first: 'Гендерное равенство' });
		expect(index.find((l) => l.letter === 'Б')).toEqual({ letter: 'Б' });
		expect(index.slice(-2)).toEqual([
			{ letter: otherScripts.Latin, first: 'GSP+' },
			{ letter: digits, first: '2030' }
		]);
	});

	test('Uzbek letters Sh and Oʻ come after Z, as in the Uzbek alphabet', () => {
		const uz = alphabetical(['Shahar', 'Zamin', 'Savdo', 'Oʻzaro', 'Ochiq'], (t) => t, (t) => t, 'uz');
		expect(uz.entries).toEqual(['Ochiq', 'Savdo', 'Zamin', 'Oʻzaro', 'Shahar']);
	});

	test('every language has an alphabet of distinct capitals', () => {
		for (const locale of locales) {
			const letters = alphabets[locale];
			expect(new Set(letters).size, locale).toBe(letters.length);
			for (const letter of letters) expect(letter, locale).toBe(letter[0]!.toLocaleUpperCase() + letter.slice(1));
		}
	});
});
