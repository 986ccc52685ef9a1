/**
 * `npm run cards`: renders every share card (topics, facts, opportunities, pages × 7 languages ×
 * 4 formats) into the card cache, on every CPU core, with a progress bar and a summary.
 */
import type { Progress } from '#lib/server/cards/batch.ts';
import { inputsHash, unchangedSince, writeStamp } from '#lib/server/cards/stamp.ts';
import { config } from '#lib/server/config.ts';

const workers = Number(process.env.CARDS_WORKERS) || undefined;
const tty = process.stderr.isTTY;
let lastShown = -1;

function bar({ done, total, elapsedMs }: Progress): void {
	const rate = done / (elapsedMs / 1000);
	const left = rate > 0 ? (total - done) / rate : 0;
	const width = 30;
	const filled = Math.round((done / total) * width);
	const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${rate.toFixed(1)} cards/s  ${left.toFixed(0)} s left`;
	if (tty) process.stderr.write(`\r${line}`);
	else {
		const tenth = Math.floor((done / total) * 10);
		if (tenth !== lastShown || done === total) {
			lastShown = tenth;
			process.stderr.write(`${line}\n`);
		}
	}
}

const started = performance.now();
const inputs = inputsHash(config);
const unchanged = unchangedSince(config.cardsDir, inputs);
if (unchanged !== undefined) {
	const ms = Math.round(performance.now() - started);
	console.log(`Cards: ${unchanged} in all, all cached; content, code and fonts unchanged since the last run (checked in ${ms} ms). Cache: ${config.cardsDir}`);
	process.exit(0);
}

// Loaded only when something may have changed: parsing and validating the content is most of a run
// that renders nothing.
const { ContentError, loadContent } = await import('#lib/server/content/load.ts');
const { renderAll } = await import('#lib/server/cards/batch.ts');
try {
	const content = loadContent();
	const result = await renderAll(content, { dir: config.cardsDir, siteUrl: config.siteUrl, workers, onProgress: bar });
	if (tty && result.rendered > 0) process.stderr.write('\n');
	const seconds = result.ms / 1000;
	console.log(
		`Cards: ${result.total} in all; ${result.rendered} rendered, ${result.cached} already cached, ` +
			`${result.removed} stale removed, in ${seconds.toFixed(1)} s` +
			(result.rendered ? ` (${(result.rendered / seconds).toFixed(1)} cards/s, largest ${(result.largest / 1024).toFixed(0)} KB)` : '') +
			`. Cache: ${config.cardsDir}`
	);
	if (result.errors.length > 0) {
		console.error(`${result.errors.length} card(s) failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
		process.exit(1);
	}
	// Only if nothing changed while the run read the content: the stamp must describe the cards it lists.
	if (result.total > 0 && inputsHash(config) === inputs) writeStamp(config.cardsDir, inputs, result.keys);
} catch (error) {
	if (error instanceof ContentError) {
		console.error(error.message);
		process.exit(1);
	}
	throw error;
}
