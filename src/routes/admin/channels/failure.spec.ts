import { describe, expect, test } from 'vitest';
import { plainFailure } from './failure.ts';

describe('a failure in plain words', () => {
	test('a send that will be tried again', () => {
		expect(plainFailure('will retry: not sent: Telegram could not be reached (ECONNREFUSED)')).toEqual({
			what: 'The post did not go out.',
			next: 'It will be tried again by itself.',
			detail: 'Telegram could not be reached (ECONNREFUSED)'
		});
	});

	test('a refusal after several tries', () => {
		expect(plainFailure('gave up after 5 attempts: rejected by the network: Mastodon answered 422: Validation failed')).toEqual({
			what: 'The network refused the post.',
			next: 'After 5 tries it was not tried again: open the post to send it again or cancel it.',
			detail: 'Mastodon answered 422: Validation failed'
		});
	});

	test('a send that may have gone out asks a person to look first', () => {
		const plain = plainFailure('sent, no answer (may be published): Telegram did not answer in time');
		expect(plain.what).toBe('The network did not answer: the post may have gone out.');
		expect(plain.next).toMatch(/^Look on the network before it is sent again/);
		expect(plain.detail).toBe('Telegram did not answer in time');
	});

	test('a reason in other words is kept whole', () => {
		expect(plainFailure('the card could not be read')).toMatchObject({ what: 'The post could not be published.', detail: 'The card could not be read' });
	});
});
