import type { ParamMatcher } from '@sveltejs/kit';
import { isLocale, type Locale } from '#lib/core/i18n.ts';

/** A type guard, so that routes under [locale=locale] get `params.locale` typed as a Locale. */
export const match = ((param: string): param is Locale => isLocale(param)) satisfies ParamMatcher;
