import { loadContent, type Content } from './load.ts';

export * from './load.ts';
export * from './localize.ts';

let cached: Content | undefined;

/** The validated content, read once per process. */
export function getContent(): Content {
	cached ??= loadContent();
	return cached;
}
