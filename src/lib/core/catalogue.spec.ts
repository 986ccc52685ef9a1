import { describe, expect, test } from 'vitest';
import { captionRules } from './captions.ts';
import { channelNames, channels, isCardKind, isChannelName, isFormat, isItemKind, isZone } from './catalogue.ts';

describe('the catalogue’s guards take its names and nothing else', () => {
	test.each([
		['isItemKind', isItemKind, ['topic', 'fact', 'opportunity'], ['page', 'Topic', 'toString', '', undefined, 3]],
		['isCardKind', isCardKind, ['topic', 'fact', 'opportunity', 'page', 'score', 'slide'], ['video', 'constructor', null]],
		['isFormat', isFormat, ['og', 'square', 'portrait', 'story'], ['poster', 'toString', '__proto__', 'Square', {}]],
		['isChannelName', isChannelName, ['outbox', 'webhook', 'telegram', 'mastodon', 'bluesky'], ['twitter', 'myspace', 'hasOwnProperty', '']],
		['isZone', isZone, ['Asia/Tashkent', 'Asia/Almaty', 'UTC'], ['Europe/Paris', 'asia/tashkent', 'EST']]
	] as [string, (value: unknown) => boolean, unknown[], unknown[]][])('%s', (_, guard, yes, no) => {
		for (const value of yes) expect(guard(value), String(value)).toBe(true);
		for (const value of no) expect(guard(value), String(value)).toBe(false);
	});

	test('every channel’s caption rule is the one the caption counter uses', () => {
		for (const name of channelNames) expect(captionRules[name]).toMatchObject({ limit: channels[name].caption.limit, unit: channels[name].caption.unit });
	});
});
