/**
 * A card's text, drawn the way Satori draws it but without Satori's text engine in the loop.
 *
 * The template fits every line itself (fit.ts), so Satori only has to place boxes: `lineBoxes` turns
 * each line element into an empty box of the line's height and keeps the line. After Satori has laid
 * the boxes out, `drawLine` draws each line at its box: shaped with HarfBuzz (the build Satori
 * itself uses, harfbuzzjs 0.10.0: kerning, ligatures and marks as Satori gets them) piece by piece
 * as Satori shapes it (each word with the spaces after it), and drawn from the card fonts' glyph
 * outlines, positioned and rounded to 0.1 px as Satori writes them. A test renders cards of every
 * language in every format both ways and compares the pixels (cards.spec.ts).
 *
 * Why: with Satori drawing the text, text was ≈78 % of Satori's time for an og card (segmenting,
 * shaping and measuring every word again, and writing every glyph's outline out point by point).
 * Here a glyph's outline at a size is written once and reused, and a word is shaped once.
 */
import { createRequire } from 'node:module';
import { fontFor, type CardFont, type FontSet } from './fonts.ts';
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

const hb = await (createRequire(import.meta.url)('harfbuzzjs') as Promise<HarfBuzz>);

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
 * and its place in the box. Satori works per element and per style property (≈0.1 ms an element
 * for an og card), so a box has only its height and the first line's top margin.
 *
 * Every line must say its size, weight, colour and line height in px, and may have a top margin
 * and nothing else that moves it: the template's `lines()` writes them so.
 */
export function lineBoxes(node: Node, lines: TextLine[]): Node {
	const { children } = node.props;
	if (children === undefined || typeof children === 'string') return node;
	const list = Array.isArray(children) ? children : [children];
	const out: (Node | string)[] = [];
	for (let i = 0; i < list.length; ) {
		const child = list[i]!;
		if (!isLine(child)) {
			out.push(typeof child === 'string' ? child : lineBoxes(child, lines));
			i++;
			continue;
		}
		const key = lines.length;
		let height = 0;
		let top = 0;
		for (; i < list.length && isLine(list[i]!); i++) {
			const line = list[i] as Node & { props: { children: string } };
			const { fontSize, fontWeight, color, lineHeight, marginTop = 0, ...rest } = line.props.style ?? {};
			const pixels = /^(\d+(?:\.\d+)?)px$/.exec(String(lineHeight))?.[1];
			const text = line.props.children;
			if (typeof fontSize !== 'number' || typeof fontWeight !== 'number' || typeof color !== 'string' || !pixels) {
				throw new Error(`card template: the line "${text}" needs a numeric fontSize and fontWeight, a colour and a lineHeight in px`);
			}
			const moves = Object.keys(rest).filter((name) => /^(margin|padding|position|top|left|width|height|align|justify|border)/.test(name));
			if (moves.length || typeof marginTop !== 'number') {
				throw new Error(`card template: the line "${text}" may only be moved by a numeric marginTop, not ${moves.join(', ') || 'marginTop'}`);
			}
			if (lines.length === key) top = marginTop;
			else height += marginTop;
			lines.push({ text, size: fontSize, weight: fontWeight, color, lineHeight: Number(pixels), box: key, offset: height });
			height += Number(pixels);
		}
		out.push({ type: 'div', key, props: { style: top ? { marginTop: top, height } : { height } } });
	}
	return { ...node, props: { ...node.props, children: out } };
}

/** HarfBuzz's copy of each font, at a scale of one unit per font unit. */
const hbFonts = new WeakMap<CardFont, unknown>();
function hbFont(font: CardFont): unknown {
	let found = hbFonts.get(font);
	if (!found) {
		const blob = hb.createBlob(font.sfnt);
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

/**
 * Shaped pieces by weight and text. Bounded: the oldest go first. All 1,680 cards have 6,441
 * different pieces (an og card ≈34): a process drawing cards shapes each word about once.
 */
const shapedPieces = new Map<string, Run[]>();
const shapedLimit = 8192;

/** Forgets every shaped word: for the benchmark, to time cards whose words were never drawn. */
export function forgetShapedWords(): void {
	shapedPieces.clear();
}

/** A piece of text in runs of one font each (the first font of the family list that has the letter, as Satori picks). */
function shape(set: FontSet, text: string, weight: number): Run[] {
	const key = `${weight}${text}`;
	const cached = shapedPieces.get(key);
	if (cached) return cached;
	const runs: Run[] = [];
	let run = '';
	let runFont: CardFont | undefined;
	const flush = () => {
		if (!run || !runFont) return;
		const buffer = hb.createBuffer();
		buffer.addText(run);
		buffer.guessSegmentProperties();
		hb.shape(hbFont(runFont), buffer);
		const infos = buffer.getGlyphInfos();
		const positions = buffer.getGlyphPositions();
		buffer.destroy();
		const glyphs = new Int32Array(infos.length * 4);
		infos.forEach((info, i) => {
			const position = positions[i]!;
			glyphs.set([info.codepoint, position.x_advance, position.x_offset, position.y_offset], i * 4);
		});
		runs.push({ font: runFont, glyphs });
	};
	for (const char of text) {
		const font = fontFor(set, char, weight) ?? set.fonts.find((entry) => entry.weight === weight) ?? set.fonts[0]!;
		if (font !== runFont) {
			flush();
			run = '';
			runFont = font;
		}
		run += char;
	}
	flush();
	if (shapedPieces.size >= shapedLimit) shapedPieces.delete(shapedPieces.keys().next().value!);
	shapedPieces.set(key, runs);
	return runs;
}

/**
 * A glyph's outline at one size, in tenths of a pixel from the glyph's origin: its first point, and
 * the rest as relative commands (`rest`), so that placing it anywhere is one absolute move.
 * Rounding each point before taking differences keeps every point within 0.05 px of the outline.
 */
interface Outline {
	x: number;
	y: number;
	rest: string;
}
const outlines = new Map<string, Outline | null>();

function outline(font: CardFont, glyph: number, size: number): Outline | null {
	const key = `${font.name}/${font.weight}/${glyph}/${size}`;
	let found = outlines.get(key);
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
	outlines.set(key, found);
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
	// Satori shapes a line word by word, each word with the space after it, and starts each word
	// where the ones before it end. (Lines come from fit.ts: words joined by single spaces.)
	for (const piece of line.text.split(/(?<= )(?=[^ ])/)) {
		for (const { font, glyphs } of shape(set, piece, line.weight)) {
			const scale = line.size / font.font.unitsPerEm;
			for (let i = 0; i < glyphs.length; i += 4) {
				const glyph = outline(font, glyphs[i]!, line.size);
				if (glyph) {
					const gx = Math.round((x + glyphs[i + 2]! * scale) * 10) + glyph.x;
					// HarfBuzz's offsets point up, SVG's y down (none of the cards' letters has one today).
					const gy = y - Math.round(glyphs[i + 3]! * scale * 10) + glyph.y;
					d += `M${gx / 10} ${gy / 10}${glyph.rest}`;
				}
				x += glyphs[i + 1]! * scale;
			}
		}
	}
	return d;
}
