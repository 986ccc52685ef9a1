/**
 * The identity on every card (its topic's colour and pictogram, the map, the publisher's name) and the
 * carousels: a set of slides per topic and language, read from the SVG and the pixels a card is drawn as.
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, test } from 'vitest';
import { cardFormats, formats } from '#lib/core/catalogue.ts';
import { locales } from '#lib/core/i18n.ts';
import { cardPath } from '#lib/core/paths.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { inLocale } from '#lib/server/content/localize.ts';
import { iconMarkup } from '#lib/server/look/icons.ts';
import { cardText, type CardText } from '#lib/server/views/card.ts';
import { carouselFor, carouselSlides, slideList } from '#lib/server/views/carousel.ts';
import { publisherView } from '#lib/server/views/site.ts';
import { loadFonts } from './fonts.ts';
import { renderSvg } from './render.ts';
import { cardNode, colors, type Node } from './template.ts';

const content = loadContent();
const fonts = loadFonts();
const site = 'https://caravan.example.org';

/** The pictures a card's SVG embeds as data URIs, decoded. */
const images = (svg: string) =>
	[...svg.matchAll(/href="data:image\/svg\+xml;base64,([^"]+)"/g)].map(([, data]) => Buffer.from(data!, 'base64').toString('utf8'));
/** The colour of one pixel of the card as drawn. */
const pixel = (svg: string, x: number, y: number) => {
	const image = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render();
	const at = (y * image.width + x) * 4;
	return `#${[...image.pixels.subarray(at, at + 3)].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
};
const texts = (node: Node | string): string[] =>
	typeof node === 'string' ? [node] : [node.props.children ?? []].flat().flatMap((child) => texts(child as Node | string));

describe('every card carries its topic’s identity', () => {
	test.each(content.topics.map((topic) => [topic.slug, topic] as const))('%s: colour and pictogram on its card, its facts’ and its carousel’s', async (_, topic) => {
		const fact = content.facts.find((entry) => entry.topic === topic.slug);
		const own = [
			[cardText(content, 'ky', 'topic', topic.slug, site)!, 'og'],
			...(fact ? [[cardText(content, 'tg', 'fact', fact.id, site)!, 'story']] : []),
			[carouselSlides(content, 'uz', topic.slug, site)[1]!, 'portrait']
		] as [CardText, keyof typeof formats][];
		for (const [card, format] of own) {
			expect(card.colour, card.slug).toBe(topic.colour);
			const svg = await renderSvg(card, format, fonts);
			// The background, at a corner no text reaches, is the topic's colour.
			expect(pixel(svg, 2, 2), `${card.kind} ${format}`).toBe(topic.colour);
			// The pictogram: the topic's icon, stroked in the topic's colour on a white disc.
			const pictogram = images(svg).find((image) => image.includes(iconMarkup(topic.icon)));
			expect(pictogram, `${card.kind} ${format}: the ${topic.icon} pictogram`).toBeDefined();
			expect(pictogram).toContain(`stroke="${topic.colour}"`);
		}
	});

	test('a page’s and a score’s card stand on the site’s colour, without a pictogram', async () => {
		for (const card of [cardText(content, 'en', 'page', 'home', site)!, cardText(content, 'ru', 'score', `${content.quiz.length}-of-${content.quiz.length}`, site)].filter(Boolean) as CardText[]) {
			const svg = await renderSvg(card, 'square', fonts);
			expect(pixel(svg, 2, 2)).toBe(colors.background);
			expect(images(svg).some((image) => image.includes('<circle cx="12" cy="12" r="12"'))).toBe(false);
		}
	});

	test('the map of the region is drawn behind the text, except on a link preview', async () => {
		const card = cardText(content, 'kk', 'topic', content.topics[0]!.slug, site)!;
		expect(await renderSvg(card, 'og', fonts)).not.toContain('data-motif="map"');
		for (const format of ['square', 'portrait', 'story'] as const) {
			const svg = await renderSvg(card, format, fonts);
			const motif = svg.indexOf('data-motif="map"');
			expect(motif, format).toBeGreaterThan(0);
			// Under everything else: before the first line of text.
			expect(motif, format).toBeLessThan(svg.indexOf('<path fill="#ffffff"'));
		}
	});

	test('the footer names the publisher (content/site.yaml) and the site’s address', () => {
		for (const locale of locales) {
			const publisher = publisherView(content, locale).name!;
			expect(publisher).toBeTruthy();
			const card = cardText(content, locale, 'topic', content.topics[0]!.slug, site)!;
			const drawn = texts(cardNode(card, 'square', fonts)).join(' ');
			expect(drawn).toContain(`caravan.example.org · ${publisher}`);
		}
		// Without a publisher in the file, the address alone.
		const none = { ...content, site: { ...content.site, publisher: undefined } } as typeof content;
		const card = cardText(none, 'en', 'page', 'home', site)!;
		expect(card.publisher).toBeUndefined();
		expect(texts(cardNode(card, 'og', fonts))).toContain('caravan.example.org');
	});

	test('the publisher’s logo, when site.yaml names one, takes the place of Caravan’s mark on every kind of card', async () => {
		const red = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><rect width="2" height="2" fill="#cc0000"/></svg>';
		const branded = { ...content, logoImage: `data:image/svg+xml;base64,${Buffer.from(red).toString('base64')}` };
		const topic = content.topics[0]!.slug;
		for (const [kind, slug] of [['topic', topic], ['fact', content.facts[0]!.id], ['page', 'home'], ['slide', `${topic}-1`]] as const) {
			const plain = await renderSvg(cardText(content, 'tg', kind, slug, site)!, 'story', fonts);
			const card = cardText(branded, 'tg', kind, slug, site)!;
			expect(card.logo, kind).toBe(branded.logoImage);
			const svg = await renderSvg(card, 'story', fonts);
			expect(images(svg), kind).toContain(red);
			expect(images(plain), kind).not.toContain(red);
		}
	});
});

describe('carousels', () => {
	test.each(locales)('%s: every topic has 4 to 6 slides: title, the three points for you, a key fact, where to read more', (locale) => {
		const ui = content.ui[locale];
		for (const topic of content.topics) {
			const slides = carouselSlides(content, locale, topic.slug, site);
			const text = inLocale(topic.text, locale).value;
			expect(slides.length, topic.slug).toBeGreaterThanOrEqual(4);
			expect(slides.length, topic.slug).toBeLessThanOrEqual(6);
			expect(slides.map((slide) => slide.step)).toEqual(slides.map((_, i) => [i + 1, slides.length]));
			expect(slides[0]!.title).toBe(text.title);
			expect(slides.slice(1, 4).map((slide) => slide.title)).toEqual(text.for_you.map((point) => point.heading));
			const hasFact = content.facts.some((fact) => fact.topic === topic.slug);
			expect(slides.length, topic.slug).toBe(hasFact ? 6 : 5);
			if (hasFact) expect(slides[4]!.headline, topic.slug).toBeTruthy();
			expect(slides.at(-1)!.kicker).toBe(ui.topic.read_more);
			expect(slides.at(-1)!.body).toBe(`caravan.example.org/${locale}/topics/${topic.slug}/`);
			// Each slide is found again by its slug, and has an alt text of its own.
			for (const slide of slides) {
				expect(cardText(content, locale, 'slide', slide.slug, site)).toEqual(slide);
				expect(slide.alt.length).toBeGreaterThan(20);
			}
			expect(new Set(slides.map((slide) => slide.alt)).size).toBe(slides.length);
		}
	});

	test('every slide shows its text whole, in square and portrait, in every language', () => {
		const squeeze = (text: string) => text.replace(/\s+/g, '');
		const cut = slideList(content, locales).flatMap(({ locale, slug }) => {
			const slide = cardText(content, locale, 'slide', slug, site)!;
			return cardFormats.slide.flatMap((format) => {
				const drawn = squeeze(texts(cardNode(slide, format, fonts)).join(''));
				return [slide.title, slide.body].filter((text) => !drawn.includes(squeeze(text))).map(() => `${locale}/${slug} ${format}`);
			});
		});
		expect(cut).toEqual([]);
	});

	test('a channel gets a topic’s set in order, with each slide’s address in square and portrait', () => {
		const set = carouselFor(content, 'ru', 'connectivity', site);
		expect(set.length).toBeGreaterThanOrEqual(4);
		expect(set[0]!.paths).toEqual({
			square: cardPath('ru', 'slide', 'connectivity-1', 'square'),
			portrait: cardPath('ru', 'slide', 'connectivity-1', 'portrait')
		});
		expect(cardFormats.slide).toEqual(['square', 'portrait']);
		expect(carouselFor(content, 'ru', 'no-such-topic', site)).toEqual([]);
		expect(cardText(content, 'ru', 'slide', 'connectivity-9', site)).toBeUndefined();
		expect(cardText(content, 'ru', 'slide', 'connectivity', site)).toBeUndefined();
	});

	test('without a public address, the last slide names the site instead', () => {
		const slides = carouselSlides(content, 'en', 'connectivity', 'http://localhost:3000');
		expect(slides.at(-1)!.body).toBe(content.ui.en.site.name);
		expect(slides.every((slide) => !slide.alt.includes('localhost'))).toBe(true);
	});

	test('every language has the same number of slides', () => {
		const perLocale = locales.map((locale) => slideList(content, [locale]).length);
		expect(new Set(perLocale).size).toBe(1);
		expect(perLocale[0]).toBeGreaterThanOrEqual(4 * content.topics.length);
	});
});
