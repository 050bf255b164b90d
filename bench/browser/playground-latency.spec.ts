/**
 * A benchmark, not a test (tests never assert on wall-clock time): the time from a key press to the
 * instruction counter changing in the DOM, for 100 steps and 100 steps back on the loop example,
 * with every view open. Run with `npm run bench:browser`; the figures are printed (median, p90,
 * max in ms; one frame is 16 ms).
 */
import { gotoHydrated, test, expect } from '../../test/e2e/site';

test('step and step-back latency in the playground', async ({ page }, info) => {
	await gotoHydrated(page, '/playground/');
	await expect(page.locator('html')).toHaveAttribute('data-playground-ready', 'true');
	await page.getByLabel('Example').selectOption({ label: 'A loop' });
	await page.getByRole('button', { name: 'Assemble & Load', exact: true }).click();
	await expect(page.getByTestId('status')).toContainText('Loaded');
	await page.getByRole('button', { name: 'Shortcuts', exact: true }).focus();
	const times = await page.evaluate(async () => {
		const out: number[] = [];
		const instret = document.querySelector('[data-testid="instret"]')!;
		for (let i = 0; i < 200; i++) {
			const back = i >= 100;
			const changed = new Promise<void>((resolve) => {
				const observer = new MutationObserver(() => {
					observer.disconnect();
					resolve();
				});
				observer.observe(instret, { characterData: true, childList: true, subtree: true });
			});
			const t0 = performance.now();
			document.activeElement!.dispatchEvent(
				new KeyboardEvent('keydown', { key: back ? 'S' : 's', shiftKey: back, bubbles: true })
			);
			await changed;
			out.push(performance.now() - t0);
			await new Promise((resolve) => requestAnimationFrame(resolve));
		}
		return out;
	});
	const stats = (xs: number[]) => {
		const s = [...xs].sort((a, b) => a - b);
		const at = (p: number) => Number(s[Math.floor(p * (s.length - 1))].toFixed(1));
		return { median: at(0.5), p90: at(0.9), max: at(1) };
	};
	const step = stats(times.slice(0, 100));
	const stepBack = stats(times.slice(100));
	info.annotations.push({ type: 'step ms', description: JSON.stringify(step) });
	info.annotations.push({ type: 'step back ms', description: JSON.stringify(stepBack) });
	console.log(`step ms ${JSON.stringify(step)}, step back ms ${JSON.stringify(stepBack)}`);
	// 100 steps forward then 100 back land where the program started.
	await expect(page.getByTestId('instret')).toHaveText('0');
});
