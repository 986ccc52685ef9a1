/**
 * `npm run content:report`: how complete, readable and traceable the content is, per locale.
 * Exits non-zero when a gate fails, and says which.
 */
import { config } from '#lib/server/config.ts';
import { ContentError, loadContent } from '#lib/server/content/load.ts';
import { contentReport, formatReport, limits } from '#lib/server/content/report.ts';
import { readStrategy } from '#lib/server/content/sources.ts';
import { factsPerSection } from '#lib/server/content/truth.ts';

try {
	const content = loadContent();
	const strategy = readStrategy(config.strategySource);
	const report = contentReport(content, strategy);
	console.log(formatReport(report));
	console.log(
		`\nGates: every locale complete; every fact's quote in the strategy (${strategy ? config.strategySource : 'NOT FOUND: ' + config.strategySource}) with its numbers; ` +
			`the same numbers in every locale; the same glossary links as English; average sentence ≤ ${limits.averageSentence} words, none over ${limits.longestSentence}; ` +
			`English Flesch-Kincaid grade ≤ ${limits.englishGrade} for every topic; each fact's text does what its quote does (states, plans, recommends, aims) ` +
			`and names its year or the strategy in every locale; each fact's headline carries its figure's numbers, the same as English, none its text lacks, and names its year or the strategy; ` +
			`one rendering of each recurring name per locale; at least ${factsPerSection} facts per numbered section.`
	);
	if (report.failures.length > 0) {
		console.error(`\n${report.failures.length} gate${report.failures.length === 1 ? '' : 's'} failed:`);
		for (const failure of report.failures) console.error(`  - ${failure}`);
		process.exit(1);
	}
	console.log('\nAll gates pass.');
} catch (error) {
	if (error instanceof ContentError) {
		console.error(error.message);
		process.exit(1);
	}
	throw error;
}
