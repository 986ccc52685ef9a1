/**
 * The compose page's caption block for VK and X, rendered on the server: the caption the scheduler would
 * make, its count against the network's limit and the preview, all from the catalogue's entry.
 */
import { render } from 'svelte/server';
import { describe, expect, test } from 'vitest';
import { captionLength, linkMarks } from '#lib/core/captions.ts';
import { channels } from '#lib/core/catalogue.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { postText } from '#lib/server/publishing/compose.ts';
import CaptionBlock from './CaptionBlock.svelte';

const content = loadContent();
const site = 'https://caravan.example.org';
const topic = content.topics[0]!.slug;

/** The block as the page renders it, in English (the dashboard's language comes from the page's data). */
function block(channel: 'vk' | 'x', caption: string) {
	const marks = linkMarks(true, site, { channel });
	const post = { key: `ru-${channel}`, channel, locale: 'ru' as const, unreviewed: false, fallback: false, alt: 'Карта', image: '/cards/x.png', marks };
	return render(CaptionBlock, { context: new Map([['__request__', { page: { data: { lang: 'en' } } }]]), props: { post, initial: caption } }).body;
}

describe.each(['vk', 'x'] as const)('%s on the compose page', (channel) => {
	test('the made caption fits, counted as the network counts; the preview has the network’s account line and mark class', () => {
		const { caption } = postText(content, { kind: 'topic', slug: topic, locale: 'ru', channel, siteUrl: site, marks: true });
		const { length, limit } = captionLength(channel, caption, linkMarks(true, site, { channel }));
		expect(limit).toBe(channels[channel].caption.limit);
		expect(length).toBeLessThanOrEqual(limit);
		const html = block(channel, caption);
		expect(html).toContain(`>${length} of ${limit} characters</p>`);
		expect(html).toContain(`<figure class="preview preview-${channel}">`);
		expect(html).toContain(`<span class="preview-handle">${channels[channel].preview.handle}</span>`);
		expect(html).not.toContain('class="count over"');
	});

	test('a caption over the limit is shown over, by how much', () => {
		const html = block(channel, 'я'.repeat(channels[channel].caption.limit + 3));
		expect(html).toMatch(new RegExp(`class="count over"[^>]*>${channels[channel].caption.limit + 3} of ${channels[channel].caption.limit} characters`));
	});
});
