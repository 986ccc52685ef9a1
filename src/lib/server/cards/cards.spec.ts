import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import opentype from 'opentype.js';
import { afterAll, describe, expect, test } from 'vitest';
import { locales } from '#lib/core/i18n.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { inLocale } from '#lib/server/content/localize.ts';
import { renderAll } from './batch.ts';
import { cardList, cardText, type CardText } from '#lib/server/views/card.ts';
import { fit, wrap } from './fit.ts';
import { loadFonts, measure, uncovered, woffToSfnt } from './fonts.ts';
import { cardFormats, formatNames, formats, type Format } from '#lib/core/catalogue.ts';
import { slideList } from '#lib/server/views/carousel.ts';
import { headlineChars } from '#lib/server/content/schema.ts';
import { encodePng } from './png.ts';
import { renderPng, renderSvg } from './render.ts';
import { cardNode, colors, headlineUnderFigure, palette, type Node } from './template.ts';
import { drawLine, lineBoxes, type TextLine } from './glyphs.ts';

const content = loadContent();
const fonts = loadFonts();
const site = 'https://caravan.example.org';
const cards = cardList(content, locales).map(({ locale, kind, slug }) => cardText(content, locale, kind, slug, site)!);
/** Every carousel's slides, in every language. */
const slides = slideList(content, locales).map(({ locale, kind, slug }) => cardText(content, locale, kind, slug, site)!);

describe('fonts cover every letter of every card', () => {
	test('one family per font file, for Satori', () => {
		const names = fonts.fonts.map((font) => `${font.name}/${font.weight}`);
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(fonts.fonts.map((font) => font.file)).size).toBe(fonts.fonts.length);
	});

	test.each([
		['Kazakh', 'ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І'],
		['Kyrgyz', 'ң ө ү Ң Ө Ү'],
		['Tajik', 'ғ ӣ қ ӯ ҳ ҷ Ғ Ӣ Қ Ӯ Ҳ Ҷ'],
		['Turkmen', 'ä ç ň ö ş ü ý ž Ä Ç Ň Ö Ş Ü Ý Ž'],
		['Uzbek', 'oʻ gʻ Oʻ Gʻ maʼlumot'],
		['Russian', 'ё й ъ ы э Ё Й'],
		['punctuation', '€ – — « » “ ” … · %']
	])('%s letters, regular and bold', (_, letters) => {
		expect(uncovered(fonts, letters, 400)).toEqual([]);
		expect(uncovered(fonts, letters, 700)).toEqual([]);
	});

	test(`every character of all ${cards.length} cards and ${slides.length} carousel slides (${locales.length} languages)`, () => {
		const missing: string[] = [];
		const check = (card: CardText, field: string, text: string | undefined, weight: number) => {
			for (const char of uncovered(fonts, text ?? '', weight)) {
				const code = `U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
				missing.push(`${card.locale}/${card.kind}/${card.slug} ${field}: "${char}" (${code})`);
			}
		};
		for (const card of [...cards, ...slides]) {
			check(card, 'kicker', card.kicker, 700);
			check(card, 'title', card.title, 700);
			check(card, 'headline', card.headline, 700);
			check(card, 'footer', card.footer, 700);
			check(card, 'body', card.body, 400);
			check(card, 'source', card.source, 400);
			check(card, 'site', card.site, 400);
			check(card, 'publisher', card.publisher, 400);
		}
		expect(missing).toEqual([]);
	});

	test('a letter no font has is named with its card', () => {
		expect(uncovered(fonts, 'ok ☃ ok', 400)).toEqual(['☃']);
	});

	test('HarfBuzz gets each WOFF file as the OpenType file it wraps: same glyphs, same outlines', () => {
		for (const font of fonts.fonts) {
			const file = woffToSfnt(font.data, font.file);
			const sfnt = opentype.parse(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
			expect(sfnt.numGlyphs, font.file).toBe(font.font.numGlyphs);
			for (const char of 'aәңӯşʻЖ') {
				const index = font.font.charToGlyphIndex(char);
				expect(sfnt.charToGlyphIndex(char), `${font.file} ${char}`).toBe(index);
				if (index) expect(sfnt.glyphs.get(index).path.toPathData(2)).toBe(font.font.glyphs.get(index).path.toPathData(2));
			}
		}
	});

	test('a font file that is not WOFF, or is cut short, is named in the error', () => {
		expect(() => woffToSfnt(Buffer.from('OTTO and then some bytes that are not a font at all, long enough'), 'fonts/x.woff')).toThrow(
			'fonts/x.woff: not a WOFF 1.0 file'
		);
		const woff = fonts.fonts[0]!.data;
		expect(() => woffToSfnt(woff.subarray(0, 100), 'fonts/cut.woff')).toThrow('fonts/cut.woff: the WOFF table directory');
		expect(() => woffToSfnt(woff.subarray(0, woff.length - 200), 'fonts/cut.woff')).toThrow(/^fonts\/cut\.woff: table \S+ runs past the end/);
	});
});

describe('colours', () => {
	/** WCAG 2.2 relative luminance and contrast ratio. */
	const luminance = (hex: string) => {
		const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) =>
			c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
		);
		return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
	};
	const contrast = (a: string, b: string) => {
		const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
		return (hi! + 0.05) / (lo! + 0.05);
	};

	// Every background a card stands on: the site's, and each topic's.
	test.each([['the site', undefined], ...content.topics.map((topic) => [topic.slug, topic.colour])] as [string, string | undefined][])(
		'on %s’s colour, the text, accent (figures, kicker, source) and pale (body, address) colours meet WCAG AA for normal text (4.5:1)',
		(_, colour) => {
			const pal = palette(colour ? { colour } : {});
			expect(pal.background).toBe(colour ?? colors.background);
			for (const color of [pal.text, pal.accent, pal.pale]) expect(contrast(color, pal.background)).toBeGreaterThanOrEqual(4.5);
		}
	);

	test('the yellow accent is kept where it is readable, and gives way to white where it is not', () => {
		expect(palette({}).accent).toBe(colors.accent);
		// Orange-red: yellow on it is 4.0:1.
		expect(palette({ colour: '#b8390e' }).accent).toBe(colors.text);
	});
});

describe('text fitting', () => {
	test('a short title keeps the largest size', () => {
		const fitted = fit(fonts, 'Water', { sizes: [64, 48, 32], weight: 700, width: 1000, maxLines: 2 });
		expect(fitted).toEqual({ size: 64, lines: ['Water'], clamped: false });
	});

	test('a long title shrinks before it is clamped', () => {
		const title = 'Better links by road, rail, power and web for everyone';
		const fitted = fit(fonts, title, { sizes: [64, 48, 32], weight: 700, width: 600, maxLines: 2 });
		expect(fitted.size).toBeLessThan(64);
		expect(fitted.clamped).toBe(false);
		expect(fitted.lines.join(' ')).toBe(title);
	});

	test('lines break after a hyphen rather than inside a word', () => {
		// Room for "Skłodowska-Cu" but not for "Skłodowska-Curie": the break belongs after the hyphen.
		const width = measure(fonts, 'Skłodowska-Cu', 92, 700) + 1;
		expect(measure(fonts, 'Skłodowska-Curie', 92, 700)).toBeGreaterThan(width);
		const lines = wrap(fonts, 'Marie Skłodowska-Curie Actions', 92, 700, width);
		expect(lines.broken).toBeFalsy();
		// Put back together with a space at each break, except after a hyphen, the lines are the title.
		expect(lines.reduce((text, line) => `${text}${text.endsWith('-') ? '' : ' '}${line}`)).toBe('Marie Skłodowska-Curie Actions');
		expect(lines).toContain('Skłodowska-');
		expect(fit(fonts, 'Marie Skłodowska-Curie Actions', { sizes: [92], weight: 700, width, maxLines: 4 }).lines).toEqual(lines);
	});

	test('text that cannot fit is clamped with an ellipsis at a word boundary', () => {
		const text = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
		const fitted = fit(fonts, text, { sizes: [40, 32], weight: 400, width: 500, maxLines: 3 });
		expect(fitted.lines).toHaveLength(3);
		expect(fitted.clamped).toBe(true);
		expect(fitted.lines[2]).toMatch(/word\d+…$/);
	});
});

/**
 * The bounding box of every glyph outline a card draws (text becomes <path>; shapes are <rect>): the
 * points of each path, following its absolute (M L Q C) and relative (m l q c) commands.
 */
function textBox(drawn: string) {
	// The map behind the text is a motif, not text: it may run off the card.
	const svg = drawn.replace(/<g data-motif="map"[^>]*>.*?<\/g>/s, '');
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	const paths = [...svg.matchAll(/<path[^>]* d="([^"]+)"/g)];
	// Without a single outline the box would be empty, and every bound would pass.
	expect(paths.length, 'the card draws its text as paths').toBeGreaterThan(0);
	for (const [, d] of paths) {
		expect(d, 'move, line, curve and close commands only').toMatch(/^[MLQCZmlqcz\d\s.,-]+$/);
		let [x, y, startX, startY] = [0, 0, 0, 0];
		for (const [, command, args] of d!.matchAll(/([MLQCZmlqcz])([^MLQCZmlqcz]*)/g)) {
			const numbers = args!.match(/-?\d+(?:\.\d+)?/g)?.map(Number) ?? [];
			const relative = command === command!.toLowerCase();
			if (/[Zz]/.test(command!)) [x, y] = [startX, startY];
			// Every pair is a point (control points included: they bound the curve); the last is where the pen ends.
			const [baseX, baseY] = relative ? [x, y] : [0, 0];
			for (let i = 0; i + 1 < numbers.length; i += 2) {
				const [px, py] = [baseX + numbers[i]!, baseY + numbers[i + 1]!];
				minX = Math.min(minX, px);
				maxX = Math.max(maxX, px);
				minY = Math.min(minY, py);
				maxY = Math.max(maxY, py);
				if (i + 2 >= numbers.length) [x, y] = [px, py];
			}
			if (/[Mm]/.test(command!)) [startX, startY] = [x, y];
		}
	}
	return { minX, minY, maxX, maxY };
}

/** The boxes of every rectangle and image pattern a card draws but its full-size background. */
function drawnBoxes(svg: string) {
	const [, width, height] = /<svg width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
	const boxes = [...svg.matchAll(/<(?:rect|pattern)\b[^>]*?\bx="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)]
		.map((match) => match.slice(1).map(Number) as [number, number, number, number])
		.filter(([, , w, h]) => !(w === width && h === height))
		.map(([x, y, w, h]) => ({ minX: x, minY: y, maxX: x + w, maxY: y + h }));
	expect(boxes.length, 'the card draws its accent bar and logo').toBeGreaterThan(1);
	return boxes;
}

describe('Caravan draws the text as Satori draws it', () => {
	/** Pixels (of RGB) that differ by more than a quarter of the scale: a letter moved or changed, not rounding at an edge. */
	const differing = (a: Buffer, b: Buffer) => {
		let count = 0;
		for (let i = 0; i < a.length; i += 4) {
			if (Math.max(Math.abs(a[i]! - b[i]!), Math.abs(a[i + 1]! - b[i + 1]!), Math.abs(a[i + 2]! - b[i + 2]!)) > 64) count++;
		}
		return count;
	};
	const pixels = async (card: CardText, format: Format, satoriText: boolean) =>
		new Resvg(await renderSvg(card, format, fonts, { satoriText }), { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render().pixels;

	// Per language: the topic with the longest title, the fact with the longest figure, the first
	// opportunity: every alphabet at title, figure, body and small sizes, regular and bold.
	test.each(locales.flatMap((locale) => formatNames.map((format) => [locale, format] as const)))('%s, %s', async (locale, format) => {
		const own = cards.filter((card) => card.locale === locale);
		const longest = (kind: CardText['kind']) => own.filter((card) => card.kind === kind).reduce((a, b) => (b.title.length > a.title.length ? b : a));
		for (const card of [longest('topic'), longest('fact'), own.find((card) => card.kind === 'opportunity')!]) {
			const [ours, satoris] = [await pixels(card, format, false), await pixels(card, format, true)];
			// A little slack for rounding at a glyph's edge; a moved or changed letter differs by hundreds of pixels.
			expect(differing(ours, satoris), `${card.kind}/${card.slug}`).toBeLessThanOrEqual(8);
		}
	}, 30_000);

	// Kerning across a hyphen or a dash ("-T", "—T") moves every later word of the line unless the
	// words are laid out as Satori lays them out.
	test.each(formatNames)('%s: words after hyphens, dashes, slashes, quotes and the Uzbek ʻ', async (format) => {
		const card = {
			...cards.find((entry) => entry.kind === 'fact' && entry.locale === 'en')!,
			kicker: 'To-Do — T–T',
			title: 'T-Tavy war—The AVATAR «Tokyo» Г-Т',
			body: 'Jean-Tavy war—Te “VA” 2014–2020-yillarda Oʻzbekiston Ўзбекистон T/T, Қ-Т. Year-To-Date AV-Twerk'
		};
		expect(differing(await pixels(card, format, false), await pixels(card, format, true))).toBeLessThanOrEqual(8);
	});
});

describe('a line glyphs.ts cannot draw as the design says is an error that names it', () => {
	const line = (style: Record<string, string | number>, text = 'Water') => ({
		type: 'div',
		props: { style: { display: 'flex', flexDirection: 'column' }, children: [{ type: 'div', props: { style, children: text } }] }
	});
	const good = { fontSize: 40, fontWeight: 700, color: '#fff', lineHeight: '46px' };

	test.each([
		['a style it does not draw', { ...good, letterSpacing: 2 }, 'Water', 'letterSpacing is not drawn by glyphs.ts'],
		['a line height not in px', { ...good, lineHeight: 1.2 }, 'Water', 'lineHeight is not in px (1.2)'],
		['wrapping', { ...good, whiteSpace: 'normal' }, 'Water', 'whiteSpace is normal, not nowrap'],
		['two spaces', good, 'Clean  water', 'its words are not joined by single spaces']
	])('%s', (_, style, text, message) => {
		expect(() => lineBoxes(line(style, text), [])).toThrow(`the line "${text}": ${message}`);
	});

	test('text beside other elements', () => {
		const node = { type: 'div', props: { children: ['loose text', { type: 'div', props: {} }] } };
		expect(() => lineBoxes(node, [])).toThrow('the text "loose text" stands beside other elements');
	});

	test('a weight no card font has', async () => {
		const lines: TextLine[] = [];
		lineBoxes(line({ ...good, fontWeight: 600 }), lines);
		expect(() => drawLine(fonts, lines[0]!, 0, 0)).toThrow('card text "Water": no card font has weight 600 (400, 700 do)');
	});
});

describe('long text stays inside the card in every format', () => {
	const longest = (list: CardText[], by: (card: CardText) => number) => list.reduce((a, b) => (by(b) > by(a) ? b : a));
	const cases = locales.flatMap((locale) => {
		const own = cards.filter((card) => card.locale === locale);
		return [
			[locale, 'longest topic title', longest(own.filter((c) => c.kind === 'topic'), (c) => c.title.length)],
			[locale, 'longest fact', longest(own.filter((c) => c.kind === 'fact'), (c) => c.body.length)],
			[locale, 'longest fact figure', longest(own.filter((c) => c.kind === 'fact'), (c) => c.title.length)],
			// The widest as drawn, which in Cyrillic need not be the one of most characters.
			[locale, 'longest fact headline', longest(own.filter((c) => c.kind === 'fact'), (c) => measure(fonts, c.headline ?? '', 1, 700))],
			[locale, 'longest carousel slide', longest(slides.filter((c) => c.locale === locale), (c) => c.body.length)],
			[locale, 'widest carousel slide title', longest(slides.filter((c) => c.locale === locale && !c.headline), (c) => measure(fonts, c.title, 1, 700))]
		] as const;
	});
	const overlong = { ...cards[0]!, title: 'Intergovernmental '.repeat(12).trim(), body: 'Connectivity '.repeat(80).trim() };
	const overlongFact = {
		...cards.find((card) => card.kind === 'fact')!,
		title: 'Intergovernmentalism',
		headline: 'Intergovernmental '.repeat(8).trim(),
		body: 'Connectivity '.repeat(80).trim()
	};

	test.each([
		...cases,
		['en', 'an absurdly long title and body', overlong] as const,
		['en', 'an absurdly long figure, headline and sentence', overlongFact] as const
	])(
		'%s: %s',
		async (_, __, card) => {
			for (const format of cardFormats[card.kind]) {
				const { width, height, safe } = formats[format];
				const svg = await renderSvg(card, format, fonts);
				// The text, and every box the card draws (the accent bar, the pictogram, the logo), but the background.
				const boxes = [textBox(svg), ...drawnBoxes(svg)];
				const margin = 24;
				const zone = { left: Math.max(margin, safe.sides), top: Math.max(margin, safe.top), right: width - Math.max(margin, safe.sides), bottom: height - Math.max(margin, safe.bottom) };
				for (const box of boxes) {
					expect(box.minX, `${format} left`).toBeGreaterThanOrEqual(zone.left);
					expect(box.minY, `${format} top (the network covers ${safe.top} px)`).toBeGreaterThanOrEqual(zone.top);
					expect(box.maxX, `${format} right`).toBeLessThanOrEqual(zone.right);
					expect(box.maxY, `${format} bottom (the network covers ${safe.bottom} px)`).toBeLessThanOrEqual(zone.bottom);
				}
			}
		},
		30_000
	);
});

describe('a headline that opens with its figure', () => {
	test('is drawn without it under the figure when a colon follows it; otherwise whole', () => {
		expect(headlineUnderFigure('15 October 2018', '15 October 2018: EU basis for Europe–Asia links')).toBe('EU basis for Europe–Asia links');
		expect(headlineUnderFigure('Март 2018', 'март 2018 : первый саммит')).toBe('первый саммит');
		expect(headlineUnderFigure('2007', '2007 strategy helped cooperation hit a new level')).toBe('2007 strategy helped cooperation hit a new level');
		expect(headlineUnderFigure('Half', 'Half of Central Asia is under 20')).toBe('Half of Central Asia is under 20');
		expect(headlineUnderFigure('2018', '2018:')).toBe('2018:');
	});
});

describe('names are never cut short', () => {
	/** Every string a card draws, in order. */
	const texts = (node: Node | string): string[] =>
		typeof node === 'string' ? [node] : [node.props.children ?? []].flat().flatMap((child) => texts(child as Node | string));
	const squeeze = (text: string) => text.replace(/\s+/g, '');

	test.each(formatNames)('%s: the kicker, the footer (the topic or the site) and a fact\'s headline are whole on every card', (format) => {
		const cut = cards.flatMap((card) => {
			const drawn = squeeze(texts(cardNode(card, format, fonts)).join(''));
			return [card.kicker, card.footer, card.headline === undefined ? '' : headlineUnderFigure(card.title, card.headline)]
				.filter((name) => !drawn.includes(squeeze(name)))
				.map((name) => `${card.locale}/${card.kind}/${card.slug}: "${name}"`);
		});
		expect(cut).toEqual([]);
	});

	test(`og: every fact headline (at most ${headlineChars} characters) is set in two lines at 58 px or more, the size the limit was measured at`, () => {
		/** The headline's lines: in the card's middle block (between header and footer), the white ones under the yellow figure. */
		const headlineLines = (card: CardText) => {
			const [, middle] = [cardNode(card, 'og', fonts).props.children].flat() as Node[];
			const all = [middle!.props.children].flat() as Node[];
			// The figure's lines come first (white too, where yellow is not readable on the topic's colour).
			let figure = '';
			let i = 0;
			while (i < all.length && squeeze(figure) !== squeeze(card.title)) figure += String(all[i++]!.props.children);
			return all
				.slice(i)
				.filter((line) => line.props.style?.color === colors.text && line.props.style?.fontWeight === 700)
				.map((line) => ({ text: String(line.props.children), size: Number(line.props.style?.fontSize) }));
		};
		const small = cards
			.filter((card) => card.kind === 'fact')
			.flatMap((card) => {
				const lines = headlineLines(card);
				expect(squeeze(lines.map((line) => line.text).join(' ')), card.slug).toBe(squeeze(headlineUnderFigure(card.title, card.headline!)));
				return lines.length > 2 || lines.some((line) => line.size < 58) ? [`${card.locale}/${card.slug}: ${lines.map((line) => `${line.size} px "${line.text}"`).join(', ')}`] : [];
			});
		expect(small).toEqual([]);
	});

	test.each(formatNames)('%s: a fact card shows its figure, then its headline as the title line', (format) => {
		for (const card of cards.filter((entry) => entry.kind === 'fact' && entry.locale === 'tg')) {
			const drawn = texts(cardNode(card, format, fonts)).map(squeeze);
			const figure = drawn.findIndex((line) => squeeze(card.title).startsWith(line));
			const headline = drawn.findIndex((line, i) => i > figure && squeeze(headlineUnderFigure(card.title, card.headline!)).startsWith(line));
			// Under the kicker; the figure takes one or two lines, and the headline comes right after.
			expect(figure, card.slug).toBeGreaterThan(0);
			expect(headline - figure, card.slug).toBeGreaterThanOrEqual(1);
			expect(headline - figure, card.slug).toBeLessThanOrEqual(2);
		}
	});
});

/** The RGBA pixels of a PNG as `encodePng` writes it: one IDAT, filter 0, indexed or RGBA. */
function decodePng(png: Buffer): Buffer {
	const width = png.readUInt32BE(16);
	const height = png.readUInt32BE(20);
	const type = png[25];
	const chunks: Record<string, Buffer[]> = {};
	for (let at = 8; at < png.length; ) {
		const length = png.readUInt32BE(at);
		(chunks[png.toString('ascii', at + 4, at + 8)] ??= []).push(png.subarray(at + 8, at + 8 + length));
		at += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(chunks.IDAT ?? []));
	const palette = chunks.PLTE?.[0];
	const alpha = chunks.tRNS?.[0];
	const bytes = type === 3 ? 1 : 4;
	const out = Buffer.alloc(width * height * 4);
	for (let y = 0; y < height; y++) {
		const row = y * (width * bytes + 1);
		expect(raw[row], 'filter type').toBe(0);
		for (let x = 0; x < width; x++) {
			const at = (y * width + x) * 4;
			if (type === 3) {
				const index = raw[row + 1 + x]!;
				palette!.copy(out, at, index * 3, index * 3 + 3);
				out[at + 3] = alpha?.[index] ?? 255;
			} else raw.copy(out, at, row + 1 + x * 4, row + 5 + x * 4);
		}
	}
	return out;
}

describe('PNG encoding is lossless', () => {
	test.each(['og', 'story'] as const)('a %s card is an indexed PNG of exactly the pixels resvg draws', async (format) => {
		const card = cards.find((entry) => entry.kind === 'topic' && entry.locale === 'tk')!;
		const image = new Resvg(await renderSvg(card, format, fonts), { fitTo: { mode: 'original' } }).render();
		const png = await renderPng(card, format, fonts);
		expect(png[25], 'colour type').toBe(3);
		expect(decodePng(png).equals(image.pixels)).toBe(true);
	});

	test('transparency is kept through the palette', () => {
		const pixels = Buffer.alloc(40 * 10 * 4);
		for (let i = 0; i < 400; i++) pixels.set([i % 3 === 0 ? 255 : 0, 40, 200, i % 2 ? 128 : 255], i * 4);
		const png = encodePng(40, 10, pixels);
		expect(png[25]).toBe(3);
		expect(decodePng(png).equals(pixels)).toBe(true);
	});

	test('a picture of more than 256 colours is written as RGBA', () => {
		const pixels = Buffer.alloc(64 * 32 * 4);
		for (let i = 0; i < 64 * 32; i++) pixels.set([i & 255, i >> 8, 90, 255], i * 4); // 2,048 colours
		const png = encodePng(64, 32, pixels);
		expect(png[25]).toBe(6);
		expect(decodePng(png).equals(pixels)).toBe(true);
	});
});

describe('PNG output', () => {
	test.each(formatNames)('%s has the right size in pixels and stays under 1 MB', async (format: Format) => {
		const png = await renderPng(cards.find((card) => card.kind === 'topic' && card.locale === 'kk')!, format, fonts);
		expect(png.subarray(1, 4).toString()).toBe('PNG');
		expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([formats[format].width, formats[format].height]);
		expect(png.length).toBeLessThan(1_000_000);
	});
});

describe('the card cache', () => {
	const dirs: string[] = [];
	afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

	test('renders only what is missing or changed', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'caravan-cards-'));
		dirs.push(dir);
		// Two topics (the first with facts), their facts and one opportunity, in one language: every kind of
		// card, few enough to render in a moment.
		const topic = content.topics.find((entry) => content.facts.some((fact) => fact.topic === entry.slug))!;
		const few = (all: typeof content) => {
			const topics = [topic.slug, all.topics.find((entry) => entry.slug !== topic.slug)!.slug];
			return { ...all, topics: all.topics.filter((entry) => topics.includes(entry.slug)), facts: all.facts.filter((fact) => topics.includes(fact.topic)), opportunities: all.opportunities.slice(0, 1) };
		};
		const locale = locales.at(-1)!;
		const options = { dir, siteUrl: site, workers: 1, locales: [locale], formats: ['og'] as const };
		const perLocale = cardList(few(content), [locale]).length;

		const first = await renderAll(few(content), options);
		expect(first).toMatchObject({ total: perLocale, rendered: perLocale, cached: 0, errors: [] });
		expect(readdirSync(dir).filter((file) => file.endsWith('.png'))).toHaveLength(perLocale);

		const second = await renderAll(few(content), options);
		expect(second).toMatchObject({ rendered: 0, cached: perLocale, removed: 0 });

		// A new title for one topic changes its card and the cards of its facts, which name the topic.
		const edited = structuredClone(content);
		const text = edited.topics.find((entry) => entry.slug === topic.slug)!.text;
		text[locale] = { ...inLocale(text, locale).value, title: 'Suv va iqlim' };
		const changed = few(edited);
		const facts = changed.facts.filter((fact) => fact.topic === topic.slug).length;
		expect(facts).toBeGreaterThan(0);
		const third = await renderAll(changed, options);
		expect(third).toMatchObject({ rendered: 1 + facts, cached: perLocale - 1 - facts, removed: 1 + facts });
	}, 120_000);
});
