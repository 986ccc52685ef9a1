import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, test } from 'vitest';

// The Nu HTML Checker (the W3C's validator) over every prerendered page of the last `npm run build`.
// It is a Java program; CI installs a Java runtime when the machine has none (.ci/run).
const prerendered = 'build/prerendered';
const jar = join(createRequire(import.meta.url).resolve('vnu-jar/package.json'), '..', 'build/dist/vnu.jar');
const java = process.env.JAVA ?? 'java';

interface NuMessage {
	type: string;
	subType?: string;
	url?: string;
	lastLine?: number;
	message: string;
}

function pages(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
		.map((entry) => join(entry.parentPath, entry.name));
}

function check(files: string[]): Promise<NuMessage[]> {
	return new Promise((resolve, reject) => {
		execFile(
			java,
			['-jar', jar, '--errors-only', '--format', 'json', '--stdout', ...files],
			{ maxBuffer: 64 * 1024 * 1024 },
			(error, stdout) => {
				if (error && 'code' in error && error.code === 'ENOENT') {
					reject(new Error(`The Nu HTML Checker needs Java, and "${java}" was not found: install a Java runtime (Debian: openjdk-17-jre-headless) or set JAVA.`));
					return;
				}
				// The checker exits with 1 when it finds errors; its report is on stdout either way.
				try {
					resolve((JSON.parse(stdout) as { messages: NuMessage[] }).messages);
				} catch {
					reject(new Error(`The Nu HTML Checker gave no report: ${error?.message ?? stdout.slice(0, 500)}`));
				}
			}
		);
	});
}

/**
 * Every English page, and in the other languages every page except the many made from one template
 * (fact pages, a topic's key facts, quiz scores), of which every n-th: the markup comes from the same
 * components in every language, so the whole set would cost CI about a minute for little more.
 */
function sample(files: string[]): string[] {
	const seen = new Map<string, number>();
	return files.sort().filter((file) => {
		const path = file.slice(prerendered.length + 1);
		const template = /^(?!en\/)([a-z]{2})\/(facts\/topic|facts|quiz\/score)\/[^/]+\/index\.html$/.exec(path);
		if (!template) return true;
		const key = `${template[1]} ${template[2]}`;
		const index = seen.get(key) ?? 0;
		seen.set(key, index + 1);
		return index % { facts: 8, 'facts/topic': 4, 'quiz/score': 6 }[template[2] as 'facts'] === 0;
	});
}

test('the Nu HTML Checker finds no errors in the prerendered pages', async () => {
	expect(existsSync(prerendered), `${prerendered} is missing: run npm run build first`).toBe(true);
	const files = sample(pages(prerendered));
	expect(files.length).toBeGreaterThan(100);
	// Two checkers side by side, one per core: each page is checked on its own, so halves are independent.
	const half = Math.ceil(files.length / 2);
	const messages = (await Promise.all([check(files.slice(0, half)), check(files.slice(half))])).flat();
	const errors = messages
		.filter((message) => message.type === 'error' || message.subType === 'fatal')
		.map((message) => `${message.url?.replace(/^file:.*?build\/prerendered\//, '')}:${message.lastLine ?? '?'}: ${message.message}`);
	expect(errors).toEqual([]);
}, 300_000);
