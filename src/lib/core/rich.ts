/**
 * Content text may link words to the glossary: `[[id]]` or `[[id|the words shown]]`.
 * One parser serves the loader (which checks every link) and the pages (which render it).
 */
export type RichPart = string | { term: string; text?: string };

const link = /\[\[([^\]|]*)(?:\|([^\]]*))?\]\]/g;

export function parseRich(source: string): RichPart[] {
	const parts: RichPart[] = [];
	let last = 0;
	for (const match of source.matchAll(link)) {
		if (match.index > last) parts.push(source.slice(last, match.index));
		const term = (match[1] ?? '').trim();
		const text = match[2]?.trim();
		parts.push(text ? { term, text } : { term });
		last = match.index + match[0].length;
	}
	if (last < source.length) parts.push(source.slice(last));
	return parts;
}

/** The text as a reader sees it, without link markup: for meta descriptions, cards and captions. */
export function plainText(source: string, termName: (id: string) => string = (id) => id): string {
	return parseRich(source)
		.map((part) => (typeof part === 'string' ? part : (part.text ?? termName(part.term))))
		.join('');
}
