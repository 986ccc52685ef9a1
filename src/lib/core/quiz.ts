/**
 * The quiz's state, carried in the address so that it works without JavaScript and keeps nothing on
 * the server: `?a=2213` are the answers so far, one digit per question (the option chosen, 1 = the
 * first). The score is counted on the server from them; nothing here reads the content, only each
 * question's number of options and right option.
 */
import { pagePath } from './paths.ts';
import type { Locale } from './i18n.ts';

/** What scoring needs to know of a question. */
export interface QuizKey {
	/** How many options it has (at most 9: one digit each). */
	options: number;
	/** The right option, 1 = the first. */
	answer: number;
}

/**
 * The answers a `?a=` value holds: its longest prefix that answers the questions in order (a digit
 * from 1 to the question's number of options). Anything after a digit that does not fit is dropped.
 */
export function readAnswers(raw: string | null | undefined, key: readonly QuizKey[]): number[] {
	const answers: number[] = [];
	for (const [index, char] of [...(raw ?? '')].entries()) {
		const question = key[index];
		const answer = Number(char);
		if (!question || !/^[1-9]$/.test(char) || answer > question.options) break;
		answers.push(answer);
	}
	return answers;
}

/** How many of the answers are right. */
export function countRight(answers: readonly number[], key: readonly QuizKey[]): number {
	return answers.filter((answer, index) => key[index]?.answer === answer).length;
}

const query = (answers: readonly number[]) => (answers.length > 0 ? `?a=${answers.join('')}` : '');

/** Question `number` (1 = the first), with the answers given before it, or with its own answer too. */
export function questionPath(locale: Locale, number: number, answers: readonly number[] = []): string {
	return pagePath(locale, 'quiz', String(number)) + query(answers);
}

/** The result of a finished quiz. */
export function resultPath(locale: Locale, answers: readonly number[]): string {
	return pagePath(locale, 'quiz', 'result') + query(answers);
}

/** A score as a slug, `8-of-10`: its page and its share card are named by it. */
export const scoreSlug = (score: number, total: number) => `${score}-of-${total}`;

/** The score a slug names, or undefined when it names none of this quiz's scores. */
export function parseScoreSlug(slug: string, total: number): number | undefined {
	const match = /^(0|[1-9]\d*)-of-([1-9]\d*)$/.exec(slug);
	if (!match || Number(match[2]) !== total || Number(match[1]) > total) return undefined;
	return Number(match[1]);
}

/** The page a reader shares: the score, without the answers (which would give the quiz away). */
export function scorePath(locale: Locale, score: number, total: number): string {
	return pagePath(locale, 'quiz', 'score', scoreSlug(score, total));
}

/**
 * What question `number`'s page shows for these answers: the question (the answers before it are
 * given), the answer to it (its own answer is the last), or where to go instead: the first question
 * not yet answered, or this question's answer when the address carries later answers too.
 */
export function questionState(
	number: number,
	answers: readonly number[],
	total: number
): { show: 'question' | 'answer' } | { redirect: { number: number; answers: number[] } } {
	if (answers.length === number - 1) return { show: 'question' };
	if (answers.length === number) return { show: 'answer' };
	if (answers.length < number - 1) return { redirect: { number: answers.length + 1, answers: [...answers] } };
	return { redirect: { number: Math.min(number, total), answers: answers.slice(0, Math.min(number, total)) } };
}
