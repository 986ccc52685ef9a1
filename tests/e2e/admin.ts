/** Shared by the dashboard's end-to-end tests: the data folder the test server uses, its users, the CLIs. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { utcToZoned } from '#lib/core/time.ts';

export const port = Number(process.env.E2E_PORT ?? 4173);
export const origin = `http://127.0.0.1:${port}`;
/** The test server's database, outbox and card cache (emptied by the setup project). */
export const dataDir = resolve('.e2e-data');

export const users = {
	admin: { email: 'admin@example.org', name: 'Aziza Admin', password: 'admin password 1' },
	approver: { email: 'approver@example.org', name: 'Bakyt Approver', password: 'approver password 1' },
	editor: { email: 'editor@example.org', name: 'Dilnoza Editor', password: 'editor password 1' },
	lockout: { email: 'lockout@example.org', name: 'Locked Out', password: 'lockout password 1' }
} as const;
export type TestUser = keyof typeof users;

/**
 * The test server has Threads set up with a token that expires in five days (its expiry date, at 00:00
 * UTC, is 4 days and some hours away), so that the dashboard's warning, a week ahead, shows. Set once in
 * the config's process and inherited by the test workers, so every worker expects the same date.
 */
export const threadsTokenExpires = (process.env.E2E_THREADS_TOKEN_EXPIRES ??= new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10));

export const stateFile = (who: TestUser) => resolve(dataDir, `${who}.json`);

/** Runs one of Caravan's command-line tools against the test server's data folder. */
export function cli(tool: 'user' | 'queue' | 'db', args: string[], input?: string): { code: number | null; out: string; err: string } {
	const result = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${tool}.ts`, ...args], {
		env: { ...process.env, CARAVAN_DATA_DIR: dataDir },
		input,
		encoding: 'utf8'
	});
	return { code: result.status, out: result.stdout, err: result.stderr };
}

/** What the clocks show in a zone now: { date: "2026-11-28", time: "13:05" }. */
export function clockIn(zone: string, at = new Date()): { date: string; time: string } {
	const local = utcToZoned(at, zone);
	return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/** A draft made from the command line: its id. */
export function makeDraft({ kind = 'topic', slug = 'youth-education', locale = 'kk', channel = 'outbox', at = '2030-01-07T18:00', zone = 'Asia/Almaty' } = {}): string {
	const made = cli('queue', ['add', '--kind', kind, '--slug', slug, '--locale', locale, '--channel', channel, '--at', at, '--zone', zone, '--as', 'test']);
	if (made.code !== 0) throw new Error(`queue add failed: ${made.err}`);
	return made.out.split(' ')[0]!;
}

/** A post as the CLI shows it (its JSON, without the history after it). */
export function shown(id: string): { state: string; caption: string; scheduled_utc: string; zone: string; local_time: string; locale: string; channel: string; plan_key: string | null } {
	const out = cli('queue', ['show', id]).out;
	return JSON.parse(out.slice(0, out.indexOf('\n}\n') + 2));
}
