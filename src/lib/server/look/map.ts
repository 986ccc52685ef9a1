/**
 * The map of the region, drawn once per build from Natural Earth's 1:50m country shapes (`world-atlas`):
 * the five countries and, faint, their neighbours, projected (conic equal-area, centred on the region),
 * simplified without breaking shared borders (`topojson-simplify`), clipped to the frame and written as
 * SVG path data in whole-ish pixels. Names are not here: the page writes them in the reader's language.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoConicEqualArea, geoPath, type GeoPermissibleObjects, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import { presimplify, simplify } from 'topojson-simplify';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { countries, type CountryId } from './region.ts';

type Anchor = 'start' | 'middle' | 'end';
export interface RegionMap {
	width: number;
	height: number;
	/** Type sizes in the map's units: countries' names and capitals' names. */
	size: { country: number; capital: number };
	/** The neighbours' shapes, one path. */
	neighbours: string;
	countries: {
		id: CountryId;
		path: string;
		/** Where the country's name stands (its baseline, from the middle or from the start). */
		label: { x: number; y: number; anchor: Anchor };
		/** The capital's dot, and where its name stands. */
		capital: { x: number; y: number; label: { x: number; y: number; anchor: Anchor } };
	}[];
}

/** Width of the map in its own units (the SVG's viewBox); the page scales it to fit. */
const width = 400;
/** At 400 units across a 390 px phone's column, 1 unit is about 0.9 px. */
const size = { country: 15, capital: 13 };
const margin = 8;
/** Smallest triangle (in square degrees) a simplified outline keeps: at this scale about half a pixel. */
const detail = 0.02;
/** Pieces of land smaller than this (square pixels) are left out (an enclave of a few km²). */
const speck = 2;

let drawn: RegionMap | undefined;

/** The map, computed on the first call and kept for the rest of the build. */
export function regionMap(): RegionMap {
	drawn ??= draw();
	return drawn;
}

function draw(): RegionMap {
	const file = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
	const world = JSON.parse(readFileSync(file, 'utf8')) as Topology<{ countries: GeometryCollection }>;
	const simple = simplify(presimplify(world), detail) as typeof world;
	const shapes = feature(simple, simple.objects.countries) as FeatureCollection<Polygon | MultiPolygon>;

	const iso = new Set<string>(countries.map((country) => country.iso));
	const region: FeatureCollection = { type: 'FeatureCollection', features: shapes.features.filter((f) => iso.has(String(f.id))) };
	const projection = geoConicEqualArea().parallels([38, 50]).rotate([-66, 0]);
	projection.fitWidth(width - 2 * margin, region);
	const [[, top], [, bottom]] = geoPath(projection).bounds(region);
	const height = Math.ceil(bottom - top + 2 * margin);
	const [x, y] = projection.translate();
	projection.translate([x + margin, y - top + margin]).clipExtent([
		[0, 0],
		[width, height]
	]);
	const path = geoPath(projection);

	/** A shape's path without the specks that the scale turns into dots. */
	const outline = (shape: Feature<Polygon | MultiPolygon>) => {
		const polygons = shape.geometry.type === 'Polygon' ? [shape.geometry.coordinates] : shape.geometry.coordinates;
		return polygons
			.map((coordinates): Polygon => ({ type: 'Polygon', coordinates }))
			.filter((polygon) => path.area(polygon) >= speck)
			.map((polygon) => compactPath(projection, polygon))
			.join('');
	};
	const round = (value: number) => Math.round(value * 10) / 10;
	const point = (at: readonly [number, number]) => {
		const [px, py] = projection([...at])!;
		return { x: round(px), y: round(py) };
	};
	/** Where a capital's name stands beside its dot. */
	const beside = ({ x, y }: { x: number; y: number }, side: 'left' | 'right' | 'above' | 'below') => {
		const gap = 6;
		const middle = round(y + size.capital * 0.35);
		if (side === 'left') return { x: x - gap, y: middle, anchor: 'end' as const };
		if (side === 'right') return { x: x + gap, y: middle, anchor: 'start' as const };
		if (side === 'above') return { x, y: round(y - gap), anchor: 'middle' as const };
		return { x, y: round(y + gap + size.capital * 0.75), anchor: 'middle' as const };
	};

	return {
		width,
		height,
		size,
		neighbours: shapes.features
			.filter((shape) => !iso.has(String(shape.id)))
			.map(outline)
			.join(''),
		countries: countries.map((country) => {
			const shape = shapes.features.find((f) => String(f.id) === country.iso);
			if (!shape) throw new Error(`world-atlas has no shape for ${country.id} (${country.iso})`);
			return {
				id: country.id,
				path: outline(shape),
				label: { ...point(country.label), anchor: 'from' in country ? country.from : 'middle' },
				capital: { ...point(country.capital.at), label: beside(point(country.capital.at), country.capital.side) }
			};
		})
	};
}

/**
 * SVG path data for a shape, as short as it can be: an absolute first move (so that paths can be
 * joined), then relative steps in tenths of a unit with repeated commands left out and zero-length
 * steps dropped: about two thirds of what d3's own absolute path writes.
 */
export function compactPath(projection: GeoProjection, shape: GeoPermissibleObjects): string {
	let out = '';
	/** The last command written: pairs after `m` and `l` are relative lines, after `M` absolute. */
	let command = '';
	// The pen and the subpath's start, in whole tenths, so that rounding never drifts.
	let x = 0;
	let y = 0;
	let startX = 0;
	let startY = 0;
	const write = (next: string, dx: number, dy: number) => {
		if (next !== command) out += next;
		for (const tenths of [dx, dy]) {
			const text = String(tenths / 10).replace(/^(-?)0\./, '$1.');
			out += text.startsWith('-') || /[a-z]$/i.test(out) ? text : ` ${text}`;
		}
		command = next === 'm' ? 'l' : next;
	};
	const to = (px: number, py: number) => {
		const [tx, ty] = [Math.round(px * 10), Math.round(py * 10)];
		const step = [tx - x, ty - y] as const;
		[x, y] = [tx, ty];
		return step;
	};
	geoPath(projection, {
		beginPath() {},
		moveTo(px, py) {
			const first = out === '';
			const [dx, dy] = to(px, py);
			write(first ? 'M' : 'm', first ? x : dx, first ? y : dy);
			[startX, startY] = [x, y];
		},
		lineTo(px, py) {
			const [dx, dy] = to(px, py);
			if (dx !== 0 || dy !== 0) write('l', dx, dy);
		},
		closePath() {
			out += 'z';
			command = 'z';
			[x, y] = [startX, startY];
		},
		arc() {
			throw new Error('compactPath draws shapes, not points');
		}
	})(shape);
	return out;
}
