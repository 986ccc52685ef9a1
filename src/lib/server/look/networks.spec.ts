import { describe, expect, test } from 'vitest';
import { channelNames, channels } from '#lib/core/catalogue.ts';
import { backgrounds, contrast, minimumContrast } from '#lib/core/look.ts';
import { hasIcon } from './icons.ts';
import { networkMark } from './networks.ts';

describe('each channel’s mark on the dashboard', () => {
	test.each(channelNames)('%s: its icon exists, white reads on its colour (AA), and the colour stands out from the page', (name) => {
		const { colour, icon } = channels[name].mark;
		expect(hasIcon(icon), icon).toBe(true);
		expect(contrast(colour, '#ffffff')).toBeGreaterThanOrEqual(minimumContrast);
		// A graphic against what it sits on (WCAG 1.4.11): 3:1.
		for (const background of Object.values(backgrounds)) expect(contrast(colour, background)).toBeGreaterThanOrEqual(3);
		const svg = networkMark(name);
		expect(svg).toContain(`fill="${colour}"`);
		expect(svg).toMatch(/^<svg class="network-mark" aria-hidden="true"/);
	});

	test('no two channels share a colour or an icon', () => {
		const marks = channelNames.map((name) => channels[name].mark);
		expect(new Set(marks.map((mark) => mark.colour)).size).toBe(marks.length);
		expect(new Set(marks.map((mark) => mark.icon)).size).toBe(marks.length);
	});
});
