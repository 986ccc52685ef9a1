/** The dashboard's accessibility check: axe with the WCAG 2.2 AA rules and best practice, as a soft expectation. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export async function noViolations(page: Page, what: string) {
	const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
	const summary = results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect.soft(summary, what).toEqual([]);
}
