/**
 * The scheduler: `npm run scheduler` (and `npm start`, beside the site). Three node-cron jobs —
 * plan (campaigns → draft posts), render (cards of upcoming posts) and publish (due posts) — none
 * of which ever overlaps itself. SIGTERM: take no new work, finish what is in flight, exit.
 */
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import { config } from '../src/lib/server/config.ts';
import { loadContent } from '../src/lib/server/content/load.ts';
import { openDb } from '../src/lib/server/db/index.ts';
import { recordJob } from '../src/lib/server/queue/health.ts';
import { Queue } from '../src/lib/server/queue/posts.ts';
import { configuredChannels } from './channels/index.ts';
import { planCampaigns } from './plan.ts';
import { publishDue, recover } from './publish.ts';
import { renderUpcoming } from './render.ts';

const db = openDb(config.database);
const queue = new Queue(db);
const content = loadContent();
const channels = configuredChannels();
const owner = `scheduler@${hostname()}:${process.pid}`;
let stopping = false;
const running = new Set<Promise<void>>();

const jobs: Record<'plan' | 'render' | 'publish', { schedule: string; variable: string; run: () => Promise<string> }> = {
	plan: {
		schedule: config.scheduler.plan,
		variable: 'SCHEDULER_PLAN',
		run: async () => {
			const { created, existing } = planCampaigns(content, queue, config.siteUrl);
			return `${created} new draft posts, ${existing} already planned`;
		}
	},
	render: {
		schedule: config.scheduler.render,
		variable: 'SCHEDULER_RENDER',
		run: async () => `${await renderUpcoming(queue, content, { cardsDir: config.cardsDir, siteUrl: config.siteUrl })} cards ready`
	},
	publish: {
		schedule: config.scheduler.publish,
		variable: 'SCHEDULER_PUBLISH',
		run: async () => {
			const recovered = recover(queue, channels, { owner, maxAttempts: config.scheduler.maxAttempts });
			const result = await publishDue(queue, content, channels, {
				owner,
				...config.scheduler,
				cardsDir: config.cardsDir,
				siteUrl: config.siteUrl,
				stopping: () => stopping
			});
			return `${result.published} published, ${result.retried} to retry, ${result.failed} failed, ${result.unknown} to check${recovered.length ? `, ${recovered.length} recovered after a crash` : ''}`;
		}
	}
};

function tick(name: keyof typeof jobs): Promise<void> {
	if (stopping) return Promise.resolve();
	const started = new Date();
	const work = jobs[name]
		.run()
		.then((summary) => {
			recordJob(db, name, started);
			if (!/^0 /.test(summary) || name === 'plan') console.log(`[${started.toISOString()}] ${name}: ${summary}`);
		})
		.catch((error: unknown) => {
			recordJob(db, name, started, error);
			console.error(`[${started.toISOString()}] ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
		});
	running.add(work);
	return work.finally(() => running.delete(work));
}

const tasks: ScheduledTask[] = [];
for (const [name, job] of Object.entries(jobs) as [keyof typeof jobs, (typeof jobs)[keyof typeof jobs]][]) {
	if (!cron.validate(job.schedule)) {
		console.error(`Configuration: ${job.variable} must be a cron expression, got "${job.schedule}"`);
		process.exit(1);
	}
	tasks.push(cron.schedule(job.schedule, () => tick(name), { name, noOverlap: true }));
}
console.log(
	`Scheduler ${owner}: plan "${jobs.plan.schedule}", render "${jobs.render.schedule}", publish "${jobs.publish.schedule}"; channels: ${[...channels.keys()].join(', ')}; database ${config.database}`
);
await tick('plan');

async function stop(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: taking no new work; waiting for ${running.size} job(s) in flight`);
	await Promise.all(tasks.map((task) => task.stop()));
	await Promise.all(running);
	db.close();
	console.log('Scheduler stopped cleanly');
	process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
