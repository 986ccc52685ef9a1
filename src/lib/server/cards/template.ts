/**
 * The card design, written once for every kind and format as Satori nodes: the one place a designer
 * changes how cards look. Text is fitted here with the card fonts (see fit.ts) and drawn one line per
 * element, so nothing wraps or overflows behind our back.
 *
 * Identity, as on the site: a card about a topic (a topic, its facts, its programmes, its carousel)
 * stands on the topic's colour and carries its pictogram (content/topics/<slug>/meta.yaml, drawn from
 * server/look/), with the map of the region as a faint motif behind the text on the formats that have
 * room for it; a page's or a score's card stands on the site's blue. The footer carries the publisher's
 * logo (content/site.yaml's `logo`; Caravan's mark when it names none), the site's name, its address
 * (SITE_URL, when public) and the publisher's name. No EU emblem of our own: its use has rules, so it is
 * drawn only when the publisher configures it as their logo.
 *
 * Colours meet WCAG AA: white on every topic colour is checked by server/look's tests; the yellow
 * accent and the pale body colour are used only where they reach 4.5:1 on the card's background, and
 * white takes their place where they do not. The motif only darkens the background under the text.
 */
import type { CardText } from '#lib/server/views/card.ts';
import { fit, type Fitted } from './fit.ts';
import type { FontSet } from './fonts.ts';
import { formats, type Format } from '#lib/core/catalogue.ts';
import { contrast, onColour } from '#lib/core/look.ts';
import { iconFrame, iconMarkup } from '#lib/server/look/icons.ts';
import { regionMap } from '#lib/server/look/map.ts';

/** Bump when the design changes: every card is rendered again. */
export const templateVersion = 12;

/** Space kept between a network's covered zone (formats[…].safe) and the card's text. */
const safeMargin = 24;

/** The site's own card colours (pages, scores), and the accent and pale colours every card tries first. */
export const colors = { background: '#1d3a8a', text: onColour, accent: '#ffd34d', pale: '#dfe5f5', band: '#122660' };

/** The colours a card is drawn in: its topic's, or the site's. */
export function palette(card: Pick<CardText, 'colour'>): { background: string; text: string; accent: string; pale: string } {
	const background = card.colour ?? colors.background;
	const readable = (colour: string) => (contrast(colour, background) >= 4.5 ? colour : colors.text);
	return { background, text: colors.text, accent: readable(colors.accent), pale: readable(colors.pale) };
}

/**
 * The map of the region behind the text, per format: how wide it is drawn (a share of the card's
 * width), where its top-left corner stands (shares of width and height; it may run off the edge), and
 * how dark it makes the background. Not on the og card: a link preview is shown small, and the
 * motif would only make its text harder to read.
 */
const motif: Partial<Record<Format, { width: number; x: number; y: number }>> = {
	square: { width: 1.05, x: 0.12, y: 0.36 },
	portrait: { width: 1.1, x: 0.08, y: 0.42 },
	story: { width: 1.25, x: -0.05, y: 0.44 }
};
/**
 * The five countries only: the neighbours' shapes end at the map's frame, whose straight edge would
 * show. Drawn with crisp edges: at this faintness the steps do not show, and the card keeps to fewer
 * than 256 colours, so it is still written as an indexed PNG (png.ts), a quarter of the bytes.
 */
const motifShade = 'rgba(0,0,0,0.16)';

/**
 * What is drawn under Satori's layout, as SVG: the background in the card's colour and the map motif.
 * Drawn as plain paths rather than through Satori: an image would be decoded again for every card.
 */
export function backdrop(card: Pick<CardText, 'colour'>, format: Format): string {
	const { width, height } = formats[format];
	const { background } = palette(card);
	const place = motif[format];
	let map = '';
	if (place) {
		const drawn = regionMap();
		const k = (place.width * width) / drawn.width;
		const countries = drawn.countries.map((country) => country.path).join('');
		map =
			`<g data-motif="map" transform="translate(${Math.round(place.x * width)} ${Math.round(place.y * height)}) scale(${k.toFixed(3)})">` +
			`<path fill="${motifShade}" shape-rendering="crispEdges" d="${countries}"/></g>`;
	}
	return `<rect width="${width}" height="${height}" fill="${background}"/>${map}`;
}

/** A topic's pictogram in a white disc, stroked in the card's colour: one image, so Satori draws one pattern. */
function pictogram(icon: string, colour: string): string {
	const frame = Object.entries({ ...iconFrame, stroke: colour, 'stroke-width': '1.75' })
		.filter(([key]) => key !== 'viewBox')
		.map(([key, value]) => ` ${key}="${value}"`)
		.join('');
	const svg =
		`<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 24 24"><circle cx="12" cy="12" r="12" fill="${onColour}"/>` +
		`<g transform="translate(5 5) scale(0.5833)"${frame}>${iconMarkup(icon)}</g></svg>`;
	return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
const pictograms = new Map<string, string>();
const pictogramOf = (icon: string, colour: string) => {
	const key = `${icon} ${colour}`;
	let uri = pictograms.get(key);
	if (!uri) pictograms.set(key, (uri = pictogram(icon, colour)));
	return uri;
};

export interface Node {
	type: string;
	/** Satori reports a keyed element's box to `onNodeDetected` (render.ts finds the lines by it). */
	key?: number;
	props: { style?: Record<string, string | number>; children?: (Node | string)[] | Node | string; [key: string]: unknown };
}

const h = (type: string, style: Record<string, string | number>, children: (Node | string)[] | string = []): Node => ({
	type,
	props: { style, children }
});

/** Caravan's own mark, drawn where the publisher has not configured a logo. */
const caravanMark =
	'data:image/svg+xml;base64,' +
	Buffer.from(
		'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#122660"/><path d="M6 21h20M9 21v-5l4-4 3 3 4-5 3 4v7" fill="none" stroke="#ffd34d" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>'
	).toString('base64');

/**
 * Per format: padding; title sizes and lines; body sizes and lines; a fact's figure sizes and lines,
 * and how many lines its headline (set at the title sizes) may take; the small type of the kicker,
 * source and footer, and how many lines the kicker and the footer (the topic's or the site's name) may
 * take. The taller formats have room to give a long name a second line rather than cut it short.
 * A headline of at most 48 characters (content/schema.ts) fits the og card's two lines at 58 px or
 * more in every language; the other formats give it more lines at their larger sizes.
 */
const scale: Record<
	Format,
	{
		pad: number;
		title: number[];
		titleLines: number;
		body: number[];
		bodyLines: number;
		figure: number[];
		figureLines: number;
		headlineLines: number;
		small: number;
		kickerLines: number;
		footerLines: number;
	}
> = {
	og: { pad: 56, title: [64, 58, 52, 46, 40], titleLines: 3, body: [30, 27, 24], bodyLines: 3, figure: [112, 96, 80, 68, 56], figureLines: 1, headlineLines: 2, small: 24, kickerLines: 1, footerLines: 1 },
	square: { pad: 72, title: [84, 76, 68, 60, 52], titleLines: 4, body: [38, 34, 30], bodyLines: 6, figure: [150, 128, 108, 92, 76], figureLines: 2, headlineLines: 3, small: 30, kickerLines: 2, footerLines: 2 },
	portrait: { pad: 80, title: [92, 82, 72, 64, 56], titleLines: 5, body: [40, 36, 32], bodyLines: 8, figure: [160, 136, 116, 96, 80], figureLines: 2, headlineLines: 4, small: 32, kickerLines: 2, footerLines: 2 },
	story: { pad: 88, title: [104, 92, 80, 70, 60], titleLines: 6, body: [46, 42, 38], bodyLines: 10, figure: [180, 156, 132, 110, 92], figureLines: 2, headlineLines: 4, small: 36, kickerLines: 2, footerLines: 2 }
};

/**
 * One element per fitted line, for a column: the lines are children of the block they belong to,
 * without a wrapper of their own (each element is work for Satori; the picture is the same).
 * `marginTop` spaces the first line from what comes before it. A line is never wrapped again:
 * `nowrap` (its words are joined by single spaces, so nothing collapses) costs Satori less than `pre`.
 */
function lines(fitted: Fitted, style: Record<string, string | number>, lineHeight: number, marginTop = 0): Node[] {
	return fitted.lines.map((line, i) =>
		h('div', {
			...style,
			fontSize: fitted.size,
			lineHeight: `${Math.round(fitted.size * lineHeight)}px`,
			whiteSpace: 'nowrap',
			...(i === 0 && marginTop ? { marginTop } : {})
		}, line)
	);
}

export function cardNode(card: CardText, format: Format, fonts: FontSet): Node {
	const { width, height, safe } = formats[format];
	const s = scale[format];
	const pal = palette(card);
	// Nothing in the zones the networks cover: the padding starts where they end, with a margin.
	const pad = {
		top: Math.max(s.pad, safe.top + safeMargin),
		bottom: Math.max(s.pad, safe.bottom + safeMargin),
		side: Math.max(s.pad, safe.sides + safeMargin)
	};
	const inner = width - 2 * pad.side;
	const family = fonts.family;
	// A fact's figure (on a fact's card or a carousel's key-fact slide) and a quiz score are drawn large, in the accent colour.
	const isFact = card.kind === 'fact' || card.kind === 'score' || card.headline !== undefined;

	const gap = Math.round(s.pad / 2);
	// The topic's pictogram stands at the top right, beside the kicker, as large as two lines of it.
	const iconSize = card.icon ? Math.round(s.small * 2.5) : 0;
	const kickerWidth = card.icon ? inner - iconSize - gap : inner;
	const kicker = fit(fonts, card.kicker, { sizes: [s.small], weight: 700, width: kickerWidth, maxLines: s.kickerLines });
	const footerText = fit(fonts, card.footer, { sizes: [s.small], weight: 700, width: inner - s.small * 2 - 16, maxLines: s.footerLines });
	// The site's address and the publisher's name, on one line under the footer's name.
	const signature = [card.site, card.publisher].filter(Boolean).join(' · ');
	const siteText: Fitted = signature
		? fit(fonts, signature, { sizes: [s.small], weight: 400, width: inner - s.small * 2 - 16, maxLines: 1 })
		: { size: s.small, lines: [], clamped: false };

	// The vertical budget: what the header and footer leave free for the title, body and source.
	const smallLine = Math.round(s.small * 1.25);
	const header = Math.max(Math.round(s.small / 3) + gap + kicker.lines.length * smallLine, iconSize);
	const footer = Math.max(s.small * 2, (footerText.lines.length + siteText.lines.length) * smallLine);
	const free = height - pad.top - pad.bottom - header - footer - 2 * gap;
	const middle = isFact ? factMiddle(card, format, s, fonts, inner, free, gap, pal) : itemMiddle(card, s, fonts, inner, free, gap, pal);

	// The accent bar over the kicker; on a carousel's slide, one bar per slide, this one's lit.
	const bar = (lit: boolean, last: boolean) =>
		h('div', { display: 'flex', width: s.small * (card.step ? 1.5 : 3), height: Math.round(s.small / 3), backgroundColor: pal.accent, opacity: lit ? 1 : 0.35, marginRight: last ? 0 : Math.round(s.small / 3) });
	const bars = card.step ? Array.from({ length: card.step[1] }, (_, i) => bar(i + 1 === card.step![0], i + 1 === card.step![1])) : [bar(true, true)];

	return h(
		'div',
		{
			display: 'flex',
			flexDirection: 'column',
			justifyContent: 'space-between',
			// Satori sizes the content box: the padding goes around it. The background is the backdrop (see there).
			width: width - 2 * pad.side,
			height: height - pad.top - pad.bottom,
			paddingTop: pad.top,
			paddingBottom: pad.bottom,
			paddingLeft: pad.side,
			paddingRight: pad.side,
			color: pal.text,
			fontFamily: family
		},
		[
			h('div', { display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start' }, [
				h('div', { display: 'flex', flexDirection: 'column' }, [
					h('div', { display: 'flex', marginBottom: gap }, bars),
					...lines(kicker, { color: pal.accent, fontWeight: 700 }, 1.25)
				]),
				...(card.icon
					? [h('div', { display: 'flex', width: iconSize, height: iconSize, backgroundImage: `url(${pictogramOf(card.icon, pal.background)})`, backgroundSize: '100% 100%' })]
					: [])
			]),
			h('div', { display: 'flex', flexDirection: 'column' }, middle),
			h('div', { display: 'flex', alignItems: 'center' }, [
				// The logo as a background, not an <img>: Satori wraps an image in a mask and a clip path,
				// which resvg draws through canvas-sized layers; a background is a pattern of one tile, drawn
				// with the same pixels but for slight differences at the logo's edge.
				h('div', { display: 'flex', width: s.small * 2, height: s.small * 2, marginRight: 16, backgroundImage: `url(${card.logo ?? caravanMark})`, backgroundSize: '100% 100%' }),
				h('div', { display: 'flex', flexDirection: 'column' }, [
					...lines(footerText, { color: pal.text, fontWeight: 700 }, 1.25),
					...lines(siteText, { color: pal.pale, fontWeight: 400 }, 1.25)
				])
			])
		]
	);
}

type Palette = ReturnType<typeof palette>;
type Scale = (typeof scale)[Format];
const linesHeight = (fitted: Fitted, lineHeight: number) => fitted.lines.length * Math.round(fitted.size * lineHeight);

/**
 * The body at the largest size that fits `room`: clamped with an ellipsis when even the smallest size
 * does not (a topic's summary, what a programme offers), or left out when `whole` asks for all of it or
 * nothing (a fact's sentence: a cut sentence could say something else). `small: false` keeps it from
 * the smallest size: what a programme offers, set small, was a dense wall nobody reads on a phone; at
 * the middle size, cut with an ellipsis, it invites a tap instead. (A carousel's point keeps every size:
 * there the whole point is the slide.) `most`: the most lines it may take.
 */
function fitBody(text: string, s: Scale, fonts: FontSet, width: number, room: number, whole: boolean, small = true, most = s.bodyLines): Fitted | undefined {
	let body: Fitted | undefined;
	for (const size of small ? s.body : s.body.slice(0, -1)) {
		const maxLines = Math.min(most, Math.floor(room / Math.round(size * 1.35)));
		if (maxLines < 1) continue;
		body = fit(fonts, text, { sizes: [size], weight: 400, width, maxLines });
		if (!body.clamped) return body;
	}
	return whole ? undefined : body;
}

/** A topic's, programme's or page's title, its body under it (clamped if it must be), and a source if it has one. */
function itemMiddle(card: CardText, s: Scale, fonts: FontSet, inner: number, free: number, gap: number, colors: Palette): Node[] {
	const source = card.source ? fit(fonts, card.source, { sizes: [s.small], weight: 400, width: inner, maxLines: 2 }) : undefined;
	const sourceHeight = source ? Math.round(gap / 2) + linesHeight(source, 1.3) : 0;
	let title = fit(fonts, card.title, { sizes: s.title, weight: 700, width: inner, maxLines: s.titleLines });
	// Never let the title take more than 60% of the free height.
	while (linesHeight(title, 1.15) > free * 0.6 && title.lines.length > 1) {
		title = fit(fonts, card.title, { sizes: s.title, weight: 700, width: inner, maxLines: title.lines.length - 1 });
	}
	// A carousel's point may take every line the slide has room for: it is the slide's whole content.
	const room = free - linesHeight(title, 1.15) - gap - sourceHeight;
	const body = fitBody(card.body, s, fonts, inner, room, false, card.kind !== 'opportunity', card.kind === 'slide' ? Infinity : s.bodyLines);
	return [
		...lines(title, { color: colors.text, fontWeight: 700 }, 1.15),
		// The gap under the title is the body's top margin, or a spacer when there is no body.
		...(body?.lines.length ? lines(body, { color: colors.pale, fontWeight: 400 }, 1.35, gap) : [h('div', { display: 'flex', height: gap })]),
		...(source ? lines(source, { color: colors.accent, fontWeight: 400 }, 1.3, Math.round(gap / 2)) : [])
	];
}

/**
 * A fact: its figure large, its headline under it as the card's title line (whole, never clamped: the
 * schema's limit keeps it to what fits), then its sentence, whole, and its source where there is room.
 * When the figure and the headline together take more than the free height, the figure gives way
 * first, then the headline. A card stored before facts had headlines shows the figure and the sentence.
 */
/**
 * The headline as drawn under the figure: without the figure when the headline opens with it and a
 * colon ("15 October 2018: EU basis for Europe–Asia links" under "15 October 2018"), which would
 * otherwise stand twice, one line under the other. The two together still read as the headline.
 */
export function headlineUnderFigure(figure: string, headline: string): string {
	const rest = headline.slice(figure.length).match(/^\s*:\s*(\S.*)$/s);
	return headline.toLowerCase().startsWith(figure.toLowerCase()) && rest ? rest[1]! : headline;
}

function factMiddle(card: CardText, format: Format, s: Scale, fonts: FontSet, inner: number, free: number, gap: number, colors: Palette): Node[] {
	const headlineText = card.headline === undefined ? undefined : headlineUnderFigure(card.title, card.headline);
	const figureHeight = 1.05;
	const headlineGap = Math.round(gap / 3);
	// Fitted at the largest of `sizes` from the i-th on at which the text fits unbroken (fit.ts).
	const from = (text: string, sizes: number[], maxLines: number, i: number) => fit(fonts, text, { sizes: sizes.slice(i), weight: 700, width: inner, maxLines });
	const headlineHeight = (fitted: Fitted | undefined) => (fitted ? headlineGap + linesHeight(fitted, 1.15) : 0);
	const source = card.source ? fit(fonts, card.source, { sizes: [s.small], weight: 400, width: inner, maxLines: 2 }) : undefined;

	/** The figure and headline from the given sizes on, and the sentence and source if they fit under them. */
	const layout = ([figureStep, headlineStep]: [number, number]) => {
		let figure = from(card.title, s.figure, s.figureLines, figureStep);
		let headline = headlineText ? from(headlineText, s.title, s.headlineLines, headlineStep) : undefined;
		const tall = () => linesHeight(figure, figureHeight) + headlineHeight(headline) > free;
		while (tall() && figureStep < s.figure.length - 1) figure = from(card.title, s.figure, s.figureLines, ++figureStep);
		while (tall() && headlineText && headlineStep < s.title.length - 1) headline = from(headlineText, s.title, s.headlineLines, ++headlineStep);
		let room = free - linesHeight(figure, figureHeight) - headlineHeight(headline);
		const body = fitBody(card.body, s, fonts, inner, room - gap, true);
		if (body) room -= gap + linesHeight(body, 1.35);
		const withSource = source && !source.clamped && Math.round(gap / 2) + linesHeight(source, 1.3) <= room;
		return { figure, headline, body, source: withSource ? source : undefined };
	};
	// For the sentence, the figure gives up to two steps of its size, then the headline up to two of its
	// own; smaller than that they stay as large as they can without it. Not on a link preview (og): shown
	// a third of its size, its sentence would be too small to read, and its figure and headline must not be.
	let chosen = layout([0, 0]);
	const steps: [number, number][] = format === 'og' ? [] : [[1, 0], [2, 0], [2, 1], [2, 2]];
	for (const step of steps) {
		if (chosen.body) break;
		const smaller = layout(step);
		if (smaller.body) chosen = smaller;
	}
	const { figure, headline, body, source: shown } = chosen;
	return [
		...lines(figure, { color: colors.accent, fontWeight: 700 }, figureHeight),
		...(headline ? lines(headline, { color: colors.text, fontWeight: 700 }, 1.15, headlineGap) : []),
		...(body ? lines(body, { color: colors.pale, fontWeight: 400 }, 1.35, gap) : []),
		...(shown ? lines(shown, { color: colors.accent, fontWeight: 400 }, 1.3, Math.round(gap / 2)) : []),
		// Nothing under the headline: a spacer keeps it off the footer.
		...(body || shown ? [] : [h('div', { display: 'flex', height: gap })])
	];
}
