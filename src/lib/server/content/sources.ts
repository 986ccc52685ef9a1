/**
 * Tracing facts to the strategy: a quote must occur in the Swedish text, and every number a fact
 * states must occur in its quote (as digits or as a Swedish number word).
 */
import { existsSync, readFileSync } from 'node:fs';

/** The strategy is JOIN(2019) 9 of 15 May 2019: a statement dated to it is dated 2019. */
export const strategyYear = 2019;

/** Whitespace folded: the text as one line, so quotes can span line breaks. */
export function normalise(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

export function readStrategy(path: string): string | undefined {
	return existsSync(path) ? normalise(readFileSync(path, 'utf8')) : undefined;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `quote` occurs in the (normalised) strategy. Line breaks are spaces; a footnote marker
 * (a number of one or two digits on its own line in the source) may stand between two words, or
 * between a word and the punctuation after it ("Europa 12 , uppmuntra" is quoted "Europa, uppmuntra").
 */
export function quoteOccurs(strategy: string, quote: string): boolean {
	return quoteAt(strategy, quote) >= 0;
}

/** Where `quote` begins in the (normalised) strategy, as quoteOccurs finds it; -1 when it does not occur. */
export function quoteAt(strategy: string, quote: string): number {
	const words = normalise(quote)
		.split(' ')
		.map((word) => {
			const [, body = '', mark = ''] = /^(.*?)([,.;:!?]*)$/.exec(word) ?? [];
			return escape(body) + (mark ? `(?: \\d{1,2})? ?${escape(mark)}` : '');
		});
	return strategy.search(new RegExp(words.join(' (?:\\d{1,2} )?')));
}

/**
 * The lead-in of the list a quote stands in, when it is a list item: the strategy's lists of initiatives
 * open with "Särskilda initiativ på detta område bör omfatta följande:", and the item itself ("Inrätta
 * en särskild dialog …") carries no verb of its own. Items run for at most a few thousand characters.
 */
export function listLeadIn(strategy: string, quote: string): string | undefined {
	const at = quoteAt(strategy, quote);
	if (at < 0) return undefined;
	const before = strategy.slice(Math.max(0, at - 6000), at);
	const colon = before.lastIndexOf('följande:');
	if (colon < 0) return undefined;
	const start = before.lastIndexOf('.', colon) + 1;
	return before.slice(start, colon + 'följande:'.length).trim();
}

/** Every number written with digits, decimal commas as points: "€1,1 billion, 2014–2020" → 1.1, 2014, 2020. */
export function numbersIn(text: string): string[] {
	return [...text.matchAll(/\d+(?:[.,]\d+)?/g)].map((match) => match[0].replace(',', '.'));
}

/** Swedish number words the strategy uses instead of digits. */
const swedish: Record<string, string[]> = {
	en: ['1'],
	ett: ['1'],
	två: ['2'],
	tre: ['3'],
	fyra: ['4'],
	fem: ['5'],
	sex: ['6'],
	sju: ['7'],
	åtta: ['8'],
	nio: ['9'],
	tio: ['10'],
	tjugo: ['20'],
	trettio: ['30'],
	fyrtio: ['40'],
	femtio: ['50'],
	sextio: ['60'],
	sjuttio: ['70'],
	åttio: ['80'],
	nittio: ['90'],
	hundra: ['100'],
	hälften: ['50'],
	nittiotalet: ['90', '1990'],
	åttiotalet: ['80', '1980']
};

/** The numbers a Swedish quote states, in digits or in words. */
export function numbersInSwedish(quote: string): Set<string> {
	const found = new Set(numbersIn(quote));
	for (const word of quote.toLowerCase().split(/[^\p{L}]+/u)) {
		for (const value of swedish[word] ?? []) found.add(value);
	}
	return found;
}
