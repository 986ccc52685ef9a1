// The browser every test and benchmark drives: the system Chromium (Debian's `chromium`), because
// Playwright cannot download its own here. CHROMIUM_PATH names another; an empty value lets
// Playwright use its own browser.
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The browser's path, or undefined to let Playwright use its own. */
export const chromiumPath = path && existsSync(path) ? path : undefined;

/** Flags that work on a machine without a display, a GPU or an outside network. */
export const chromiumArgs = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
