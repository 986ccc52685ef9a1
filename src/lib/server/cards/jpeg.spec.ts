/**
 * The card as a JPEG (for Instagram, which takes nothing else, and the networks that fetch a card by its
 * address): the size and time of the conversion, measured on real cards of every format, and the public
 * route that serves a post's card.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { formatNames, formats, type Format } from '#lib/core/catalogue.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { cardText } from '#lib/server/views/card.ts';
import { pngToJpeg } from './jpeg.ts';
import { renderPng } from './render.ts';

// The route reads its database from the configuration, which is read once, at the first import.
const dir = await vi.hoisted(async () => {
	const [{ mkdtempSync }, { tmpdir }, { join }] = await Promise.all([import('node:fs'), import('node:os'), import('node:path')]);
	const made = mkdtempSync(join(tmpdir(), 'caravan-jpeg-'));
	process.env.CARAVAN_DATABASE = join(made, 'caravan.db');
	process.env.CARAVAN_DATA_DIR = made;
	return made;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pngs = new Map<Format, Buffer>();
beforeAll(async () => {
	const card = cardText(loadContent(), 'kk', 'topic', 'connectivity', 'https://caravan.example.org');
	if (!card) throw new Error('the connectivity topic is missing from the content');
	for (const format of formatNames) pngs.set(format, await renderPng(card, format));
}, 120_000);

describe('a card as a JPEG', () => {
	test.each(formatNames)('%s: same size, a real JPEG well under the networks’ 8 MB, converted in well under a quarter of a second', async (format) => {
		const png = pngs.get(format)!;
		await pngToJpeg(png); // warm
		const times: number[] = [];
		let jpeg: Buffer = Buffer.alloc(0);
		for (let n = 0; n < 3; n++) {
			const start = performance.now();
			jpeg = await pngToJpeg(png);
			times.push(performance.now() - start);
		}
		const meta = await sharp(jpeg).metadata();
		expect([meta.format, meta.width, meta.height, meta.chromaSubsampling]).toEqual(['jpeg', formats[format].width, formats[format].height, '4:4:4']);
		expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
		const median = times.sort((a, b) => a - b)[1]!;
		console.log(`jpeg ${format}: ${(jpeg.length / 1024).toFixed(0)} KiB (PNG ${(png.length / 1024).toFixed(0)} KiB), ${median.toFixed(0)} ms`);
		expect(jpeg.length).toBeLessThan(1024 * 1024);
		expect(median).toBeLessThan(250);
	});
});

describe('the public route of a post’s card as a JPEG', () => {
	test('serves an approved post’s card in its formats; a draft’s, another format or an unknown post is 404', async () => {
		const { openDb } = await import('#lib/server/store/database.ts');
		const { Queue } = await import('#lib/server/store/posts.ts');
		const queue = new Queue(openDb(join(dir, 'caravan.db')));
		const make = (state: 'draft' | 'approved') => {
			const { post } = queue.create(
				{ item_kind: 'topic', item_slug: 'connectivity', locale: 'kk', channel: 'instagram', caption: 'Байланыс', formats: ['portrait'], scheduled_utc: '2026-12-01T12:00:00.000Z', zone: 'Asia/Almaty' },
				'editor'
			);
			if (state === 'approved') queue.approve(post.id, 'approver');
			return post.id;
		};
		const approved = make('approved');
		const draft = make('draft');
		const { GET } = await import('../../../routes/cards/posts/[id]/[format].jpg/+server.ts');
		const get = (id: string, format: string) =>
			(GET as unknown as (event: { params: Record<string, string> }) => Promise<Response>)({ params: { id, format } }).catch((error: { status?: number }) => new Response(null, { status: error.status ?? 500 }));

		const response = await get(approved, 'portrait');
		expect([response.status, response.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
		const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1080, 1350]);
		expect((await get(approved, 'story')).status).toBe(404);
		expect((await get(draft, 'portrait')).status).toBe(404);
		expect((await get('00000000-0000-4000-8000-000000000000', 'portrait')).status).toBe(404);
		expect((await get('../../etc/passwd', 'portrait')).status).toBe(404);
	}, 60_000);
});
