import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './tests/chromium.js';
import { dataDir, threadsTokenExpires } from './tests/e2e/admin.ts';

const port = Number(process.env.E2E_PORT ?? 4173);

// Cheap password hashes for the test server and the CLIs the tests run (for tests only: production's
// scrypt cost makes each hash take about half a second). Read by src/lib/server/config.ts.
process.env.CARAVAN_TEST_SCRYPT_N ??= '1024';

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	// Two at a time even on two cores (Playwright's default is half the cores): most of a test's time is
	// the browser and the server waiting on each other, so two workers finish the suite sooner.
	workers: 2,
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
	timeout: 30_000,
	use: {
		...devices['Desktop Chrome'],
		baseURL: `http://127.0.0.1:${port}`,
		launchOptions: { executablePath: chromiumPath, args: chromiumArgs }
	},
	projects: [
		// Makes the dashboard's users and signs each role in once (tests/e2e/admin.setup.ts).
		{ name: 'setup', testMatch: /admin\.setup\.ts/ },
		{ name: 'chromium', dependencies: ['setup'] }
	],
	webServer: {
		command: 'node src/serve.js',
		url: `http://127.0.0.1:${port}/en/`,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			CARAVAN_DATA_DIR: dataDir,
			VISIT_FLUSH_SECONDS: '1',
			// A channel whose access is about to expire, for the dashboard's warning (tests/e2e/admin.ts).
			THREADS_USER_ID: '17841400000000000',
			THREADS_TOKEN: 'e2e-threads-token',
			THREADS_TOKEN_EXPIRES: threadsTokenExpires
		},
		reuseExistingServer: false,
		timeout: 30_000
	}
});
