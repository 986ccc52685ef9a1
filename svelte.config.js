import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter({ precompress: true }),
		// Type-check the scheduler and the benchmarks with the app.
		typescript: {
			config(tsconfig) {
				tsconfig.include.push('../scheduler/**/*.ts', '../bench/**/*.ts');
			}
		},
		// Public pages are prerendered; CSS is inlined so a page needs one request on a slow connection.
		inlineStyleThreshold: 40_000,
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'style-src': ['self'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
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
