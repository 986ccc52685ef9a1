import { loadContent, type Content } from './load';

export * from './load';
export * from './localize';

let cached: Content | undefined;

/** The validated content, read once per process. */
export function getContent(): Content {
	cached ??= loadContent();
	return cached;
}
