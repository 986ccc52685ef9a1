/**
 * The site's look that both sides know: the class that gives an element its topic's colour, and colour
 * contrast as WCAG 2.2 defines it (relative luminance, contrast ratio) with the backgrounds a topic's
 * colour must stand on. Pure functions, for the schema, the pages, the tests and the share cards alike.
 * Each topic's colour and pictogram are declared in content/topics/<slug>/meta.yaml.
 */

/**
 * The class that sets `--topic` to a topic's colour (the rules are made from the content at build
 * time: `topicStyles` in server/look/styles.ts, served to the pages by vite.config.ts).
 */
export const topicClass = (slug: string) => `topic-${slug}`;

/** The page's own colours that a topic's colour meets: `--paper` and `--surface` in src/app.css. */
export const backgrounds = { paper: '#fbfaf7', surface: '#ffffff' } as const;
/** Text drawn on a topic's colour (badges, card bands). */
export const onColour = '#ffffff';
/** WCAG 2.2 AA for normal text (1.4.3). */
export const minimumContrast = 4.5;

const hex = /^#[0-9a-f]{6}$/;
export const isHexColour = (value: string) => hex.test(value);

/** sRGB channel (0–255) to linear light. */
function linear(channel: number) {
	const c = channel / 255;
	return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a `#rrggbb` colour, 0 (black) to 1 (white). */
export function luminance(colour: string): number {
	if (!isHexColour(colour)) throw new Error(`not a #rrggbb colour: ${colour}`);
	const [r, g, b] = [1, 3, 5].map((at) => linear(Number.parseInt(colour.slice(at, at + 2), 16)));
	return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light! + 0.05) / (dark! + 0.05);
}

/** The lowest contrast a topic's colour has: white text on it, or it as text on the page's backgrounds. */
export function weakestContrast(colour: string): { ratio: number; against: string } {
	const pairs = [onColour, ...Object.values(backgrounds)].map((other) => ({ ratio: contrast(colour, other), against: other }));
	return pairs.reduce((low, pair) => (pair.ratio < low.ratio ? pair : low));
}
