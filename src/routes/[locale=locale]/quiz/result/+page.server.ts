import { error } from '@sveltejs/kit';
import { fill } from '#lib/core/i18n.ts';
import { countRight, questionPath, resultPath, scorePath, scoreSlug } from '#lib/core/quiz.ts';
import { config } from '#lib/server/config.ts';
import { pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import { questionView, type QuestionView } from '#lib/server/views/quiz.ts';
import { cacheHeaders, readQuiz, settle } from '../state.ts';
import type { PageServerLoad } from './$types';
import { nextSteps, opportunitiesTopic } from '#lib/server/views/next.ts';

// The score of every answer in the address, counted here: rendered per request, like the questions.
export const prerender = false;

export const load: PageServerLoad = ({ params, url, setHeaders }) => {
	const locale = params.locale;
	const { content, key, answers } = readQuiz(url);
	if (key.length === 0) error(404, 'Not found');
	// Not finished: the first question not yet answered.
	if (answers.length < key.length) settle(url, questionPath(locale, answers.length + 1, answers));
	settle(url, resultPath(locale, answers));
	setHeaders(cacheHeaders);

	const ui = content.ui[locale];
	const score = countRight(answers, key);
	const total = key.length;
	const shareText = fill(ui.quiz.share_text, { score, count: total });
	const meta: PageMeta = {
		title: `${ui.quiz.result_title}: ${fill(ui.quiz.score, { score, count: total })}`,
		description: shareText,
		card: pageCard(locale, 'score', scoreSlug(score, total)),
		noindex: true
	};
	const review = answers.map((chosen, index) => {
		const question = questionView(content, locale, index + 1, config.siteUrl) as QuestionView;
		return { ...question, chosen, right: chosen === question.answer };
	});
	return {
		meta,
		next: [opportunitiesTopic(locale), ...nextSteps(locale, { quiz: false })].filter((step) => step !== undefined),
		score,
		total,
		review,
		shareUrl: config.siteUrl + scorePath(locale, score, total),
		shareText,
		again: questionPath(locale, 1),
		strategyUrl: config.strategyUrl
	};
};
