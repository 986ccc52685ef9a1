/**
 * The content as it is now, for a long-running process (the scheduler): read again when the files
 * change, so a new build's content is used at the next tick without a restart. A change is found by
 * a fingerprint of every file's bytes (the one the card cache's stamp takes). A change that does not
 * load (a file half-copied, a mistake) is reported once, and the last content that loaded is used
 * until the files load again.
 */
import { contentFingerprint } from './fingerprint.ts';
import { ContentError, loadContent, type Content } from './load.ts';

export interface ContentSource {
	/** The content now: read again if the files changed since the last call. */
	current(): Content;
}

/**
 * `onProblem` hears of a change that does not load, once per state of the files. The first read must
 * load: a process that never had content has nothing to fall back on, and throws the ContentError.
 */
export function contentSource(dir: string, onProblem: (error: ContentError) => void): ContentSource {
	let fingerprint = contentFingerprint(dir);
	let content = loadContent(dir);
	let refused: string | undefined;
	return {
		current() {
			const now = contentFingerprint(dir);
			if (now === fingerprint || now === refused) return content;
			try {
				content = loadContent(dir);
				fingerprint = now;
				refused = undefined;
			} catch (error) {
				if (!(error instanceof ContentError)) throw error;
				refused = now;
				onProblem(error);
			}
			return content;
		}
	};
}
