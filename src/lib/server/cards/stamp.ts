/**
 * The card cache's stamp: a fingerprint of everything a full `npm run cards` reads, written after a
 * run that left every card in the cache. When the next run's fingerprint matches and every card the
 * stamp lists is still there, nothing can have changed, and `npm run cards` stops without parsing and
 * validating the content, which is most of its time when nothing changed.
 *
 * The fingerprint covers the bytes of every content file and source file (so an edit to the template,
 * to how a card's text is derived or to the schema counts as a change), the fonts and the site's
 * address. It only decides whether to look closer: when it differs, every card's own key decides what
 * is rendered, as before.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachePath, writeAtomic } from './cache.ts';
import { fontsHash } from './fonts.ts';
import { hashTree } from '#lib/server/content/fingerprint.ts';

const stampFile = (dir: string) => join(dir, 'stamp.json');

/** The source code: everything under `src/`. */
const sourceDir = fileURLToPath(new URL('../../../', import.meta.url));

interface Stamp {
	inputs: string;
	cards: string[];
}

export function inputsHash({ contentDir, siteUrl, source = sourceDir }: { contentDir: string; siteUrl: string; source?: string }): string {
	const hash = createHash('sha256').update(`${siteUrl}\0${fontsHash()}\0`);
	hash.update('content\0');
	if (existsSync(contentDir) && statSync(contentDir).isDirectory()) hashTree(hash, contentDir);
	hash.update('source\0');
	hashTree(hash, source);
	return hash.digest('hex');
}

function readStamp(dir: string): Stamp | undefined {
	try {
		const stamp = JSON.parse(readFileSync(stampFile(dir), 'utf8')) as Partial<Stamp>;
		return typeof stamp.inputs === 'string' && Array.isArray(stamp.cards) ? (stamp as Stamp) : undefined;
	} catch {
		return undefined;
	}
}

/** The number of cards, when the last complete run had these inputs and its cards are all still in `dir`. */
export function unchangedSince(dir: string, inputs: string): number | undefined {
	const stamp = readStamp(dir);
	if (stamp?.inputs !== inputs) return undefined;
	return stamp.cards.every((key) => existsSync(cachePath(dir, key))) ? stamp.cards.length : undefined;
}

/** After a run that left every card in the cache: what it read, and the cards it needs. */
export function writeStamp(dir: string, inputs: string, cards: string[]): void {
	writeAtomic(stampFile(dir), Buffer.from(JSON.stringify({ inputs, cards } satisfies Stamp)));
}
