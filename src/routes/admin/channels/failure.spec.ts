import { describe, expect, test } from 'vitest';
import { translate, type Language } from '#lib/dashboard/i18n/index.ts';
import { plainFailure } from './failure.ts';

/** A failure as the page says it: what happened and what next in the reader's language; the network's words as they came. */
const inWords = (reason: string, lang: Language = 'en') => {
	const plain = plainFailure(reason);
	return { what: translate(lang, plain.what), next: translate(lang, plain.next), detail: plain.detail };
};

describe('a failure in plain words', () => {
	test('a send that will be tried again', () => {
		expect(inWords('will retry: not sent: Telegram could not be reached (ECONNREFUSED)')).toEqual({
			what: 'The post did not go out.',
			next: 'It will be tried again by itself.',
			detail: 'Telegram could not be reached (ECONNREFUSED)'
		});
	});

	test('a refusal after several tries', () => {
		expect(inWords('gave up after 5 attempts: rejected by the network: Mastodon answered 422: Validation failed')).toEqual({
			what: 'The network refused the post.',
			next: 'After 5 tries it was not tried again: open the post to send it again or cancel it.',
			detail: 'Mastodon answered 422: Validation failed'
		});
		expect(inWords('gave up after 1 attempt: rejected by the network: no').next).toBe('After 1 try it was not tried again: open the post to send it again or cancel it.');
	});

	test('a send that may have gone out asks a person to look first', () => {
		const plain = inWords('sent, no answer (may be published): Telegram did not answer in time');
		expect(plain.what).toBe('The network did not answer: the post may have gone out.');
		expect(plain.next).toMatch(/^Look on the network before it is sent again/);
		expect(plain.detail).toBe('Telegram did not answer in time');
	});

	test('a reason in other words is kept whole', () => {
		expect(inWords('the card could not be read')).toMatchObject({ what: 'The post could not be published.', detail: 'The card could not be read' });
	});

	test('in Russian, with the number of tries in its right form; the network’s words stay as they came', () => {
		expect(inWords('gave up after 5 attempts: rejected by the network: Mastodon answered 422: Validation failed', 'ru')).toEqual({
			what: 'Соцсеть не приняла публикацию.',
			next: 'После 5 попыток её больше не отправляли: откройте публикацию, чтобы отправить её снова или отменить.',
			detail: 'Mastodon answered 422: Validation failed'
		});
		expect(inWords('gave up after 3 attempts: not sent: x', 'ru').next).toMatch(/^После 3 попыток /);
		expect(inWords('gave up after 1 attempt: not sent: x', 'ru').next).toMatch(/^После 1 попытки /);
		expect(inWords('will retry: sent, no answer (may be published): x', 'ru')).toMatchObject({
			what: 'Соцсеть не ответила: возможно, публикация всё же вышла.',
			next: 'Caravan сам попробует отправить её ещё раз.'
		});
	});
});
