/**
 * Takes the README's screenshots from the built site: `npm run build && npx tsx docs/screenshot.ts`.
 * Uses the same Chromium as the end-to-end tests (CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's).
 */
import { chromium, type Browser } from '@playwright/test';
import { existsSync } from 'node:fs';
import { serveStatic } from '../test/e2e/static-server';

const executablePath =
	process.env.CHROMIUM_PATH !== undefined
		? process.env.CHROMIUM_PATH || undefined
		: existsSync('/usr/bin/chromium')
			? '/usr/bin/chromium'
			: undefined;

/** Lesson 01: the layer-stack drawing with its question. */
async function lesson(browser: Browser, url: string, out: string) {
	const page = await browser.newPage({ viewport: { width: 1200, height: 860 }, colorScheme: 'light' });
	await page.goto(`${url}/lessons/01-layers/`);
	await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
	await page.getByRole('button', { name: 'Show the answer' }).click();
	const figure = page.locator('figure[data-view="virtual"]');
	await figure.locator('[data-layer="vm2-kernel"]').hover();
	// Show the question and the drawing together: the textarea is empty space in a still picture.
	await page
		.locator('.predict textarea, .predict label')
		.evaluateAll((els) => els.forEach((el) => ((el as HTMLElement).style.display = 'none')));
	await page.locator('.predict .question').evaluate((q) => {
		window.scrollTo(0, q.getBoundingClientRect().top + window.scrollY - 120);
	});
	await page.screenshot({ path: out });
	console.log(`wrote ${out}`);
}

/** The playground: the Sv32 paging example stepped to its first load through a virtual address. */
async function playground(browser: Browser, url: string, out: string) {
	const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light' });
	await page.goto(`${url}/playground/`);
	await page.locator('html[data-playground-ready="true"]').waitFor({ state: 'attached' });
	await page.getByLabel('Example').selectOption({ index: 6 });
	await page.getByRole('button', { name: 'Assemble & Load', exact: true }).click();
	await page.getByTestId('status').getByText('Loaded').waitFor();
	const step = page.getByRole('button', { name: 'Step', exact: true });
	const walk = page.getByRole('img', { name: /page walk/i });
	for (let i = 0; i < 200 && !(await walk.isVisible()); i++) await step.click();
	// The memory view and the page-walk drawing, beside the program's S-mode code in the editor.
	await page.getByRole('heading', { name: 'Memory', exact: true }).evaluate((h) => {
		window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 24);
	});
	await page.screenshot({ path: out });
	console.log(`wrote ${out}`);
}

/** Lesson 02: the VM lab stepped to alpha's first emulated CSR instruction. */
async function vmLab(browser: Browser, url: string, out: string) {
	const page = await browser.newPage({
		viewport: { width: 1200, height: 1100 },
		colorScheme: 'light',
		reducedMotion: 'reduce'
	});
	await page.goto(`${url}/lessons/02-trap-and-emulate/`);
	await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
	await page.getByRole('button', { name: 'Start the scenario' }).click();
	await page.getByTestId('lab-status').getByText('Started').waitFor();
	const next = page.getByRole('button', { name: "Run to alpha's next exit" });
	const first = page.getByTestId('exit-list').locator('tbody tr').first().locator('td').nth(2);
	for (let i = 0; i < 40; i++) {
		await next.click();
		await page.getByRole('button', { name: 'Back' }).and(page.locator(':enabled')).waitFor();
		if (/^csr/.test((await first.textContent()) ?? '')) break;
	}
	await page.locator('figure.vm-lab .controls').evaluate((c) => {
		window.scrollTo(0, c.getBoundingClientRect().top + window.scrollY - 16);
	});
	await page.screenshot({ path: out });
	console.log(`wrote ${out}`);
}

const server = await serveStatic('build');
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
	await lesson(browser, server.url, 'docs/lesson-01.png');
	await playground(browser, server.url, 'docs/playground.png');
	await vmLab(browser, server.url, 'docs/lesson-02.png');
} finally {
	await browser.close();
	await server.close();
}
