import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { locales } from '#lib/core/i18n.ts';
import { ContentError, loadContent } from './load.ts';

// One copy of the real content for the whole file: each test only writes campaigns/x.yaml there (the
// same file every time), so each one sees the real content with its own campaign and nothing else.
const dir = mkdtempSync(join(tmpdir(), 'caravan-campaign-'));
cpSync('content', dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const real = loadContent(dir);
const topic = real.topics[0]!.slug;
const draft = locales.find((locale) => real.ui[locale].status === 'draft')!; // a translation not yet reviewed

/** The real content with one more campaign, written as a person would type it; the problems found. */
function problemsWith(fields: Record<string, string>): string[] {
	const campaign = {
		name: 'Test campaign',
		channel: 'outbox',
		locales: `[en, ${draft}]`,
		draft_locales: `[${draft}]`,
		items: `{ kind: topic, slugs: [${topic}] }`,
		start: '2026-12-01',
		time: '"18:00"',
		zone: 'Asia/Tashkent',
		count: '3',
		...fields
	};
	writeFileSync(join(dir, 'campaigns', 'x.yaml'), Object.entries(campaign).map(([key, value]) => `${key}: ${value}\n`).join(''));
	try {
		loadContent(dir);
	} catch (error) {
		if (error instanceof ContentError) return error.problems.map((problem) => problem.replace(`${dir}/`, 'content/'));
		throw error;
	}
	return [];
}

test('a valid campaign passes', () => {
	expect(problemsWith({ start: '2028-02-29' })).toEqual([]);
});

test.each([
	[{ start: '2026-02-30' }, 'content/campaigns/x.yaml: start: 2026-02-30 is not a date'],
	[{ start: '2026-13-45' }, 'content/campaigns/x.yaml: start: 2026-13-45 is not a date'],
	[{ start: '2027-02-29' }, 'content/campaigns/x.yaml: start: 2027-02-29 is not a date'],
	[{ start: '"1 December"' }, 'content/campaigns/x.yaml: start: must be a date like 2026-11-28'],
	[{ time: '"24:00"' }, 'content/campaigns/x.yaml: time: "24:00" is not a time like 18:00 (00:00 to 23:59)'],
	[{ time: '"18:60"' }, 'content/campaigns/x.yaml: time: "18:60" is not a time like 18:00 (00:00 to 23:59)'],
	[{ time: '"6:00"' }, 'content/campaigns/x.yaml: time: "6:00" is not a time like 18:00 (00:00 to 23:59)'],
	[{ zone: 'Mars/Olympus' }, 'content/campaigns/x.yaml: zone: "Mars/Olympus" is not an IANA time zone (like Asia/Tashkent)'],
	[{ zone: 'asia/tashkent' }, 'content/campaigns/x.yaml: zone: "asia/tashkent" is not an IANA time zone (like Asia/Tashkent): write it Asia/Tashkent'],
	[{ zone: 'EST' }, 'content/campaigns/x.yaml: zone: "EST" is not an IANA time zone (like Asia/Tashkent)'],
	// The same words as the queue's for a post (core/post-fields.ts), with the names from the catalogue.
	[{ channel: 'myspace' }, 'content/campaigns/x.yaml: channel: unknown channel "myspace" (known: outbox, webhook, telegram, mastodon, bluesky, instagram, facebook, threads, vk, x)'],
	[{ items: '{ kind: video }' }, 'content/campaigns/x.yaml: items, kind: "video" is not a kind of item (known: topic, fact, opportunity)'],
	[{ formats: '[square, poster]' }, 'content/campaigns/x.yaml: formats, item 2: unknown card format "poster" (known: og, square, portrait, story)'],
	[{ formats: '[]' }, 'content/campaigns/x.yaml: formats: must name at least one card format (known: og, square, portrait, story)']
])('%j is refused: %s', (fields, message) => {
	expect(problemsWith(fields)).toEqual([message]);
});

test('a campaign plans posts in a draft translation only when it lists the language in draft_locales', () => {
	expect(problemsWith({ draft_locales: '[]' })).toEqual([
		`content/campaigns/x.yaml: locales, item 2: ${draft} is a draft translation (not reviewed by a native speaker); list it in draft_locales to plan posts in it all the same`
	]);
	expect(problemsWith({ locales: `[${draft}]`, draft_locales: `[${draft}]` })).toEqual([]);
});

test("a campaign's every problem is reported at once: dates, locales and items with the rest", () => {
	expect(
		problemsWith({ start: '2026-02-30', locales: '[en, fr]', draft_locales: '[]', items: `{ kind: topic, slugs: [${topic}, space-travel] }`, count: '0' })
	).toEqual([
		`content/campaigns/x.yaml: locales, item 2: unknown locale "fr" (known: ${locales.join(', ')})`,
		'content/campaigns/x.yaml: items, slugs, item 2: no topic "space-travel"',
		'content/campaigns/x.yaml: start: 2026-02-30 is not a date',
		'content/campaigns/x.yaml: count: must be 1 or more'
	]);
});
