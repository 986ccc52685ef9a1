/**
 * `npm run stats -- <command>`: the visit counts (src/lib/server/stats/).
 *
 *   import <access log>…   count the page views in nginx's access logs (combined format), by the same
 *                          rules as the server's live count. A log imported before adds only its new
 *                          lines. Lines not in the format are skipped and reported (the first few with
 *                          their numbers); a log with no line in the format is refused.
 *   show [--json]          the counts: every row (day, path, language, referring host, marks, views)
 *
 * Exit codes: 0 done (skipped lines are reported on stderr), 1 a log could not be imported, 2 usage.
 */
import { parseArgs } from 'node:util';
import { config } from '#lib/server/config.ts';
import { openDb } from '#lib/server/store/database.ts';
import { ImportError, importLog } from '#lib/server/stats/import.ts';
import { visitRows } from '#lib/server/stats/store.ts';
import { visitFields } from '#lib/server/stats/rules.ts';

const usage = 'Usage: npm run stats -- import <access log>… | show [--json] (see src/cli/stats.ts)';
const { values: options, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' } } });
const [command, ...files] = positionals;

function open() {
	try {
		return openDb(config.database, { create: false });
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		process.exit(1);
	}
}

if (command === 'import') {
	if (!files.length) {
		console.error(`import: name the access log to import.\n${usage}`);
		process.exit(2);
	}
	const db = open();
	let failed = false;
	for (const file of files) {
		const started = performance.now();
		try {
			const result = await importLog(db, file);
			const seconds = ((performance.now() - started) / 1000).toFixed(1);
			const before = result.before ? ` (${result.before} lines imported before)` : '';
			console.log(`${file}: ${result.lines} new lines${before}, ${result.views} page views counted, ${result.bots} by bots left out, in ${seconds} s`);
			if (result.partial) console.log(`${file}: its last line is still being written; the next import takes it`);
			if (result.skipped.count) {
				console.error(`${file}: ${result.skipped.count} lines skipped, not in nginx's combined log format:`);
				for (const { line, text } of result.skipped.first) console.error(`  line ${line}: ${JSON.stringify(text)}`);
				if (result.skipped.count > result.skipped.first.length) console.error(`  … and ${result.skipped.count - result.skipped.first.length} more`);
			}
		} catch (error) {
			failed = true;
			console.error(error instanceof ImportError ? error.message : `${file}: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
	db.close();
	process.exit(failed ? 1 : 0);
} else if (command === 'show') {
	const db = open();
	const rows = visitRows(db);
	db.close();
	if (options.json) console.log(JSON.stringify(rows));
	else {
		console.log([...visitFields, 'views'].join('\t'));
		for (const row of rows) console.log([...visitFields.map((field) => row[field] || '-'), row.views].join('\t'));
	}
} else {
	console.error(usage);
	process.exit(2);
}
