import { expect, test } from 'vitest';
import { defaultSiteUrl, siteUrlWarning } from './config.ts';

test('a build without SITE_URL is warned, naming the variable and the address it would use', () => {
	for (const env of [{}, { SITE_URL: '' }, { SITE_URL: '  ' }]) {
		const warning = siteUrlWarning(env);
		expect(warning).toContain('SITE_URL is not set');
		expect(warning).toContain(defaultSiteUrl);
		expect(warning).toMatch(/feeds.*share links/s);
		expect(warning).toContain('SITE_URL=https://');
	}
});

test('a build with a public SITE_URL is not warned', () => {
	expect(siteUrlWarning({ SITE_URL: 'https://caravan.example.org' })).toBeUndefined();
});

test('a build with SITE_URL on this machine is warned: its cards carry no address', () => {
	for (const url of ['http://localhost:3000', 'http://127.0.0.1:4173']) {
		const warning = siteUrlWarning({ SITE_URL: url });
		expect(warning).toContain(`SITE_URL is ${url}, an address of this machine`);
		expect(warning).toContain('share cards carry no address');
	}
});
