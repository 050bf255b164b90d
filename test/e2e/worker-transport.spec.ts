/**
 * The session's Web Worker transport in a real browser: the playground's machine lives in a
 * dedicated worker, every view the page shows arrives over postMessage, and the page's own thread
 * keeps drawing frames while the worker runs flat out.
 */
import type { Worker } from '@playwright/test';
import { gotoHydrated, test, expect } from './site';
import { button, instret, status } from './playground-page';

test('the machine runs in a dedicated worker and answers across postMessage', async ({ page }) => {
	const workers: Worker[] = [];
	page.on('worker', (w) => workers.push(w));
	await gotoHydrated(page, '/playground/');
	await expect(page.locator('html')).toHaveAttribute('data-playground-ready', 'true');
	await expect(page.getByTestId('runs-in')).toContainText('Web Worker');
	await expect.poll(() => workers.length).toBe(1);
	expect(workers[0].url(), 'the worker is the session worker').toMatch(/session\.worker/);
	// The worker's global scope is a worker's, not the page's: no document there.
	expect(await workers[0].evaluate(() => typeof (globalThis as { document?: unknown }).document)).toBe(
		'undefined'
	);

	await page.getByLabel('Example').selectOption({ label: 'A loop' });
	await button(page, 'Assemble & Load').click();
	await expect(status(page)).toContainText('Loaded');
	for (let i = 0; i < 3; i++) await button(page, 'Step').click();
	await expect(page.getByTestId('instret')).toHaveText('3');
	await expect(page.getByTestId('pc')).toHaveText('0x8000000c');
	await button(page, 'Step back').click();
	await expect(page.getByTestId('instret')).toHaveText('2');
	await expect(page.getByTestId('pc')).toHaveText('0x80000008');
});

test('the page keeps drawing frames while the worker runs a long loop', async ({ page }) => {
	await gotoHydrated(page, '/playground/');
	await expect(page.locator('html')).toHaveAttribute('data-playground-ready', 'true');
	await page
		.getByRole('textbox', { name: 'Assembly program' })
		.fill('_start:\n\tli t0, 0\nloop:\n\taddi t0, t0, 1\n\tj loop\n');
	await button(page, 'Assemble & Load').click();
	await expect(status(page)).toContainText('Loaded');
	await button(page, 'Run').click();
	await expect(status(page)).toHaveText('Running at full speed…');
	// Count animation frames on the page's thread: if the simulator ran there, none would come.
	const frames = await page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				let n = 0;
				const tick = () => (++n >= 30 ? resolve(n) : requestAnimationFrame(tick));
				requestAnimationFrame(tick);
			})
	);
	expect(frames).toBe(30);
	const counter = instret(page);
	await expect
		.poll(async () => Number((await counter.textContent())!.replace(/,/g, '')))
		.toBeGreaterThan(100_000);
	await button(page, 'Pause').click();
	await expect(status(page)).toHaveText(/^Paused at 0x8000/);
});
