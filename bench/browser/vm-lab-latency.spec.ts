/**
 * A benchmark, not a test: in lesson 02's VM lab, with every view open (live layers, exit list, exit
 * counts, the two-stage translation with both page walks), the time from a click on "Step alpha one
 * instruction" until the next-instruction line changes, for 60 steps, then for 30 clicks of "Back".
 * Printed as median, p90 and max in ms (one frame is 16 ms).
 */
import { gotoHydrated, test, expect } from '../../test/e2e/site';

test('step-one-guest-instruction latency in the VM lab', async ({ page }, info) => {
	await gotoHydrated(page, '/lessons/02-trap-and-emulate/');
	await page.getByRole('button', { name: 'Start the scenario' }).click();
	await expect(page.getByTestId('lab-status')).toContainText('Started');
	// Past boot's first exits, so the steps cross real exits and the views have content.
	for (let i = 0; i < 16; i++) {
		await page.getByRole('button', { name: "Run to alpha's next exit" }).click();
		await expect(page.getByRole('button', { name: 'Back' })).toBeEnabled();
	}
	const measure = (label: string, n: number) =>
		page.evaluate(
			async ([label, n]) => {
				const out: number[] = [];
				const watched = document.querySelector('[data-testid="next-instruction"]')!;
				const button = [...document.querySelectorAll('button')].find(
					(b) => b.textContent?.trim() === label
				)!;
				for (let i = 0; i < n; i++) {
					const changed = new Promise<void>((resolve) => {
						const observer = new MutationObserver(() => {
							if (button.disabled) return;
							observer.disconnect();
							resolve();
						});
						observer.observe(watched.parentElement!, {
							characterData: true,
							childList: true,
							subtree: true,
							attributes: true
						});
						observer.observe(button, { attributes: true });
					});
					const t0 = performance.now();
					button.click();
					await changed;
					out.push(performance.now() - t0);
					await new Promise((resolve) => requestAnimationFrame(resolve));
				}
				return out;
			},
			[label, n] as const
		);
	const step = await measure('Step alpha one instruction', 60);
	const back = await measure('Back', 30);
	const stats = (xs: number[]) => {
		const s = [...xs].sort((a, b) => a - b);
		const at = (p: number) => Number(s[Math.floor(p * (s.length - 1))].toFixed(1));
		return { median: at(0.5), p90: at(0.9), max: at(1) };
	};
	info.annotations.push({ type: 'vm step ms', description: JSON.stringify(stats(step)) });
	info.annotations.push({ type: 'vm back ms', description: JSON.stringify(stats(back)) });
	console.log(
		`VM lab: step one guest instruction ms ${JSON.stringify(stats(step))}, back ms ${JSON.stringify(stats(back))}`
	);
});
