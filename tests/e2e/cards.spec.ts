import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const cardsDir = 'build/prerendered/cards';
const formats = { og: [1200, 630], square: [1080, 1080], portrait: [1080, 1350], story: [1080, 1920] } as const;

function pngs(dir: string): string[] {
	return readdirSync(dir).flatMap((entry) => {
		const full = join(dir, entry);
		return statSync(full).isDirectory() ? pngs(full) : entry.endsWith('.png') ? [full] : [];
	});
}

test('every card in the build is a PNG of its format’s size and at most 1,000,000 bytes (Bluesky’s limit)', () => {
	const files = pngs(cardsDir);
	// 7 languages × (12 topics + every fact + 3 opportunities + 6 pages) × 4 formats
	expect(files.length).toBeGreaterThanOrEqual(7 * (12 + 30 + 3 + 6) * 4);
	const tooBig: string[] = [];
	for (const file of files) {
		const png = readFileSync(file);
		const format = file.match(/\/(\w+)\.png$/)?.[1] as keyof typeof formats;
		expect(png.subarray(1, 4).toString(), file).toBe('PNG');
		expect([png.readUInt32BE(16), png.readUInt32BE(20)], file).toEqual([...formats[format]]);
		if (png.length > 1_000_000) tooBig.push(`${file}: ${png.length} bytes`);
	}
	expect(tooBig).toEqual([]);
});

for (const path of ['/kk/topics/connectivity/', '/uz/facts/seventy-million-people/', '/ru/opportunities/', '/tk/']) {
	test(`${path}: og:image is a real 1200×630 card with alt text in the page’s language`, async ({ page, request }) => {
		await page.goto(path);
		const image = await page.locator('meta[property="og:image"]').getAttribute('content');
		const alt = await page.locator('meta[property="og:image:alt"]').getAttribute('content');
		expect(alt?.length).toBeGreaterThan(40);
		await expect(page.locator('meta[name="twitter:image:alt"]')).toHaveAttribute('content', alt ?? '');
		const response = await request.get(new URL(image ?? '').pathname);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('image/png');
		const png = await response.body();
		expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
	});
}

test('the alt text is in the card’s language', async ({ page }) => {
	await page.goto('/kk/topics/youth-education/');
	expect(await page.locator('meta[property="og:image:alt"]').getAttribute('content')).toMatch(/[әғқңөұүһі]/);
	await page.goto('/uz/topics/youth-education/');
	expect(await page.locator('meta[property="og:image:alt"]').getAttribute('content')).toMatch(/ʻ/);
});

for (const path of [
	'/cards/xx/topic/connectivity/og.png',
	'/cards/en/topic/no-such-topic/og.png',
	'/cards/en/topic/connectivity/huge.png',
	'/cards/en/poster/connectivity/og.png',
	'/cards/en/topic/..%2F..%2F..%2Fpackage.json/og.png',
	'/cards/en/topic/%2e%2e/og.png',
	'/cards/en/../../package.json'
]) {
	test(`${path} is a 404, not a crash or a file outside the cards`, async ({ request }) => {
		const response = await request.get(path);
		expect(response.status()).toBe(404);
		expect(await response.text()).not.toContain('"name": "caravan"');
	});
}

test('a topic and a fact page offer their card in every format to download, and a carousel slide is drawn when asked for', async ({ page, request }) => {
	const sizes = Object.values(formats);
	for (const path of ['/ky/topics/environment-water/', '/en/facts/seventy-million-people/']) {
		await page.goto(path);
		const links = page.locator('.download a[download]');
		await expect(links).toHaveCount(4);
		for (const [i, link] of (await links.all()).entries()) {
			const [width, height] = sizes[i]!;
			// The size in words: the link says it.
			await expect(link).toContainText(`${width} × ${height}`);
			const response = await request.get((await link.getAttribute('href'))!);
			expect(response.status(), path).toBe(200);
			expect(response.headers()['content-type']).toBe('image/png');
			const png = await response.body();
			expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([width, height]);
		}
	}
	// Not in the build: the server draws it, then serves it from its cache.
	for (const format of ['square', 'portrait']) {
		const response = await request.get(`/cards/tg/slide/connectivity-2/${format}.png`);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('image/png');
	}
	expect((await request.get('/cards/tg/slide/connectivity-2/story.png')).status()).toBe(404);
});
