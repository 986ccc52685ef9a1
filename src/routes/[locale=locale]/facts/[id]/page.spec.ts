import { expect, test } from 'vitest';
import { loadContent } from '#lib/server/content/load.ts';

// Loaded once, outside the tests' time: the page's content is loaded on its first load.
const fact = loadContent().facts.find((entry) => entry.id === 'half-population-under-20')!;
const page = await import('./+page.server.ts');

// The fact page's <title> and og:title: what a link preview and a search result show without the card.
test.each(['en', 'ru', 'uz'] as const)('%s: a fact page is titled by its headline, not its bare figure', async (locale) => {
	// @ts-expect-error: the load only reads params
	const data = (await page.load({ params: { locale, id: fact.id } })) as { meta: { title: string } };
	expect(data.meta.title).toBe(fact.text[locale]!.headline);
	expect(data.meta.title).not.toBe(fact.text[locale]!.figure);
}, 20_000);
