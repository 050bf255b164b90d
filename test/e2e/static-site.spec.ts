/**
 * `npm run build` must produce a site that any static file server can host: every page, its assets and
 * client-side navigation work from build/ served by the plain server in static-server.ts.
 */
import { existsSync } from 'node:fs';
import { serveStatic, type StaticServer } from './static-server';
import { lessonSlugs, sitePages, test, expect } from './site';

const BUILD = 'build';
let server: StaticServer;

test.beforeAll(async () => {
	expect(existsSync(`${BUILD}/index.html`), 'build/index.html exists (run `npm run build` first)').toBe(
		true
	);
	server = await serveStatic(BUILD);
});

test.afterAll(async () => {
	await server?.close();
});

test.describe('the static build on a plain file server', () => {
	for (const path of sitePages()) {
		test(`serves ${path} with every asset and hydrates`, async ({ page }) => {
			const failed: string[] = [];
			page.on('response', (response) => {
				if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
			});
			const response = await page.goto(server.url + path);
			expect(response?.status()).toBe(200);
			expect(response?.headers()['content-type']).toContain('text/html');
			await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
			await expect(page.locator('h1')).toHaveCount(1);
			expect(failed, 'requests that failed').toEqual([]);
		});
	}

	test('navigates between lessons on the client', async ({ page }) => {
		const [first, second] = lessonSlugs();
		await page.goto(`${server.url}/lessons/`);
		await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
		await page.locator(`main a[href="/lessons/${first}/"]`).click();
		await expect(page).toHaveURL(`${server.url}/lessons/${first}/`);
		await expect(page.locator('article .number')).toHaveText(`Lesson ${first.slice(0, 2)}`);
		if (second) {
			await page.locator('a[rel="next"]').click();
			await expect(page).toHaveURL(`${server.url}/lessons/${second}/`);
		}
	});

	test('serves the guest kernel image and the C sources its line tables name', async ({ request }) => {
		const elf = await request.get(`${server.url}/guest/kernel.elf`);
		expect(elf.status()).toBe(200);
		expect((await elf.body()).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
		const source = await request.get(`${server.url}/guest/src/kernel/main.c`);
		expect(source.status()).toBe(200);
		expect(await source.text()).toContain('void kmain(');
	});

	test('redirects a directory without its slash and 404s what does not exist', async ({ request }) => {
		const redirect = await request.get(`${server.url}/lessons`, { maxRedirects: 0 });
		expect(redirect.status()).toBe(301);
		expect(redirect.headers()['location']).toBe('/lessons/');
		expect((await request.get(`${server.url}/lessons/99-missing/`)).status()).toBe(404);
		expect((await request.get(`${server.url}/../package.json`)).status()).not.toBe(200);
	});

	test('has no page that only works through the SvelteKit server', async ({ request }) => {
		// Every prerendered page's data file exists, so client navigation never asks a server to render.
		for (const path of sitePages()) {
			const data = await request.get(`${server.url}${path}__data.json`);
			expect(data.status(), `${path}__data.json`).toBe(200);
		}
	});
});
