/**
 * The test projects: `unit` (fast: no processes, no build) and `integration` (tests that start
 * processes: the scheduler, the CLIs, a build), with the fault-injection run in `integration-faults`,
 * after the others. Asks Vitest itself which project each spec file falls in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { createVitest } from 'vitest/node';

/** Every *.spec.ts under src/, scheduler/, tests/ and deploy/ (the browser tests in tests/e2e are Playwright's). */
function specFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return path === join('tests', 'e2e') ? [] : specFiles(path);
		return entry.name.endsWith('.spec.ts') ? [path] : [];
	});
}

test('a spec that starts processes is an integration test; every other spec is a unit test', async () => {
	const files = ['src', 'scheduler', 'tests', 'deploy'].flatMap(specFiles).concat(readdirSync('.').filter((name) => name.endsWith('.spec.ts')));
	const startsProcesses = (file: string) => /^import .+ from 'node:child_process';$/m.test(readFileSync(file, 'utf8'));
	const project = (file: string) => (file === join('scheduler', 'fault.spec.ts') ? 'integration-faults' : startsProcesses(file) ? 'integration' : 'unit');
	const expected = Object.fromEntries(files.map((file) => [file, project(file)]));
	expect(Object.values(expected)).toContain('integration');
	expect(Object.values(expected)).toContain('integration-faults');

	const vitest = await createVitest('test', { watch: false, config: 'vite.config.ts' }, {}, {});
	try {
		const found: Record<string, string[]> = {};
		for (const spec of await vitest.globTestSpecifications()) (found[relative('.', spec.moduleId)] ??= []).push(spec.project.name);
		expect(found).toEqual(Object.fromEntries(Object.entries(expected).map(([file, project]) => [file, [project]])));
	} finally {
		await vitest.close();
	}
}, 60_000);
