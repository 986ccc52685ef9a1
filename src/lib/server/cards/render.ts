/** Satori lays the card out, glyphs.ts draws its lines (see there why), resvg turns the SVG into
 * pixels, png.ts into a PNG. Fonts are loaded once; resvg never scans system fonts (the text is
 * already paths). */
import { createRequire } from 'node:module';
import satori from 'satori';
import type { CardText } from '#lib/server/views/card.ts';
import { loadFonts, type FontSet } from './fonts.ts';
import { formats, type Format } from '#lib/core/catalogue.ts';
import { encodePng } from './png.ts';
import { keepResvgMemory } from './resvg-memory.ts';
import { backdrop, cardNode } from './template.ts';
import { drawLine, lineBoxes, type TextLine } from './glyphs.ts';

// Before resvg loads (see resvg-memory.ts); in a worker, `renderAll` has already set it for the process.
keepResvgMemory();
const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');

// resvg-js "crops" every picture to its own size, copying it pixel by pixel,
// unless the crop rectangle is empty: then the canvas itself is returned. Same pixels, same size
// (the PNG tests check every format's size).
const resvgOptions = { fitTo: { mode: 'original' as const }, font: { loadSystemFonts: false }, crop: { left: 0, top: 0, right: 0, bottom: 0 } };

type SatoriFonts = Parameters<typeof satori>[1]['fonts'];
let satoriFonts: { set: FontSet; fonts: SatoriFonts } | undefined;

/** One array for the whole process: Satori caches parsed fonts by this array's identity. */
function fontsFor(set: FontSet): SatoriFonts {
	if (satoriFonts?.set !== set) {
		satoriFonts = {
			set,
			fonts: set.fonts.map((font) => ({ name: font.name, data: font.data, weight: font.weight, style: 'normal' as const }))
		};
	}
	return satoriFonts.fonts;
}

/** Satori draws no text when glyphs.ts does, so it needs no fonts (one array: Satori caches by its identity). */
const noFonts: SatoriFonts = [];

/**
 * The card as SVG. `satoriText: true` has Satori draw the text itself, from the same lines: the
 * reference the test compares Caravan's text drawing with.
 */
export async function renderSvg(
	card: CardText,
	format: Format,
	fonts: FontSet = loadFonts(),
	{ satoriText = false }: { satoriText?: boolean } = {}
): Promise<string> {
	const { width, height } = formats[format];
	const node = cardNode(card, format, fonts);
	// Satori's types want a React element; our nodes have the same shape.
	type Element = Parameters<typeof satori>[0];
	/** The backdrop (the background and its motif) goes under everything Satori draws. */
	const under = (svg: string) => svg.replace(/^<svg[^>]*>/, (open) => open + backdrop(card, format));
	if (satoriText) return under(await satori(node as unknown as Element, { width, height, fonts: fontsFor(fonts) }));
	const lines: TextLine[] = [];
	const boxes = lineBoxes(node, lines);
	const placed: { left: number; top: number }[] = [];
	const svg = await satori(boxes as unknown as Element, {
		width,
		height,
		fonts: noFonts,
		onNodeDetected: (box) => {
			if (typeof box.key === 'number') placed[box.key] = box;
		}
	});
	const text = lines.map((line) => {
		const box = placed[line.box];
		if (!box) throw new Error(`card ${card.locale}/${card.kind}/${card.slug} (${format}): Satori did not place the line "${line.text}"`);
		return `<path fill="${line.color}" d="${drawLine(fonts, line, box.left, box.top + line.offset)}"/>`;
	});
	return `${under(svg).slice(0, -'</svg>'.length)}${text.join('')}</svg>`;
}

/** Milliseconds spent in each stage of `renderPng` (Satori's includes fitting and drawing the text), added to by each call: for the benchmark. */
export interface Stages {
	satori: number;
	resvg: number;
	encode: number;
}

export async function renderPng(card: CardText, format: Format, fonts: FontSet = loadFonts(), stages?: Stages): Promise<Buffer> {
	const start = performance.now();
	const svg = await renderSvg(card, format, fonts);
	const drawn = performance.now();
	const image = new Resvg(svg, resvgOptions).render();
	const pixels = image.pixels;
	const rasterized = performance.now();
	const png = encodePng(image.width, image.height, pixels);
	if (stages) {
		stages.satori += drawn - start;
		stages.resvg += rasterized - drawn;
		stages.encode += performance.now() - rasterized;
	}
	return png;
}
