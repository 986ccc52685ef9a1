import { describe, expect, test } from 'vitest';
import { countRight, parseScoreSlug, questionPath, questionState, readAnswers, resultPath, scorePath, scoreSlug, type QuizKey } from './quiz.ts';

// Three questions: three options (the second right), two options (the first right), four (the fourth right).
const key: QuizKey[] = [
	{ options: 3, answer: 2 },
	{ options: 2, answer: 1 },
	{ options: 4, answer: 4 }
];

describe('the answers in the address', () => {
	test.each([
		['', []],
		[null, []],
		['2', [2]],
		['214', [2, 1, 4]],
		// Each digit must be one of its question's options, in order; the rest is dropped.
		['23', [2]],
		['204', [2]],
		['2x4', [2]],
		['2145', [2, 1, 4]],
		['-1', []],
		['２', []]
	] as const)('?a=%s holds %j', (raw, expected) => {
		expect(readAnswers(raw, key)).toEqual(expected);
	});

	test('are scored against each question’s right option', () => {
		expect(countRight([], key)).toBe(0);
		expect(countRight([2, 1, 4], key)).toBe(3);
		expect(countRight([1, 2, 3], key)).toBe(0);
		expect(countRight([2, 2, 4], key)).toBe(2);
		expect(countRight([2], key)).toBe(1);
	});
});

describe('a question’s page', () => {
	test('asks its question when the answers before it are given, and shows its answer when its own is the last', () => {
		expect(questionState(1, [], 3)).toEqual({ show: 'question' });
		expect(questionState(2, [2], 3)).toEqual({ show: 'question' });
		expect(questionState(2, [2, 1], 3)).toEqual({ show: 'answer' });
		expect(questionState(3, [2, 1, 4], 3)).toEqual({ show: 'answer' });
	});

	test('sends a reader who skipped ahead to the first question not answered, and trims answers it does not show', () => {
		expect(questionState(3, [], 3)).toEqual({ redirect: { number: 1, answers: [] } });
		expect(questionState(3, [2], 3)).toEqual({ redirect: { number: 2, answers: [2] } });
		expect(questionState(1, [2, 1], 3)).toEqual({ redirect: { number: 1, answers: [2] } });
	});

	test('has addresses that carry the answers, and a score page that does not', () => {
		expect(questionPath('ru', 1)).toBe('/ru/quiz/1/');
		expect(questionPath('ru', 3, [2, 1])).toBe('/ru/quiz/3/?a=21');
		expect(resultPath('kk', [2, 1, 4])).toBe('/kk/quiz/result/?a=214');
		expect(scorePath('tk', 2, 3)).toBe('/tk/quiz/score/2-of-3/');
	});
});

describe('a score’s slug', () => {
	test('names a score of this quiz, and nothing else', () => {
		expect(scoreSlug(8, 10)).toBe('8-of-10');
		expect(parseScoreSlug('8-of-10', 10)).toBe(8);
		expect(parseScoreSlug('0-of-10', 10)).toBe(0);
		expect(parseScoreSlug('10-of-10', 10)).toBe(10);
		for (const slug of ['11-of-10', '8-of-12', '08-of-10', '8-of-010', '-1-of-10', '8of10', '', '8-of-10/../x']) {
			expect(parseScoreSlug(slug, 10), slug).toBeUndefined();
		}
	});
});
