import type { ParamMatcher } from '@sveltejs/kit';

/** A quiz question's number in its page's path: 1, 2, … (whether the quiz has it is the page's to say). */
export const match = ((param: string) => /^[1-9]\d{0,2}$/.test(param)) satisfies ParamMatcher;
