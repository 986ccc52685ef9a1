import { describe, expect, test } from 'vitest';
import { backgrounds, contrast, luminance, weakestContrast } from './look.ts';

describe('contrast, as WCAG 2.2 computes it', () => {
	test.each([
		['#000000', '#ffffff', 21],
		['#ffffff', '#ffffff', 1],
		['#777777', '#ffffff', 4.48], // the grey just below AA on white
		['#767676', '#ffffff', 4.54], // the lightest grey that passes
		['#0000ff', '#ffffff', 8.59],
		['#ff0000', '#ffffff', 4.0]
	])('%s on %s is %f:1', (a, b, ratio) => {
		expect(contrast(a, b)).toBeCloseTo(ratio, 2);
		expect(contrast(b, a)).toBeCloseTo(ratio, 2);
	});

	test('luminance runs from black to white and refuses what is not #rrggbb', () => {
		expect(luminance('#000000')).toBe(0);
		expect(luminance('#ffffff')).toBe(1);
		expect(() => luminance('red')).toThrow(/#rrggbb/);
		expect(() => luminance('#FFF')).toThrow(/#rrggbb/);
	});

	test('a colour is held to its weakest pair: white text on it, or it on the page', () => {
		// The page (#fbfaf7) is a shade darker than white: a grey that passes on white fails there.
		expect(contrast('#767676', '#ffffff')).toBeGreaterThan(4.5);
		expect(weakestContrast('#767676')).toEqual({ ratio: expect.closeTo(4.35, 2), against: backgrounds.paper });
		expect(weakestContrast('#161a2e').ratio).toBeGreaterThan(15);
	});
});
