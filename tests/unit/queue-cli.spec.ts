import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'caravan-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const queue = (...args: string[]) => {
	const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/queue.ts', ...args], {
		env: { ...process.env, CARAVAN_DATA_DIR: dir },
		encoding: 'utf8'
	});
	return { code: result.status, out: result.stdout, err: result.stderr };
};

test('an operator can add, approve, list, show and cancel a post without the dashboard', () => {
	const added = queue('add', '--kind', 'topic', '--slug', 'youth-education', '--locale', 'uz', '--channel', 'telegram', '--at', '2026-12-07T18:00', '--zone', 'Asia/Tashkent', '--as', 'aziza');
	expect(added.code, added.err).toBe(0);
	expect(added.out).toMatch(/created as a draft for 2026-12-07T18:00 Asia\/Tashkent \(2026-12-07T13:00:00.000Z UTC\)/);
	const id = added.out.split(' ')[0]!;

	expect(queue('approve', id, '--as', 'aziza').out).toContain(`${id} approved`);
	const listed = queue('list', '--state', 'approved');
	expect(listed.out).toContain(id);
	expect(listed.out).toContain('2026-12-07T18:00 Asia/Tashkent');

	const shown = queue('show', id);
	expect(JSON.parse(shown.out.slice(0, shown.out.lastIndexOf('}') + 1))).toMatchObject({ state: 'approved', locale: 'uz', channel: 'telegram' });
	expect(shown.out).toContain('cli:aziza  draft → approved  approved');
	expect(shown.out).toMatch(/https?:\/\/\S+\/uz\/topics\/youth-education\//); // the caption links the page

	expect(queue('cancel', id).out).toContain(`${id} cancelled`);
	const again = queue('approve', id);
	expect(again.code).toBe(2);
	expect(again.err).toMatch(/is cancelled: it cannot become approved/);
}, 60_000); // six CLI runs, each a Node process starting tsx: ~2 s apiece on a busy two-core machine

test.each([
	[['add', '--kind', 'topic', '--slug', 'x', '--locale', 'fr', '--channel', 'outbox', '--at', '2026-12-07T18:00', '--zone', 'UTC'], /--locale: unknown locale "fr"/],
	[['add', '--kind', 'topic', '--slug', 'x', '--locale', 'en', '--channel', 'myspace', '--at', '2026-12-07T18:00', '--zone', 'UTC'], /--channel must be one of outbox, webhook, telegram, mastodon, bluesky/],
	[['add', '--kind', 'topic', '--slug', 'connectivity', '--locale', 'en', '--channel', 'outbox', '--at', 'tomorrow', '--zone', 'UTC'], /--at\/--zone: "tomorrow" is not a local time/],
	[['list', '--state', 'sent'], /--state must be one of draft, approved/],
	[['resolve', 'some-id'], /give --url <published address> or --send-again/],
	[['frobnicate'], /Usage: npm run queue -- list\|show/]
])('a bad command says what is wrong: %j', (args, message) => {
	const result = queue(...args);
	expect(result.code).toBe(2);
	expect(result.err).toMatch(message);
});
