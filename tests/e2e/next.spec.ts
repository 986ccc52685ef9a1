/**
 * A path to act: the home page leads a young reader to what the partnership can mean for them, the
 * opportunities and the topics by theme, the youth topic first; every kind of page ends with a next
 * step whose links lead somewhere; a fact page leads with its headline, in its topic's colour.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { defaultLocale } from '#lib/core/i18n.ts';
import { inLocale, loadContent } from '#lib/server/content/index.ts';
import { pagePath } from '#lib/core/paths.ts';
import { resultPath } from '#lib/core/quiz.ts';
import { publisherView } from '#lib/server/views/site.ts';
import { routes } from './routes.ts';

const content = loadContent();

/** A link on the site answers 200; one to a part of a page (#id) finds that part there. */
async function resolves(request: APIRequestContext, href: string, from: string) {
	const [path, anchor] = href.split('#');
	const response = await request.get(path!);
	expect(response.status(), `${from} → ${href}`).toBe(200);
	if (anchor) expect(await response.text(), `${from} → ${href}: the page has #${anchor}`).toContain(`id="${anchor}"`);
}

test('home, in three languages: four entries for the reader that lead to real topics, the opportunities, the youth topic first', async ({ page, request }) => {
	for (const locale of ['en', 'ru', 'tk'] as const) {
		const ui = content.ui[locale];
		await page.goto(pagePath(locale));
		const entries = page.locator('.for-you-card');
		await expect(entries).toHaveCount(content.home.for_you.length);
		await expect(entries.locator('h3')).toHaveText(content.home.for_you.map((entry) => ui.home.for_you[entry.id]!.heading));
		// The four this page exists for: study and exchanges, skills and jobs, clean water and energy, rights.
		expect(content.home.for_you.map((entry) => entry.topic)).toEqual(['youth-education', 'economic-reforms', 'environment-water', 'democracy-rights']);
		for (const [index, entry] of content.home.for_you.entries()) {
			const href = await entries.nth(index).locator('h3 a').getAttribute('href');
			expect(href).toBe(pagePath(locale, 'topics', entry.topic));
			await resolves(request, href!, `/${locale}/`);
		}
		// Study and exchanges leads to the opportunities too (home.yaml), and so does the page's end.
		const opportunities = page.locator('.for-you-card').first().getByRole('link', { name: ui.opportunities.title });
		await expect(opportunities).toHaveAttribute('href', pagePath(locale, 'opportunities'));
		await expect(page.locator('.next-steps').getByRole('link', { name: ui.opportunities.title })).toHaveAttribute('href', pagePath(locale, 'opportunities'));
		await resolves(request, pagePath(locale, 'opportunities'), `/${locale}/`);
		// The topics by theme, every topic once, the youth topic first.
		const topics = page.locator('.theme .card-title a');
		await expect(topics).toHaveCount(content.topics.length);
		await expect(topics.first()).toHaveAttribute('href', pagePath(locale, 'topics', 'youth-education'));
		await expect(page.locator('.theme h3').first()).toHaveText(ui.themes[content.home.themes[0]!.id]!);
	}
});

/**
 * One page of each kind in English: the prerendered ones (the first of each pattern in routes.ts), the
 * quiz's result, and a path that is no page. A quiz question, mid-quiz, ends with its own next question.
 */
function pageKinds(): string[] {
	const kinds = new Map<string, string>();
	for (const route of routes.filter((path) => path.startsWith(`/${defaultLocale}/`))) {
		const kind = route
			.replace(/^\/en\/(topics|facts\/topic|quiz\/score)\/[^/]+\//, '/en/$1/*/')
			.replace(/^\/en\/facts\/(?!topic\/)[^/]+\//, '/en/facts/*/');
		if (/^\/en\/quiz\/\d+\/$/.test(route)) continue;
		if (!kinds.has(kind)) kinds.set(kind, route);
	}
	const key = content.quiz.map((question) => question.answer);
	return [...kinds.values(), resultPath(defaultLocale, key), '/en/no-such-page/'];
}

test('every kind of page ends with a next step whose links lead somewhere', async ({ page, request }) => {
	const follow = publisherView(content, defaultLocale).follow.map((profile) => profile.href);
	const kinds = pageKinds();
	expect(kinds.length, kinds.join(' ')).toBeGreaterThanOrEqual(14);
	const checked = new Set<string>();
	for (const path of kinds) {
		await page.goto(path);
		const block = page.locator('main > .next-steps');
		await expect(block, path).toHaveCount(1);
		// The last thing on the page, before the footer.
		expect(await block.evaluate((el) => el.nextElementSibling === null), `${path}: the block ends the page`).toBe(true);
		await expect(block.getByRole('heading', { level: 2 })).toHaveText(content.ui.en.next.heading);
		const steps = await block.locator('.next-list a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
		expect(steps.length, `${path}: at least two next steps`).toBeGreaterThanOrEqual(2);
		for (const href of steps) {
			expect(href, path).not.toBe(new URL(page.url()).pathname);
			if (checked.has(href)) continue;
			checked.add(href);
			await resolves(request, href, path);
		}
		const profiles = await block.locator('.follow-links a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
		expect(profiles, `${path}: the team's channels, from site.yaml`).toEqual(follow);
	}
	// A topic's programmes lead from its page, and only its own: the relation is content
	// (opportunities/<id>/meta.yaml `topics`), so a topic no programme names links none.
	for (const slug of ['youth-education', 'environment-water']) {
		await page.goto(pagePath('en', 'topics', slug));
		const own = content.opportunities.filter((entry) => entry.topics.includes(slug)).map((entry) => `/en/opportunities/#${entry.id}`);
		const linked = await page.locator('.next-steps .next-opportunity a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
		expect(linked.length, slug).toBe(Math.min(own.length, 2));
		for (const href of linked) expect(own, slug).toContain(href);
	}
});

test('a fact page leads with its headline, in its topic’s colour', async ({ page }) => {
	const fact = content.facts.find((entry) => entry.id === 'labour-market-newcomers')!;
	const topic = content.topics.find((entry) => entry.slug === fact.topic)!;
	for (const locale of ['en', 'kk'] as const) {
		await page.goto(pagePath(locale, 'facts', fact.id));
		const text = inLocale(fact.text, locale).value;
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(text.headline);
		await expect(page.locator('.lead')).toHaveText(text.text);
		const colour = await page.locator('h1').evaluate((el) => getComputedStyle(el).borderLeftColor);
		const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(topic.colour.slice(at, at + 2), 16));
		expect(colour).toBe(`rgb(${r}, ${g}, ${b})`);
	}
});
