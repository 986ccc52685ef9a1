import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { ContentError, loadContent } from '#lib/server/content/load.ts';

/** Validates `content/` before anything is built, so a broken file stops the build with a clear list. */
function content(): Plugin {
	return {
		name: 'caravan-content',
		buildStart() {
			try {
				loadContent();
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

export default defineConfig({
	plugins: [content(), sveltekit()],
	// Scripts must be files: the Content-Security-Policy allows scripts from 'self' only, not data: URLs.
	build: { assetsInlineLimit: 0 },
	test: {
		include: ['src/**/*.spec.ts', 'scheduler/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		expect: { requireAssertions: true },
		environment: 'node'
	}
});
