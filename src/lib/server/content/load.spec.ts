import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { locales } from '#lib/core/i18n.ts';
import { ContentError, loadContent } from './load.ts';
import { headlineChars, sections } from './schema.ts';

// One copy of the real content/ for the file, broken on purpose by each test through the helpers below,
// which note each file they touch; after each test those files are put back as they are in content/.
const dir = mkdtempSync(join(tmpdir(), 'caravan-content-'));
cpSync('content', dir, { recursive: true });
const touched = new Set<string>();
afterEach(() => {
	for (const file of touched) {
		if (existsSync(join('content', file))) copyFileSync(join('content', file), join(dir, file));
		else rmSync(join(dir, file), { force: true });
	}
	touched.clear();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (file: string, text: string) => {
	touched.add(file);
	writeFileSync(join(dir, file), text);
};
const remove = (file: string) => {
	touched.add(file);
	unlinkSync(join(dir, file));
};
function edit(file: string, change: (data: Record<string, unknown>) => void) {
	const data = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
	change(data);
	write(file, stringify(data));
}

function problems(): string[] {
	try {
		loadContent(dir);
	} catch (error) {
		if (error instanceof ContentError) return error.problems.map((problem) => problem.replace(`${dir}/`, ''));
		throw error;
	}
	return [];
}

// Any topic, fact and glossary entry will do: the first of each.
const real = loadContent();
const topic = `topics/${real.topics[0]!.slug}`;
const fact = `facts/${real.facts[0]!.id}`;
const term = `glossary/${real.glossary[0]!.id}`;
const escaped = (path: string) => path.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
// A Kazakh headline one short clause too long: six characters over the limit.
const longHeadline = 'Стратегия: ЕО Орталық Азиямен шекара жұмысын күшейтеді';

describe('the real content', () => {
	const content = real;

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
			() => write(`${topic}/en.yaml`, 'title: [unclosed\nsummary: x\n'),
			new RegExp(`^${escaped(topic)}/en\\.yaml: bad YAML at line \\d+, column \\d+: `)
		],
		[
			'a missing field',
			() => edit(`${topic}/en.yaml`, (data) => delete data.summary),
			new RegExp(`^${escaped(topic)}/en\\.yaml: summary: is missing$`)
		],
		[
			'an unknown locale',
			() => write(`${topic}/fr.yaml`, readFileSync(join(dir, topic, 'en.yaml'), 'utf8')),
			new RegExp(`^${escaped(topic)}/fr\\.yaml: unknown locale "fr" \\(the file name must be one of ${locales.join(', ')}, or meta\\)$`)
		],
		[
			'a fact without source',
			() => edit(`${fact}/meta.yaml`, (data) => delete data.source),
			new RegExp(`^${escaped(fact)}/meta\\.yaml: source: is missing$`)
		],
		[
			'a fact whose source has no quote',
			() =>
				edit(`${fact}/meta.yaml`, (data) => {
					(data.source as Record<string, unknown>).quote = '';
				}),
			new RegExp(`^${escaped(fact)}/meta\\.yaml: source, quote: must not be empty$`)
		],
		[
			'a title too long',
			() =>
				edit(`${topic}/ru.yaml`, (data) => {
					data.title = 'Один два три четыре пять шесть семь восемь девять';
				}),
			new RegExp(`^${escaped(topic)}/ru\\.yaml: title: must be at most 8 words \\(has 9\\)$`)
		],
		[
			'a fact headline too long for two lines of a card',
			() =>
				edit(`${fact}/kk.yaml`, (data) => {
					data.headline = longHeadline;
				}),
			new RegExp(`^${escaped(fact)}/kk\\.yaml: headline: must be at most ${headlineChars} characters \\(two lines of a share card\\); has ${longHeadline.length}$`)
		],
		[
			'a fact without a headline',
			() => edit(`${fact}/tg.yaml`, (data) => delete data.headline),
			new RegExp(`^${escaped(fact)}/tg\\.yaml: headline: is missing$`)
		],
		[
			'a misspelt field',
			() =>
				edit(`${term}/en.yaml`, (data) => {
					data.defnition = data.definition;
					delete data.definition;
				}),
			[new RegExp(`^${escaped(term)}/en\\.yaml: definition: is missing$`), new RegExp(`^${escaped(term)}/en\\.yaml: unknown field "defnition"$`)]
		],
		[
			'a section the strategy does not have',
			() => edit(`${topic}/meta.yaml`, (data) => (data.section = '4.1')),
			new RegExp(`^${escaped(topic)}/meta\\.yaml: section: must be one of intro, regional, 1\\.1, `)
		],
		[
			'a glossary link to no entry',
			() => edit(`${topic}/en.yaml`, (data) => (data.summary = 'Roads and [[teleportation]].')),
			new RegExp(`^${escaped(topic)}/en\\.yaml: summary: glossary link \\[\\[teleportation\\]\\] has no entry in content/glossary/$`)
		],
		[
			'a related topic that does not exist',
			() => edit(`${topic}/meta.yaml`, (data) => (data.related = ['space-travel'])),
			new RegExp(`^${escaped(topic)}/meta\\.yaml: related, item 1: "space-travel" is not another topic$`)
		],
		[
			'a topic without English',
			() => remove(`${topic}/en.yaml`),
			new RegExp(`^${escaped(topic)}/en\\.yaml: file is missing: English is the fallback for every language$`)
		],
		[
			'an interface string missing in one language',
			() => edit(`ui/${locales.at(-1)}.yaml`, (data) => delete (data.search as Record<string, unknown>).placeholder),
			new RegExp(`^ui/${locales.at(-1)}\\.yaml: search, placeholder: is missing$`)
		]
	])('%s', (_, breakIt, expected: RegExp | RegExp[]) => {
		breakIt();
		expect(problems()).toEqual([expected].flat().map((pattern) => expect.stringMatching(pattern)));
	});

	test('every problem is reported at once, not only the first', () => {
		edit(`${topic}/en.yaml`, (data) => delete data.title);
		edit(`${fact}/meta.yaml`, (data) => delete data.source);
		expect(() => loadContent(dir)).toThrow(/Content has 2 problems:\n {2}- .*title: is missing\n {2}- .*source: is missing/);
	});

	test('the real content, put back after each test above, has no problem', () => {
		expect(problems()).toEqual([]);
	});
});
