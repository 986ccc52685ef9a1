import { error } from '@sveltejs/kit';
import { fill } from '#lib/core/i18n.ts';
import { countRight, questionPath, questionState, resultPath } from '#lib/core/quiz.ts';
import { config } from '#lib/server/config.ts';
import { pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { questionView } from '#lib/server/views/quiz.ts';
import { cacheHeaders, readQuiz, settle } from '../state.ts';
import type { PageServerLoad } from './$types';

// One page per question, rendered on the server: its state is the answers in the address (?a=2213),
// which a prerendered page cannot read. It works without JavaScript: an answer is a button of a GET form.
export const prerender = false;

export const load: PageServerLoad = ({ params, url, setHeaders }) => {
	const locale = params.locale;
	const number = Number(params.number);
	const { content, key, answers } = readQuiz(url);
	const question = questionView(content, locale, number, config.siteUrl);
	if (!question) error(404, 'Not found');
	const state = questionState(number, answers, key.length);
	if ('redirect' in state) settle(url, questionPath(locale, state.redirect.number, state.redirect.answers));
	settle(url, questionPath(locale, number, answers));
	setHeaders(cacheHeaders);

	const ui = content.ui[locale];
	const before = answers.slice(0, number - 1);
	const chosen = answers[number - 1];
	const last = number === key.length;
	const meta: PageMeta = {
		title: `${fill(ui.quiz.progress, { number, count: key.length })}: ${ui.quiz.title}`,
		description: fill(ui.quiz.intro, { count: key.length }),
		card: pageCard(locale, 'page', 'quiz'),
		noindex: true
	};
	return {
		meta,
		question,
		count: key.length,
		/** Right answers so far: before this question, and this one once answered. */
		soFar: countRight(answers, key),
		/** The form's address (the page's main content first: no masthead to scroll past after each answer), and each option's value: the answers so far with it. */
		action: `${questionPath(locale, number)}#main`,
		values: question.options.map((_, index) => [...before, index + 1].join('')),
		chosen,
		next: chosen === undefined ? undefined : `${last ? resultPath(locale, answers) : questionPath(locale, number + 1, answers)}#main`,
		last,
		strategyUrl: config.strategyUrl
	};
};
