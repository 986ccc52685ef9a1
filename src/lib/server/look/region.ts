/**
 * The five countries the site is about, as the map draws them: their ids (the same as in
 * content/terms/<locale>.yaml and the `map` strings of content/ui/<locale>.yaml), their ISO 3166-1
 * numeric codes (Natural Earth's ids in `world-atlas`), their capitals, and where their names stand.
 */

export interface Country {
	/** The id of the country in the terms and the interface strings. */
	id: string;
	/** ISO 3166-1 numeric, as `world-atlas` names the country's shape. */
	iso: string;
	/** Where the country's name is written: [longitude, latitude] of the middle of its baseline, or of its
	 * start when `from` is `start` (the name then runs east from there, clear of a capital to its west). */
	label: [number, number];
	from?: 'middle' | 'start';
	/** The capital: [longitude, latitude], and on which side of its dot its name stands. */
	capital: { at: [number, number]; side: 'left' | 'right' | 'above' | 'below' };
}

export const countries = [
	{ id: 'kazakhstan', iso: '398', label: [67.2, 47.6], capital: { at: [71.45, 51.17], side: 'right' } },
	{ id: 'kyrgyzstan', iso: '417', label: [75.4, 41.45], capital: { at: [74.59, 42.87], side: 'above' } },
	{ id: 'tajikistan', iso: '762', label: [69.75, 38.3], from: 'start', capital: { at: [68.79, 38.56], side: 'left' } },
	{ id: 'turkmenistan', iso: '795', label: [59.2, 39.6], capital: { at: [58.33, 37.96], side: 'below' } },
	{ id: 'uzbekistan', iso: '860', label: [63.2, 41.6], capital: { at: [69.24, 41.3], side: 'below' } }
] as const satisfies readonly Country[];

export type CountryId = (typeof countries)[number]['id'];
export const countryIds = countries.map((country) => country.id) as unknown as readonly [CountryId, ...CountryId[]];
