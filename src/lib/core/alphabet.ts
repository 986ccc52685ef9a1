/** A list in a language's alphabetical order, with an index by first letter (the glossary's). */
import { alphabets, type Locale } from './i18n.ts';

/** Where words that begin with no letter of the alphabet, but with a digit, are indexed. */
export const digits = '0–9';
/** Where words in the other alphabet are indexed: "GSP+" in Russian, a Cyrillic word in Turkmen. */
export const otherScripts = { Latin: 'A–Z', Cyrillic: 'А–Я' } as const;

const scriptOf = (letter: string) =>
	/\p{Script=Latin}/u.test(letter) ? 'Latin' : /\p{Script=Cyrillic}/u.test(letter) ? 'Cyrillic' : undefined;

/**
 * The letter of the alphabet a word is indexed under: the longest letter it begins with (Uzbek "Sh"
 * before "S"), case and the apostrophe's form aside; or, for a word that begins with none, a group:
 * digits ("0–9"), or the other alphabet ("A–Z" for "GSP+" or an English term standing in for an
 * untranslated one on a Cyrillic page, whose "E" would look like the Cyrillic "Е"); else its first letter.
 */
export function initialOf(word: string, letters: readonly string[]): string {
	const text = word.trim().replace(/^[«"„“(]+/u, '').replace(/^(\p{L})['‘’`]/u, '$1ʻ');
	const upper = text.toLocaleUpperCase();
	// As written first (Turkmen Ç, Tajik Ӣ are letters of their own), then without accents (English É is E).
	for (const form of [upper, upper.normalize('NFD').replace(/\p{M}/gu, '')]) {
		let found = '';
		for (const letter of letters) {
			if (letter.length > found.length && form.startsWith(letter.toLocaleUpperCase())) found = letter;
		}
		if (found) return found;
	}
	const [first = ''] = upper;
	if (/\p{N}/u.test(first)) return digits;
	const script = scriptOf(first);
	return script && script !== scriptOf(letters[0] ?? '') ? otherScripts[script] : first;
}

export interface LetterLink {
	letter: string;
	/** The first entry under this letter; none when no entry begins with it. */
	first?: string;
}

/**
 * Sorts entries by the language's alphabet (letter by letter, then as the language sorts words), and
 * lists every letter of the alphabet with the first entry under it. The groups of entries that begin
 * with no letter of it follow (the other alphabet, then digits), so that every entry can be reached.
 */
export function alphabetical<T>(
	entries: readonly T[],
	word: (entry: T) => string,
	id: (entry: T) => string,
	locale: Locale
): { entries: T[]; index: LetterLink[] } {
	const letters = alphabets[locale];
	const collator = new Intl.Collator(locale);
	const initials = new Map(entries.map((entry) => [entry, initialOf(word(entry), letters)]));
	const last = [otherScripts.Latin, otherScripts.Cyrillic, digits] as string[];
	const others = [...new Set(initials.values())]
		.filter((letter) => !letters.includes(letter))
		.sort((a, b) => last.indexOf(a) - last.indexOf(b) || collator.compare(a, b));
	const order = [...letters, ...others];
	const rank = (entry: T) => order.indexOf(initials.get(entry) ?? '');
	const sorted = [...entries].sort((a, b) => rank(a) - rank(b) || collator.compare(word(a), word(b)));
	const index = order.map((letter) => {
		const first = sorted.find((entry) => initials.get(entry) === letter);
		return first === undefined ? { letter } : { letter, first: id(first) };
	});
	return { entries: sorted, index };
}
