import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadContent } from '#lib/server/content/load.ts';
import { postText } from '#lib/server/publishing/compose.ts';
import { cardText } from './card.ts';
import { itemView, termNames } from './item.ts';

const site = 'https://caravan.example.org';
const dir = mkdtempSync(join(tmpdir(), 'caravan-views-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the content where a Kyrgyz topic summary links a term that has no Kyrgyz text. */
function contentWithUntranslatedTerm() {
	const copy = join(dir, 'content');
	cpSync('content', copy, { recursive: true });
	rmSync(join(copy, 'glossary/connectivity/ky.yaml'));
	rmSync(join(copy, 'facts/affordable-broadband/uz.yaml'));
	const file = join(copy, 'topics/connectivity/ky.yaml');
	const topic = parse(readFileSync(file, 'utf8')) as { summary: string };
	topic.summary = `[[connectivity]] ${topic.summary}`;
	writeFileSync(file, stringify(topic));
	return loadContent(copy);
}

test('an untranslated glossary term reads in English, the same on the page, the card and the caption', () => {
	const content = contentWithUntranslatedTerm();
	expect(termNames(content, 'ky')('connectivity')).toEqual({ name: 'Connectivity', proper: false });
	const view = itemView(content, 'ky', 'topic', 'connectivity', site)!;
	const card = cardText(content, 'ky', 'topic', 'connectivity', site)!;
	expect(view.body.startsWith('Connectivity ')).toBe(true);
	expect(card.body).toBe(view.body);
	expect(card.alt).toContain('Connectivity ');
	expect(card.body).not.toMatch(/^connectivity /);
	const { caption } = postText(content, { kind: 'topic', slug: 'connectivity', locale: 'ky', channel: 'outbox', siteUrl: site });
	expect(caption).toContain(view.body);
});

test("a fact stands alone by its headline, in one place: its card, the alt text and the dashboard all use it", () => {
	const content = loadContent();
	const fact = content.facts[0]!;
	const view = itemView(content, 'ru', 'fact', fact.id, site)!;
	const text = fact.text.ru!;
	expect(view.heading).toBe(text.headline);
	expect(cardText(content, 'ru', 'fact', fact.id, site)!.headline).toBe(text.headline);
	// The alt text reads the card in its order: the headline (the figure is in it), the sentence, the source.
	expect(view.alt.startsWith(`${text.headline}. ${text.text} ${view.source}.`)).toBe(true);
	// Other kinds have no headline; their heading is their title.
	const topic = itemView(content, 'ru', 'topic', content.topics[0]!.slug, site)!;
	expect([topic.headline, topic.heading]).toEqual([undefined, topic.title]);
	expect('headline' in cardText(content, 'ru', 'topic', content.topics[0]!.slug, site)!).toBe(false);
});

test("a fact's post leads with its headline, then its sentence: the bare figure says little in a feed", () => {
	const content = loadContent();
	const fact = content.facts.find((entry) => entry.id === 'half-population-under-20')!;
	for (const locale of ['en', 'kk'] as const) {
		const { caption } = postText(content, { kind: 'fact', slug: fact.id, locale, channel: 'mastodon', siteUrl: site });
		expect(caption.split('\n\n').slice(0, 2)).toEqual([fact.text[locale]!.headline, fact.text[locale]!.text]);
	}
	// A topic's post still leads with its title.
	const topic = itemView(content, 'en', 'topic', 'connectivity', site)!;
	expect(postText(content, { kind: 'topic', slug: 'connectivity', locale: 'en', channel: 'mastodon', siteUrl: site }).caption.startsWith(`${topic.title}\n\n`)).toBe(true);
});

test('an item view carries its page path and absolute address, and says when English stands in', () => {
	const content = loadContent();
	const topic = itemView(content, 'ru', 'topic', 'connectivity', site)!;
	expect(topic.path).toBe('/ru/topics/connectivity/');
	expect(topic.url).toBe(`${site}/ru/topics/connectivity/`);
	const opportunity = content.opportunities[0]!;
	expect(itemView(content, 'kk', 'opportunity', opportunity.id, site)!.url).toBe(`${site}/kk/opportunities/#${opportunity.id}`);
	expect(itemView(content, 'tg', 'page', 'home', site)!.path).toBe('/tg/');
	expect(itemView(content, 'tg', 'page', 'glossary', site)!.path).toBe('/tg/glossary/');
	expect([topic.lang, topic.fallback]).toEqual(['ru', false]);
	const untranslated = itemView(contentWithUntranslatedTerm(), 'uz', 'fact', 'affordable-broadband', site)!;
	expect([untranslated.lang, untranslated.fallback]).toEqual(['en', true]);
	expect(itemView(content, 'en', 'fact', 'no-such-fact', site)).toBeUndefined();
});

test.each(['http://localhost:3000', 'http://127.0.0.1:4173'])('built with SITE_URL %s, a card and its alt text carry no address', (siteUrl) => {
	const content = loadContent();
	const fact = content.facts[0]!.id;
	const card = cardText(content, 'ru', 'fact', fact, siteUrl)!;
	expect(card.site).toBe('');
	expect(card.alt).not.toMatch(/localhost|127\.0\.0\.1/);
	expect(card.alt).toContain(content.ui.ru.site.name);
	// With a public address, the card names it.
	expect(cardText(content, 'ru', 'fact', fact, site)!.alt).toContain('caravan.example.org');
});
