/**
 * Each channel's mark for the dashboard, from its catalogue entry (`mark` in core/catalogue.ts): a
 * rounded square of the network's colour with its icon drawn in white. The colour is an SVG attribute,
 * not a style, so the page needs no inline style (the Content-Security-Policy allows none) and no second
 * list of colours in a stylesheet. The mark is decorative: the channel's name is always written beside it.
 */
import { channelNames, channels, type ChannelName } from '#lib/core/catalogue.ts';
import { iconMarkup } from './icons.ts';

export function networkMark(name: ChannelName): string {
	const { colour, icon } = channels[name].mark;
	return (
		`<svg class="network-mark" aria-hidden="true" focusable="false" viewBox="0 0 32 32">` +
		`<rect width="32" height="32" rx="7" fill="${colour}"/>` +
		`<g transform="translate(5 5) scale(0.917)" fill="none" stroke="#ffffff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${iconMarkup(icon)}</g>` +
		`</svg>`
	);
}

/** Every channel's mark, for a page that lists posts of several channels. */
export const networkMarks = (): Record<ChannelName, string> =>
	Object.fromEntries(channelNames.map((name) => [name, networkMark(name)])) as Record<ChannelName, string>;
