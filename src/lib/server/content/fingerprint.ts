/** Fingerprints of folders, by the bytes of every file: the content's, for the scheduler and the card cache's stamp. */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every folder and file under a folder, by path relative to it, in a stable order. Links are followed,
 * as the content loader follows them, and an empty folder counts (the loader reports one).
 */
export function hashTree(hash: Hash, root: string, under = ''): void {
	for (const name of readdirSync(join(root, under)).sort()) {
		const path = under ? `${under}/${name}` : name;
		const stats = statSync(join(root, path));
		if (stats.isDirectory()) {
			hash.update(`${path}/\0`);
			hashTree(hash, root, path);
		} else hash.update(`${path}\0`).update(readFileSync(join(root, path))).update('\0');
	}
}

/** A fingerprint of the content folder: it changes when any file or folder in it does. */
export function contentFingerprint(dir: string): string {
	const hash = createHash('sha256');
	if (existsSync(dir) && statSync(dir).isDirectory()) hashTree(hash, dir);
	return hash.digest('hex');
}
