/**
 * The playground's virtual-machines mode as a student uses it: a pasted scenario with a mistake is
 * refused with the field named and the text kept; a bundled one loads and runs in the VM lab; the link
 * reproduces it after a reload. axe in light and dark with the lab running.
 */
import AxeBuilder from '@axe-core/playwright';
import { gotoHydrated, test, expect } from './site';

const PAGE = '/playground/vms/';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

test('a malformed scenario is refused with its field, and the text is kept', async ({ page }) => {
	await gotoHydrated(page, PAGE);
	const yaml = page.getByLabel('Scenario file (YAML)');
	const broken = (await yaml.inputValue()).replace('memory: 32 MiB', 'memory: 6 KiB');
	await yaml.fill(broken);
	await page.getByRole('button', { name: 'Load and start' }).click();
	await expect(page.getByTestId('scenario-problems')).toContainText('vms[0].memory');
	await expect(page.getByTestId('scenario-problems')).toContainText('not a multiple of 4 KiB');
	await expect(yaml).toHaveValue(broken);
	await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue('');
	await yaml.fill(
		'name: x\nhost: { harts: 1, ram: 64 MiB }\nvms:\n  - { name: a, image: other.elf, memory: 8 MiB }\n'
	);
	await page.getByRole('button', { name: 'Load and start' }).click();
	await expect(page.getByTestId('scenario-problems')).toContainText('vms[0].image');
});

test('a bundled scenario runs, and its link brings it back', async ({ page }) => {
	await gotoHydrated(page, PAGE);
	await page.getByLabel('Scenario', { exact: true }).selectOption('scenarios/four-on-two.yaml');
	await page.getByRole('button', { name: 'Load and start' }).click();
	await expect(page.getByTestId('lab-status')).toContainText('Started: 4 VMs');
	await page.getByLabel('Watch', { exact: true }).selectOption({ label: 'three' });
	await page.getByRole('button', { name: 'Step three one instruction' }).click();
	await expect(page.getByTestId('lab-status')).toContainText('Stepped three');
	const href = await page.getByTestId('scenario-link').getAttribute('href');
	expect(href).toMatch(/^#scenario=/);
	// A new tab opened on the link: nothing but the link carries the scenario.
	const fresh = await page.context().newPage();
	await fresh.goto(PAGE + href);
	await expect(fresh.locator('html')).toHaveAttribute('data-hydrated', 'true');
	await expect(fresh.getByTestId('lab-status')).toContainText('Started: 4 VMs');
	await expect(fresh.getByLabel('Scenario', { exact: true })).toHaveValue('scenarios/four-on-two.yaml');
	await fresh.close();
});

for (const colorScheme of ['light', 'dark'] as const)
	test(`axe finds nothing with a scenario running, ${colorScheme}`, async ({ page }) => {
		await page.emulateMedia({ colorScheme });
		await gotoHydrated(page, PAGE);
		await page.getByRole('button', { name: 'Load and start' }).click();
		await expect(page.getByTestId('lab-status')).toContainText('Started');
		await page.getByRole('button', { name: 'Next exit of any VM' }).click();
		await expect(page.getByTestId('exit-list')).toBeVisible();
		const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
	});
