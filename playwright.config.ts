import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './tests/chromium.js';

const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	workers: process.env.CI ? 2 : undefined,
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
	timeout: 30_000,
	use: {
		...devices['Desktop Chrome'],
		baseURL: `http://127.0.0.1:${port}`,
		launchOptions: { executablePath: chromiumPath, args: chromiumArgs }
	},
	webServer: {
		command: 'node src/serve.js',
		url: `http://127.0.0.1:${port}/en/`,
		env: { PORT: String(port), HOST: '127.0.0.1' },
		reuseExistingServer: false,
		timeout: 30_000
	}
});
