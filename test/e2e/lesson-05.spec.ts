/**
 * Lesson 05 as a student uses it: start the two-VM switch, follow the traffic frame by frame until
 * alpha's ARP request for beta (flooded), pick it and read its layers; run to the end and see the MAC
 * table filled and both VMs' pings answered; Back undoes a run. The flood: alpha's port drops frames
 * for a full queue. axe in light and dark with the lab running, and phone width.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { gotoHydrated, test, expect } from './site';

const LESSON = '/lessons/05-a-network-inside-one-computer/';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function start(page: Page, n: number, vms: number): Promise<Locator> {
	await gotoHydrated(page, LESSON);
	const f = page.locator('figure.net-lab').nth(n - 1);
	await f.getByRole('button', { name: 'Start the scenario' }).click();
	await expect(f.getByTestId('lab-status')).toContainText(`Started: ${vms} VMs on a switch`);
	return f;
}

async function act(f: Locator, button: string, status: RegExp | string) {
	await f.getByRole('button', { name: button, exact: true }).click();
	await expect(f.getByTestId('lab-status')).toContainText(status, { timeout: 60_000 });
	await expect(f.getByRole('button', { name: 'Next frame' })).toBeEnabled();
}

test('frame by frame: the first frames are flooded broadcasts; the inspector reads their layers', async ({
	page
}) => {
	const f = await start(page, 1, 2);
	await expect(f.getByTestId('mac-table')).toContainText('Empty');
	await act(
		f,
		'Next frame',
		/^Ran to the next frame: frame #1 from 52:54:00:00:00:0\d to ff:ff:ff:ff:ff:ff/
	);
	const inspector = f.getByTestId('packet-inspector');
	await expect(inspector).toContainText('DHCP DISCOVER');
	await expect(inspector).toContainText('flooded');
	await inspector.getByRole('button', { name: 'IPv4' }).click();
	await expect(inspector.locator('table.fields')).toContainText('255.255.255.255');
	// On until alpha asks for beta's MAC.
	for (let i = 0; i < 30; i++) {
		if ((await inspector.locator('h4').textContent())?.includes('ARP who has 10.0.2.16')) break;
		await act(f, 'Next frame', /^Ran to the next frame/);
	}
	await expect(inspector.locator('h4')).toContainText('ARP who has 10.0.2.16? tell 10.0.2.15');
	await expect(f.getByTestId('frame-trip')).toContainText('beta');
});

test('to the end: the switch knows three addresses, every ping came back, and Back undoes it', async ({
	page
}) => {
	const f = await start(page, 1, 2);
	await act(f, 'Run to the end', /^Ran until no VM can go on/);
	await expect(f.getByTestId('mac-table').locator('tbody tr')).toHaveCount(3);
	await expect(f.getByTestId('ip-alpha')).toHaveText('10.0.2.15');
	await expect(f.getByTestId('lab-console')).toContainText('[beta] pingpeer: 8 of 8 replied');
	await expect(f.getByTestId('switch-diagram').locator('svg')).toHaveAttribute('data-macs', '3');
	// The capture of alpha's port: a pcap file (nanosecond magic, little-endian) with its frames.
	await f.getByTestId('capture-port').selectOption({ label: 'alpha' });
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		f.getByRole('button', { name: /Download the latest frames/ }).click()
	]);
	expect(download.suggestedFilename()).toBe('alpha.pcap');
	const bytes = readFileSync(await download.path());
	expect([...bytes.subarray(0, 4)]).toEqual([0x4d, 0x3c, 0xb2, 0xa1]);
	expect(bytes.length).toBeGreaterThan(24 + 16 * 10);
	await act(f, 'Back', 'Back to before until no VM can go on');
	await expect(f.getByTestId('mac-table')).toContainText('Empty');
});

test("the flood: alpha's port drops frames for a full queue", async ({ page }) => {
	const f = await start(page, 2, 3);
	await act(f, 'Run to the end', /^Ran until no VM can go on/);
	const drops = Number(await f.getByTestId('drops-alpha').textContent());
	expect(drops).toBeGreaterThan(100);
	await expect(f.getByTestId('lab-console')).toContainText('[gamma] udpflood: sent 600');
	if (process.env.SCREENSHOTS) await f.screenshot({ path: 'test-results/lesson-05-desktop.png' });
});

for (const colorScheme of ['light', 'dark'] as const) {
	test(`axe finds nothing with the network lab running, ${colorScheme}`, async ({ page }) => {
		await page.emulateMedia({ colorScheme });
		const f = await start(page, 1, 2);
		await act(f, 'Run 100 ms', /^Ran 100 ms of simulated time/);
		const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
	});
}

test('at phone width the network lab fits the page', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 800 });
	const f = await start(page, 1, 2);
	await act(f, 'Run 100 ms', /^Ran 100 ms of simulated time/);
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, 'no sideways scrolling of the page').toBeLessThanOrEqual(360);
	if (process.env.SCREENSHOTS) await f.screenshot({ path: 'test-results/lesson-05-phone.png' });
});
