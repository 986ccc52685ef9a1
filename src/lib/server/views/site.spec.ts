import { expect, test } from 'vitest';
import { publisherView } from './site.ts';

const statement = { prepared: '2026-12-07' };

test('what site.yaml leaves out is left out: no name, no contact, no profiles', () => {
	expect(publisherView({ site: { follow: {}, statement } }, 'ru')).toEqual({ follow: [] });
});

test('the publisher’s name in the reader’s language, English where it has none; profiles in the footer’s order', () => {
	const site = {
		publisher: { name: { en: 'Youth Network', ru: 'Молодёжная сеть' }, url: 'https://caravan.kz/' },
		contact: { url: 'https://caravan.kz/contact' },
		follow: { bluesky: 'https://bsky.app/profile/caravan.kz', telegram: 'https://t.me/caravan_kz' },
		logo: '/logo.svg',
		statement
	};
	expect(publisherView({ site }, 'ru')).toEqual({
		name: 'Молодёжная сеть',
		url: 'https://caravan.kz/',
		contactUrl: 'https://caravan.kz/contact',
		follow: [
			{ network: 'telegram', name: 'Telegram', href: 'https://t.me/caravan_kz' },
			{ network: 'bluesky', name: 'Bluesky', href: 'https://bsky.app/profile/caravan.kz' }
		],
		logo: '/logo.svg'
	});
	expect(publisherView({ site }, 'kk').name).toBe('Youth Network');
});
