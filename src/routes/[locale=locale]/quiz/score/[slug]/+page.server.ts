import { error } from '@sveltejs/kit';
import { fill, locales } from '#lib/core/i18n.ts';
import { parseScoreSlug, questionPath, scoreSlug } from '#lib/core/quiz.ts';
import { getContent } from '#lib/server/content/index.ts';
import { pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import type { EntryGenerator, PageServerLoad } from './$types';
import { nextSteps, opportunitiesTopic } from '#lib/server/views/next.ts';

// The page a result is shared as: the score and its card, not the answers (which would give the quiz
// away). One per score, prerendered.
export const entries: EntryGenerator = () => {
	const total = getContent().quiz.length;
	if (total === 0) return [];
	return locales.flatMap((locale) => Array.from({ length: total + 1 }, (_, score) => ({ locale, slug: scoreSlug(score, total) })));
};

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui, quiz } = getContent();
	const total = quiz.length;
	const score = parseScoreSlug(params.slug, total);
	if (score === undefined) error(404, 'Not found');
	const text = fill(ui[locale].quiz.shared, { score, count: total });
	const meta: PageMeta = {
		title: `${fill(ui[locale].quiz.score, { score, count: total })}: ${ui[locale].quiz.title}`,
		description: text,
		card: pageCard(locale, 'score', params.slug)
	};
	return { meta, next: [opportunitiesTopic(locale), ...nextSteps(locale, { quiz: false })].filter((step) => step !== undefined), score, total, text, start: questionPath(locale, 1) };
};
