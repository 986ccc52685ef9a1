/** Satori → SVG → resvg → PNG. Fonts are loaded once; resvg never scans system fonts (Satori has
 * already turned the text into paths). */
import { createRequire } from 'node:module';
import satori from 'satori';
import type { CardText } from './content.ts';
import { loadFonts, type FontSet } from './fonts.ts';
import { formats, type Format } from './formats.ts';
import { encodePng } from './png.ts';
import { keepResvgMemory } from './resvg-memory.ts';
import { cardNode } from './template.ts';

// Before resvg loads (see resvg-memory.ts); in a worker, `renderAll` has already set it for the process.
keepResvgMemory();
const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');

// resvg-js "crops" every picture to its own size, copying it pixel by pixel (≈0.8 ms for an og card),
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

export async function renderSvg(card: CardText, format: Format, fonts: FontSet = loadFonts()): Promise<string> {
	const { width, height } = formats[format];
	// Satori's types want a React element; our nodes have the same shape.
	return satori(cardNode(card, format, fonts) as unknown as Parameters<typeof satori>[0], {
		width,
		height,
		fonts: fontsFor(fonts)
	});
}

/** Milliseconds spent in each stage of `renderPng` (Satori's includes fitting the text), added to by each call: for the benchmark. */
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
