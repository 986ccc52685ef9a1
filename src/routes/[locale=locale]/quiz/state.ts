/** What every page of a quiz in progress reads from its address. */
import { redirect } from '@sveltejs/kit';
import { readAnswers } from '#lib/core/quiz.ts';
import { getContent } from '#lib/server/content/index.ts';
import { quizKey } from '#lib/server/views/quiz.ts';

/** The content, the quiz's key and the answers in the address's `?a=` (the part of it that answers questions in order). */
export function readQuiz(url: URL) {
	const content = getContent();
	const key = quizKey(content);
	return { content, key, answers: readAnswers(url.searchParams.get('a'), key) };
}

/**
 * Sends the reader to `target` unless the page is already at that address: an address that says more
 * or other than the state it shows (answers that answer nothing, another parameter, a question not
 * reached yet) becomes the one that says exactly that state.
 */
export function settle(url: URL, target: string): void {
	if (url.pathname + url.search !== target) redirect(303, target);
}

/** Pages rendered per request: the same address shows the same page until the next build. */
export const cacheHeaders = { 'cache-control': 'public, max-age=600' };
