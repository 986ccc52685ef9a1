/**
 * `npm run build` runs this first and last (`start`, `end`): a warning nobody can miss when SITE_URL is
 * not set, once before the long build output and once after it. It never fails the build.
 */
import { siteUrlWarning } from '#lib/server/config.ts';

const warning = siteUrlWarning(process.env);
if (warning) {
	const when = process.argv[2] === 'end' ? 'This build is done, but' : 'Before this build:';
	const lines = [`WARNING – ${when} ${warning.split('\n')[0]}`, ...warning.split('\n').slice(1)];
	const width = Math.max(...lines.map((line) => line.length));
	const rule = '!'.repeat(width + 4);
	const color = process.stderr.isTTY && !process.env.NO_COLOR;
	const paint = (text: string) => (color ? `\x1b[1;33m${text}\x1b[0m` : text);
	console.warn(['', rule, ...lines.map((line) => `! ${line.padEnd(width)} !`), rule, ''].map(paint).join('\n'));
}
