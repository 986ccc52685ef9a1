/** How the dashboard names a language: in English for the team, with its own name and code (browser-safe). */
import { localeNames, type Locale } from '#lib/core/i18n.ts';

const english: Record<Locale, string> = {
	en: 'English',
	ru: 'Russian',
	kk: 'Kazakh',
	ky: 'Kyrgyz',
	tg: 'Tajik',
	tk: 'Turkmen',
	uz: 'Uzbek'
};

/** "Uzbek" */
export const languageName = (locale: Locale) => english[locale];

/** "Uzbek (Oʻzbekcha, uz)"; "English (en)" */
export const languageLabel = (locale: Locale) => (locale === 'en' ? 'English (en)' : `${english[locale]} (${localeNames[locale]}, ${locale})`);
