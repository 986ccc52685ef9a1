/**
 * Topic pictograms from Tabler Icons (MIT, `@tabler/icons`), outline style. The set ships every icon as
 * plain nodes (`[tag, attributes]`), read here once at build time: the pages inline them as SVG, and the
 * share cards can hand the same nodes to Satori. No icon font, no script.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type IconNode = [tag: string, attributes: Record<string, string>];

/** The attributes every outline icon is drawn with (Tabler's own), on its 24×24 grid. */
export const iconFrame = {
	viewBox: '0 0 24 24',
	fill: 'none',
	stroke: 'currentColor',
	'stroke-width': '2',
	'stroke-linecap': 'round',
	'stroke-linejoin': 'round'
} as const;

let set: Record<string, IconNode[]> | undefined;
function icons(): Record<string, IconNode[]> {
	set ??= JSON.parse(
		readFileSync(createRequire(import.meta.url).resolve('@tabler/icons/tabler-nodes-outline.json'), 'utf8')
	) as Record<string, IconNode[]>;
	return set;
}

/** Whether the set has an icon of this name (as on tabler.io/icons, e.g. `droplet`). */
export const hasIcon = (name: string): boolean => Object.hasOwn(icons(), name);

/** The icon's nodes. */
export function iconNodes(name: string): IconNode[] {
	if (!hasIcon(name)) throw new Error(`No icon "${name}" in @tabler/icons`);
	return icons()[name]!;
}

const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The icon's inner SVG markup (its paths, circles…), for an `<svg>` with `iconFrame`'s attributes. */
export function iconMarkup(name: string): string {
	return iconNodes(name)
		.map(([tag, attributes]) => {
			const attrs = Object.entries(attributes)
				.filter(([key]) => key !== 'key')
				.map(([key, value]) => ` ${key}="${escape(String(value))}"`)
				.join('');
			return `<${tag}${attrs}/>`;
		})
		.join('');
}

/**
 * The icon as an inline `<svg>` for a page: decorative (hidden from assistive technology, as the
 * words beside it say what it shows), drawn in the text colour (`currentColor`) and sized by CSS.
 */
export function iconSvg(name: string): string {
	const frame = Object.entries(iconFrame)
		.map(([key, value]) => ` ${key}="${value}"`)
		.join('');
	return `<svg class="pictogram" aria-hidden="true"${frame}>${iconMarkup(name)}</svg>`;
}
