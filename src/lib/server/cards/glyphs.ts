/**
 * A card's text, drawn the way Satori draws it but without Satori's text engine in the loop.
 *
 * The template fits every line itself (fit.ts), so Satori only has to place boxes: `lineBoxes` turns
 * each run of line elements into one empty box as tall as they are and keeps the lines. After Satori
 * has laid the boxes out, `drawLine` draws each line in its box as Satori would have: each word with
 * the space after it shaped with HarfBuzz (the build Satori itself uses, harfbuzzjs 0.10.0: kerning
 * and ligatures as Satori gets them), in the first font of the list that has the letter, laid out
 * by its pieces between line-break opportunities (linebreak, as Satori), and drawn from the card
 * fonts' glyph outlines, rounded to 0.1 px. A test renders cards of every language in every format
 * both ways and compares the pixels (cards.spec.ts). One deliberate difference: a combining accent's
 * vertical offset goes up, as HarfBuzz means it (no card text has one today).
 *
 * Why: with Satori drawing the text, text is most of Satori's time for a card (segmenting, shaping and
 * measuring every word again, and writing every glyph's outline out point by point). Here a word is
 * shaped once and a glyph's outline at a size is written once, then reused. `npm run bench:cards`
 * times Satori drawing the text itself against this, so the reason can be checked after an upgrade.
 */
import { createRequire } from 'node:module';
import { fontFor, woffToSfnt, type CardFont, type FontSet } from './fonts.ts';
import type { Node } from './template.ts';

/** The parts of harfbuzzjs 0.10 used here (it ships without types). */
interface HarfBuzz {
	createBlob(data: Uint8Array): { destroy(): void };
	createFace(blob: unknown, index: number): { destroy(): void };
	createFont(face: unknown): { setScale(x: number, y: number): void };
	createBuffer(): {
		addText(text: string): void;
		guessSegmentProperties(): void;
		getGlyphInfos(): { codepoint: number }[];
		getGlyphPositions(): { x_advance: number; x_offset: number; y_offset: number }[];
		destroy(): void;
	};
	shape(font: unknown, buffer: unknown): void;
}

const require = createRequire(import.meta.url);
const hb = await (require('harfbuzzjs') as Promise<HarfBuzz>);
/** linebreak (UAX #14, as Satori uses it) ships without types. */
const LineBreaker = require('linebreak') as new (text: string) => { nextBreak(): { position: number; required: boolean } | null };

/** A line of text to draw, as the template wrote it, and where in its box it sits. */
export interface TextLine {
	text: string;
	size: number;
	weight: number;
	color: string;
	/** In pixels. */
	lineHeight: number;
	/** The key of the box Satori places for this line and the lines around it, and the line's top in that box. */
	box: number;
	offset: number;
}

const isLine = (child: Node | string): child is Node & { props: { children: string } } =>
	typeof child !== 'string' && typeof child.props.children === 'string';

/**
 * The node tree with each run of lines (elements whose only child is their text, one after another)
 * replaced by one empty box as tall as they are; the lines go into `lines`, each with its box's key
 * and its place in the box. Satori's time grows with each element and style property, so a box has
 * only its height and the first line's top margin.
 *
 * A line is drawn from its own style only, so it may have nothing else: a numeric fontSize and
 * fontWeight, a colour, a lineHeight in px, a numeric marginTop, `whiteSpace: 'nowrap'`, and text of
 * words joined by single spaces (as fit.ts writes them). Anything else is an error that names the line,
 * not a picture that differs from the design.
 */
export function lineBoxes(node: Node, lines: TextLine[]): Node {
	const { children } = node.props;
	if (children === undefined || typeof children === 'string') return node;
	const list = Array.isArray(children) ? children : [children];
	const out: (Node | string)[] = [];
	for (let i = 0; i < list.length; ) {
		const child = list[i]!;
		if (typeof child === 'string') throw new Error(`card template: the text "${child}" stands beside other elements; put each line in an element of its own`);
		if (!isLine(child)) {
			out.push(lineBoxes(child, lines));
			i++;
			continue;
		}
		const key = lines.length;
		let height = 0;
		let top = 0;
		for (; i < list.length && isLine(list[i]!); i++) {
			const line = list[i] as Node & { props: { children: string } };
			const { fontSize, fontWeight, color, lineHeight, marginTop = 0, whiteSpace = 'nowrap', ...rest } = line.props.style ?? {};
			const pixels = /^(\d+(?:\.\d+)?)px$/.exec(String(lineHeight))?.[1];
			const text = line.props.children;
			const problems = [
				...(typeof fontSize === 'number' ? [] : ['fontSize is not a number']),
				...(typeof fontWeight === 'number' ? [] : ['fontWeight is not a number']),
				...(typeof color === 'string' ? [] : ['color is not a string']),
				...(pixels ? [] : [`lineHeight is not in px (${String(lineHeight)})`]),
				...(typeof marginTop === 'number' ? [] : ['marginTop is not a number']),
				...(whiteSpace === 'nowrap' ? [] : [`whiteSpace is ${String(whiteSpace)}, not nowrap`]),
				...Object.keys(rest).map((name) => `${name} is not drawn by glyphs.ts`),
				...(/^(\S+( \S+)*)?$/.test(text) ? [] : ['its words are not joined by single spaces'])
			];
			if (problems.length) throw new Error(`card template: the line "${text}": ${problems.join('; ')}`);
			if (lines.length === key) top = marginTop as number;
			else height += marginTop as number;
			lines.push({ text, size: fontSize as number, weight: fontWeight as number, color: color as string, lineHeight: Number(pixels), box: key, offset: height });
			height += Number(pixels);
		}
		out.push({ type: 'div', key, props: { style: top ? { marginTop: top, height } : { height } } });
	}
	return { ...node, props: { ...node.props, children: out } };
}

/** HarfBuzz's copy of each font (it keeps its own copy of the file), at a scale of one unit per font unit. */
const hbFonts = new WeakMap<CardFont, unknown>();
function hbFont(font: CardFont): unknown {
	let found = hbFonts.get(font);
	if (!found) {
		const blob = hb.createBlob(woffToSfnt(font.data, font.file));
		const face = hb.createFace(blob, 0);
		const created = hb.createFont(face);
		created.setScale(font.font.unitsPerEm, font.font.unitsPerEm);
		face.destroy();
		blob.destroy();
		hbFonts.set(font, (found = created));
	}
	return found;
}

/** A run of text in one font, shaped: per glyph its id, advance and offset, in font units. */
interface Run {
	font: CardFont;
	glyphs: Int32Array;
}

/** A word shaped: its runs, and how far Satori moves the pen past it, in ems. */
interface Shaped {
	runs: Run[];
	advance: number;
}

/**
 * Shaped words per font set, by weight and text. Bounded (the oldest go first) well above the words of
 * one card, meant to hold the words of all cards: a process drawing cards shapes each word about once.
 */
const shapedWords = new WeakMap<FontSet, Map<string, Shaped>>();
const shapedLimit = 8192;

/** Forgets the words shaped with a font set: for the benchmark, to time cards whose words were never drawn. */
export function forgetShapedWords(set: FontSet): void {
	shapedWords.delete(set);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Text in runs of one font each, shaped: each grapheme in the first font of the family list that has its first letter, as Satori picks. */
function shapeRuns(set: FontSet, text: string, weight: number): Run[] {
	const fallback = set.fonts.find((entry) => entry.weight === weight);
	if (!fallback) throw new Error(`card text "${text}": no card font has weight ${weight} (${[...new Set(set.fonts.map((font) => font.weight))].join(', ')} do)`);
	const runs: Run[] = [];
	let run = '';
	let runFont: CardFont | undefined;
	const flush = () => {
		if (!run || !runFont) return;
		const buffer = hb.createBuffer();
		try {
			buffer.addText(run);
			buffer.guessSegmentProperties();
			hb.shape(hbFont(runFont), buffer);
			const infos = buffer.getGlyphInfos();
			const positions = buffer.getGlyphPositions();
			const glyphs = new Int32Array(infos.length * 4);
			infos.forEach((info, i) => {
				const position = positions[i]!;
				glyphs.set([info.codepoint, position.x_advance, position.x_offset, position.y_offset], i * 4);
			});
			runs.push({ font: runFont, glyphs });
		} finally {
			buffer.destroy();
		}
	};
	for (const { segment } of graphemes.segment(text)) {
		const font = fontFor(set, segment, weight) ?? fallback;
		if (font !== runFont) {
			flush();
			run = '';
			runFont = font;
		}
		run += segment;
	}
	flush();
	return runs;
}

const ems = (runs: Run[]) => {
	let sum = 0;
	for (const { font, glyphs } of runs) for (let i = 1; i < glyphs.length; i += 4) sum += glyphs[i]! / font.font.unitsPerEm;
	return sum;
};

/**
 * A word with the spaces after it, shaped as Satori draws it (whole), and the advance Satori lays
 * it out with: the sum of its pieces between line-break opportunities, each shaped alone (so
 * "Skłodowska-Curie" moves the pen by "Skłodowska-" and "Curie", without the kerning across).
 */
function shape(set: FontSet, word: string, weight: number): Shaped {
	let cache = shapedWords.get(set);
	if (!cache) shapedWords.set(set, (cache = new Map()));
	const key = `${weight}\u0000${word}`;
	const cached = cache.get(key);
	if (cached) return cached;
	const runs = shapeRuns(set, word, weight);
	const pieces: string[] = [];
	const breaker = new LineBreaker(word);
	for (let last = 0, at = breaker.nextBreak(); at; last = at.position, at = breaker.nextBreak()) pieces.push(word.slice(last, at.position));
	const advance = pieces.length > 1 ? pieces.reduce((sum, piece) => sum + ems(shapeRuns(set, piece, weight)), 0) : ems(runs);
	const shaped = { runs, advance };
	if (cache.size >= shapedLimit) cache.delete(cache.keys().next().value!);
	cache.set(key, shaped);
	return shaped;
}

/**
 * A glyph's outline at one size, in tenths of a pixel from the glyph's origin: its first point, and
 * the rest as relative commands (`rest`), so that placing it anywhere is one absolute move. Each
 * point is rounded before the differences are taken, so none drifts: with the origin rounded too,
 * a point is within 0.1 px of where Satori puts it (Satori rounds the sum once).
 */
interface Outline {
	x: number;
	y: number;
	rest: string;
}
const outlines = new WeakMap<CardFont, Map<string, Outline | null>>();

function outline(font: CardFont, glyph: number, size: number): Outline | null {
	let cache = outlines.get(font);
	if (!cache) outlines.set(font, (cache = new Map()));
	const key = `${glyph}/${size}`;
	let found = cache.get(key);
	if (found !== undefined) return found;
	const commands = font.font.glyphs.get(glyph).path.commands;
	const scale = (size / font.font.unitsPerEm) * 10;
	const X = (x: number) => Math.round(x * scale);
	const Y = (y: number) => Math.round(-y * scale);
	const tenths = (n: number) => `${n / 10}`;
	let rest = '';
	let [x0, y0, cx, cy, sx, sy] = [0, 0, 0, 0, 0, 0];
	commands.forEach((command, i) => {
		switch (command.type) {
			case 'M': {
				const [x, y] = [X(command.x), Y(command.y)];
				if (i === 0) [x0, y0] = [x, y];
				else rest += `m${tenths(x - cx)} ${tenths(y - cy)}`;
				[cx, cy, sx, sy] = [x, y, x, y];
				break;
			}
			case 'L': {
				const [x, y] = [X(command.x), Y(command.y)];
				rest += `l${tenths(x - cx)} ${tenths(y - cy)}`;
				[cx, cy] = [x, y];
				break;
			}
			case 'Q': {
				const [x1, y1, x, y] = [X(command.x1), Y(command.y1), X(command.x), Y(command.y)];
				rest += `q${tenths(x1 - cx)} ${tenths(y1 - cy)} ${tenths(x - cx)} ${tenths(y - cy)}`;
				[cx, cy] = [x, y];
				break;
			}
			case 'C': {
				const [x1, y1, x2, y2, x, y] = [X(command.x1), Y(command.y1), X(command.x2), Y(command.y2), X(command.x), Y(command.y)];
				rest += `c${tenths(x1 - cx)} ${tenths(y1 - cy)} ${tenths(x2 - cx)} ${tenths(y2 - cy)} ${tenths(x - cx)} ${tenths(y - cy)}`;
				[cx, cy] = [x, y];
				break;
			}
			case 'Z':
				rest += 'z';
				[cx, cy] = [sx, sy];
				break;
		}
	});
	found = commands.length ? { x: x0, y: y0, rest } : null;
	cache.set(key, found);
	return found;
}

/**
 * Where a line's baseline sits in its box, as Satori (like Chrome) puts it: the font's ascent and
 * descent rounded to pixels, and half of the leading floored. Satori keeps a line height in px as a
 * multiple of the font size, so the height is computed the same way (97px at 84px is 96.999… there).
 */
function baseline(font: CardFont, line: TextLine): number {
	const { ascender, descender, unitsPerEm } = font.font;
	const ascent = Math.round((ascender / unitsPerEm) * line.size);
	const descent = Math.round((-descender / unitsPerEm) * line.size);
	const height = line.size * (line.lineHeight / line.size);
	return ascent + Math.floor((height - ascent - descent) / 2);
}

/** SVG path data of a line whose box Satori placed at (left, top). */
export function drawLine(set: FontSet, line: TextLine, left: number, top: number): string {
	const first = fontFor(set, line.text[0] ?? ' ', line.weight) ?? set.fonts[0]!;
	const y = Math.round((top + baseline(first, line)) * 10);
	let x = left;
	let d = '';
	// Satori shapes a line word by word, each word with the space after it, draws each word where
	// its layout put it, and lays the next one out after the pieces of this one (see `shape`).
	// (Lines come from fit.ts: words joined by single spaces.)
	for (const word of line.text.split(/(?<= )(?=[^ ])/)) {
		const { runs, advance } = shape(set, word, line.weight);
		let pen = x;
		for (const { font, glyphs } of runs) {
			const scale = line.size / font.font.unitsPerEm;
			for (let i = 0; i < glyphs.length; i += 4) {
				const glyph = outline(font, glyphs[i]!, line.size);
				if (glyph) {
					const gx = Math.round((pen + glyphs[i + 2]! * scale) * 10) + glyph.x;
					// HarfBuzz's offsets point up, SVG's y down. (Satori adds them, which would put a
					// combining accent below its letter: none of the cards' letters has one today.)
					const gy = y - Math.round(glyphs[i + 3]! * scale * 10) + glyph.y;
					d += `M${gx / 10} ${gy / 10}${glyph.rest}`;
				}
				pen += glyphs[i + 1]! * scale;
			}
		}
		x += advance * line.size;
	}
	return d;
}
