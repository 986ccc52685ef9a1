import adapter from '@sveltejs/adapter-node';
import { createHash } from 'node:crypto';

// SvelteKit's route announcer (on pages that run JavaScript: the dashboard) carries this style
// attribute. The policy allows exactly this one inline style and no other.
const announcerStyle =
	'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px';
const announcerHash = `sha256-${createHash('sha256').update(announcerStyle).digest('base64')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter({ precompress: true }),
		// Type-check the scheduler, the benchmarks, the deployment's test and the test configuration's own test with the app.
		typescript: {
			config(tsconfig) {
				tsconfig.include.push('../scheduler/**/*.ts', '../bench/**/*.ts', '../deploy/**/*.ts', '../vite.config.spec.ts');
			}
		},
		// Public pages are prerendered; CSS is inlined so a page needs one request on a slow connection.
		inlineStyleThreshold: 40_000,
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'style-src': ['self', 'unsafe-hashes', announcerHash],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				// Sent as a header by dynamic pages (the dashboard); left out of prerendered pages' meta tag,
				// where serve.js adds it as a header instead.
				'frame-ancestors': ['none']
			}
		},
		prerender: {
			entries: ['*'],
			handleHttpError: ({ path, referrer, message }) => {
				throw new Error(`${message} (linked from ${referrer ?? 'an entry'}): ${path}`);
			}
		}
	}
};

export default config;
