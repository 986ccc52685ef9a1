/**
 * Rendered cards on disk, keyed by a hash of everything that shapes the image: the template version,
 * the card's text, its format and the fonts. Only what changed is rendered again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CardText } from '#lib/server/views/card.ts';
import { fontsHash as currentFontsHash } from './fonts.ts';
import type { Format } from '#lib/core/catalogue.ts';
import { templateVersion } from './template.ts';

export function cardKey(card: CardText, format: Format, fontsHash = currentFontsHash()): string {
	// The alt text is not drawn: it does not change the image.
	const { alt: _alt, ...drawn } = card;
	return createHash('sha256')
		.update(JSON.stringify({ templateVersion, drawn, format, fontsHash }))
		.digest('hex')
		.slice(0, 32);
}

export const cachePath = (dir: string, key: string) => join(dir, `${key}.png`);

/** Writes a file whole or not at all: a reader never sees half a PNG. */
export function writeAtomic(file: string, data: Buffer): void {
	const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
	writeFileSync(temporary, data);
	renameSync(temporary, file);
}

/** The card's PNG from the cache, rendering and storing it first if needed. */
export async function cardPng(dir: string, card: CardText, format: Format): Promise<Buffer> {
	const file = cachePath(dir, cardKey(card, format));
	if (existsSync(file)) return readFileSync(file);
	// Loaded when a card is drawn, not when the cache is only checked: Satori is slow to load.
	const { renderPng } = await import('./render.ts');
	const png = await renderPng(card, format);
	mkdirSync(dir, { recursive: true });
	writeAtomic(file, png);
	return png;
}

/**
 * A card kept with a post: the image cached under the key it had when the post was made — the exact
 * picture approved — or, when that file is gone, drawn again from the kept input (the same picture
 * while the template and fonts are unchanged).
 */
export async function keptCardPng(dir: string, card: CardText, format: Format, key: string | undefined): Promise<Buffer> {
	const file = key && /^[0-9a-f]{32}$/.test(key) ? cachePath(dir, key) : undefined;
	if (file && existsSync(file)) return readFileSync(file);
	return cardPng(dir, card, format);
}
