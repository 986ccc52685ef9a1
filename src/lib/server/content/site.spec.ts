import { describe, expect, test } from 'vitest';
import { isPlaceholder, siteWarnings } from './site.ts';

describe('a placeholder in site.yaml', () => {
	test.each([
		['[Publisher’s name]', true],
		['  [Your organisation]  ', true],
		['caravan@example.org', true],
		['https://www.example.com/contact', true],
		['https://mastodon.example/@caravan', true],
		['https://bsky.app/profile/caravan.example', true],
		['team@caravan.test', true],
		['https://t.me/caravan.invalid', true],
		['Youth Centre [Almaty]', false],
		['Caravan Youth Network', false],
		['hello@caravan.kz', false],
		['https://t.me/example', false],
		['https://bsky.app/profile/caravan.bsky.social', false],
		['https://examples.org/', false],
		['https://myexample.com/', false]
	])('%s → %s', (value, expected) => {
		expect(isPlaceholder(value)).toBe(expected);
	});
});

describe('the build’s warnings about who runs the site', () => {
	const statement = { prepared: '2026-12-07' };

	test('name every placeholder left in, as the shipped sample has them', () => {
		const sample = {
			publisher: { name: '[Publisher’s name]' },
			contact: { email: 'caravan@example.org' },
			follow: { mastodon: 'https://mastodon.example/@caravan', telegram: 'https://t.me/caravan_kz' },
			statement
		};
		expect(siteWarnings(sample)).toEqual([
			'content/site.yaml: publisher, name: "[Publisher’s name]" is a placeholder: replace it before you deploy',
			'content/site.yaml: contact, email: "caravan@example.org" is a placeholder: replace it before you deploy',
			'content/site.yaml: follow, mastodon: "https://mastodon.example/@caravan" is a placeholder: replace it before you deploy'
		]);
	});

	test('say when no publisher or contact is configured at all', () => {
		expect(siteWarnings({ follow: {}, statement })).toEqual([
			'content/site.yaml: publisher is not set: no page says who runs the site',
			'content/site.yaml: contact is not set: readers, and the accessibility statement, have no way to reach you'
		]);
	});

	test('are none for a site that is filled in, and name the language of a placeholder name', () => {
		const site = {
			publisher: { name: 'Caravan Youth Network', url: 'https://caravan.kz/' },
			contact: { email: 'hello@caravan.kz' },
			follow: { telegram: 'https://t.me/caravan_kz' },
			statement
		};
		expect(siteWarnings(site)).toEqual([]);
		expect(siteWarnings({ ...site, publisher: { name: { en: 'Caravan Youth Network', ru: '[Название]' } } })).toEqual([
			'content/site.yaml: publisher, name, ru: "[Название]" is a placeholder: replace it before you deploy'
		]);
	});
});
