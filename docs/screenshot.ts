/**
 * Takes the README's screenshot of lesson 01 from the built site: `npm run build && npx tsx docs/screenshot.ts`.
 * Uses the same Chromium as the end-to-end tests (CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's).
 */
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { serveStatic } from '../test/e2e/static-server';

const OUT = 'docs/lesson-01.png';
const executablePath =
	process.env.CHROMIUM_PATH !== undefined
		? process.env.CHROMIUM_PATH || undefined
		: existsSync('/usr/bin/chromium')
			? '/usr/bin/chromium'
			: undefined;

const server = await serveStatic('build');
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
	const page = await browser.newPage({ viewport: { width: 1200, height: 860 }, colorScheme: 'light' });
	await page.goto(`${server.url}/lessons/01-layers/`);
	await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
	await page.getByRole('button', { name: 'Show the answer' }).click();
	const figure = page.locator('figure[data-view="virtual"]');
	await figure.locator('[data-layer="vm2-kernel"]').hover();
	await page.getByRole('heading', { name: 'Slide one more layer underneath' }).evaluate((h) => {
		window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 16);
	});
	// Show the question and the drawing together: the textarea is empty space in a still picture.
	await page
		.locator('.predict textarea, .predict label')
		.evaluateAll((els) => els.forEach((el) => ((el as HTMLElement).style.display = 'none')));
	await page.locator('.predict .question').evaluate((q) => {
		window.scrollTo(0, q.getBoundingClientRect().top + window.scrollY - 120);
	});
	await page.screenshot({ path: OUT });
	console.log(`wrote ${OUT}`);
} finally {
	await browser.close();
	await server.close();
}
