import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { locales } from '#lib/core/i18n.ts';
import { ContentError, loadContent } from './load.ts';
import { headlineChars, sections } from './schema.ts';
import { numbersIn } from './sources.ts';

// One copy of the real content/ for the file, broken on purpose by each test through the helpers below,
// which note each file they touch; after each test those files are put back as they are in content/.
// content/ and static/ side by side, as in the repository: site.yaml's logo is a file in static/.
const root = mkdtempSync(join(tmpdir(), 'caravan-content-'));
const dir = join(root, 'content');
const staticDir = join(root, 'static');
cpSync('content', dir, { recursive: true });
mkdirSync(staticDir);
const touched = new Set<string>();
afterEach(() => {
	for (const file of touched) {
		if (existsSync(join('content', file))) copyFileSync(join('content', file), join(dir, file));
		else rmSync(join(dir, file), { force: true });
	}
	touched.clear();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const write = (file: string, text: string) => {
	touched.add(file);
	writeFileSync(join(dir, file), text);
};
const remove = (file: string) => {
	touched.add(file);
	unlinkSync(join(dir, file));
};
/** Puts a file in static/ and names it as site.yaml's logo. */
function logo(path: string, data: string) {
	writeFileSync(join(staticDir, path), data);
	edit('site.yaml', (site) => (site.logo = path));
}
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

	test('has a quiz of at least 10 questions, each in every language, each on a fact of the content', () => {
		expect(content.quiz.length).toBeGreaterThanOrEqual(10);
		for (const question of content.quiz) {
			expect(Object.keys(question.text).sort(), question.id).toEqual([...locales].sort());
			expect(content.facts.map((fact) => fact.id), question.id).toContain(question.fact);
		}
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

describe('a quiz question unfair to its fact, or a broken site.yaml, is refused with its file', () => {
	// Any question, and one whose fact's figure is a number (its right option must state it).
	const question = real.quiz[0]!;
	const numeric = real.quiz.find((entry) => numbersIn(real.facts.find((f) => f.id === entry.fact)!.text.en!.figure).length > 0)!;
	const figure = real.facts.find((f) => f.id === numeric.fact)!.text.en!.figure;
	const at = (entry: { id: string }, file: string) => `quiz/${entry.id}/${file}`;
	const options = (data: Record<string, unknown>) => data.options as string[];
	const locale = locales.at(-1)!;

	test.each([
		[
			'a question on a fact that does not exist',
			() => edit(at(question, 'meta.yaml'), (data) => (data.fact = 'no-such-fact')),
			new RegExp(`^${escaped(at(question, 'meta.yaml'))}: fact: "no-such-fact" is not a fact in content/facts/$`)
		],
		[
			'a right option that does not state the fact’s figure',
			() => edit(at(numeric, 'en.yaml'), (data) => (options(data)[numeric.answer - 1] = 'Nobody knows')),
			new RegExp(
				`^${escaped(at(numeric, 'en.yaml'))}: options, item ${numeric.answer}: the right answer must state the fact's figure "${escaped(figure)}" \\(the fact ${numeric.fact} is a number\\)$`
			)
		],
		[
			'a wrong option that states the fact’s figure too',
			() => edit(at(numeric, 'en.yaml'), (data) => (options(data)[numeric.answer === 1 ? 1 : 0] = `Not ${figure}`)),
			new RegExp(`^${escaped(at(numeric, 'en.yaml'))}: options, item ${numeric.answer === 1 ? 2 : 1}: states the fact's figure "${escaped(figure)}" too, but only the right answer \\(item ${numeric.answer}\\) may$`)
		],
		[
			'a language with fewer options than English',
			() => edit(at(question, `${locale}.yaml`), (data) => options(data).splice(question.answer === 1 ? 1 : 0, 1)),
			new RegExp(`^${escaped(at(question, `${locale}.yaml`))}: options: has \\d options, English has \\d \\(the options are the same, in the same order, in every language\\)$`)
		],
		[
			'a right option the question does not have',
			() => edit(at(question, 'meta.yaml'), (data) => (data.answer = 5)),
			[...locales].sort().map((code) => new RegExp(`^${escaped(at(question, `${code}.yaml`))}: options: has \\d options, but meta.yaml says option 5 is right$`))
		],
		[
			'the same option twice',
			() => edit(at(question, 'en.yaml'), (data) => (options(data)[1] = options(data)[0]!.toUpperCase())),
			[new RegExp(`^${escaped(at(question, 'en.yaml'))}: options, item 2: repeats item 1$`)]
		],
		[
			'a Telegram channel that is not on t.me',
			() => edit('site.yaml', (data) => (data.follow = { telegram: 'https://example.com/caravan' })),
			/^site\.yaml: follow, telegram: must be an address on t\.me or telegram\.me$/
		],
		[
			'a network the site does not know',
			() => edit('site.yaml', (data) => (data.follow = { myspace: 'https://myspace.com/caravan' })),
			/^site\.yaml: follow: unknown field "myspace"$/
		],
		[
			'a contact with neither an email nor an address',
			() => edit('site.yaml', (data) => (data.contact = {})),
			/^site\.yaml: contact: must have an email or a url \(or leave contact out\)$/
		],
		[
			'an accessibility statement without its date',
			() => edit('site.yaml', (data) => delete data.statement),
			/^site\.yaml: statement: is missing$/
		],
		['no site.yaml', () => remove('site.yaml'), /^site\.yaml: file is missing: it says who runs the site \(see content\/README\.md\)$/],
		[
			'a logo that is not in static/',
			() => edit('site.yaml', (data) => (data.logo = '/no-such-logo.svg')),
			/^site\.yaml: logo: \/no-such-logo\.svg is not in the site's static folder \(\S+\/static\/no-such-logo\.svg does not exist\)$/
		],
		[
			'a logo named .png that is not a PNG',
			() => logo('/fake.png', '<svg xmlns="http://www.w3.org/2000/svg"/>'),
			/^site\.yaml: logo: \/fake\.png is not a PNG file$/
		],
		['a logo named .svg that is not an SVG', () => logo('/fake.svg', 'GIF89a'), /^site\.yaml: logo: \/fake\.svg is not an SVG file \(no <svg> element\)$/],
		[
			'a logo too heavy to carry on every card',
			() => logo('/heavy.svg', `<svg xmlns="http://www.w3.org/2000/svg"><!-- ${'x'.repeat(150 * 1024)} --></svg>`),
			/^site\.yaml: logo: \/heavy\.svg is 150 KB; a logo drawn on every card may be at most 100 KB$/
		],
		[
			'a logo the cards cannot draw',
			() => logo('/logo.webp', 'RIFF'),
			/^site\.yaml: logo: must be a path on the site like \/publisher-logo\.svg \(svg or png: the share cards draw it\)$/
		]
	])('%s', (_, breakIt, expected: RegExp | RegExp[]) => {
		breakIt();
		expect(problems()).toEqual([expected].flat().map((pattern) => expect.stringMatching(pattern)));
	});

	test('a logo in static/ loads as the image the cards draw', () => {
		const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><rect width="2" height="2" fill="#c00"/></svg>';
		logo('/publisher-logo.svg', svg);
		expect(problems()).toEqual([]);
		expect(loadContent(dir).logoImage).toBe(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
		expect(real.logoImage, 'the shipped site.yaml names no logo').toBeUndefined();
	});

	test('a site.yaml that leaves everything out but the statement’s date loads, and shows nothing', () => {
		write('site.yaml', 'statement:\n  prepared: 2026-12-07\n');
		expect(problems()).toEqual([]);
		expect(loadContent(dir).site).toEqual({ follow: {}, statement: { prepared: '2026-12-07' } });
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
			'a topic colour too light for white text or for the page',
			() => edit(`${topic}/meta.yaml`, (data) => (data.colour = '#3399ff')),
			new RegExp(
				`^${escaped(topic)}/meta\\.yaml: colour: must have a contrast of at least 4\\.5:1 with white text and with the page; has 2\\.\\d\\d:1 against #fbfaf7 \\(choose a darker colour\\)$`
			)
		],
		[
			'a topic colour that is not #rrggbb',
			() => edit(`${topic}/meta.yaml`, (data) => (data.colour = 'teal')),
			new RegExp(`^${escaped(topic)}/meta\\.yaml: colour: must be a colour like "#0a6b7e"`)
		],
		[
			'a topic pictogram that is not in the icon set',
			() => edit(`${topic}/meta.yaml`, (data) => (data.icon = 'camel-spaceship')),
			new RegExp(`^${escaped(topic)}/meta\\.yaml: icon: "camel-spaceship" is not an icon of @tabler/icons`)
		],
		[
			'a topic without a pictogram',
			() => edit(`${topic}/meta.yaml`, (data) => delete data.icon),
			new RegExp(`^${escaped(topic)}/meta\\.yaml: icon: is missing$`)
		],
		[
			'a country on the map not written as the terms write it',
			() =>
				edit('ui/ru.yaml', (data) => {
					((data.map as Record<string, Record<string, string>>).countries!).kyrgyzstan = 'Киргизия';
				}),
			/^ui\/ru\.yaml: map, countries, kyrgyzstan: "Киргизия" is not written as in terms\/ru\.yaml \(Кыргызстан\)$/
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

describe('the home page and the opportunities’ topics', () => {
	const opportunity = `opportunities/${real.opportunities[0]!.id}/meta.yaml`;
	const themes = (data: Record<string, unknown>) => data.themes as { id: string; topics: string[] }[];
	const forYou = (data: Record<string, unknown>) => data.for_you as { id: string; topic: string }[];
	const first = real.home.themes[0]!;

	test.each([
		[
			'an opportunity linked to a topic that does not exist',
			() => edit(opportunity, (data) => (data.topics = ['youth-education', 'no-such-topic'])),
			[new RegExp(`^${escaped(opportunity)}: topics, item 2: "no-such-topic" is not a topic in content/topics/$`)]
		],
		[
			'an opportunity linked to no topic',
			() => edit(opportunity, (data) => (data.topics = [])),
			[new RegExp(`^${escaped(opportunity)}: topics: must name at least one topic`)]
		],
		[
			'an entry for the reader that leads to no topic',
			() => edit('home.yaml', (data) => (forYou(data)[1]!.topic = 'jobs')),
			[/^home\.yaml: for_you, item 2, topic: "jobs" is not a topic in content\/topics\/$/]
		],
		[
			'a topic in two themes, and so a topic in none',
			() => edit('home.yaml', (data) => (themes(data)[1]!.topics[0] = first.topics[0]!)),
			[
				new RegExp(`^home\\.yaml: themes, item 2, topics, item 1: "${first.topics[0]}" is already in theme "${first.id}" \\(each topic is in one theme\\)$`),
				new RegExp(`^home\\.yaml: themes: topic "${real.home.themes[1]!.topics[0]}" is in no theme \\(the home page would not list it\\)$`)
			]
		],
		[
			'a language without the words for an entry, and with words for one home.yaml lacks',
			() =>
				edit('ui/kk.yaml', (data) => {
					const entries = (data.home as { for_you: Record<string, unknown> }).for_you;
					entries.studies = entries.study;
					delete entries.study;
				}),
			[/^ui\/kk\.yaml: home, for_you: "study" is missing \(home\.yaml lists it\)$/, /^ui\/kk\.yaml: home, for_you, studies: home\.yaml has no "studies"$/]
		],
		['no home.yaml', () => remove('home.yaml'), [/^home\.yaml: file is missing: it gives the home page its entries and themes/]]
	])('%s', (_, breakIt, expected: RegExp[]) => {
		breakIt();
		expect(problems()).toEqual(expected.map((pattern) => expect.stringMatching(pattern)));
	}, 30_000);
});
