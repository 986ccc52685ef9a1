import { resolve } from 'node:path';
import { publicHost } from '#lib/core/paths.ts';
import { readChannelSettings } from '#lib/server/publishing/channels/index.ts';

/**
 * Configuration, read from the environment in one place. Every variable is optional: the defaults run
 * Caravan on one machine with no account anywhere. The README lists them.
 */
function url(name: string, fallback: string): string {
	const value = process.env[name] ?? fallback;
	try {
		const parsed = new URL(value);
		if (!/^https?:$/.test(parsed.protocol)) throw new Error('not http(s)');
	} catch {
		throw new Error(`Configuration: ${name} must be an http:// or https:// address, got "${value}"`);
	}
	return value.replace(/\/+$/, '');
}

function int(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) {
		throw new Error(`Configuration: ${name} must be a whole number of 1 or more, got "${raw}"`);
	}
	return value;
}

/** A switch: on unless the variable says off (anything else is a mistake, said so). */
function onOff(name: string, fallback: boolean): boolean {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	if (raw === 'on' || raw === 'off') return raw === 'on';
	throw new Error(`Configuration: ${name} must be "on" or "off", got "${raw}"`);
}

/** scrypt's cost for new password hashes: OWASP's N = 2^17, r = 8, p = 1 (128 MiB and a thread per check). */
export const productionScrypt = { N: 2 ** 17, r: 8, p: 1 } as const;

/**
 * The scrypt cost new hashes are made with: production's, unless CARAVAN_TEST_SCRYPT_N lowers N. That
 * variable is for tests only (a production-cost hash takes about half a second); never set it in a
 * deployment. Every hash stores its own parameters, so a test's cheap hashes never meet production's.
 */
export function scryptCost(raw: string | undefined): { N: number; r: number; p: number } {
	if (raw === undefined || raw === '') return productionScrypt;
	const N = Number(raw);
	if (!Number.isInteger(N) || N < 2 || N > productionScrypt.N || (N & (N - 1)) !== 0) {
		throw new Error(
			`Configuration: CARAVAN_TEST_SCRYPT_N (for tests only) must be a power of two from 2 to ${productionScrypt.N}, got "${raw}"`
		);
	}
	return { ...productionScrypt, N };
}

/** The public address a build uses when SITE_URL is not set. */
export const defaultSiteUrl = 'http://localhost:3000';

/**
 * What `npm run build` says, at its start and at its end, when SITE_URL is not set: the build would
 * write this machine's address into every page, feed, sitemap, share link and card. Undefined when it
 * is set (an address that is not http(s) stops the build anyway, when the configuration is read).
 */
export function siteUrlWarning(env: Record<string, string | undefined>): string | undefined {
	if (env.SITE_URL !== undefined && env.SITE_URL.trim() !== '') {
		if (publicHost(env.SITE_URL)) return undefined;
		return [
			`SITE_URL is ${env.SITE_URL}, an address of this machine.`,
			'Canonical links, the sitemap, the feeds and share links point at it, and share cards carry no address.',
			'For a public site, build with its address:',
			'  SITE_URL=https://caravan.example.org npm run build'
		].join('\n');
	}
	return [
		'SITE_URL is not set.',
		`This build uses ${defaultSiteUrl} as the site's public address: canonical links, hreflang,`,
		'the sitemap, the Atom feeds, share links and og:image cards all point at it, and share cards carry no address.',
		'That is fine for trying Caravan on this machine. For a public site, build with its address:',
		'  SITE_URL=https://caravan.example.org npm run build'
	].join('\n');
}

const dataDir = resolve(process.env.CARAVAN_DATA_DIR ?? 'data');

export const config = {
	/** The content: one YAML file per item per language (content/README.md). */
	contentDir: resolve(process.env.CARAVAN_CONTENT_DIR ?? 'content'),
	/** Where Caravan keeps what it makes: the card cache, the queue database, the outbox. */
	dataDir,
	/** Rendered share cards, named by a hash of what they show. */
	cardsDir: resolve(dataDir, 'cards'),
	/** The queue and its audit log: one SQLite file shared by the site and the scheduler. */
	database: resolve(process.env.CARAVAN_DATABASE ?? resolve(dataDir, 'caravan.db')),
	/** Where the outbox channel writes posts for people who post by hand. */
	outboxDir: resolve(dataDir, 'outbox'),
	/** The scheduler's jobs (cron expressions; six fields for seconds) and delivery settings. */
	scheduler: {
		plan: process.env.SCHEDULER_PLAN ?? '*/15 * * * *',
		render: process.env.SCHEDULER_RENDER ?? '*/5 * * * *',
		publish: process.env.SCHEDULER_PUBLISH ?? '* * * * *',
		/** Reading published posts' engagement back (each is read about 1 h, 1 d and 7 d after it went out). */
		engagement: process.env.SCHEDULER_ENGAGEMENT ?? '*/5 * * * *',
		leaseMs: int('PUBLISH_LEASE_SECONDS', 300) * 1000,
		timeoutMs: int('PUBLISH_TIMEOUT_SECONDS', 30) * 1000,
		maxAttempts: int('PUBLISH_MAX_ATTEMPTS', 5),
		backoffMs: int('PUBLISH_BACKOFF_SECONDS', 30) * 1000,
		maxPerTick: int('PUBLISH_BATCH', 50),
		/** 0 switches off the pacing to each network's rate limit (for local test servers only). */
		paceScale: process.env.PUBLISH_PACING === 'off' ? 0 : 1
	},
	/**
	 * The networks, each switched on by its credentials, each read by its own module (the registry in
	 * publishing/channels/index.ts). Secrets stay here and in the channel modules: never print this object.
	 * Instagram, Facebook and Threads read SITE_URL too (the networks fetch the cards from it), and the
	 * test-only CARAVAN_TEST_LOCAL_IMAGES=1, which lets them start on this machine's address for fakes on
	 * 127.0.0.1; without it they refuse a SITE_URL that is not public https.
	 */
	channels: readChannelSettings(process.env),
	/** The token a monitor sends (`Authorization: Bearer …`) to see /healthz's details; without it, ok or not ok only. */
	healthzToken: process.env.HEALTHZ_TOKEN || undefined,
	/** How passwords are hashed (see scryptCost). */
	scrypt: scryptCost(process.env.CARAVAN_TEST_SCRYPT_N),
	/** The public address of the site, used in canonical URLs, feeds, the sitemap and share links. */
	siteUrl: url('SITE_URL', defaultSiteUrl),
	/**
	 * Whether links to the site in posts carry utm_ marks (network, campaign, post) when published, so the
	 * visit counts can say which post a reader came from. POST_LINK_MARKS=off sends links as they are.
	 */
	marks: onOff('POST_LINK_MARKS', true),
	/**
	 * Whether the server counts page views (no cookie, no IP address, no user agent kept: stats/). Behind
	 * nginx, which serves the prerendered pages itself, switch it off (VISIT_COUNTING=off) and import
	 * nginx's access log instead (`npm run stats -- import`), or proxied pages would count twice.
	 */
	visits: onOff('VISIT_COUNTING', true),
	/** How often counted visits are written to the database (and at shutdown). */
	visitsFlushMs: int('VISIT_FLUSH_SECONDS', 10) * 1000,
	/** The official text of the strategy on EUR-Lex. */
	strategyUrl: 'https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52019JC0009',
	/** The strategy's Swedish text, against which every fact's quote is checked. */
	strategySource: resolve(
		process.env.CARAVAN_STRATEGY_SOURCE ?? '../shared/source/eu-central-asia-strategy-2019.sv.txt'
	)
};
