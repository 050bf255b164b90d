import type { Locator, Page } from '@playwright/test';
import { gotoHydrated, revealAnswers, test, expect } from './site';

const LESSON = '/lessons/01-layers/';

/** Presses Tab from the top of the page until focus is inside `target`; fails after `limit` presses. */
async function tabInto(page: Page, target: Locator, limit = 40) {
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		if (await target.evaluate((el) => el.contains(document.activeElement))) return;
	}
	throw new Error(`focus did not reach the drawing in ${limit} presses of Tab`);
}

test.describe('layer-stack drawing', () => {
	test.beforeEach(async ({ page }) => {
		await gotoHydrated(page, LESSON);
	});

	test('is reached with Tab and moved through with the arrow keys', async ({ page }) => {
		const figure = page.locator('figure[data-view="bare"]');
		const listbox = figure.getByRole('listbox', { name: 'Layers of a computer' });
		const status = figure.getByTestId('layer-status');
		await expect(status).toContainText('No layer highlighted');

		await tabInto(page, listbox);
		// Tab lands on the top of the stack, and focusing a layer highlights it.
		await expect(listbox.getByRole('option', { name: 'Applications' })).toBeFocused();
		await expect(status).toContainText('Highlighted: Applications.');

		await page.keyboard.press('ArrowDown');
		await expect(listbox.getByRole('option', { name: 'System programs' })).toBeFocused();
		await expect(status).toContainText('Highlighted: System programs.');

		await page.keyboard.press('ArrowDown');
		await expect(status).toContainText('Highlighted: Kernel.');
		await expect(status).toContainText('Runs in S mode');
		await expect(listbox.getByRole('option', { name: 'Kernel' })).toHaveAttribute(
			'aria-selected',
			'true'
		);
		await expect(listbox.locator('[aria-selected="true"]')).toHaveCount(1);

		await page.keyboard.press('End');
		await expect(status).toContainText('Highlighted: Hardware.');
		await page.keyboard.press('ArrowDown'); // already at the bottom: stays
		await expect(status).toContainText('Highlighted: Hardware.');
		await page.keyboard.press('ArrowUp');
		await expect(status).toContainText('Highlighted: Kernel.');

		// Only one layer is in the Tab order (roving tabindex): Tab leaves the drawing.
		await page.keyboard.press('Tab');
		await expect(listbox.locator(':focus')).toHaveCount(0);
		await page.keyboard.press('Shift+Tab');
		await expect(listbox.getByRole('option', { name: 'Kernel' })).toBeFocused();
	});

	test('highlights the layer under the pointer', async ({ page }) => {
		const figure = page.locator('figure[data-view="bare"]');
		const status = figure.getByTestId('layer-status');
		await figure.locator('[data-layer="hardware"]').hover();
		await expect(status).toContainText('Highlighted: Hardware.');
		await expect(figure.locator('[data-layer="hardware"]')).toHaveClass(/highlighted/);
		await figure.locator('[data-layer="system"]').hover();
		await expect(status).toContainText('Highlighted: System programs.');
		await expect(figure.locator('[data-layer="hardware"]')).not.toHaveClass(/highlighted/);
	});

	test('the virtual-machine view appears after the prediction and moves between guests', async ({
		page
	}) => {
		await expect(page.locator('figure[data-view="virtual"]')).toHaveCount(0);
		await revealAnswers(page);
		const figure = page.locator('figure[data-view="virtual"]');
		const status = figure.getByTestId('layer-status');
		await expect(status).toHaveText(
			'No layer highlighted. From the bottom up: hardware, hypervisor, virtual hardware in each VM, ' +
				'kernel in each VM, system programs in each VM, applications in each VM.'
		);
		const listbox = figure.getByRole('listbox');
		await expect(listbox.getByRole('option')).toHaveCount(2 + 3 * 4);

		await listbox.getByRole('option', { name: 'VM 1 kernel' }).focus();
		await expect(status).toContainText('Highlighted: VM 1 kernel.');
		await page.keyboard.press('ArrowRight');
		await expect(status).toContainText('Highlighted: VM 2 kernel.');
		await page.keyboard.press('ArrowDown');
		await expect(status).toContainText('Highlighted: VM 2 virtual hardware.');
		await expect(status).toContainText('identical to the bare hardware');
		await page.keyboard.press('ArrowDown');
		await expect(status).toContainText('Highlighted: Hypervisor.');
		// Back up into the guest we came from, not the first one.
		await page.keyboard.press('ArrowUp');
		await expect(status).toContainText('Highlighted: VM 2 virtual hardware.');
		await expect(listbox.getByRole('option', { name: 'VM 2 virtual hardware' })).toBeFocused();
	});

	test('animates the highlight only when the reader allows motion', async ({ page }) => {
		const box = page.locator('figure[data-view="bare"] [data-layer="kernel"] rect.box');
		// Seconds; the site-wide reduced-motion rule shortens every transition to a hundredth of a millisecond.
		const duration = () => box.evaluate((el) => parseFloat(getComputedStyle(el).transitionDuration));
		expect(await duration()).toBeGreaterThanOrEqual(0.1);
		await page.emulateMedia({ reducedMotion: 'reduce' });
		expect(await duration()).toBeLessThan(0.001);
	});

	test('fits a phone screen with readable labels', async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 800 });
		await revealAnswers(page);
		const figure = page.locator('figure[data-view="virtual"]');
		const svg = figure.locator('svg');
		await expect(svg).toHaveClass(/narrow/);
		const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
		expect(fits, 'no horizontal scrolling').toBe(true);
		const label = figure.locator('[data-layer="vm1-applications"] text');
		await expect(label).toHaveText('Apps');
		const px = await label.evaluate((t) => (t as SVGTextElement).getBoundingClientRect().height);
		expect(px).toBeGreaterThanOrEqual(12);
	});
});
