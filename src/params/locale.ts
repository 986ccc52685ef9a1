import type { ParamMatcher } from '@sveltejs/kit';
import { isLocale } from '#lib/core/i18n.ts';

export const match: ParamMatcher = (param) => isLocale(param);
