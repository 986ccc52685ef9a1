import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openDb } from './database.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-shared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What the site's server answers when a dashboard page asks for the database: a separate Node process
 * (as the server is) calls database() twice, deleting the file in between when told to.
 */
function site(file: string, deleteBetween = false): { first: unknown; second: unknown } {
	const script = `
		import { unlinkSync } from 'node:fs';
		import { database } from './src/lib/server/store/shared.ts';
		const answer = () => { try { return { users: database().prepare('SELECT count(*) AS n FROM users').get().n }; } catch (error) { return { status: error.status, message: error.body?.message ?? String(error) }; } };
		const first = answer();
		if (${deleteBetween}) unlinkSync(${JSON.stringify(file)});
		console.log(JSON.stringify({ first, second: answer() }));`;
	const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
		env: { ...process.env, CARAVAN_DATABASE: file },
		encoding: 'utf8'
	});
	expect(result.status, result.stderr).toBe(0);
	return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

test('the site answers with a clear error naming the file when the database is missing, and makes none', () => {
	const file = join(dir, 'missing', 'caravan.db');
	const { first } = site(file);
	expect(first).toEqual({ status: 503, message: expect.stringContaining(`${file} does not exist`) });
	expect(readdirSync(dir)).toEqual([]);
});

test('the site stops using a database file deleted under it, and says so', () => {
	const file = join(dir, 'caravan.db');
	openDb(file).close();
	const { first, second } = site(file, true);
	expect(first).toEqual({ users: 0 });
	expect(second).toEqual({ status: 503, message: expect.stringContaining(`${file} does not exist`) });
	expect(readdirSync(dir).filter((name) => name === 'caravan.db')).toEqual([]);
});
