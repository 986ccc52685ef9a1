import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'svelte/server';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { parse, stringify } from 'yaml';

// A topic page rendered from content in which one topic has no Kazakh text yet, and one English topic
// links two glossary terms by their id alone in the middle of a sentence.
const dir = mkdtempSync(join(tmpdir(), 'caravan-fallback-'));
beforeAll(() => {
	cpSync('content', dir, { recursive: true });
	unlinkSync(join(dir, 'topics/connectivity/kk.yaml'));
	const file = join(dir, 'topics/borders-security/en.yaml');
	const topic = parse(readFileSync(file, 'utf8')) as { will_happen: string[] };
	topic.will_happen[0] = 'It covers legal [[migration]] and private [[investment]].';
	writeFileSync(file, stringify(topic));
	vi.stubEnv('CARAVAN_CONTENT_DIR', dir);
});
afterAll(() => {
	vi.unstubAllEnvs();
	rmSync(dir, { recursive: true, force: true });
});

// The content modules are imported after CARAVAN_CONTENT_DIR is set (each test file has its own modules).
async function renderTopic(locale: string, slug: string) {
	const layout = await import('../../+layout.server.ts');
	const page = await import('./+page.server.ts');
	const Page = (await import('./+page.svelte')).default;
	const event = { params: { locale, slug }, url: new URL(`http://localhost/${locale}/topics/${slug}/`) };
	// @ts-expect-error: the loads only read params and url
	const data = { ...(await layout.load(event)), ...(await page.load(event)) };
	return render(Page, { props: { data, params: { locale, slug } } as never }).body;
}

test('a topic missing in a locale shows the English text, marked lang="en", under a notice in the reader’s language', async () => {
	const html = await renderTopic('kk', 'connectivity');
	const notice = html.match(/<p class="notice notice-untranslated"[^>]*>([^<]*)<\/p>/);
	expect(notice?.[1]).toMatch(/[әғқңөұүһі]/); // Kazakh, not English
	expect(html).toMatch(/<div lang="en"><h1[^>]*>[^<]*(road|rail|link|power)/i);
	expect(html).toContain('href="/kk/glossary/#term-');
});

test('a translated topic has no notice and no lang switch', async () => {
	const html = await renderTopic('kk', 'trade-investment');
	expect(html).not.toContain('notice-untranslated');
	expect(html).toMatch(/<div><h1[^>]*>[^<]*[әғқңөұүһі]/);
	// Only the related card of the untranslated topic is marked English.
	expect(html.match(/lang="en"/g)).toHaveLength(1);
	expect(html).toMatch(/<li class="card [^"]*" lang="en">.*\/kk\/topics\/connectivity\//);
});

test('a glossary link without its own words follows the sentence: “legal migration”, “private investment”', async () => {
	const html = (await renderTopic('en', 'borders-security')).replace(/<!--.*?-->/g, '');
	expect(html).toMatch(/legal <a class="term" href="\/en\/glossary\/#term-migration">migration<\/a>/);
	expect(html).toMatch(/private <a class="term" href="\/en\/glossary\/#term-investment">investment<\/a>/);
	expect(html).not.toMatch(/class="term"[^>]*>(Migration|Investment)<\/a>/);
});
