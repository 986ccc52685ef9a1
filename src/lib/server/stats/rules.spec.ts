import { describe, expect, test } from 'vitest';
import { fieldLimit, pathLimit, publicPage, visitOf, type Request } from './rules.ts';

const browser = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
const at = new Date('2026-12-07T23:59:59Z');
const request = (changes: Partial<Request>): Request => ({ method: 'GET', target: '/en/', status: 200, userAgent: browser, referer: undefined, at, ...changes });

describe('what counts as a visit', () => {
	test('public pages: / and every page under a language, by path (query and fragment aside)', () => {
		expect(publicPage('/')).toEqual({ path: '/', locale: '' });
		expect(publicPage('/kk/')).toEqual({ path: '/kk/', locale: 'kk' });
		expect(publicPage('/ru/topics/water/?utm_source=telegram')).toEqual({ path: '/ru/topics/water/', locale: 'ru' });
		expect(publicPage('/uz/quiz/3/?a=abc')).toEqual({ path: '/uz/quiz/3/', locale: 'uz' });
		for (const target of ['/admin/', '/admin/posts/', '/cards/en/topic/water/og.png', '/en/feed.xml', '/pagefind/pagefind.js', '/_app/immutable/x.js', '/favicon.svg', '/xx/', '/en', '/healthz', '/robots.txt', '/sitemap.xml', '/calendar/abc.ics', '/en/topics/water']) {
			expect(publicPage(target), target).toBeUndefined();
		}
	});

	test('only a 200 answer to a GET', () => {
		expect(visitOf(request({}))).toBeDefined();
		for (const changes of [{ method: 'HEAD' }, { method: 'POST' }, { status: 304 }, { status: 404 }, { status: 301 }, { status: 500 }]) {
			expect(visitOf(request(changes)), JSON.stringify(changes)).toBeUndefined();
		}
	});

	test('bots (isbot) and requests without a user agent are left out', () => {
		for (const userAgent of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'curl/8.5.0', 'python-requests/2.31', 'TelegramBot (like TwitterBot)', '', undefined]) {
			expect(visitOf(request({ userAgent })), String(userAgent)).toBeUndefined();
		}
		expect(visitOf(request({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1' }))).toBeDefined();
	});

	test('keeps the day (UTC), page, language, referring host only and our four marks; nothing else', () => {
		const visit = visitOf(
			request({
				target: '/ru/facts/?utm_source=telegram&utm_medium=social&utm_campaign=topic-a-day&utm_content=1b4e28ba&utm_term=secret&fbclid=abc&email=a@b.c',
				referer: 'https://T.me/caravan_news/123?single',
				at: new Date('2026-12-07T22:30:00-05:00')
			})
		);
		expect(visit).toEqual({
			day: '2026-12-08',
			path: '/ru/facts/',
			locale: 'ru',
			referrer: 't.me',
			utm_source: 'telegram',
			utm_medium: 'social',
			utm_campaign: 'topic-a-day',
			utm_content: '1b4e28ba'
		});
		expect(JSON.stringify(visit)).not.toMatch(/secret|fbclid|abc|Android|caravan_news/);
	});

	test('long or odd values are cut and cleaned, never dropped', () => {
		const visit = visitOf(request({ target: `/en/?utm_source=${'x'.repeat(500)}&utm_content=a%09b%0Ac`, referer: 'not a url' }))!;
		expect(visit.utm_source).toHaveLength(fieldLimit);
		expect(visit.utm_content).toBe('abc');
		expect(visit.referrer).toBe('');
		expect(visitOf(request({ referer: 'android-app://org.telegram.messenger/' }))!.referrer).toBe('');
		const long = `/en/${'a/'.repeat(400)}`;
		expect(visitOf(request({ target: long }))!.path).toHaveLength(pathLimit);
	});
});
