import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadContent } from './load.ts';

test('a broken content file stops the build with the file, the field and the problem', () => {
	const dir = mkdtempSync(join(tmpdir(), 'caravan-build-'));
	try {
		cpSync('content', dir, { recursive: true });
		const topic = loadContent().topics[0]!.slug; // any topic
		const file = join(dir, 'topics', topic, 'en.yaml');
		writeFileSync(
			file,
			readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: One two three four five six seven eight nine ten')
		);
		const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
			env: { ...process.env, CARAVAN_CONTENT_DIR: dir },
			encoding: 'utf8',
			timeout: 120_000
		});
		expect(result.status).not.toBe(0);
		expect(result.stdout + result.stderr).toContain(
			`topics/${topic}/en.yaml: title: must be at most 8 words (has 10)`
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}, 120_000);
