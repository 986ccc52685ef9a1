/**
 * Content text may link words to the glossary: `[[id]]` or `[[id|the words shown]]`.
 * One parser serves the loader (which checks every link) and the pages (which render it).
 */
export type RichPart = string | { term: string; text?: string };

/** A glossary term as a link without its own words shows it. */
export interface TermName {
	/** The term's headword in the reader's language ("Migration", "Парижское соглашение"). */
	name: string;
	/** A proper name (an organisation, an agreement, an acronym): it keeps its capital mid-sentence. */
	proper: boolean;
}

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

/**
 * Whether a glossary term is a proper name, read from its English headword, where capitals mark names
 * ("Paris Agreement", "WTO", "2030 Agenda") and headwords of common words have only their first
 * ("Human rights"). A bracketed expansion is left out: "EPCA (Enhanced …)" is a name by "EPCA". English
 * decides for every language, since Russian writes "Парижское соглашение" like a common noun.
 */
export function isProperName(englishHeadword: string): boolean {
	const head = englishHeadword.replace(/\([^)]*\)/g, ' ').trim();
	return /^\p{N}/u.test(head) || /\p{Lu}/u.test([...head].slice(1).join(''));
}

/** Whether a link that follows this text starts a sentence: the text's start, or after . ! ? or …. */
export function startsSentence(before: string): boolean {
	const trimmed = before.replace(/[\s"'«»„“”‘’(\[—–-]+$/u, '');
	return trimmed === '' || /[.!?…]$/u.test(trimmed);
}

/**
 * The words a link written `[[id]]` shows: the term's headword, in the case of the sentence around
 * it — "legal migration", not "legal Migration" — while a proper name keeps its capital.
 */
export function termLabel(term: TermName, before: string): string {
	if (term.proper || startsSentence(before)) return term.name;
	const [first = '', ...rest] = term.name;
	return first.toLowerCase() + rest.join('');
}

/**
 * The parts of a text with each link's words decided: `text` is what the link shows. `termName` gives a
 * term's headword; a bare string is shown as it is (a name of unknown kind keeps its case).
 */
export function richParts(
	source: string,
	termName: (id: string) => TermName | string
): (string | { term: string; text: string })[] {
	let before = '';
	return parseRich(source).map((part) => {
		if (typeof part === 'string') {
			before += part;
			return part;
		}
		const name = termName(part.term);
		const text = part.text ?? (typeof name === 'string' ? name : termLabel(name, before));
		before += text;
		return { term: part.term, text };
	});
}

/** The text as a reader sees it, without link markup: for meta descriptions, cards and captions. */
export function plainText(source: string, termName: (id: string) => TermName | string = (id) => id): string {
	return richParts(source, termName)
		.map((part) => (typeof part === 'string' ? part : part.text))
		.join('');
}
