import { availableParallelism } from 'node:os';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';
import { ContentError, loadContent } from '#lib/server/content/load.ts';
import { siteWarnings } from '#lib/server/content/site.ts';
import { topicStyles } from '#lib/server/look/styles.ts';

/**
 * Validates `content/` before anything is built, so a broken file stops the build with a clear list;
 * and says, once per build (not in the dev server or the tests), what `content/site.yaml` still
 * leaves as a placeholder.
 */
function content(): Plugin {
	let building = false;
	return {
		name: 'caravan-content',
		configResolved(config) {
			building = config.command === 'build';
		},
		buildStart() {
			try {
				const loaded = loadContent();
				const warnings = siteWarnings(loaded.site);
				// SvelteKit builds twice (client and server), in one process: one warning is enough.
				if (building && !process.env.CARAVAN_SITE_WARNED && warnings.length > 0) {
					process.env.CARAVAN_SITE_WARNED = '1';
					const line = '!'.repeat(78);
					console.warn(
						`\n${line}\n  Who runs this site is not configured yet (content/site.yaml):\n` +
							warnings.map((warning) => `  - ${warning}`).join('\n') +
							`\n  Every page shows these values in its footer. See README.md, "Configuration".\n${line}\n`
					);
				}
			} catch (error) {
				if (error instanceof ContentError) this.error(error.message);
				throw error;
			}
		},
		configureServer(server) {
			server.watcher.add('content');
			server.watcher.on('change', (file) => {
				if (file.includes('/content/')) server.ws.send({ type: 'full-reload' });
			});
		}
	};
}

/**
 * `virtual:caravan/topics.css`: each topic's colour as a class (made from content/topics/<slug>/meta.yaml),
 * bundled with the rest of the CSS, so that the pages need no inline style (the CSP allows none).
 */
function topicColours(): Plugin {
	const id = 'virtual:caravan/topics.css';
	// No leading \0: Vite's CSS plugins only take ids that look like files.
	const resolved = '/@caravan/topics.css';
	return {
		name: 'caravan-topic-colours',
		resolveId: (source) => (source === id ? resolved : undefined),
		load: (source) => (source === resolved ? topicStyles(loadContent().topics) : undefined),
		configureServer(server) {
			server.watcher.on('change', (file) => {
				const module = file.includes('/content/topics/') ? server.moduleGraph.getModuleById(resolved) : undefined;
				if (module) server.moduleGraph.invalidateModule(module);
			});
		}
	};
}

/** The specs that start processes or run a build (`npm run test:integration`); the rest are unit tests. */
const integration = ['scheduler/**/*.spec.ts', 'src/**/*.process.spec.ts', 'deploy/**/*.process.spec.ts'];
const faults = 'scheduler/fault.spec.ts';

export default defineConfig({
	plugins: [content(), topicColours(), sveltekit()],
	// Scripts must be files: the Content-Security-Policy allows scripts from 'self' only, not data: URLs.
	build: { assetsInlineLimit: 0 },
	test: {
		expect: { requireAssertions: true },
		environment: 'node',
		// Every core: Vitest's default leaves one free for itself, which on a 2-core machine is one worker
		// for ~900 unit tests, though the main process has little to do while they run.
		maxWorkers: availableParallelism(),
		// Cheap password hashes in every test (production's cost is slow on purpose);
		// the one test of the production parameters passes them itself.
		env: { CARAVAN_TEST_SCRYPT_N: '1024' },
		projects: [
			{
				extends: true,
				// Reading the whole content takes about half a second warm; on a busy shared machine several
				// times that, so a test that reads it more than once gets more than Vitest's 5 s.
				test: { name: 'unit', include: ['*.spec.ts', 'src/**/*.spec.ts'], exclude: [...integration, ...configDefaults.exclude], testTimeout: 20_000 }
			},
			// These start processes (the scheduler, the CLIs, a build, nginx, the Nu checker), which mostly wait
			// on each other: two files at a time. The fault-injection run measures how long a request takes to
			// leave after its mark, which a second file's load would stretch: it runs after them, alone.
			{ extends: true, test: { name: 'integration', include: integration, exclude: [faults], sequence: { groupOrder: 1 } } },
			{ extends: true, test: { name: 'integration-faults', include: [faults], sequence: { groupOrder: 2 } } }
		]
	}
});
