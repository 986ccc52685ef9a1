/** Satori → SVG → resvg → PNG. Fonts are loaded once; resvg never scans system fonts (Satori has
 * already turned the text into paths). */
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import type { CardText } from './content.ts';
import { loadFonts, type FontSet } from './fonts.ts';
import { formats, type Format } from './formats.ts';
import { encodePng } from './png.ts';
import { cardNode } from './template.ts';

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

export async function renderPng(card: CardText, format: Format, fonts: FontSet = loadFonts()): Promise<Buffer> {
	const svg = await renderSvg(card, format, fonts);
	const image = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render();
	return encodePng(image.width, image.height, image.pixels);
}
