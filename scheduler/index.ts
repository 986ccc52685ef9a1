/**
 * The scheduler: `npm run scheduler` (and `npm start`, beside the site). Four node-cron jobs —
 * plan (campaigns → draft posts), render (cards of upcoming posts), publish (due posts) and engagement
 * (published posts' figures read back from their networks) — none of which ever overlaps itself. SIGTERM: take no new work, finish what is in flight, exit.
 *
 * It never makes the database: a missing file stops it at start with the file's name, and so does a
 * file deleted or replaced while it runs (checked before every tick), instead of writing on into a
 * file no other process can see. A tick that fails (the database locked by another process for longer
 * than busy_timeout, a network down) is logged, and the job runs again at its next tick.
 */
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import { config } from '#lib/server/config.ts';
import { contentSource, type ContentSource } from '#lib/server/content/current.ts';
import { ContentError } from '#lib/server/content/load.ts';
import { checkDbFile, DatabaseMissingError, openDb, type Db } from '#lib/server/store/database.ts';
import { recordJob } from '#lib/server/store/health.ts';
import { Queue } from '#lib/server/store/posts.ts';
import { checkUnknown } from '#lib/server/publishing/read-back.ts';
import { configuredChannels } from '#lib/server/publishing/channels/index.ts';
import { planCampaigns } from '#lib/server/publishing/plan.ts';
import { publishDue, recover } from '#lib/server/publishing/publish.ts';
import { readEngagement } from '#lib/server/publishing/engagement.ts';
import { renderUpcoming } from '#lib/server/publishing/render-ahead.ts';

type JobName = 'plan' | 'render' | 'publish' | 'engagement';
const owner = `scheduler@${hostname()}:${process.pid}`;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let stopping = false;
const running = new Set<Promise<void>>();
const inFlight = new Set<JobName>();
const tasks: ScheduledTask[] = [];
let db: Db | undefined;

async function stop(why: string, code = 0) {
	if (stopping) return;
	stopping = true;
	if (code !== 0) console.error(why);
	console.log(`${code === 0 ? why : 'Stopping'}: taking no new work; waiting for ${running.size} job(s) in flight`);
	await Promise.all(tasks.map((task) => task.stop()));
	await Promise.all(running);
	db?.close();
	console.log(code === 0 ? 'Scheduler stopped cleanly' : 'Scheduler stopped');
	process.exit(code);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

/** A problem that stops the scheduler before it starts: said once, without a stack trace. */
function refuse(message: string): never {
	console.error(message);
	process.exit(1);
}

/**
 * The content, read again at a tick when its files changed (a new build's content needs no restart).
 * Content that fails to load at start stops the scheduler; a later change that fails is said once,
 * and the last content that loaded goes on being used.
 */
const source: ContentSource = (() => {
	try {
		return contentSource(config.contentDir, (error) =>
			console.error(`The content in ${config.contentDir} changed and does not load; going on with the content read before.\n${error.message}`)
		);
	} catch (error) {
		if (error instanceof ContentError) refuse(error.message);
		throw error;
	}
})();
// A channel whose settings cannot work (a Meta network with a SITE_URL it cannot fetch cards from) stops the start, saying why.
const channels = (() => {
	try {
		return configuredChannels(config);
	} catch (error) {
		refuse(messageOf(error));
	}
})();

/**
 * Opens the database, which must exist. Opening writes only when a migration is due; if another
 * process holds the write lock longer than busy_timeout then, it waits and tries again.
 */
async function open(): Promise<Db> {
	for (let wait = 5_000; ; wait = Math.min(wait * 2, 60_000)) {
		try {
			return openDb(config.database, { create: false });
		} catch (error) {
			if (error instanceof DatabaseMissingError) refuse(error.message);
			if ((error as { code?: string }).code !== 'SQLITE_BUSY') refuse(`The database ${config.database}: ${messageOf(error)}`);
			console.error(`The database ${config.database} is locked by another process: trying again in ${wait / 1000} s`);
			await sleep(wait);
		}
	}
}
db = await open();
const database = db;
const queue = new Queue(database);

interface Outcome {
	summary: string;
	/** Whether the tick changed anything: such a tick is always logged. */
	changed: boolean;
}

const jobs: Record<JobName, { schedule: string; variable: string; run: () => Promise<Outcome> }> = {
	plan: {
		schedule: config.scheduler.plan,
		variable: 'SCHEDULER_PLAN',
		run: async () => {
			const { created, existing } = planCampaigns(source.current(), database, config.siteUrl, { marks: config.marks });
			return { summary: `${created} new draft posts, ${existing} already planned`, changed: created > 0 };
		}
	},
	render: {
		schedule: config.scheduler.render,
		variable: 'SCHEDULER_RENDER',
		run: async () => {
			const cards = await renderUpcoming(queue, source.current(), { cardsDir: config.cardsDir, siteUrl: config.siteUrl });
			return { summary: `${cards} cards ready`, changed: cards > 0 };
		}
	},
	publish: {
		schedule: config.scheduler.publish,
		variable: 'SCHEDULER_PUBLISH',
		run: async () => {
			const recovered = recover(queue, channels, { owner, maxAttempts: config.scheduler.maxAttempts });
			// Read back what a person would otherwise check first, so a post found absent goes out in this tick.
			const checked = await checkUnknown(queue, channels, { timeoutMs: config.scheduler.timeoutMs, siteUrl: config.siteUrl, marks: config.marks });
			const result = await publishDue(queue, source.current(), channels, {
				owner,
				...config.scheduler,
				cardsDir: config.cardsDir,
				siteUrl: config.siteUrl,
				marks: config.marks,
				stopping: () => stopping
			});
			return {
				summary: `${result.published} published, ${result.retried} to retry, ${result.failed} failed, ${result.unknown} to check${recovered.length ? `, ${recovered.length} recovered after a crash` : ''}${checked.published + checked.sendAgain ? `, ${checked.published} found published and ${checked.sendAgain} found absent by reading back` : ''}`,
				changed: result.published + result.retried + result.failed + result.unknown + recovered.length + checked.published + checked.sendAgain > 0
			};
		}
	},
	engagement: {
		schedule: config.scheduler.engagement,
		variable: 'SCHEDULER_ENGAGEMENT',
		run: async () => {
			const result = await readEngagement(database, channels, {
				timeoutMs: config.scheduler.timeoutMs,
				paceScale: config.scheduler.paceScale,
				stopping: () => stopping
			});
			return {
				summary: `${result.read} readings, ${result.unreadable} without figures, ${result.retry} to try again, ${result.held} held`,
				changed: result.read + result.unreadable + result.retry > 0
			};
		}
	}
};

/** The database file is still the one opened; otherwise the scheduler stops, naming it. */
function fileIsThere(): boolean {
	try {
		checkDbFile(database);
		return true;
	} catch (error) {
		if (!(error instanceof DatabaseMissingError)) throw error;
		void stop(`${error.message} Nothing more is written to it; restore it, then start the scheduler again`, 1);
		return false;
	}
}

/** One run of a job. It never rejects: whatever goes wrong is logged, and the next tick tries again. */
function tick(name: JobName, { log = false } = {}): Promise<void> {
	if (stopping || inFlight.has(name) || !fileIsThere()) return Promise.resolve();
	inFlight.add(name);
	const started = new Date();
	const work = jobs[name]
		.run()
		.then(({ summary, changed }) => {
			if (changed || log) console.log(`[${started.toISOString()}] ${name}: ${summary}`);
			if (fileIsThere()) recordJob(database, name, started);
		})
		.catch((error: unknown) => {
			console.error(`[${started.toISOString()}] ${name} failed: ${messageOf(error)}`);
			if (fileIsThere()) recordJob(database, name, started, error);
		})
		.finally(() => inFlight.delete(name));
	running.add(work);
	return work.finally(() => running.delete(work));
}

for (const [name, job] of Object.entries(jobs) as [JobName, (typeof jobs)[JobName]][]) {
	if (!cron.validate(job.schedule)) refuse(`Configuration: ${job.variable} must be a cron expression, got "${job.schedule}"`);
	tasks.push(cron.schedule(job.schedule, () => tick(name), { name, noOverlap: true }));
}
console.log(
	`Scheduler ${owner}: plan "${jobs.plan.schedule}", render "${jobs.render.schedule}", publish "${jobs.publish.schedule}", engagement "${jobs.engagement.schedule}"; channels: ${[...channels.keys()].join(', ')}; database ${config.database}`
);
await tick('plan', { log: true });
