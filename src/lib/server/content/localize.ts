import { defaultLocale, fill, type Locale } from '#lib/core/i18n.ts';
import type { Content, Texts } from './load.ts';
import type { Section, Ui } from './schema.ts';

/** A text in the reader's language or, where it is not translated yet, in English. */
export interface InLocale<T> {
	value: T;
	/** The language the text is actually in: put it on the element as `lang`. */
	lang: Locale;
	/** True when the reader's language had no text and English stands in. */
	fallback: boolean;
}

export function inLocale<T>(texts: Texts<T>, locale: Locale): InLocale<T> {
	const own = texts[locale];
	if (own) return { value: own, lang: locale, fallback: false };
	const english = texts[defaultLocale];
	if (!english) throw new Error('Content without English text: the loader should have refused it');
	return { value: english, lang: defaultLocale, fallback: locale !== defaultLocale };
}

/** "Section 2.4", "Introduction", … in the reader's language. */
export function sectionLabel(ui: Ui, section: Section): string {
	if (section === 'intro') return ui.sections.intro;
	if (section === 'regional') return ui.sections.regional;
	return fill(ui.sections.numbered, { number: section });
}

/**
 * Whether a language's translation is a draft: not reviewed by a native speaker. The site says so to
 * its readers; nothing is planned or approved in it without a person saying so.
 */
export function unreviewed(content: Pick<Content, 'ui'>, locale: Locale): boolean {
	return content.ui[locale]?.status !== 'reviewed';
}
