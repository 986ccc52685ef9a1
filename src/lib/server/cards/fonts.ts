/**
 * The card fonts: Noto Sans from @fontsource, regular and bold, in the four subsets that cover Latin
 * Extended and Cyrillic Extended. Each file gets its own family name: Satori keeps one file per
 * name/weight/style, so subsets sharing a name would render Kazakh and Turkmen letters as boxes.
 * Loaded once per process.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import type opentype from 'opentype.js';

const subsets = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext'] as const;
const weights = [400, 700] as const;

export interface CardFont {
	/** Satori's family name for this one file. */
	name: string;
	file: string;
	weight: (typeof weights)[number];
	data: Buffer;
	font: opentype.Font;
}

export interface FontSet {
	fonts: CardFont[];
	/** The font-family list for Satori, in fallback order. */
	family: string;
	/** Changes when any font file changes: part of every card's cache key. */
	hash: string;
}

let loaded: FontSet | undefined;
let hashed: string | undefined;

const fontFiles = () => {
	const require = createRequire(import.meta.url);
	return weights.flatMap((weight) =>
		subsets.map((subset) => ({
			subset,
			weight,
			file: require.resolve(`@fontsource/noto-sans/files/noto-sans-${subset}-${weight}-normal.woff`)
		}))
	);
};

/**
 * The fonts' hash without parsing them: all a process needs that only checks which cards are cached
 * (`npm run cards` with nothing changed; its workers load the fonts themselves).
 */
export function fontsHash(): string {
	if (loaded) return loaded.hash;
	if (!hashed) {
		const hash = createHash('sha256');
		for (const { file } of fontFiles()) hash.update(readFileSync(file));
		hashed = hash.digest('hex').slice(0, 16);
	}
	return hashed;
}

export function loadFonts(): FontSet {
	if (loaded) return loaded;
	// Required here, not imported: a process that only hashes the fonts does not load opentype.js.
	const { parse } = createRequire(import.meta.url)('opentype.js') as typeof opentype;
	const fonts: CardFont[] = [];
	const hash = createHash('sha256');
	for (const { subset, weight, file } of fontFiles()) {
		const data = readFileSync(file);
		hash.update(data);
		const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
		fonts.push({ name: `Noto ${subset}`, file, weight, data, font: parse(buffer) });
	}
	loaded = {
		fonts,
		family: subsets.map((subset) => `Noto ${subset}`).join(', '),
		hash: hash.digest('hex').slice(0, 16)
	};
	return loaded;
}

/**
 * A WOFF 1.0 file as the OpenType file it wraps: the same tables, each inflated if it was
 * compressed, behind an OpenType header (https://www.w3.org/TR/WOFF/). For HarfBuzz, which does not
 * read WOFF. `file` names the font in errors.
 */
export function woffToSfnt(woff: Buffer, file = 'font'): Uint8Array {
	if (woff.length < 44 || woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error(`${file}: not a WOFF 1.0 file (its signature is not "wOFF")`);
	const count = woff.readUInt16BE(12);
	if (count === 0 || woff.length < 44 + 20 * count) throw new Error(`${file}: the WOFF table directory (${count} tables) does not fit in the file`);
	const tables = Array.from({ length: count }, (_, i) => {
		const at = 44 + i * 20;
		const tag = woff.toString('latin1', at, at + 4);
		const [offset, stored, length] = [woff.readUInt32BE(at + 4), woff.readUInt32BE(at + 8), woff.readUInt32BE(at + 12)];
		if (offset + stored > woff.length) throw new Error(`${file}: table ${tag} runs past the end of the file`);
		const raw = woff.subarray(offset, offset + stored);
		let data = raw;
		if (stored < length) {
			try {
				data = inflateSync(raw, { maxOutputLength: length });
			} catch (error) {
				throw new Error(`${file}: table ${tag} does not inflate: ${(error as Error).message}`);
			}
		}
		if (data.length !== length) throw new Error(`${file}: table ${tag} is ${data.length} bytes, not ${length}`);
		return { tag: woff.readUInt32BE(at), checksum: woff.readUInt32BE(at + 16), data };
	});
	const padded = (n: number) => (n + 3) & ~3;
	const out = Buffer.alloc(12 + 16 * count + tables.reduce((sum, table) => sum + padded(table.data.length), 0));
	// The header: the flavour (TrueType or CFF), the table count and the binary-search fields.
	const power = 2 ** Math.floor(Math.log2(count));
	out.writeUInt32BE(woff.readUInt32BE(4), 0);
	out.writeUInt16BE(count, 4);
	out.writeUInt16BE(power * 16, 6);
	out.writeUInt16BE(Math.log2(power), 8);
	out.writeUInt16BE(count * 16 - power * 16, 10);
	let at = 12 + 16 * count;
	tables.forEach((table, i) => {
		out.writeUInt32BE(table.tag, 12 + 16 * i);
		out.writeUInt32BE(table.checksum, 16 + 16 * i);
		out.writeUInt32BE(at, 20 + 16 * i);
		out.writeUInt32BE(table.data.length, 24 + 16 * i);
		out.set(table.data, at);
		at += padded(table.data.length);
	});
	return out;
}

/** The first font (in fallback order) of the given weight that has a glyph for the character. */
export function fontFor(set: FontSet, char: string, weight: number): CardFont | undefined {
	const code = char.codePointAt(0) ?? 0;
	return set.fonts.find((entry) => entry.weight === weight && entry.font.charToGlyphIndex(String.fromCodePoint(code)) > 0);
}

/** Characters of a text that no loaded font can draw. Spaces and line breaks need no glyph. */
export function uncovered(set: FontSet, text: string, weight: number): string[] {
	return [...new Set([...text])].filter((char) => !/\s/.test(char) && !fontFor(set, char, weight));
}

/**
 * Per font set: a character's advance in ems (advance width over units per em) by code point and
 * weight. Fitting a card measures each candidate line again and again, too often to look each glyph
 * up in the fonts each time.
 */
const advances = new WeakMap<FontSet, Map<number, number>>();

function advance(set: FontSet, char: string, weight: number): number {
	let cache = advances.get(set);
	if (!cache) advances.set(set, (cache = new Map()));
	const key = (char.codePointAt(0) ?? 0) * 1000 + weight;
	let ems = cache.get(key);
	if (ems === undefined) {
		const entry = fontFor(set, char, weight) ?? set.fonts[0];
		ems = entry ? (entry.font.charToGlyph(char).advanceWidth ?? 0) / entry.font.unitsPerEm : 0;
		cache.set(key, ems);
	}
	return ems;
}

/** The width of a single line of text in pixels, with the same per-character fallback as Satori. */
export function measure(set: FontSet, text: string, size: number, weight: number): number {
	let width = 0;
	for (const char of text) width += advance(set, char, weight) * size;
	return width;
}
