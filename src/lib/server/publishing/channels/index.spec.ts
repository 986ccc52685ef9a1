import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { channelNames, channels as catalogue } from '#lib/core/catalogue.ts';
import { channelModules, configuredChannels, readChannelSettings } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const where = { dataDir: dir, outboxDir: join(dir, 'outbox') };

/** Every variable any channel reads, set. */
const everything = {
	WEBHOOK_URL: 'https://hooks.example.org/caravan',
	WEBHOOK_SECRET: 'a-long-shared-secret-for-the-webhook',
	TELEGRAM_BOT_TOKEN: '123456:ABC-DEF',
	TELEGRAM_CHAT_ID: '@caravan',
	TELEGRAM_API_URL: 'http://127.0.0.1:9/',
	MASTODON_URL: 'https://mastodon.example.org',
	MASTODON_TOKEN: 'mastodon-token',
	BLUESKY_SERVICE: 'https://bsky.example.org',
	BLUESKY_IDENTIFIER: 'caravan.example.org',
	BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop',
	INSTAGRAM_USER_ID: '17841400000000001',
	INSTAGRAM_TOKEN: 'EAAG-instagram',
	INSTAGRAM_TOKEN_EXPIRES: '2027-02-05',
	INSTAGRAM_API_URL: 'https://graph.facebook.com/v22.0',
	FACEBOOK_PAGE_ID: '104857600000001',
	FACEBOOK_PAGE_TOKEN: 'EAAG-page',
	FACEBOOK_TOKEN_EXPIRES: '2027-02-05',
	FACEBOOK_API_URL: 'https://graph.facebook.com/v22.0',
	THREADS_USER_ID: '27000000000001',
	THREADS_TOKEN: 'THAA-threads',
	THREADS_TOKEN_EXPIRES: '2027-02-05',
	THREADS_API_URL: 'https://graph.threads.net/v1.0',
	VK_GROUP_ID: '218000001',
	VK_TOKEN: 'vk1.a.token',
	VK_TOKEN_EXPIRES: '',
	VK_API_URL: 'https://api.vk.com/method',
	X_USER_ID: '1460000000000000001',
	X_TOKEN: 'x-oauth2-token',
	X_TOKEN_EXPIRES: '',
	X_CLIENT_ID: 'x-client',
	X_CLIENT_SECRET: 'x-secret',
	X_REFRESH_TOKEN: 'x-refresh',
	X_API_URL: 'https://api.x.com',
	SITE_URL: 'https://caravan.example.org',
	CARAVAN_TEST_LOCAL_IMAGES: ''
};

describe('the channel registry', () => {
	test('has one module for every channel of the catalogue, in its order', () => {
		expect(channelModules.map((module) => module.name)).toEqual(channelNames);
	});

	test('with no variables set, only the outbox is on', () => {
		expect([...configuredChannels({ channels: readChannelSettings({}), ...where }).keys()]).toEqual(['outbox']);
	});

	test.each(channelModules.filter((module) => module.env.length > 0).map((module) => [module.name, module.env] as const))(
		'%s is switched on by its own variables (%j), and only by them',
		(name, env) => {
			const own = Object.fromEntries(Object.entries(everything).filter(([key]) => env.includes(key)));
			expect([...configuredChannels({ channels: readChannelSettings(own), ...where }).keys()]).toEqual(['outbox', name]);
		}
	);

	test('every channel made from its settings paces and repeats as its catalogue entry says', () => {
		const made = configuredChannels({ channels: readChannelSettings(everything), ...where });
		expect([...made.keys()]).toEqual(channelNames);
		for (const [name, channel] of made) {
			const entry = catalogue[name as keyof typeof catalogue];
			expect([channel.name, channel.repeatSafeForMs, channel.minIntervalMs]).toEqual([name, entry.repeatSafeForMs, entry.minIntervalMs]);
		}
	});

	test('Telegram keeps its default API address; Bluesky its default service', () => {
		const settings = readChannelSettings({ TELEGRAM_BOT_TOKEN: 't', BLUESKY_APP_PASSWORD: 'p' });
		expect(settings.telegram).toMatchObject({ apiUrl: 'https://api.telegram.org', token: 't', chatId: '' });
		expect(settings.bluesky).toMatchObject({ service: 'https://bsky.social', appPassword: 'p', identifier: '' });
	});

	test("every variable a channel reads is in the README's configuration table", () => {
		const readme = readFileSync('README.md', 'utf8');
		const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## How it is built'));
		for (const module of channelModules) for (const variable of module.env) expect(table, variable).toContain(`\`${variable}\``);
	});
});
