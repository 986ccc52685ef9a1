import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { locales } from '#lib/core/i18n.ts';
import { loadContent } from '#lib/server/content/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'caravan-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one of the CLIs (`npm run queue|user|db -- …`) against a data folder. */
const run = (tool: 'queue' | 'user' | 'db', args: string[], dataDir = dir) => {
	const result = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${tool}.ts`, ...args], {
		env: { ...process.env, CARAVAN_DATA_DIR: dataDir },
		encoding: 'utf8'
	});
	return { code: result.status, out: result.stdout, err: result.stderr };
};
const queue = (...args: string[]) => run('queue', args);
const content = loadContent();
const topic = content.topics[0]!.slug; // any topic
const draft = locales.find((locale) => content.ui[locale].status === 'draft')!; // a translation not yet reviewed

beforeAll(() => {
	const made = run('db', ['init']);
	expect(made.code, made.err).toBe(0);
	expect(made.out).toContain(`Created ${join(dir, 'caravan.db')}`);
}, 30_000);

test('an operator can add, approve, list, show and cancel a post without the dashboard', () => {
	const added = queue('add', '--kind', 'topic', '--slug', topic, '--locale', draft, '--channel', 'telegram', '--at', '2026-12-07T18:00', '--zone', 'Asia/Tashkent', '--as', 'aziza');
	expect(added.code, added.err).toBe(0);
	expect(added.out).toMatch(/created as a draft for 2026-12-07T18:00 Asia\/Tashkent \(2026-12-07T13:00:00.000Z UTC\)/);
	const id = added.out.split(' ')[0]!;

	// The post is in a translation no native speaker has reviewed: approving it needs saying so.
	const refused = queue('approve', id, '--as', 'aziza');
	expect(refused.code).toBe(2);
	expect(refused.err).toContain(`${id} is in ${draft}, a draft translation (not reviewed by a native speaker); add --unreviewed`);
	expect(queue('approve', id, '--as', 'aziza', '--unreviewed').out).toContain(`${id} approved`);
	const listed = queue('list', '--state', 'approved');
	expect(listed.out).toContain(id);
	expect(listed.out).toContain('2026-12-07T18:00 Asia/Tashkent');

	const shown = queue('show', id);
	expect(JSON.parse(shown.out.slice(0, shown.out.lastIndexOf('}') + 1))).toMatchObject({ state: 'approved', locale: draft, channel: 'telegram' });
	expect(shown.out).toContain('cli:aziza  draft → approved  approved');
	expect(shown.out).toMatch(new RegExp(`https?://\\S+/${draft}/topics/${topic}/`)); // the caption links the page

	expect(queue('cancel', id).out).toContain(`${id} cancelled`);
	const again = queue('approve', id);
	expect(again.code).toBe(2);
	expect(again.err).toMatch(/is cancelled: it cannot become approved/);
}, 60_000); // six CLI runs, each a Node process starting tsx

test.each([
	[['add', '--kind', 'topic', '--slug', 'x', '--locale', 'fr', '--channel', 'outbox', '--at', '2026-12-07T18:00', '--zone', 'UTC'], /--locale: unknown locale "fr"/],
	// The queue's own checks and words (core/post-fields.ts), with the option that is wrong.
	[['add', '--kind', 'topic', '--slug', 'x', '--locale', 'en', '--channel', 'myspace', '--at', '2026-12-07T18:00', '--zone', 'UTC'], /--channel: unknown channel "myspace" \(known: outbox, webhook, telegram, mastodon, bluesky, instagram, facebook, threads, vk, x\)/],
	[['add', '--kind', 'video', '--slug', 'x', '--locale', 'en', '--channel', 'outbox', '--at', '2026-12-07T18:00', '--zone', 'UTC'], /--kind: "video" is not a kind of item \(known: topic, fact, opportunity\)/],
	[['add', '--kind', 'topic', '--slug', topic, '--locale', 'en', '--channel', 'outbox', '--at', '2026-12-07T18:00', '--zone', 'UTC', '--formats', 'square,poster'], /--formats: unknown card format "poster" \(known: og, square, portrait, story\)/],
	[['add', '--kind', 'topic', '--slug', topic, '--locale', 'en', '--channel', 'outbox', '--at', '2026-12-07T18:00', '--zone', 'EST'], /--zone: "EST" is not an IANA time zone/],
	[['add', '--kind', 'topic', '--slug', topic, '--locale', 'en', '--channel', 'outbox', '--at', 'tomorrow', '--zone', 'UTC'], /--at\/--zone: "tomorrow" is not a local time/],
	[['list', '--state', 'sent'], /--state must be one of draft, approved/],
	[['resolve', 'some-id'], /give --url <published address> or --send-again/],
	[['frobnicate'], /Usage: npm run queue -- list\|show/]
])('a bad command says what is wrong: %j', (args, message) => {
	const result = queue(...args);
	expect(result.code).toBe(2);
	expect(result.err).toMatch(message);
});

test('on a missing database the CLIs say which file is missing and create nothing', () => {
	const empty = mkdtempSync(join(tmpdir(), 'caravan-cli-missing-'));
	try {
		const file = join(empty, 'caravan.db');
		for (const tool of ['queue', 'user'] as const) {
			const result = run(tool, ['list'], empty);
			expect(result.code, result.out).toBe(1);
			expect(result.err).toContain(`${file} does not exist`);
			expect(result.err).toContain('npm run db -- init');
			expect(result.err).not.toMatch(/\n\s+at /);
		}
		expect(readdirSync(empty)).toEqual([]);
	} finally {
		rmSync(empty, { recursive: true, force: true });
	}
}, 30_000);

test('npm run db -- init makes the database once; the first start does not make it again after it was deleted', () => {
	const fresh = mkdtempSync(join(tmpdir(), 'caravan-cli-init-'));
	try {
		const file = join(fresh, 'caravan.db');
		const first = run('db', ['init', '--first-start'], fresh);
		expect(first.code, first.err).toBe(0);
		expect(first.out).toContain(`Created ${file}`);
		expect(run('queue', ['list'], fresh).out).toContain('0 post(s)');

		const again = run('db', ['init', '--first-start'], fresh);
		expect(again.code, again.err).toBe(0);
		expect(again.out).toContain(`${file} is there`);

		unlinkSync(file);
		const restart = run('db', ['init', '--first-start'], fresh);
		expect(restart.code).toBe(1);
		expect(restart.err).toContain(`${file} is missing`);
		expect(restart.err).toContain('restore it from a backup');
		expect(existsSync(file)).toBe(false);

		// Asked for explicitly, a new empty database is made.
		const explicit = run('db', ['init'], fresh);
		expect(explicit.code, explicit.err).toBe(0);
		expect(explicit.out).toContain(`Created ${file}`);
	} finally {
		rmSync(fresh, { recursive: true, force: true });
	}
}, 60_000);
