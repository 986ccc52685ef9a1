import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { backgrounds, contrast, minimumContrast, onColour } from '#lib/core/look.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { hasIcon, iconNodes, iconSvg } from './icons.ts';
import { topicStyles } from './styles.ts';

const content = loadContent();

describe('every topic has its own colour and pictogram', () => {
	test.each(content.topics.map((topic) => [topic.slug, topic.colour] as const))(
		'%s (%s): white text on it, and it as text on the page, reach AA',
		(_, colour) => {
			expect(contrast(onColour, colour)).toBeGreaterThanOrEqual(minimumContrast);
			expect(contrast(colour, backgrounds.paper)).toBeGreaterThanOrEqual(minimumContrast);
			expect(contrast(colour, backgrounds.surface)).toBeGreaterThanOrEqual(minimumContrast);
		}
	);

	test('the backgrounds checked are the page’s own (src/app.css)', () => {
		const css = readFileSync('src/app.css', 'utf8');
		expect(css).toContain(`--paper: ${backgrounds.paper};`);
		expect(css).toContain(`--surface: ${backgrounds.surface};`);
	});

	test.each(content.topics.map((topic) => [topic.slug, topic.icon] as const))('%s: "%s" is an icon of the set', (_, icon) => {
		expect(hasIcon(icon)).toBe(true);
		expect(iconNodes(icon).length).toBeGreaterThan(0);
		const svg = iconSvg(icon);
		expect(svg).toMatch(/^<svg class="pictogram" aria-hidden="true" viewBox="0 0 24 24"[^>]*><path d="[^"]+"/);
		expect(svg).toMatch(/<\/svg>$/);
	});

	test('no two topics share a colour or a pictogram', () => {
		const colours = content.topics.map((topic) => topic.colour);
		const icons = content.topics.map((topic) => topic.icon);
		expect(new Set(colours).size).toBe(colours.length);
		expect(new Set(icons).size).toBe(icons.length);
	});

	test('the stylesheet gives each topic’s class its colour', () => {
		const css = topicStyles(content.topics);
		for (const topic of content.topics) expect(css).toContain(`.topic-${topic.slug}{--topic:${topic.colour}}`);
	});

	test('an icon that is not in the set is refused', () => {
		expect(hasIcon('no-such-icon')).toBe(false);
		expect(hasIcon('constructor')).toBe(false);
		expect(() => iconNodes('no-such-icon')).toThrow(/No icon "no-such-icon"/);
	});
});

