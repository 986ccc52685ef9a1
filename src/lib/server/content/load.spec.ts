import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { locales } from '#lib/core/i18n.ts';
import { ContentError, loadContent } from './load.ts';
import { sections } from './schema.ts';

const made: string[] = [];
afterEach(() => {
	for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the real content/ to break on purpose. */
function copy(): string {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-content-'));
	made.push(dir);
	cpSync('content', dir, { recursive: true });
	return dir;
}

function edit(dir: string, file: string, change: (data: Record<string, unknown>) => void) {
	const path = join(dir, file);
	const data = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
	change(data);
	writeFileSync(path, stringify(data));
}

function problems(dir: string): string[] {
	try {
		loadContent(dir);
	} catch (error) {
		if (error instanceof ContentError) return error.problems;
		throw error;
	}
	return [];
}

describe('the real content', () => {
	const content = loadContent();

	test('has the 12 topics of the strategy, each in English and Russian', () => {
		expect(content.topics.map((topic) => topic.section)).toEqual([...sections]);
		for (const topic of content.topics) {
			expect(Object.keys(topic.text).sort(), topic.slug).toEqual(expect.arrayContaining(['en', 'ru']));
		}
	});

	test('has the interface in all seven languages', () => {
		expect(Object.keys(content.ui).sort()).toEqual([...locales].sort());
	});

	test('has facts, glossary and opportunities in English and Russian', () => {
		expect(content.facts.length).toBeGreaterThanOrEqual(12);
		expect(content.glossary.length).toBeGreaterThanOrEqual(20);
		expect(content.opportunities.map((o) => o.id)).toEqual(
			expect.arrayContaining(['erasmus-plus', 'marie-sklodowska-curie-actions'])
		);
		for (const item of [...content.facts, ...content.glossary, ...content.opportunities]) {
			expect(item.text.en && item.text.ru, item.id).toBeTruthy();
		}
	});
});

describe('a broken content file is refused with its file, field and problem', () => {
	test.each([
		[
			'bad YAML',
			(dir: string) => writeFileSync(join(dir, 'topics/connectivity/en.yaml'), 'title: [unclosed\nsummary: x\n'),
			/^topics\/connectivity\/en\.yaml: bad YAML at line \d+, column \d+: /
		],
		[
			'a missing field',
			(dir: string) => edit(dir, 'topics/connectivity/en.yaml', (data) => delete data.summary),
			/^topics\/connectivity\/en\.yaml: summary: is missing$/
		],
		[
			'an unknown locale',
			(dir: string) =>
				cpSync(join(dir, 'topics/connectivity/en.yaml'), join(dir, 'topics/connectivity/fr.yaml')),
			/^topics\/connectivity\/fr\.yaml: unknown locale "fr" \(the file name must be one of en, ru, kk, ky, tg, tk, uz, or meta\)$/
		],
		[
			'a fact without source',
			(dir: string) => edit(dir, 'facts/seventy-million-people/meta.yaml', (data) => delete data.source),
			/^facts\/seventy-million-people\/meta\.yaml: source: is missing$/
		],
		[
			'a fact whose source has no quote',
			(dir: string) =>
				edit(dir, 'facts/seventy-million-people/meta.yaml', (data) => {
					(data.source as Record<string, unknown>).quote = '';
				}),
			/^facts\/seventy-million-people\/meta\.yaml: source, quote: must not be empty$/
		],
		[
			'a title too long',
			(dir: string) =>
				edit(dir, 'topics/connectivity/ru.yaml', (data) => {
					data.title = 'Один два три четыре пять шесть семь восемь девять';
				}),
			/^topics\/connectivity\/ru\.yaml: title: must be at most 8 words \(has 9\)$/
		],
		[
			'a misspelt field',
			(dir: string) =>
				edit(dir, 'glossary/wto/en.yaml', (data) => {
					data.defnition = data.definition;
					delete data.definition;
				}),
			[/^glossary\/wto\/en\.yaml: definition: is missing$/, /^glossary\/wto\/en\.yaml: unknown field "defnition"$/]
		],
		[
			'a section the strategy does not have',
			(dir: string) => edit(dir, 'topics/connectivity/meta.yaml', (data) => (data.section = '4.1')),
			/^topics\/connectivity\/meta\.yaml: section: must be one of intro, regional, 1\.1, /
		],
		[
			'a glossary link to no entry',
			(dir: string) =>
				edit(dir, 'topics/connectivity/en.yaml', (data) => (data.summary = 'Roads and [[teleportation]].')),
			/^topics\/connectivity\/en\.yaml: summary: glossary link \[\[teleportation\]\] has no entry in content\/glossary\/$/
		],
		[
			'a related topic that does not exist',
			(dir: string) => edit(dir, 'topics/connectivity/meta.yaml', (data) => (data.related = ['space-travel'])),
			/^topics\/connectivity\/meta\.yaml: related, item 1: "space-travel" is not another topic$/
		],
		[
			'a topic without English',
			(dir: string) => unlinkSync(join(dir, 'topics/connectivity/en.yaml')),
			/^topics\/connectivity\/en\.yaml: file is missing: English is the fallback for every language$/
		],
		[
			'an interface string missing in one language',
			(dir: string) =>
				edit(dir, 'ui/tk.yaml', (data) => delete (data.search as Record<string, unknown>).placeholder),
			/^ui\/tk\.yaml: search, placeholder: is missing$/
		]
	])('%s', (_, breakIt, expected: RegExp | RegExp[]) => {
		const dir = copy();
		breakIt(dir);
		const found = problems(dir).map((problem) => problem.replace(`${dir}/`, ''));
		expect(found).toEqual([expected].flat().map((pattern) => expect.stringMatching(pattern)));
	});

	test('every problem is reported at once, not only the first', () => {
		const dir = copy();
		edit(dir, 'topics/connectivity/en.yaml', (data) => delete data.title);
		edit(dir, 'facts/seventy-million-people/meta.yaml', (data) => delete data.source);
		expect(() => loadContent(dir)).toThrow(/Content has 2 problems:\n {2}- .*title: is missing\n {2}- .*source: is missing/);
	});
});
