import { expect, test } from 'vitest';
import { publicHost } from './paths.ts';

test.each([
	['https://caravan.example.eu', 'caravan.example.eu'],
	['https://caravan.example.eu:8443/', 'caravan.example.eu:8443'],
	['http://localhost:3000', undefined],
	['http://app.localhost:5173', undefined],
	['http://127.0.0.1:4173', undefined],
	['http://[::1]:3000', undefined],
	['http://0.0.0.0:3000', undefined]
])('%s is reached by readers at %s', (siteUrl, host) => {
	expect(publicHost(siteUrl)).toBe(host);
});
