/**
 * Who runs the site, as content/site.yaml says: in the footer of every page, on About and in the
 * accessibility statement; nothing where the file says nothing. Read from the content, so the tests
 * hold for the shipped placeholder and for a deployment's own file alike.
 */
import { expect, test } from '@playwright/test';
import { fill, locales } from '#lib/core/i18n.ts';
import { loadContent, unreviewed } from '#lib/server/content/index.ts';
import { profileNetworkNames, profileNetworks } from '#lib/server/content/schema.ts';
import { publisherView } from '#lib/server/views/site.ts';

const content = loadContent();

test('the footer says who runs the site, how to reach them and where to follow them, from site.yaml, in every language', async ({ page }) => {
	test.setTimeout(60_000);
	for (const locale of locales) {
		const ui = content.ui[locale];
		const publisher = publisherView(content, locale);
		for (const path of [`/${locale}/`, `/${locale}/topics/connectivity/`]) {
			await page.goto(path);
			const footer = page.getByRole('contentinfo');
			if (publisher.name) await expect(footer.locator('.publisher')).toHaveText(fill(ui.publisher.run_by, { publisher: publisher.name }));
			else await expect(footer.locator('.publisher')).toHaveCount(0);
			if (publisher.email) await expect(footer.getByRole('link', { name: publisher.email })).toHaveAttribute('href', `mailto:${publisher.email}`);
			const follow = footer.getByRole('list', { name: ui.publisher.follow });
			const links = follow.getByRole('link');
			await expect(links).toHaveCount(publisher.follow.length);
			for (const [index, profile] of publisher.follow.entries()) {
				await expect(links.nth(index)).toHaveText(profile.name);
				await expect(links.nth(index)).toHaveAttribute('href', profile.href);
				await expect(links.nth(index)).toHaveAttribute('rel', 'me');
			}
			// A network site.yaml leaves out has no link at all.
			for (const network of profileNetworkNames.filter((name) => !content.site.follow[name])) {
				await expect(footer.getByRole('link', { name: profileNetworks[network].name, exact: true })).toHaveCount(0);
			}
			await expect(footer.getByRole('link', { name: ui.about.accessibility_heading })).toHaveAttribute('href', `/${locale}/accessibility/`);
			await expect(footer.getByRole('link', { name: ui.privacy.link, exact: true })).toHaveAttribute('href', `/${locale}/privacy/`);
		}
	}
});

test('the shipped site.yaml configures a publisher, a contact and channels, so the footer test above checks something', () => {
	const publisher = publisherView(content, 'en');
	expect(publisher.name).toBeTruthy();
	expect(publisher.email ?? publisher.contactUrl).toBeTruthy();
	expect(publisher.follow.length).toBeGreaterThan(0);
	expect(profileNetworkNames.length).toBeGreaterThan(publisher.follow.length);
});

test('About says who runs the site and links the accessibility statement', async ({ page }) => {
	const ui = content.ui.kk;
	const publisher = publisherView(content, 'kk');
	await page.goto('/kk/about/');
	const section = page.getByRole('region', { name: ui.publisher.heading });
	await expect(section).toContainText(publisher.name!);
	await expect(section.getByRole('link', { name: publisher.follow[0]!.name })).toHaveAttribute('href', publisher.follow[0]!.href);
	await page.getByRole('link', { name: ui.accessibility.read }).click();
	await expect(page).toHaveURL('/kk/accessibility/');
});

for (const locale of locales) {
	test(`${locale}: the accessibility statement has the model's sections, its date, the draft languages and the contact`, async ({ page }) => {
		const ui = content.ui[locale];
		const a = ui.accessibility;
		const publisher = publisherView(content, locale);
		await page.goto(`/${locale}/accessibility/`);
		await expect(page.locator('h1')).toHaveText(a.title);
		// The statement's own sections (the page then ends with its next step, which has a heading too).
		await expect(page.locator('h2:not(#next-steps)')).toHaveText([a.status_heading, a.gaps_heading, a.preparation_heading, a.feedback_heading, a.enforcement_heading]);
		await expect(page.locator('time')).toHaveAttribute('datetime', content.site.statement.prepared);
		const gaps = page.getByRole('region', { name: a.gaps_heading });
		for (const code of locales) {
			const listed = gaps.locator(`[lang="${code}"]`);
			await expect(listed, code).toHaveCount(unreviewed(content, code) ? 1 : 0);
		}
		const feedback = page.getByRole('region', { name: a.feedback_heading });
		if (publisher.email) await expect(feedback.getByRole('link', { name: publisher.email })).toHaveAttribute('href', `mailto:${publisher.email}`);
		else await expect(feedback).toContainText(a.feedback_none);
	});
}
