/** The four card formats: link previews, and the three shapes social networks show best. */
export const formats = {
	og: { width: 1200, height: 630 },
	square: { width: 1080, height: 1080 },
	portrait: { width: 1080, height: 1350 },
	story: { width: 1080, height: 1920 }
} as const;

export type Format = keyof typeof formats;
export const formatNames = Object.keys(formats) as Format[];

export function isFormat(value: string): value is Format {
	return value in formats;
}

import { cardKinds, type CardKind } from './paths.ts';

export { cardKinds, type CardKind };

export function isCardKind(value: string): value is CardKind {
	return (cardKinds as readonly string[]).includes(value);
}
