import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { en } from './en.ts';
import { ru } from './ru.ts';
import { negotiate, translate, translator } from './index.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const texts = (entry: string | object) => (typeof entry === 'string' ? [entry] : Object.values(entry).map(String));

describe("the dashboard's catalogue", () => {
	test('English and Russian have the same keys, no empty text, and the same {parameters} in every form', () => {
		expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
		for (const [key, entry] of Object.entries(en)) {
			const wanted = [...new Set(texts(entry).flatMap(placeholders))];
			for (const [lang, text] of [...texts(entry).map((text) => ['en', text]), ...texts(ru[key as keyof typeof ru]).map((text) => ['ru', text])]) {
				expect(text!.trim(), `${lang} ${key}`).not.toBe('');
				// A plural form may leave out {count} only where the number is said in words; none does here.
				for (const name of placeholders(text!)) expect(wanted, `${lang} ${key}: {${name}} is not in English`).toContain(name);
			}
			for (const name of wanted) {
				expect(texts(ru[key as keyof typeof ru]).some((text) => text.includes(`{${name}}`)), `ru ${key} lacks {${name}}`).toBe(true);
			}
		}
	});

	test("Russian plurals have every form Russian needs (one, few, many), and pick them by number", () => {
		for (const [key, entry] of Object.entries(ru)) {
			if (typeof entry === 'string') continue;
			expect(Object.keys(entry).sort(), key).toEqual(['few', 'many', 'one', 'other']);
		}
		const say = (count: number) => translate('ru', 'queue.count', { count });
		expect([1, 2, 5, 11, 21, 22, 25].map(say)).toEqual([
			'1 публикация',
			'2 публикации',
			'5 публикаций',
			'11 публикаций',
			'21 публикация',
			'22 публикации',
			'25 публикаций'
		]);
		expect(translate('en', 'queue.count', { count: 1 })).toBe('1 post');
		expect(translate('en', 'queue.count', { count: 0 })).toBe('0 posts');
	});

	test('a message made on the server is said in each language, its parameters too', () => {
		const refused = { key: 'approval.notDraft', params: { state: { key: 'state.approved' } } } as const;
		expect(translate('en', refused)).toBe('it is approved, not a draft');
		expect(translate('ru', refused)).toBe('её статус — «утверждена», а не черновик');
		const notes = [{ key: 'bulk.note.unreviewed' }, { key: 'bulk.note.channel', params: { channel: 'mastodon' } }] as const;
		expect(translate('en', { key: 'bulk.said.approvedWith', params: { notes: [...notes] } })).toBe('approved (a draft translation; mastodon cannot publish it now)');
	});

	test('dates in the reader’s language, in UTC', () => {
		expect(translator('en').when('2026-12-07T13:05:00.000Z')).toBe('7 Dec 2026, 13:05 UTC');
		expect(translator('ru').when('2026-12-07T13:05:00.000Z')).toMatch(/^7 дек\. 2026 г\., 13:05 UTC$/);
		expect(translator('ru').day('2026-12-07')).toBe('понедельник, 7 декабря');
		expect(translator('ru').ago('2026-12-07T13:00:00Z', '2026-12-07T13:03:00Z')).toBe('3 минуты назад');
		expect(translator('en').ago('2026-12-07T13:00:00Z', '2026-12-07T16:00:00Z')).toBe('3 hours ago');
	});

	test('the sign-in page follows the browser between English and Russian', () => {
		expect(negotiate('ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ru');
		expect(negotiate('en-GB,en;q=0.9,ru;q=0.8')).toBe('en');
		expect(negotiate('kk-KZ,kk;q=0.9,ru;q=0.8,en;q=0.5')).toBe('ru'); // Kazakh first: the dashboard has none, so Russian
		expect(negotiate('uz')).toBe('en');
		expect(negotiate('en;q=0.1, ru;q=0.5')).toBe('ru');
		expect(negotiate('ru;q=0, en')).toBe('en');
		expect(negotiate(null)).toBe('en');
	});
});

describe('no dashboard page has words outside the catalogue', () => {
	const root = 'src/routes/admin';
	const files = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
			entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.svelte') ? [join(dir, entry.name)] : []
		);

	test.each(files(root))('%s', (file) => {
		const markup = readFileSync(file, 'utf8')
			.replace(/<script[\s\S]*?<\/script>/g, '')
			.replace(/<style[\s\S]*?<\/style>/g, '')
			.replace(/<!--[\s\S]*?-->/g, '')
			// Commands and settings are the same in every language.
			.replace(/<code>[\s\S]*?<\/code>/g, '');
		// Expressions, then tags with their attributes, one level of braces inside braces at a time.
		let text = markup;
		for (let i = 0; i < 8; i++) text = text.replace(/\{[^{}]*\}/g, ' ');
		const attributes = [...text.matchAll(/\s(label|aria-label|title|alt|placeholder|summary)="([^"]*[A-Za-z]{2,}[^"]*)"/g)].map((match) => match[0].trim());
		const words = text
			.replace(/<[^>]*>/g, ' ')
			.split(/\s+/)
			// "UTC" is the zone's name in every language.
			.filter((word) => /[A-Za-z]{2,}/.test(word) && !/^\(?UTC\)?$/.test(word));
		expect({ words, attributes }).toEqual({ words: [], attributes: [] });
	});
});
