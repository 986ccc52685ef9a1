import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { inputsHash, unchangedSince, writeStamp } from './stamp.ts';

let root: string;
let contentDir: string;
let source: string;
let cardsDir: string;
const siteUrl = 'https://caravan.example.org';

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'caravan-stamp-'));
	contentDir = join(root, 'content');
	source = join(root, 'src');
	cardsDir = join(root, 'cards');
	for (const dir of [join(contentDir, 'topics/water'), join(source, 'lib'), cardsDir]) mkdirSync(dir, { recursive: true });
	writeFileSync(join(contentDir, 'topics/water/en.yaml'), 'title: Water\n');
	writeFileSync(join(contentDir, 'topics/water/kk.yaml'), 'title: Су\n');
	writeFileSync(join(source, 'lib/template.ts'), 'export const templateVersion = 6;\n');
	for (const key of ['a', 'b']) writeFileSync(join(cardsDir, `${key}.png`), 'png');
	writeFileSync(join(root, 'linked.yaml'), 'title: Су\n');
	symlinkSync(join(root, 'linked.yaml'), join(contentDir, 'topics/water/ky.yaml'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const hash = (changes: Partial<{ siteUrl: string }> = {}) => inputsHash({ contentDir, source, siteUrl, ...changes });

describe('the card cache stamp', () => {
	test('a run with the same inputs and every card still there has nothing to do', () => {
		writeStamp(cardsDir, hash(), ['a', 'b']);
		expect(unchangedSince(cardsDir, hash())).toBe(2);
	});

	test.each([
		['a content file edited', () => writeFileSync(join(contentDir, 'topics/water/kk.yaml'), 'title: Су және климат\n')],
		['a content file added', () => writeFileSync(join(contentDir, 'topics/water/uz.yaml'), 'title: Suv\n')],
		['a content file renamed', () => renameSync(join(contentDir, 'topics/water/kk.yaml'), join(contentDir, 'topics/water/ky.yaml'))],
		['a content file removed', () => unlinkSync(join(contentDir, 'topics/water/kk.yaml'))],
		['the template changed', () => writeFileSync(join(source, 'lib/template.ts'), 'export const templateVersion = 7;\n')],
		['a source file added', () => writeFileSync(join(source, 'lib/fit.ts'), 'export {};\n')],
		['an empty folder added (the loader reports its missing files)', () => mkdirSync(join(contentDir, 'topics/energy'))],
		['a file behind a link edited', () => writeFileSync(join(root, 'linked.yaml'), 'title: Су мен климат\n')]
	])('%s: the cards are looked at again', (_, change) => {
		writeStamp(cardsDir, hash(), ['a', 'b']);
		change();
		expect(unchangedSince(cardsDir, hash())).toBeUndefined();
	});

	test('another site address: the cards are looked at again', () => {
		writeStamp(cardsDir, hash(), ['a', 'b']);
		expect(unchangedSince(cardsDir, hash({ siteUrl: 'https://caravan.example.net' }))).toBeUndefined();
	});

	test('a card missing from the cache: the cards are looked at again', () => {
		writeStamp(cardsDir, hash(), ['a', 'b']);
		unlinkSync(join(cardsDir, 'b.png'));
		expect(unchangedSince(cardsDir, hash())).toBeUndefined();
	});

	test.each([
		['no stamp', undefined],
		['an unreadable stamp', '{"inputs": '],
		['a stamp of another shape', '{"inputs": 1}']
	])('%s: the cards are looked at again', (_, text) => {
		if (text !== undefined) writeFileSync(join(cardsDir, 'stamp.json'), text);
		expect(unchangedSince(cardsDir, hash())).toBeUndefined();
	});
});
