import { error } from '@sveltejs/kit';
import { fill, locales } from '#lib/core/i18n.ts';
import { questionPath } from '#lib/core/quiz.ts';
import { getContent } from '#lib/server/content/index.ts';
import { pageCard, type PageMeta } from '#lib/server/views/meta.ts';
import type { EntryGenerator, PageServerLoad } from './$types';
import { nextSteps, opportunitiesTopic } from '#lib/server/views/next.ts';

// The quiz's first page is prerendered; its questions are rendered per request (see [number=question]).
export const entries: EntryGenerator = () => (getContent().quiz.length > 0 ? locales.map((locale) => ({ locale })) : []);

export const load: PageServerLoad = ({ params }) => {
	const locale = params.locale;
	const { ui, quiz } = getContent();
	if (quiz.length === 0) error(404, 'Not found');
	const intro = fill(ui[locale].quiz.intro, { count: quiz.length });
	const meta: PageMeta = { title: ui[locale].quiz.title, description: intro, card: pageCard(locale, 'page', 'quiz') };
	return { meta, next: [opportunitiesTopic(locale), ...nextSteps(locale, { quiz: false })].filter((step) => step !== undefined), intro, start: questionPath(locale, 1) };
};
