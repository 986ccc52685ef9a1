/**
 * The quiz in a language: each question with its options, and the fact it is made from as the fact's
 * own view (item.ts) gives it — its figure, sentence, page and source — so that an answer shows what
 * the content says today, not a copy.
 */
import type { Locale } from '#lib/core/i18n.ts';
import type { QuizKey } from '#lib/core/quiz.ts';
import { inLocale } from '#lib/server/content/localize.ts';
import type { Content } from '#lib/server/content/load.ts';
import { itemView } from './item.ts';

/** What scoring needs: each question's number of options and its right option. */
export function quizKey(content: Pick<Content, 'quiz'>): QuizKey[] {
	return content.quiz.map((question) => ({ options: inLocale(question.text, 'en').value.options.length, answer: question.answer }));
}

export interface QuestionView {
	/** 1 = the first. */
	number: number;
	question: string;
	options: string[];
	/** The right option, 1 = the first. */
	answer: number;
	/** The language the question is in: the reader's, or English where it is not translated yet. */
	lang: Locale;
	fallback: boolean;
	fact: {
		id: string;
		figure: string;
		text: string;
		/** The fact's page. */
		path: string;
		/** "Source: Section 2.4 of the strategy". */
		source: string;
		lang: Locale;
		fallback: boolean;
	};
}

/** Question `number` (1 = the first) in a language, or undefined when the quiz has no such question. */
export function questionView(content: Content, locale: Locale, number: number, siteUrl: string): QuestionView | undefined {
	const question = content.quiz[number - 1];
	if (!question) return undefined;
	const text = inLocale(question.text, locale);
	// The loader has checked that the fact exists.
	const fact = itemView(content, locale, 'fact', question.fact, siteUrl)!;
	return {
		number,
		question: text.value.question,
		options: text.value.options,
		answer: question.answer,
		lang: text.lang,
		fallback: text.fallback,
		fact: { id: question.fact, figure: fact.title, text: fact.body, path: fact.path, source: fact.source ?? '', lang: fact.lang, fallback: fact.fallback }
	};
}
