import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { config } from '#lib/server/config.ts';
import { loadContent } from './load.ts';
import { contentReport } from './report.ts';
import { readStrategy } from './sources.ts';

// The strategy's text sits beside the project (../shared/source/) in CI and on the team's machines;
// CARAVAN_STRATEGY_SOURCE points elsewhere. Without it, fact sources cannot be checked: that is a
// failure in CI and a loud skip on a contributor's clone.
const strategy = readStrategy(config.strategySource);
if (!strategy && !process.env.CI) {
	console.warn(
		`\n⚠ SKIPPED: fact sources were not checked: the strategy text is not at ${config.strategySource} (set CARAVAN_STRATEGY_SOURCE)\n`
	);
}
const withStrategy = test.runIf(Boolean(strategy) || Boolean(process.env.CI));

withStrategy('the strategy text is there to check facts against', () => {
	expect(strategy, `the strategy text is missing: ${config.strategySource}`).toBeTruthy();
});

// The whole content against the whole strategy: a few seconds on a busy machine, more than the default 5.
withStrategy('the content passes every gate: complete, sourced, consistent, readable', () => {
	const report = contentReport(loadContent(), strategy);
	expect(report.failures).toEqual([]);
	for (const row of report.rows) {
		expect(row.topics[0], row.locale).toBe(12);
		expect(row.sourced[0], row.locale).toBe(row.sourced[1]);
	}
}, 30_000);

withStrategy('the facts the issue names are all there, each traced', () => {
	const content = loadContent();
	const quotes = content.facts.map((fact) => fact.source.quote).join(' | ');
	for (const words of [
		'sjuttio miljoner invånare',
		'Hälften av befolkningen i regionen är under 20 år',
		'miljon nykomlingar på arbetsmarknaden varje år',
		'1,1 miljarder euro',
		'nära 60 % av regionens sammanlagda export år 2018',
		'fem största handels- och investeringspartnerna',
		'mindre än en procent av EU:s totala handel',
		'5 % av regionernas sammanlagda handel år 2018',
		'från 2007',
		'mars 2018 i Astana',
		'samarbetsavtal med Kazakstan'
	]) {
		expect(quotes).toContain(words);
	}
});

withStrategy("a fact dated to the strategy may name 2019, though its quote does not", () => {
	const content = loadContent();
	const dated = content.facts.find((fact) => fact.year === 2019 && !fact.source.quote.includes('2019'))!;
	const text = dated.text.en!;
	dated.text = { en: { ...text, text: `In 2019, ${text.text}` } };
	const failures = contentReport(content, strategy).failures;
	expect(failures.filter((failure) => failure.includes(dated.id))).toEqual([]);
	dated.year = 2018; // the same sentence in a fact about 2018 states a number its quote lacks
	expect(contentReport(content, strategy).failures).toContainEqual(`facts/${dated.id}/meta.yaml: the fact states 2019, which its quote does not contain`);
});

describe('each gate fails when its rule is broken', () => {
	// One copy of the real content for these tests; each test breaks it through `edit` or `remove`, which
	// note the file, and after each test the file is put back as it is in content/.
	const dir = mkdtempSync(join(tmpdir(), 'caravan-report-'));
	cpSync('content', dir, { recursive: true });
	const touched = new Set<string>();
	afterEach(() => {
		for (const file of touched) copyFileSync(join('content', file), join(dir, file));
		touched.clear();
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	const edit = (file: string, change: (data: Record<string, any>) => void) => {
		touched.add(file);
		const data = parse(readFileSync(join(dir, file), 'utf8'));
		change(data);
		writeFileSync(join(dir, file), stringify(data));
	};
	const remove = (file: string) => {
		touched.add(file);
		unlinkSync(join(dir, file));
	};
	// Any glossary term translated into Turkmen and Kyrgyz, any topic, and a topic whose Kazakh summary links a term.
	const real = loadContent();
	const term = real.glossary.find((entry) => entry.text.tk && entry.text.ky)!.id;
	const translatedTk = real.glossary.filter((entry) => entry.text.tk).length;
	const topic = real.topics[0]!.slug;
	const linked = real.topics.find((entry) => /\[\[[a-z-]+\|[^\]]*\]\]/.test(entry.text.kk?.summary ?? ''))!.slug;
	// A fact whose quote recommends, and any fact translated into Russian.
	const recommended = real.facts.find((fact) => fact.says === 'should')!.id;
	const inRussian = real.facts.find((fact) => fact.text.ru)!;
	const text = 'EU:s strategi för Centralasien från 2007 har hjälpt EU och Centralasien att uppnå en hittills oöverträffad nivå på samarbetet. Sjuttio miljoner invånare. Handeln utgjorde 5 % år 2018.';
	// A fact whose figure is a number in English and Uzbek and which no quiz question asks about: the
	// loader itself refuses a quiz question whose right option no longer states its fact's figure.
	const numbered = real.facts.find(
		(fact) => /^\d+$/.test(fact.text.en?.figure ?? '') && fact.text.uz?.figure === fact.text.en?.figure && !real.quiz.some((q) => q.fact === fact.id)
	)!;

	test.each([
		[
			'a missing translation',
			() => remove(`glossary/${term}/tk.yaml`),
			`tk: glossary ${translatedTk - 1}/${real.glossary.length} translated`
		],
		[
			'a quote that is not in the strategy',
			() => edit('facts/strategy-2007/meta.yaml', (d) => (d.source.quote = 'strategi från 2008')),
			'facts/strategy-2007/meta.yaml: source.quote is not in the strategy\'s text: "strategi från 2008"'
		],
		[
			'a number the quote does not contain',
			() => edit('facts/strategy-2007/en.yaml', (d) => (d.text = 'The EU had a strategy from 2007 and 2009.')),
			'facts/strategy-2007/meta.yaml: the fact states 2009, which its quote does not contain'
		],
		[
			'a translation with another number',
			() => edit(`facts/${numbered.id}/uz.yaml`, (d) => (d.figure = String(Number(d.figure) + 1))),
			`uz: facts/${numbered.id}: numbers `
		],
		[
			'a translated headline with another number',
			() => edit('facts/strategy-2007/uz.yaml', (d) => (d.headline = '2008-yilgi strategiya hamkorlikka yordam bergan')),
			'uz: facts/strategy-2007: headline numbers 2008 differ from English 2007'
		],
		[
			'a headline that states a number its text does not',
			() => edit('facts/strategy-2007/ru.yaml', (d) => (d.headline = 'Стратегия-2007 помогла 70 миллионам')),
			"ru: facts/strategy-2007: the headline states 70, which the fact's text does not"
		],
		[
			'a headline without its figure',
			() => edit('facts/strategy-2007/kk.yaml', (d) => (d.headline = 'Стратегия ынтымақтастыққа көмектесті')),
			"kk: facts/strategy-2007: the headline lacks the figure's 2007"
		],
		[
			'an English headline with a number the quote does not contain',
			() => edit('facts/strategy-2007/en.yaml', (d) => (d.headline = 'The 2007 strategy, updated in 2009')),
			'facts/strategy-2007/meta.yaml: the fact states 2009, which its quote does not contain'
		],
		[
			'a headline that names neither its year nor the strategy',
			() => edit(`facts/${inRussian.id}/ru.yaml`, (d) => (d.headline = 'Так и есть')),
			`ru: facts/${inRussian.id}: the headline says neither its year ${inRussian.year} nor that it is the strategy's`
		],
		[
			'a recommendation stated as certain in the headline',
			() => edit(`facts/${recommended}/en.yaml`, (d) => (d.headline = 'Strategy: the EU will do this')),
			`en: facts/${recommended}: the quote only recommends; "will" in the headline states it as certain`
		],
		[
			'a sentence over 25 words',
			() =>
				edit(`glossary/${term}/ky.yaml`, (d) => (d.definition = Array.from({ length: 26 }, () => 'сөз').join(' ') + '.')),
			'ky: a sentence of 26 words is over 25'
		],
		[
			'English too hard to read',
			() =>
				edit(`topics/${topic}/en.yaml`, (d) => {
					// Every text of the topic, so that no easy sentence elsewhere in it brings the grade down.
					const hard = 'Intergovernmental institutionalisation necessitates comprehensive infrastructural harmonisation.';
					d.summary = hard;
					for (const item of d.for_you) item.text = hard;
					d.will_happen = d.will_happen.map(() => hard);
				}),
			`en: topics/${topic}: Flesch-Kincaid grade`
		],
		[
			'a recommendation stated as certain',
			() => edit(`facts/${recommended}/en.yaml`, (d) => (d.text = 'In 2019 the strategy said the EU will do this for you.')),
			`en: facts/${recommended}: the quote recommends (says: should); the English text must say so`
		],
		[
			'a fact that names neither its year nor the strategy',
			() => edit(`facts/${inRussian.id}/ru.yaml`, (d) => (d.text = 'Так и есть.')),
			`ru: facts/${inRussian.id}: says neither its year ${inRussian.year} nor that it is the strategy's`
		],
		[
			'a second rendering of a recurring name',
			() => edit(`facts/${inRussian.id}/ru.yaml`, (d) => (d.text = `${d.text} Евросоюз поддерживает.`)),
			`ru: facts/${inRussian.id}/ru.yaml: "Евросоюз" is written "ЕС"`
		],
		[
			'a numbered section with fewer than five facts',
			() => {
				// Every fact of 2.2 said to come from 2.1 instead.
				for (const fact of real.facts.filter((entry) => entry.source.section === '2.2')) edit(`facts/${fact.id}/meta.yaml`, (d) => (d.source.section = '2.1'));
			},
			'section 2.2: 0 facts; every numbered section needs at least 5'
		],
		[
			'a glossary link missing in one language',
			() =>
				edit(`topics/${linked}/kk.yaml`, (d) => {
					d.summary = d.summary.replace(/\[\[([a-z-]+)\|([^\]]*)\]\]/, '$2');
				}),
			`kk: topics/${linked}: glossary links differ from English`
		]
	])('%s', (_, breakIt, expected) => {
		breakIt();
		const failures = contentReport(loadContent(dir), text).failures.filter(
			(failure) => !failure.includes('source.quote is not in the strategy') || expected.includes('source.quote')
		);
		expect(failures.some((failure) => failure.startsWith(expected))).toBe(true);
	});
});
