import { error } from '@sveltejs/kit';
import { locales } from '#lib/core/i18n.ts';
import { cardFormats, isCardKind, isFormat } from '#lib/core/catalogue.ts';
import { cardPng } from '#lib/server/cards/cache.ts';
import { cardList, cardText } from '#lib/server/views/card.ts';
import { config } from '#lib/server/config.ts';
import { getContent } from '#lib/server/content/index.ts';
import type { EntryGenerator, RequestHandler } from './$types';

// Every card of `cardList` is prerendered into the build (from the card cache that `npm run cards`
// fills); a carousel's slides are drawn by the server when first asked for, then kept in the same cache.
export const prerender = 'auto';

export const entries: EntryGenerator = () =>
	cardList(getContent(), locales).flatMap((card) => cardFormats[card.kind].map((format) => ({ ...card, format })));

export const GET: RequestHandler = async ({ params }) => {
	const { kind, slug, format } = params;
	// Only names the content knows become a file name: nothing from the URL reaches the file system.
	const card = isCardKind(kind) && isFormat(format)
		? cardText(getContent(), params.locale, kind, slug, config.siteUrl)
		: undefined;
	if (!card || !isFormat(format) || !cardFormats[card.kind].includes(format)) error(404, 'No such card');
	const png = await cardPng(config.cardsDir, card, format);
	return new Response(new Uint8Array(png), {
		headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=3600' }
	});
};
