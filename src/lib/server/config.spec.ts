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

test('a build with SITE_URL is not warned, whatever the address', () => {
	expect(siteUrlWarning({ SITE_URL: 'https://caravan.example.org' })).toBeUndefined();
	expect(siteUrlWarning({ SITE_URL: 'http://localhost:3000' })).toBeUndefined();
});
