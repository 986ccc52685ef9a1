/** The Atom feeds (every topic and fact, dated, with its card) and the link previews' locale. */
import { expect, test } from '@playwright/test';
import { locales, ogLocales, type Locale } from '#lib/core/i18n.ts';
import { loadContent } from '#lib/server/content/load.ts';

const content = loadContent();
const text = <T>(texts: Partial<Record<Locale, T>>, locale: Locale): T => (texts[locale] ?? texts.en)!;

test.describe('feeds and link previews', () => {
	for (const locale of locales) {
		test(`${locale}: the Atom feed has every topic and fact, dated by its topic, with its card`, async ({ request }) => {
			const response = await request.get(`/${locale}/feed.xml`);
			expect(response.status()).toBe(200);
			expect(response.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
			const body = await response.text();
			expect(body).toContain(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="${locale}">`);
			const entries = [...body.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((match) => match[1]!);
			expect(entries).toHaveLength(content.topics.length + content.facts.length);
			const field = (entry: string, pattern: RegExp) =>
				entry
					.match(pattern)?.[1]
					?.replace(/&quot;/g, '"')
					.replace(/&apos;/g, "'")
					.replace(/&lt;/g, '<')
					.replace(/&gt;/g, '>')
					.replace(/&amp;/g, '&');
			for (const entry of entries) {
				const url = field(entry, /<link rel="alternate" type="text\/html" href="([^"]+)"/)!;
				const [, kind, slug] = url.match(/\/(topics|facts)\/([^/]+)\/$/)!;
				const fact = kind === 'facts' ? content.facts.find((f) => f.id === slug)! : undefined;
				const topic = content.topics.find((t) => t.slug === (fact ? fact.topic : slug))!;
				expect(field(entry, /<updated>([^<]+)<\/updated>/), url).toBe(`${topic.updated}T00:00:00Z`);
				const card = `http://localhost:3000/cards/${locale}/${fact ? 'fact' : 'topic'}/${slug}/og.png`;
				expect(field(entry, /<link rel="enclosure" type="image\/png" href="([^"]+)"/), url).toBe(card);
				expect(field(entry, /<media:thumbnail url="([^"]+)"/), url).toBe(card);
				// A fact is titled by its sentence; a topic by its title.
				expect(field(entry, /<title[^>]*>([^<]+)<\/title>/), url).toBe(fact ? text(fact.text, locale).text : text(topic.text, locale).title);
			}
			const head = body.slice(0, body.indexOf('<entry>'));
			const newest = content.topics.map((topic) => topic.updated).sort().at(-1);
			expect(field(head, /<updated>([^<]+)<\/updated>/)).toBe(`${newest}T00:00:00Z`);
		});
	}

	test('a card the feed points at is there', async ({ request }) => {
		const body = await (await request.get('/tk/feed.xml')).text();
		const card = new URL(body.match(/<link rel="enclosure" type="image\/png" href="([^"]+)"/)![1]!);
		const response = await request.get(card.pathname);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('image/png');
	});

	for (const locale of locales) {
		test(`${locale}: og:locale is ${ogLocales[locale]}, with the other languages as alternates`, async ({ page }) => {
			await page.goto(`/${locale}/facts/`);
			await expect(page.locator('meta[property="og:locale"]')).toHaveAttribute('content', ogLocales[locale]);
			expect(ogLocales[locale]).toMatch(/^[a-z]{2}_[A-Z]{2}$/);
			const alternates = await page
				.locator('meta[property="og:locale:alternate"]')
				.evaluateAll((metas) => metas.map((meta) => meta.getAttribute('content')));
			expect(alternates.sort()).toEqual(locales.filter((code) => code !== locale).map((code) => ogLocales[code]).sort());
		});
	}
});
