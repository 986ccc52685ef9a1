/** How the dashboard names a language: in the reader's language, with its own name and code (browser-safe). */
import { localeNames, type Locale } from '#lib/core/i18n.ts';
import type { Translator } from '#lib/dashboard/i18n/index.ts';

/** "Uzbek (Oʻzbekcha, uz)"; "English (en)"; in Russian "узбекский (Oʻzbekcha, uz)", "русский (ru)" */
export const languageLabel = (locale: Locale, t: Translator) => {
	const name = t(`lang.${locale}`);
	return name === localeNames[locale] || t.lang === locale ? `${name} (${locale})` : `${name} (${localeNames[locale]}, ${locale})`;
};
