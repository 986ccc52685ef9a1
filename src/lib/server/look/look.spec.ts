import { readFileSync } from 'node:fs';
import { geoContains, geoConicEqualArea, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { describe, expect, test } from 'vitest';
import { backgrounds, contrast, minimumContrast, onColour } from '#lib/core/look.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { hasIcon, iconNodes, iconSvg } from './icons.ts';
import { compactPath, regionMap } from './map.ts';
import { countries } from './region.ts';
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

/** Absolute points of an SVG path made of M, L, m, l and z (what compactPath and d3 write). */
function points(d: string): [number, number][] {
	const out: [number, number][] = [];
	let [x, y, startX, startY] = [0, 0, 0, 0];
	for (const [, command, args] of d.matchAll(/([MmLlz])([^MmLlz]*)/g)) {
		if (command === 'z') {
			[x, y] = [startX, startY];
			continue;
		}
		const numbers = (args!.match(/-?(?:\d+\.?\d*|\.\d+)/g) ?? []).map(Number);
		for (let i = 0; i < numbers.length; i += 2) {
			const absolute = command === 'L' || (command === 'M' && i === 0);
			x = absolute ? numbers[i]! : x + numbers[i]!;
			y = absolute ? numbers[i + 1]! : y + numbers[i + 1]!;
			if (i === 0 && (command === 'M' || command === 'm')) [startX, startY] = [x, y];
			out.push([x, y]);
		}
	}
	return out;
}

describe('the map of the region', () => {
	const map = regionMap();

	test('compactPath draws the same points as d3’s own path, to a tenth of a unit', () => {
		const projection = geoConicEqualArea().scale(300).translate([200, 150]);
		const shape = {
			type: 'MultiPolygon' as const,
			coordinates: [
				[[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]],
				[[[20, 20], [20.3, 20], [20.3, 21], [20, 20]]]
			]
		};
		const ours = points(compactPath(projection, shape));
		const theirs = points(geoPath(projection).digits(6)(shape)!.replace(/Z/g, 'z'));
		// The same points (d3 resamples the edges the same way for both), less steps of length zero.
		expect(ours.length).toBeGreaterThanOrEqual(6);
		for (const [index, [x, y]] of ours.entries()) {
			const near = theirs.some(([tx, ty]) => Math.abs(tx - x) <= 0.051 && Math.abs(ty - y) <= 0.051);
			expect(near, `point ${index} (${x}, ${y})`).toBe(true);
		}
		// Two paths joined into one stay where they were: the second starts absolutely.
		expect(compactPath(projection, shape)).toMatch(/^M[\d.]+ [\d.]+l/);
	});

	test('has the five countries, in the frame, with each capital inside its country', () => {
		expect(map.countries.map((country) => country.id)).toEqual(countries.map((country) => country.id));
		const world = JSON.parse(readFileSync('node_modules/world-atlas/countries-50m.json', 'utf8')) as Topology<{
			countries: GeometryCollection;
		}>;
		const shapes = (feature(world, world.objects.countries) as FeatureCollection).features;
		for (const [index, drawn] of map.countries.entries()) {
			const country = countries[index]!;
			const shape = shapes.find((f: Feature) => String(f.id) === country.iso);
			expect(shape, country.id).toBeDefined();
			expect(geoContains(shape!, country.capital.at), `${country.id}'s capital`).toBe(true);
			expect(drawn.path.length, country.id).toBeGreaterThan(200);
			for (const { x, y } of [drawn.label, drawn.capital, drawn.capital.label]) {
				expect(x, country.id).toBeGreaterThan(0);
				expect(x, country.id).toBeLessThan(map.width);
				expect(y, country.id).toBeGreaterThan(0);
				expect(y, country.id).toBeLessThan(map.height);
			}
		}
		expect(map.neighbours.length).toBeGreaterThan(500);
	});

	test('is small enough for the home page', () => {
		const bytes = map.neighbours.length + map.countries.reduce((sum, country) => sum + country.path.length, 0);
		expect(bytes).toBeLessThan(12_000);
	});
});
