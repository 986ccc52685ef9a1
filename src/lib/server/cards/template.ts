/**
 * The card design, written once for every kind and format as Satori nodes. Text is fitted here with
 * the card fonts (see fit.ts) and drawn one line per element, so nothing wraps or overflows behind
 * our back. Colours meet WCAG AA on the background (white 10.4:1, yellow 8.3:1, pale 8.5:1).
 */
import type { CardText } from '#lib/server/views/card.ts';
import { fit, type Fitted } from './fit.ts';
import type { FontSet } from './fonts.ts';
import { formats, type Format } from '#lib/core/catalogue.ts';

/** Bump when the design changes: every card is rendered again. */
export const templateVersion = 10;

/** Space kept between a network's covered zone (formats[…].safe) and the card's text. */
const safeMargin = 24;

export const colors = { background: '#1d3a8a', text: '#ffffff', accent: '#ffd34d', pale: '#dfe5f5', band: '#122660' };

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

const logo =
	'data:image/svg+xml;base64,' +
	Buffer.from(
		'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#122660"/><path d="M6 21h20M9 21v-5l4-4 3 3 4-5 3 4v7" fill="none" stroke="#ffd34d" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>'
	).toString('base64');

/**
 * Per format: padding; title sizes and lines; body sizes and lines; a fact's figure sizes; the small
 * type of the kicker, source and footer, and how many lines the kicker and the footer (the topic's or
 * the site's name) may take. The taller formats have room to give a long name a second line rather
 * than cut it short.
 */
const scale: Record<
	Format,
	{ pad: number; title: number[]; titleLines: number; body: number[]; bodyLines: number; figure: number[]; small: number; kickerLines: number; footerLines: number }
> = {
	og: { pad: 56, title: [64, 58, 52, 46, 40], titleLines: 3, body: [30, 27, 24], bodyLines: 3, figure: [112, 96, 80, 68, 56], small: 24, kickerLines: 1, footerLines: 1 },
	square: { pad: 72, title: [84, 76, 68, 60, 52], titleLines: 4, body: [38, 34, 30], bodyLines: 6, figure: [150, 128, 108, 92, 76], small: 30, kickerLines: 1, footerLines: 2 },
	portrait: { pad: 80, title: [92, 82, 72, 64, 56], titleLines: 5, body: [40, 36, 32], bodyLines: 8, figure: [160, 136, 116, 96, 80], small: 32, kickerLines: 2, footerLines: 2 },
	story: { pad: 88, title: [104, 92, 80, 70, 60], titleLines: 6, body: [46, 42, 38], bodyLines: 10, figure: [180, 156, 132, 110, 92], small: 36, kickerLines: 2, footerLines: 2 }
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
	// Nothing in the zones the networks cover: the padding starts where they end, with a margin.
	const pad = {
		top: Math.max(s.pad, safe.top + safeMargin),
		bottom: Math.max(s.pad, safe.bottom + safeMargin),
		side: Math.max(s.pad, safe.sides + safeMargin)
	};
	const inner = width - 2 * pad.side;
	const family = fonts.family;
	// A fact's figure and a quiz score are drawn large, in the accent colour.
	const isFact = card.kind === 'fact' || card.kind === 'score';

	const gap = Math.round(s.pad / 2);
	const titleHeight = isFact ? 1.05 : 1.15;
	const kicker = fit(fonts, card.kicker, { sizes: [s.small], weight: 700, width: inner, maxLines: s.kickerLines });
	const source = card.source
		? fit(fonts, card.source, { sizes: [s.small], weight: 400, width: inner, maxLines: 2 })
		: undefined;
	const footerText = fit(fonts, card.footer, { sizes: [s.small], weight: 700, width: inner - s.small * 2 - 16, maxLines: s.footerLines });
	const siteText: Fitted = card.site
		? fit(fonts, card.site, { sizes: [s.small], weight: 400, width: inner - s.small * 2 - 16, maxLines: 1 })
		: { size: s.small, lines: [], clamped: false };

	// The vertical budget: the title and body share what the header and footer leave free.
	const smallLine = Math.round(s.small * 1.25);
	const header = Math.round(s.small / 3) + gap + kicker.lines.length * smallLine;
	const footer = Math.max(s.small * 2, (footerText.lines.length + siteText.lines.length) * smallLine);
	const sourceHeight = source ? Math.round(gap / 2) + source.lines.length * Math.round(s.small * 1.3) : 0;
	const free = height - pad.top - pad.bottom - header - footer - 2 * gap;
	const height_ = (fitted: Fitted, lineHeight: number) => fitted.lines.length * Math.round(fitted.size * lineHeight);

	let title = fit(fonts, card.title, {
		sizes: isFact ? s.figure : s.title,
		weight: 700,
		width: inner,
		maxLines: isFact ? 2 : s.titleLines
	});
	// Never let the title take more than 60% of the free height.
	while (height_(title, titleHeight) > free * 0.6 && title.lines.length > 1) {
		title = fit(fonts, card.title, { sizes: isFact ? s.figure : s.title, weight: 700, width: inner, maxLines: title.lines.length - 1 });
	}
	const bodyRoom = free - height_(title, titleHeight) - gap - sourceHeight;
	let body: Fitted | undefined;
	for (const size of s.body) {
		const maxLines = Math.min(s.bodyLines, Math.floor(bodyRoom / Math.round(size * 1.35)));
		if (maxLines < 1) continue;
		body = fit(fonts, card.body, { sizes: [size], weight: 400, width: inner, maxLines });
		if (!body.clamped) break;
	}
	body ??= { size: s.body.at(-1) ?? 24, lines: [], clamped: true };

	return h(
		'div',
		{
			display: 'flex',
			flexDirection: 'column',
			justifyContent: 'space-between',
			// Satori sizes the content box: the padding goes around it.
			width: width - 2 * pad.side,
			height: height - pad.top - pad.bottom,
			paddingTop: pad.top,
			paddingBottom: pad.bottom,
			paddingLeft: pad.side,
			paddingRight: pad.side,
			backgroundColor: colors.background,
			color: colors.text,
			fontFamily: family
		},
		[
			h('div', { display: 'flex', flexDirection: 'column' }, [
				h('div', { display: 'flex', width: s.small * 3, height: Math.round(s.small / 3), backgroundColor: colors.accent, marginBottom: gap }),
				...lines(kicker, { color: colors.accent, fontWeight: 700 }, 1.25)
			]),
			h('div', { display: 'flex', flexDirection: 'column' }, [
				...lines(title, { color: isFact ? colors.accent : colors.text, fontWeight: 700 }, titleHeight),
				// The gap under the title is the body's top margin, or a spacer when there is no body.
				...(body.lines.length ? lines(body, { color: colors.pale, fontWeight: 400 }, 1.35, gap) : [h('div', { display: 'flex', height: gap })]),
				...(source ? lines(source, { color: colors.accent, fontWeight: 400 }, 1.3, Math.round(gap / 2)) : [])
			]),
			h('div', { display: 'flex', alignItems: 'center' }, [
				// The logo as a background, not an <img>: Satori wraps an image in a mask and a clip path,
				// which resvg draws through canvas-sized layers; a background is a pattern of one tile, drawn
				// with the same pixels but for slight differences at the logo's edge.
				h('div', { display: 'flex', width: s.small * 2, height: s.small * 2, marginRight: 16, backgroundImage: `url(${logo})`, backgroundSize: '100% 100%' }),
				h('div', { display: 'flex', flexDirection: 'column' }, [
					...lines(footerText, { color: colors.text, fontWeight: 700 }, 1.25),
					...lines(siteText, { color: colors.pale, fontWeight: 400 }, 1.25)
				])
			])
		]
	);
}
