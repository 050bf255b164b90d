/**
 * Lesson 04 as a student uses it: start the minidisk host, run it to the end and see every VM finish
 * with its blocks on the map; pick a request in the timeline and be told where its time went, at
 * both ends; on the thin host, see gus pause on a full d2, destroy fay and see gus run on, and Back
 * put fay's blocks and the pause back. axe in light and dark with the lab running, and phone width.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { gotoHydrated, test, expect } from './site';

const LESSON = '/lessons/04-three-disks-seven-machines/';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The lab of figure `n` (1 minidisks, 2 thin, 3 clones). */
const lab = (page: Page, n: number) => page.locator('figure.disk-lab').nth(n - 1);

async function start(
	page: Page,
	n: number,
	started = 'Started: 7 VMs on 3 physical disks'
): Promise<Locator> {
	await gotoHydrated(page, LESSON);
	const f = lab(page, n);
	await f.getByRole('button', { name: 'Start the scenario' }).click();
	await expect(f.getByTestId('lab-status')).toContainText(started);
	return f;
}

async function act(f: Locator, button: string, status: RegExp | string) {
	await f.getByRole('button', { name: button, exact: true }).click();
	await expect(f.getByTestId('lab-status')).toContainText(status, { timeout: 60_000 });
	await expect(f.getByRole('button', { name: 'Run 10 ms' })).toBeEnabled();
}

test('minidisks: every VM finishes, and a picked request is shown at both ends', async ({ page }) => {
	const f = await start(page, 1);
	await expect(f.getByTestId('free-d0')).toHaveText('32');
	await act(f, 'Run to the end', /^Ran until no VM can go on; now at/);
	for (const vm of ['ada', 'bob', 'cyd', 'dee', 'eve', 'fay', 'gus'])
		await expect(f.getByTestId(`state-${vm}`)).toHaveText('finished');
	await expect(f.getByTestId('lab-console')).toContainText('[ada] diskown: OK');
	await expect(f.locator('[data-disk="d0"] .strip')).toHaveAttribute(
		'aria-label',
		/ada 32, bob 32, cyd 32, free 32/
	);

	const rows = f.getByTestId('request-timeline').getByRole('button');
	await expect(rows.first()).toBeVisible();
	await rows.last().click();
	await expect(f.getByTestId('request-detail')).toContainText(/in all \(.*seek .*rotation .*transfer/);
	await expect(f.getByTestId('request-detail')).toContainText(/on d0 at physical block \d+/);
	await expect(f.locator('[data-disk="d0"] .cell.picked')).not.toHaveCount(0);
	await expect(f.locator('.vdisk .cell.picked')).not.toHaveCount(0);

	await f.getByTestId('timeline-disk').selectOption({ label: 'd2 (sata-ssd)' });
	await rows.last().click();
	await expect(f.getByTestId('request-detail')).toContainText('controller and flash work');
	if (process.env.SCREENSHOTS) await f.screenshot({ path: 'test-results/lesson-04-desktop.png' });
});

test('thin: gus pauses on a full d2, destroying fay lets it run on, and Back undoes the destroy', async ({
	page
}) => {
	const f = await start(page, 2);
	await act(f, 'Run to the end', /^Ran until no VM can go on/);
	await expect(f.getByTestId('state-gus')).toContainText('paused: disk d2 is full');
	await expect(f.getByTestId('free-d2')).toHaveText('0');
	await f.getByRole('button', { name: 'Destroy fay' }).click();
	await expect(f.getByTestId('lab-status')).toContainText('Destroyed fay');
	await expect(f.getByTestId('state-fay')).toHaveText('destroyed');
	await expect(f.getByTestId('free-d2')).not.toHaveText('0');
	await act(f, 'Run to the end', /^Ran until no VM can go on/);
	await expect(f.getByTestId('state-gus')).toHaveText('finished');
	await expect(f.getByTestId('lab-console')).toContainText('[gus] diskbench: OK');

	await act(f, 'Back', 'Back to before until no VM can go on');
	await act(f, 'Back', 'Back to before destroy fay');
	await expect(f.getByTestId('state-fay')).toHaveText('finished');
	await expect(f.getByTestId('state-gus')).toContainText('paused: disk d2 is full');
	await expect(f.getByTestId('free-d2')).toHaveText('0');
});

test('the I/O scheduler is changed on the running host, and Back restores it', async ({ page }) => {
	const f = await start(page, 1);
	await f.getByTestId('io-policy').selectOption('fair');
	await expect(f.getByTestId('lab-status')).toContainText('Applied the fair I/O scheduler');
	await act(f, 'Back', 'Back to before the fair I/O scheduler');
	await expect(f.getByTestId('io-policy')).toHaveValue('fifo');
});

test('PIO against virtio: the emulated disk costs a hundred times the MMIO exits', async ({ page }) => {
	const f = await start(page, 4, 'Started: 2 VMs on 1 physical disk;');
	await act(f, 'Run to the end', /^Ran until no VM can go on/);
	await expect(f.getByTestId('state-emul')).toHaveText('finished');
	const exits = async (vm: string) =>
		Number((await f.getByTestId(`mmio-${vm}`).textContent())?.replace(/,/g, ''));
	expect(await exits('emul')).toBeGreaterThan(100 * (await exits('para')));
	await expect(f.getByTestId('lab-console')).toContainText('[emul] diskcheck: OK');
});

for (const colorScheme of ['light', 'dark'] as const) {
	test(`axe finds nothing with the disk lab running, ${colorScheme}`, async ({ page }) => {
		await page.emulateMedia({ colorScheme });
		const f = await start(page, 3);
		await act(f, 'Run to the end', /^Ran until no VM can go on/);
		await f.getByTestId('request-timeline').getByRole('button').last().click();
		const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
	});
}

test('at phone width the disk lab fits the page', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 800 });
	const f = await start(page, 3);
	await act(f, 'Run 100 ms', /^Ran 100 ms of simulated time/);
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, 'no sideways scrolling of the page').toBeLessThanOrEqual(360);
	if (process.env.SCREENSHOTS) await f.screenshot({ path: 'test-results/lesson-04-phone.png' });
});
