import { describe, expect, test } from 'vitest';
import { buildCaption, captionLength, captionProblem, captionRules, hashtagCount, type CaptionChannel } from './captions.ts';

const url = 'https://caravan.example.org/uz/topics/youth-education/';
const long = 'Oʻzbekiston yoshlari uchun taʼlim, ish va sayohat imkoniyatlari haqida qisqacha. '.repeat(30).trim();

describe('captions fit their network', () => {
	test.each(Object.keys(captionRules) as CaptionChannel[])('%s: a long caption is shortened to fit, link and words whole', (channel) => {
		const caption = buildCaption(channel, { title: 'Taʼlim va koʻnikmalar', body: long, url, hashtags: ['EUCentralAsia'] });
		const { length, limit } = captionLength(channel, caption);
		expect(length).toBeLessThanOrEqual(limit);
		expect(caption).toContain(url);
		// Shortened at a word boundary: what is left of the body is a run of whole words from it.
		const body = caption.split('\n\n')[1] ?? '';
		if (body.endsWith('…')) expect(long.startsWith(body.slice(0, -1))).toBe(true);
		if (body.endsWith('…')) expect(long[body.length - 1]).toMatch(/[\s.,]/);
	});

	test('a caption that fits is left as it is', () => {
		expect(buildCaption('mastodon', { title: 'Water', body: 'Clean water for all.', url, hashtags: ['Water'] })).toBe(
			`Water\n\nClean water for all.\n\n${url}\n#Water`
		);
	});

	test('Bluesky counts graphemes, not UTF-16 units', () => {
		const flags = '🇺🇿'.repeat(150); // 150 graphemes, 600 UTF-16 units
		expect(captionLength('bluesky', flags).length).toBe(150);
		expect(captionLength('telegram', flags).length).toBe(600);
		expect(captionLength('bluesky', 'oʻ gʻ').length).toBe(5);
	});

	test('Mastodon and X count a link as 23 characters', () => {
		expect(captionLength('mastodon', `a ${url}`).length).toBe(2 + 23);
		expect(captionLength('x', `a ${url}`).length).toBe(2 + 23);
	});

	test('X counts Cyrillic and Latin as 1 and emoji as 2', () => {
		expect(captionLength('x', 'Қазақ').length).toBe(5);
		expect(captionLength('x', '🙂').length).toBe(2);
	});

	test('hashtags go before the link is ever touched', () => {
		const caption = buildCaption('x', { title: 'T'.repeat(200), body: '', url, hashtags: ['A'.repeat(60)] });
		expect(caption).not.toContain('#');
		expect(caption).toContain(url);
	});
});

describe('hashtags, where a network limits them (Instagram: 30)', () => {
	const tags = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `Tag${i + from}`);

	test.each([
		['#EU #ЦентральнаяАзия #O‘zbekiston_yoshlari', 3],
		['a link’s fragment is no hashtag: https://caravan.example.org/#faq', 0],
		['nor an entity &#35; or a number alone #2019', 0],
		['C# and ## are not hashtags; #tag_1 is', 1]
	])('%s → %i', (text, count) => {
		expect(hashtagCount(text)).toBe(count);
	});

	test('31 hashtags are refused for Instagram with the number to remove; other networks set no limit', () => {
		const caption = `Caravan\n\n${tags(31).map((tag) => `#${tag}`).join(' ')}`;
		expect(captionProblem('instagram', caption)).toBe('The caption has 31 hashtags; instagram allows 30. Remove 1.');
		expect(captionProblem('facebook', caption)).toBeUndefined();
		expect(captionProblem('threads', 'x'.repeat(501))).toBe('The caption is 501 characters; threads allows 500. Shorten it by 1.');
	});

	test('a built caption keeps only as many hashtags as fit beside those in its title and body', () => {
		const caption = buildCaption('instagram', { title: 'Caravan #EU', body: 'Roads and #trade', url, hashtags: tags(40) });
		expect(hashtagCount(caption)).toBe(30);
		expect(captionProblem('instagram', caption)).toBeUndefined();
		expect(hashtagCount(buildCaption('facebook', { title: 'Caravan', body: 'Roads', url, hashtags: tags(40) }))).toBe(40);
	});
});
