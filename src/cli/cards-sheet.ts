/**
 * `npm run cards:sheet`: contact sheets of the share cards, to look at the design as a whole: per
 * language and format, one PNG with every kind of card side by side — the topic with the longest
 * title, the fact with the widest headline, the opportunity with the longest text, two pages, a
 * carousel's every slide (square and portrait only) and the lowest and highest quiz score — written to
 * `card-sheets/` (not committed). `npm run cards:sheet -- en ru` limits it to some languages.
 *
 * Cards are drawn afresh (not from the cache), with a public address, so that the footer is as it will be.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cardFormats, formatNames, formats, type Format } from '#lib/core/catalogue.ts';
import { isLocale, locales, type Locale } from '#lib/core/i18n.ts';
import { scoreSlug } from '#lib/core/quiz.ts';
import { loadFonts, measure } from '#lib/server/cards/fonts.ts';
import { renderPng } from '#lib/server/cards/render.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { cardList, cardText, type CardText } from '#lib/server/views/card.ts';
import { carouselSlides } from '#lib/server/views/carousel.ts';

const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
const out = resolve('card-sheets');
const site = 'https://caravan.example.org';
const content = loadContent();
const fonts = loadFonts();
const chosen = process.argv.slice(2).filter(isLocale);

/** The cards of a sheet: every kind, at its longest where length matters. */
function sample(locale: Locale): CardText[] {
	const all = cardList(content, [locale]).map(({ kind, slug }) => cardText(content, locale, kind, slug, site)!);
	const longest = (kind: CardText['kind'], by: (card: CardText) => number) =>
		all.filter((card) => card.kind === kind).reduce((a, b) => (by(b) > by(a) ? b : a));
	const topic = longest('topic', (card) => card.title.length);
	const total = content.quiz.length;
	const score = (n: number) => cardText(content, locale, 'score', scoreSlug(n, total), site);
	return [
		topic,
		longest('fact', (card) => measure(fonts, card.headline ?? '', 1, 700)),
		longest('opportunity', (card) => card.body.length),
		cardText(content, locale, 'page', 'home', site)!,
		cardText(content, locale, 'page', 'quiz', site)!,
		...(total ? [score(0)!, score(total)!] : []),
		...carouselSlides(content, locale, 'connectivity', site)
	];
}

const columns: Record<Format, number> = { og: 3, square: 4, portrait: 4, story: 5 };
const thumbWidth = 420;
const label = 28;
const gap = 16;

mkdirSync(out, { recursive: true });
const started = performance.now();
let sheets = 0;
for (const locale of chosen.length ? chosen : locales) {
	const cards = sample(locale);
	for (const format of formatNames) {
		const shown = cards.filter((card) => cardFormats[card.kind].includes(format));
		const { width, height } = formats[format];
		const thumbHeight = Math.round((thumbWidth * height) / width);
		const cols = Math.min(columns[format], shown.length);
		const rows = Math.ceil(shown.length / cols);
		const sheetWidth = gap + cols * (thumbWidth + gap);
		const sheetHeight = gap + rows * (thumbHeight + label + gap);
		const cells: string[] = [];
		for (const [i, card] of shown.entries()) {
			const png = await renderPng(card, format, fonts);
			const x = gap + (i % cols) * (thumbWidth + gap);
			const y = gap + Math.floor(i / cols) * (thumbHeight + label + gap);
			cells.push(
				`<text x="${x}" y="${y + 20}" font-size="18" font-family="DejaVu Sans" fill="#222">${card.kind} · ${card.slug}</text>` +
					`<image x="${x}" y="${y + label}" width="${thumbWidth}" height="${thumbHeight}" href="data:image/png;base64,${png.toString('base64')}"/>`
			);
		}
		const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${sheetWidth}" height="${sheetHeight}"><rect width="100%" height="100%" fill="#f2f2f2"/>${cells.join('')}</svg>`;
		const image = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render();
		writeFileSync(resolve(out, `${locale}-${format}.png`), image.asPng());
		sheets += 1;
	}
}
console.log(`Contact sheets: ${sheets} in ${((performance.now() - started) / 1000).toFixed(1)} s, in ${out}`);
