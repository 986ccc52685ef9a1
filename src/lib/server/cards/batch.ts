/**
 * Renders every card the content calls for into the cache, spread across worker threads. What is
 * already cached is skipped, so a second run with nothing changed renders nothing.
 */
import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { locales, type Locale } from '#lib/core/i18n.ts';
import type { Content } from '#lib/server/content/load.ts';
import { cachePath, cardKey } from './cache.ts';
import { cardList, cardText, type CardText } from '#lib/server/views/card.ts';
import { slideList } from '#lib/server/views/carousel.ts';
import { fontsHash as currentFontsHash } from './fonts.ts';
import { cardFormats, type CardKind, type Format } from '#lib/core/catalogue.ts';
import { keepResvgMemory } from './resvg-memory.ts';

/**
 * Heap limits for card workers. Each card allocates a lot that dies young; without limits V8 lets a
 * renderer's heap grow to hundreds of MB before collecting (the card bench prints peak RSS with these
 * limits against its 400 MB target). `npm run cards` also runs with --single-threaded-gc: on two cores,
 * V8's parallel GC threads would otherwise take the second core from the second worker (the bench
 * prints 2 workers against 1).
 */
export const workerLimits = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 24 };

export interface Progress {
	done: number;
	total: number;
	elapsedMs: number;
}

export interface BatchResult {
	total: number;
	/** The cache key of every card of this run, rendered or found. */
	keys: string[];
	rendered: number;
	cached: number;
	removed: number;
	bytes: number;
	largest: number;
	ms: number;
	errors: string[];
}

export interface Selection {
	locales?: readonly Locale[];
	formats?: readonly Format[];
	/** The carousels' slides too, which the build leaves to the server (the bench renders the whole set). */
	slides?: boolean;
}

/** Every card × format the card's kind comes in (or the selected ones), with its cache key. */
export function allJobs(
	content: Content,
	siteUrl: string,
	selection: Selection = {}
): { card: CardText; format: Format; key: string }[] {
	const chosen = selection.locales ?? locales;
	return jobsOf(content, siteUrl, [...cardList(content, chosen), ...(selection.slides ? slideList(content, chosen) : [])], selection);
}

function jobsOf(content: Content, siteUrl: string, list: { locale: Locale; kind: CardKind; slug: string }[], selection: Selection) {
	const fontsHash = currentFontsHash();
	return list.flatMap(({ locale, kind, slug }) => {
		const card = cardText(content, locale, kind, slug, siteUrl);
		if (!card) return [];
		return cardFormats[kind]
			.filter((format) => !selection.formats || selection.formats.includes(format))
			.map((format) => ({ card, format, key: cardKey(card, format, fontsHash) }));
	});
}

export async function renderAll(
	content: Content,
	{ dir, siteUrl, workers = Math.max(1, cpus().length), onProgress, prune = true, ...selection }: {
		dir: string;
		siteUrl: string;
		workers?: number;
		onProgress?: (progress: Progress) => void;
		/** Remove cached cards that no current card uses (only sensible for a full run). */
		prune?: boolean;
	} & Selection
): Promise<BatchResult> {
	const started = performance.now();
	const jobs = allJobs(content, siteUrl, selection);
	const todo = jobs.filter((job) => !existsSync(cachePath(dir, job.key)));
	const result: BatchResult = { total: jobs.length, keys: jobs.map((job) => job.key), rendered: 0, cached: jobs.length - todo.length, removed: 0, bytes: 0, largest: 0, ms: 0, errors: [] };

	if (todo.length > 0) {
		// On this thread, where it reaches the process the workers' resvg reads it from.
		keepResvgMemory();
		const count = Math.min(workers, todo.length);
		let next = 0;
		await Promise.all(
			Array.from({ length: count }, () => {
				const worker = new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: workerLimits });
				return new Promise<void>((resolve, reject) => {
					const give = () => {
						const job = todo[next++];
						if (job) worker.postMessage({ ...job, dir });
						else worker.terminate().then(() => resolve());
					};
					worker.on('message', (message: { key: string; bytes?: number; error?: string }) => {
						if (message.error) result.errors.push(message.error);
						else {
							result.rendered += 1;
							result.bytes += message.bytes ?? 0;
							result.largest = Math.max(result.largest, message.bytes ?? 0);
						}
						onProgress?.({ done: result.rendered + result.errors.length, total: todo.length, elapsedMs: performance.now() - started });
						give();
					});
					worker.on('error', reject);
					give();
				});
			})
		);
	}

	// Cards nothing asks for any more (old content, old template) are removed; the current slides,
	// drawn by the server when asked for, are kept.
	if (prune && existsSync(dir)) {
		const slides = selection.slides ? [] : jobsOf(content, siteUrl, slideList(content, selection.locales ?? locales), selection);
		const wanted = new Set([...jobs, ...slides].map((job) => `${job.key}.png`));
		for (const file of readdirSync(dir)) {
			if (file.endsWith('.png') && !wanted.has(file) && statSync(`${dir}/${file}`).isFile()) {
				unlinkSync(`${dir}/${file}`);
				result.removed += 1;
			}
		}
	}
	result.ms = performance.now() - started;
	return result;
}
