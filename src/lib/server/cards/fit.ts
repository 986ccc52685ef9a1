/**
 * Fitting text into a box: the largest size from a list at which the text wraps into at most
 * `maxLines` lines; at the smallest size, the last line is clamped with an ellipsis. Lines are
 * measured with the card fonts by their letters' advance widths; glyphs.ts draws them kerned, as
 * Satori did. A line's ink can reach a little past its measured width (a bold f overhangs its advance):
 * the card's padding takes it, and a test checks that the text of the longest items stays inside every
 * format.
 */
import { measure, type FontSet } from './fonts.ts';

export interface Fitted {
	size: number;
	lines: string[];
	clamped: boolean;
}

/**
 * Greedy word wrap. Lines break at spaces and after hyphens (Skłodowska-|Curie); a word wider than the
 * line is broken between characters, and `broken` says so, so that `fit` prefers a smaller size.
 */
export function wrap(fonts: FontSet, text: string, size: number, weight: number, width: number): string[] & { broken?: boolean } {
	const lines: string[] & { broken?: boolean } = [];
	let line = '';
	// Pieces: words, with a hyphenated word split after each hyphen; `glue` is what joins a piece to the line.
	const pieces = text
		.split(/\s+/)
		.filter(Boolean)
		.flatMap((word) => word.split(/(?<=[^\s-]-)(?=[^\s-])/).map((piece, i) => ({ piece, glue: i === 0 ? ' ' : '' })));
	for (const { piece: word, glue } of pieces) {
		const candidate = line ? `${line}${glue}${word}` : word;
		if (measure(fonts, candidate, size, weight) <= width) {
			line = candidate;
			continue;
		}
		if (line) lines.push(line);
		line = '';
		// A single word wider than the box: break it.
		let rest = word;
		while (measure(fonts, rest, size, weight) > width) {
			lines.broken = true;
			let cut = rest.length - 1;
			while (cut > 1 && measure(fonts, rest.slice(0, cut), size, weight) > width) cut--;
			lines.push(rest.slice(0, cut));
			rest = rest.slice(cut);
		}
		line = rest;
	}
	if (line) lines.push(line);
	return lines;
}

export function fit(
	fonts: FontSet,
	text: string,
	{ sizes, weight, width, maxLines }: { sizes: number[]; weight: number; width: number; maxLines: number }
): Fitted {
	const ordered = [...sizes].sort((a, b) => b - a);
	for (const size of ordered) {
		const lines = wrap(fonts, text, size, weight, width);
		// A size at which a word must be cut in two is a size too big, unless it is the last one.
		if (lines.length <= maxLines && (!lines.broken || size === ordered.at(-1))) {
			return { size, lines: [...lines], clamped: false };
		}
	}
	const size = ordered.at(-1) ?? 16;
	const lines = [...wrap(fonts, text, size, weight, width)].slice(0, maxLines);
	let last = lines.pop() ?? '';
	while (last && measure(fonts, `${last}…`, size, weight) > width) {
		last = last.replace(/\s*\S+$/, '') || last.slice(0, -1);
	}
	lines.push(`${last.replace(/[\s,.;:–-]+$/, '')}…`);
	return { size, lines, clamped: true };
}
