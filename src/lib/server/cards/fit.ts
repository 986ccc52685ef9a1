/**
 * Fitting text into a box: the largest size from a list at which the text wraps into at most
 * `maxLines` lines; at the smallest size, the last line is clamped with an ellipsis. Lines are
 * measured with the card fonts, so what the card draws is what was measured.
 */
import { measure, type FontSet } from './fonts.ts';

export interface Fitted {
	size: number;
	lines: string[];
	clamped: boolean;
}

/** Greedy word wrap; a word longer than the line is broken between characters. */
export function wrap(fonts: FontSet, text: string, size: number, weight: number, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = line ? `${line} ${word}` : word;
		if (measure(fonts, candidate, size, weight) <= width) {
			line = candidate;
			continue;
		}
		if (line) lines.push(line);
		line = '';
		// A single word wider than the box: break it.
		let rest = word;
		while (measure(fonts, rest, size, weight) > width) {
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
		if (lines.length <= maxLines) return { size, lines, clamped: false };
	}
	const size = ordered.at(-1) ?? 16;
	const lines = wrap(fonts, text, size, weight, width).slice(0, maxLines);
	let last = lines.pop() ?? '';
	while (last && measure(fonts, `${last}…`, size, weight) > width) {
		last = last.replace(/\s*\S+$/, '') || last.slice(0, -1);
	}
	lines.push(`${last.replace(/[\s,.;:–-]+$/, '')}…`);
	return { size, lines, clamped: true };
}
