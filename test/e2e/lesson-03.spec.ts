/**
 * Lesson 03 as a student uses it: start the host, let time pass, change a VM's weight under credit on
 * the running host and see the timeline and the share shown change; Back undoes the change; pick a
 * slice and be told why it ran, then move the session there. axe in light and dark with the lab
 * running, and at phone width.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { gotoHydrated, test, expect } from './site';

const LESSON = '/lessons/03-sharing-one-processor/';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function start(page: Page) {
	await gotoHydrated(page, LESSON);
	await page.getByRole('button', { name: 'Start the scenario' }).click();
	await expect(page.getByTestId('lab-status')).toContainText('Started: 3 VMs');
}

/** Run and wait until the action is over (its status line names it). */
async function run(page: Page, what: 'Run 50 ms' | 'Run 200 ms') {
	await page.getByRole('button', { name: what }).click();
	await expect(page.getByTestId('lab-status')).toContainText(/^Ran \d+ ms of simulated time/);
	await expect(page.getByRole('button', { name: what })).toBeEnabled();
}

const share = (page: Page, vm: string) =>
	page.locator(`table.metrics tr[data-vm="${vm}"] [data-metric="share"] .num`);

test('a weight changed on the running host changes the timeline and the share; Back undoes it', async ({
	page
}) => {
	await start(page);
	await run(page, 'Run 200 ms');
	await expect(page.getByTestId('sched-clock')).toContainText('200.');
	const timeline = page.locator('svg[aria-roledescription="timeline"]');
	const slicesBefore = Number(await timeline.getAttribute('data-slices'));
	expect(slicesBefore).toBeGreaterThan(50);
	await expect(share(page, 'batch')).toContainText('/ 33.3%');

	await page.getByTestId('policy').selectOption('credit');
	await page.getByLabel('batch weight').fill('1024');
	await page.getByRole('button', { name: 'Apply now' }).click();
	await expect(page.getByTestId('lab-status')).toContainText('batch: weight 1024');
	// Entitlement follows at once: 1024 / (256 + 256 + 1024) = 66.7%.
	await expect(share(page, 'batch')).toContainText('/ 66.7%');
	const before = await share(page, 'batch').textContent();
	await run(page, 'Run 200 ms');
	await expect(share(page, 'batch')).not.toHaveText(before ?? '');
	expect(Number(await timeline.getAttribute('data-slices'))).toBeGreaterThan(slicesBefore);
	await expect(page.getByText('a change of policy or parameters')).toBeVisible();

	// Back over the run, then over the change: the form and the entitlement are as before.
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(page.getByTestId('lab-status')).toContainText('Back to before 200 ms');
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(page.getByTestId('lab-status')).toContainText('Back to before the change');
	await expect(page.getByLabel('batch weight')).toHaveValue('256');
	await expect(page.getByTestId('policy')).toHaveValue('rr');
	await expect(share(page, 'batch')).toContainText('/ 33.3%');
});

test('a slice picked with the keyboard says why it ran, and Enter moves the session there', async ({
	page
}) => {
	await start(page);
	await run(page, 'Run 200 ms');
	const clock = await page.getByTestId('sched-clock').textContent();
	const timeline = page.locator('svg[aria-roledescription="timeline"]');
	await timeline.focus();
	await page.keyboard.press('Home');
	for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
	const detail = page.getByTestId('slice-detail');
	await expect(detail).toContainText(/ran on pCPU 0 from .* chosen because .* it stopped because/);
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('lab-status')).toContainText(/^Ran to /);
	await expect(page.getByTestId('sched-clock')).not.toHaveText(clock ?? '');
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(page.getByTestId('sched-clock')).toHaveText(clock ?? '');
});

test('a malformed weight is refused with a reason, and nothing changes', async ({ page }) => {
	await start(page);
	await page.getByLabel('hog weight').fill('lots');
	await page.getByRole('button', { name: 'Apply now' }).click();
	await expect(page.getByTestId('lab-status')).toContainText('Nothing changed');
	await expect(page.getByLabel('hog weight')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('a whole number, 1 or more')).toBeVisible();
});

for (const colorScheme of ['light', 'dark'] as const) {
	test(`axe finds nothing with the schedule lab running, ${colorScheme}`, async ({ page }) => {
		await page.emulateMedia({ colorScheme });
		await start(page);
		await run(page, 'Run 200 ms');
		const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
	});
}

test('at phone width the schedule lab fits the page', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await start(page);
	await run(page, 'Run 50 ms');
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, 'no sideways scrolling of the page').toBeLessThanOrEqual(390);
});
