/**
 * Plain-language measures: sentences, words, syllables, Flesch-Kincaid grade (English) and Flesch
 * reading ease with Oborneva's coefficients (Russian).
 */

/** Sentences of a plain text: split after . ! ? … followed by a space; a line without one is a sentence. */
export function sentences(text: string): string[] {
	return text
		.split(/(?<=[.!?…])\s+|\n+/u)
		.map((sentence) => sentence.trim())
		.filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

/** Words: runs of letters, digits and joining marks (don't, Oʻzbekiston, 2014–2020, Erasmus+). */
export function words(text: string): string[] {
	return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/** English syllables by the usual vowel-group heuristic. */
export function englishSyllables(word: string): number {
	let w = word.toLowerCase().replace(/[^a-z]/g, '');
	if (!w) return /\d/.test(word) ? Math.max(1, word.replace(/\D/g, '').length) : 0;
	if (w.length <= 3) return 1;
	w = w.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '').replace(/^y/, '');
	return Math.max(1, w.match(/[aeiouy]{1,2}/g)?.length ?? 1);
}

/** Russian syllables: one per vowel. */
export function russianSyllables(word: string): number {
	return word.toLowerCase().match(/[аеёиоуыэюя]/g)?.length ?? 0;
}

export interface TextStats {
	sentences: number;
	words: number;
	syllables: number;
	longest: number;
	longestSentence: string;
}

export function stats(texts: string[], syllables: (word: string) => number = () => 0): TextStats {
	const result: TextStats = { sentences: 0, words: 0, syllables: 0, longest: 0, longestSentence: '' };
	for (const sentence of texts.flatMap(sentences)) {
		const list = words(sentence);
		result.sentences += 1;
		result.words += list.length;
		result.syllables += list.reduce((sum, word) => sum + syllables(word), 0);
		if (list.length > result.longest) {
			result.longest = list.length;
			result.longestSentence = sentence;
		}
	}
	return result;
}

export const averageSentence = (s: TextStats) => (s.sentences ? s.words / s.sentences : 0);

/** Flesch-Kincaid grade level (English). */
export const fleschKincaidGrade = (s: TextStats) =>
	0.39 * averageSentence(s) + 11.8 * (s.syllables / s.words) - 15.59;

/** Flesch reading ease for Russian with Oborneva's coefficients (syllables = vowels). */
export const fleschReadingEaseRu = (s: TextStats) =>
	206.835 - 1.3 * averageSentence(s) - 60.1 * (s.syllables / s.words);
