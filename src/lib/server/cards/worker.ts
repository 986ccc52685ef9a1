/** A card-rendering worker: fonts loaded once, one job at a time, yielding to the event loop between
 * renders so resvg's buffers are released. */
import { mkdirSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { cachePath, writeAtomic } from './cache.ts';
import type { CardText } from '#lib/server/views/card.ts';
import { loadFonts } from './fonts.ts';
import type { Format } from '#lib/core/catalogue.ts';
import { renderPng } from './render.ts';

export interface Job {
	card: CardText;
	format: Format;
	key: string;
	dir: string;
}

const fonts = loadFonts();
parentPort?.on('message', async (job: Job) => {
	try {
		const png = await renderPng(job.card, job.format, fonts);
		mkdirSync(job.dir, { recursive: true });
		writeAtomic(cachePath(job.dir, job.key), png);
		await new Promise((resolve) => setImmediate(resolve));
		parentPort?.postMessage({ key: job.key, bytes: png.length });
	} catch (error) {
		parentPort?.postMessage({ key: job.key, error: `${job.card.locale}/${job.card.kind}/${job.card.slug}/${job.format}: ${String(error)}` });
	}
});
