import { describe, expect, test } from 'vitest';
import { fill, matchAcceptLanguage } from './i18n.ts';

describe('matchAcceptLanguage', () => {
	test.each([
		['ru-RU,ru;q=0.9,en-US;q=0.8', 'ru'],
		['kk-KZ', 'kk'],
		['uz-Latn-UZ', 'uz'],
		['UZ', 'uz'],
		['de-DE,de;q=0.9,ky;q=0.3,ru;q=0.5', 'ru'],
		['tg;q=0.2, tk;q=0.8', 'tk'],
		['fr-FR, en;q=0', undefined],
		['*', 'en'],
		['fr, *;q=0.1', 'en'],
		['', undefined],
		[null, undefined],
		['x-klingon', undefined]
	])('%j → %s', (header, expected) => {
		expect(matchAcceptLanguage(header)).toBe(expected);
	});
});

describe('fill', () => {
	test('fills placeholders and leaves unknown ones visible', () => {
		expect(fill('{count} results for “{query}”', { count: 3, query: 'water' })).toBe('3 results for “water”');
		expect(fill('Section {number}', {})).toBe('Section {number}');
	});
});
