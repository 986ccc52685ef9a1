/**
 * `npm run queue -- <command>`: work with the queue without the dashboard.
 *
 *   list [--state S] [--channel C] [--locale L]
 *   show <id>
 *   add --kind topic|fact|opportunity --slug S --locale L --channel C --at 2026-12-01T18:00 --zone Asia/Tashkent [--formats square,og]
 *   approve <id> [--unreviewed] | cancel <id> | restore <id> | retry <id>
 *                             (--unreviewed: approve a post in a draft translation all the same;
 *                             restore: a cancelled post back to draft)
 *   resolve <id> --url <published address> | resolve <id> --send-again
 *   plan                      expand content/campaigns/ into draft posts (once)
 *
 * Every change is written to the audit log as "cli:<user>" (or --as <name>).
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { configuredChannels } from '#lib/server/publishing/channels/index.ts';
import type { Channel } from '#lib/server/publishing/channels/types.ts';
import { whereToLook } from '#lib/server/publishing/read-back.ts';
import { planCampaigns, postText } from '#lib/server/publishing/plan.ts';
import { isChannelName } from '#lib/core/catalogue.ts';
import { isLocale } from '#lib/core/i18n.ts';
import { checkChoice } from '#lib/core/post-fields.ts';
import { cardSnapshot } from '#lib/server/publishing/compose.ts';
import { cardText } from '#lib/server/views/card.ts';
import { config } from '#lib/server/config.ts';
import { loadContent } from '#lib/server/content/load.ts';
import { unreviewed } from '#lib/server/content/localize.ts';
import { DatabaseMissingError, openDb, type Db } from '#lib/server/store/database.ts';
import { Queue, QueueError, states, type State } from '#lib/server/store/posts.ts';
import { utcToZoned, zonedToUtc } from '#lib/core/time.ts';

const { values: options, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		state: { type: 'string' },
		channel: { type: 'string' },
		locale: { type: 'string' },
		kind: { type: 'string' },
		slug: { type: 'string' },
		at: { type: 'string' },
		zone: { type: 'string' },
		formats: { type: 'string' },
		url: { type: 'string' },
		'send-again': { type: 'boolean' },
		unreviewed: { type: 'boolean' },
		as: { type: 'string' }
	}
});
const [command, id] = positionals;
const actor = `cli:${options.as ?? userInfo().username}`;

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

/** The queue's database, which must exist: `npm run db -- init` makes it. */
function open(): Db {
	try {
		return openDb(config.database, { create: false });
	} catch (error) {
		if (!(error instanceof DatabaseMissingError)) throw error;
		console.error(error.message);
		process.exit(1);
	}
}
const db = open();
const queue = new Queue(db);
function need(value: string | undefined, what: string): string {
	return value ?? fail(`${command}: ${what} is required (npm run queue -- ${command} …)`);
}

try {
	switch (command) {
		case 'list': {
			if (options.state && !states.includes(options.state as State)) fail(`--state must be one of ${states.join(', ')}`);
			const { channel: channelOption, locale: localeOption } = options;
			const channel = channelOption === undefined || isChannelName(channelOption) ? channelOption : fail(`--channel: unknown channel "${channelOption}"`);
			const locale = localeOption === undefined || isLocale(localeOption) ? localeOption : fail(`--locale: unknown locale "${localeOption}"`);
			const posts = queue.list({ state: options.state as State | undefined, channel, locale });
			for (const post of posts) {
				console.log(
					[post.id, post.state.padEnd(11), post.channel.padEnd(8), post.locale, `${utcToZoned(new Date(post.scheduled_utc), post.zone)} ${post.zone}`, `${post.item_kind}/${post.item_slug}`].join('  ')
				);
			}
			console.log(`${posts.length} post(s)`);
			break;
		}
		case 'show': {
			const post = queue.get(need(id, 'a post id')) ?? fail(`No post ${id}`);
			console.log(JSON.stringify({ ...post, local_time: utcToZoned(new Date(post.scheduled_utc), post.zone) }, null, 2));
			for (const entry of queue.history(post.id)) {
				if (entry.kind === 'note') console.log(`${entry.at}  ${entry.actor}  note: ${entry.body.replace(/\n/g, '\n    ')}`);
				else console.log(`${entry.at}  ${entry.actor}  ${entry.from_state ?? '–'} → ${entry.to_state}  ${entry.reason}`);
			}
			if (post.state === 'needs_check') {
				let networks = new Map<string, Channel>();
				try {
					networks = configuredChannels(config);
				} catch (error) {
					console.error(`(the channels' settings are incomplete, so the guide is general: ${error instanceof Error ? error.message : String(error)})`);
				}
				console.log(`Where to look:\n  ${whereToLook(queue, networks, post).join('\n  ')}`);
				console.log(`Then: npm run queue -- resolve ${post.id} --url <address> (or --send-again)`);
			}
			break;
		}
		case 'add': {
			const raw = {
				item_kind: need(options.kind, '--kind'),
				item_slug: need(options.slug, '--slug'),
				locale: need(options.locale, '--locale'),
				channel: need(options.channel, '--channel'),
				formats: (options.formats ?? 'square').split(','),
				zone: need(options.zone, '--zone')
			};
			// The queue's own checks, each problem told with its option.
			const option = { item_kind: '--kind', item_slug: '--slug', locale: '--locale', channel: '--channel', formats: '--formats', zone: '--zone' };
			const { choice, problems } = checkChoice(raw);
			if (!choice) fail(problems.map(({ field, problem }) => `${option[field]}: ${problem}`).join('\n'));
			let scheduled: Date;
			try {
				scheduled = zonedToUtc(need(options.at, '--at'), choice.zone);
			} catch (error) {
				fail(`--at/--zone: ${error instanceof Error ? error.message : String(error)}`);
			}
			const made = postText(loadContent(), { kind: choice.item_kind, slug: choice.item_slug, locale: choice.locale, channel: choice.channel, siteUrl: config.siteUrl, formats: choice.formats, marks: config.marks });
			const { post } = queue.create({ ...choice, ...made, scheduled_utc: scheduled.toISOString() }, actor);
			const zone = choice.zone;
			console.log(`${post.id} created as a draft for ${options.at} ${zone} (${post.scheduled_utc} UTC)`);
			break;
		}
		case 'approve': {
			const post = queue.get(need(id, 'a post id'));
			const content = loadContent();
			if (post?.state === 'draft' && unreviewed(content, post.locale) && !options.unreviewed) {
				fail(`approve: ${post.id} is in ${post.locale}, a draft translation (not reviewed by a native speaker); add --unreviewed to approve it all the same`);
			}
			// A post made before posts kept their card is approved with the content's card now.
			const card = post && !post.card ? cardText(content, post.locale, post.item_kind, post.item_slug, config.siteUrl) : undefined;
			const snapshot = post && card ? cardSnapshot(card, post.formats) : undefined;
			console.log(`${queue.approve(need(id, 'a post id'), actor, snapshot).id} approved`);
			// As the dashboard says it: a channel this server has no settings for fails the post at its time.
			if (post && config.channels[post.channel] === undefined) {
				console.error(`note: ${post.channel} is not set up here: unless it is set up before the post's time, the post will not be sent and will fail`);
			}
			break;
		}
		case 'cancel':
			console.log(`${queue.cancel(need(id, 'a post id'), actor).id} cancelled`);
			break;
		case 'restore':
			console.log(`${queue.restore(need(id, 'a post id'), actor).id} restored to draft`);
			break;
		case 'retry':
			console.log(`${queue.retry(need(id, 'a post id'), actor).id} will be sent again`);
			break;
		case 'resolve': {
			const post = need(id, 'a post id');
			if (options.url) console.log(`${queue.resolve(post, actor, { publishedUrl: options.url }).id} marked published`);
			else if (options['send-again']) console.log(`${queue.resolve(post, actor, { sendAgain: true }).id} will be sent again`);
			else fail('resolve: give --url <published address> or --send-again');
			break;
		}
		case 'plan': {
			const { created, existing } = planCampaigns(loadContent(), db, config.siteUrl, { marks: config.marks });
			console.log(`${created} draft post(s) created, ${existing} already planned`);
			break;
		}
		default:
			fail('Usage: npm run queue -- list|show|add|approve|cancel|restore|retry|resolve|plan (see src/cli/queue.ts)');
	}
} catch (error) {
	if (error instanceof QueueError) fail(error.message);
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
}
