/**
 * The playground at 200% zoom: a 1280×720 window zoomed to 200% lays out as a 640×360 CSS-pixel
 * viewport at device scale factor 2. Nothing may need sideways scrolling of the page, and every
 * control stays reachable and usable.
 */
import AxeBuilder from '@axe-core/playwright';
import { gotoHydrated, test, expect } from './site';

test.use({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 });

test('at 200% zoom the playground reflows and its controls still work', async ({ page }) => {
	await gotoHydrated(page, '/playground/');
	await expect(page.locator('html')).toHaveAttribute('data-playground-ready', 'true');
	await page.getByLabel('Example').selectOption({ label: 'A loop' });
	const load = page.getByRole('button', { name: 'Assemble & Load', exact: true });
	await load.scrollIntoViewIfNeeded();
	await load.click();
	await expect(page.getByTestId('status')).toContainText('Loaded');
	const step = page.getByRole('button', { name: 'Step', exact: true });
	await step.scrollIntoViewIfNeeded();
	await step.click();
	await step.click();
	await expect(page.getByTestId('pc')).toHaveText('0x80000008');
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, 'no sideways scrolling of the page at 200%').toBeLessThanOrEqual(640);
	// WCAG 1.4.10 (reflow) asks for no two-dimensional scrolling at 320 CSS px; 400% zoom of 1280.
	await page.setViewportSize({ width: 320, height: 256 });
	const narrow = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(narrow, 'no sideways scrolling at 400% (320 CSS px)').toBeLessThanOrEqual(320);
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
