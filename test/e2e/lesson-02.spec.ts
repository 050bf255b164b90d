/**
 * Lesson 02 as a student uses it: start the scenario, step alpha's kernel until its next instruction is
 * a privileged one, step it, and see the exit the lab reports name that same instruction; step back
 * across it; answer a checkpoint; compare the kernel bare and in a VM. axe in light and dark, at phone
 * width and at 200% zoom, with the lab running.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { gotoHydrated, test, expect } from './site';

const LESSON = '/lessons/02-trap-and-emulate/';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PRIVILEGED = /^(csr\w+|sret|sfence\.vma|wfi)\b/;

async function start(page: Page) {
	await gotoHydrated(page, LESSON);
	await page.getByRole('button', { name: 'Start the scenario' }).click();
	await expect(page.getByTestId('lab-status')).toContainText('Started: 2 VMs');
}

/** Wait until no lab action is running (every lab button is enabled again). */
async function settled(page: Page) {
	await expect(page.getByRole('button', { name: /^Step alpha one instruction$/ })).toBeEnabled();
}

async function nextInstruction(page: Page): Promise<string> {
	return (await page.getByTestId('next-instruction').locator('code.insn').textContent()) ?? '';
}

test('a privileged instruction exits, is named, and stepping back returns to it', async ({ page }) => {
	await start(page);
	const step = page.getByRole('button', { name: /^Step alpha one instruction$/ });
	const exitList = page.getByTestId('exit-list');
	// Past boot's first exits (hidden page faults) to the first emulated instruction.
	for (let i = 0; i < 40 && !PRIVILEGED.test(await nextInstruction(page)); i++) {
		await page.getByRole('button', { name: "Run to alpha's next exit" }).click();
		await settled(page);
		const top = (await exitList.locator('tbody tr').first().locator('td').nth(2).textContent()) ?? '';
		if (PRIVILEGED.test(top)) break;
	}
	// Now one instruction at a time until the next one is privileged.
	for (let i = 0; i < 400 && !PRIVILEGED.test(await nextInstruction(page)); i++) {
		await step.click();
		await settled(page);
	}
	const insn = await nextInstruction(page);
	expect(insn).toMatch(PRIVILEGED);
	const rowsBefore = await exitList.locator('tbody tr').count();
	await step.click();
	await settled(page);
	// The newest exit is alpha's, from its kernel, and names the instruction the disassembly showed.
	const top = exitList.locator('tbody tr').first();
	await expect(top.locator('td').nth(0)).toHaveText('alpha');
	await expect(top.locator('td').nth(1)).toContainText('kernel (vS)');
	await expect(top.locator('td').nth(2)).toHaveText(insn);
	await expect(page.getByTestId('live-status')).toContainText(`did ${insn}`);
	await expect(page.getByTestId('exit-arrow')).toBeVisible();
	expect(await nextInstruction(page)).not.toBe(insn);

	await page.getByRole('button', { name: 'Back' }).click();
	await settled(page);
	await expect(page.getByTestId('lab-status')).toContainText('Back');
	expect(await nextInstruction(page)).toBe(insn);
	await expect(exitList.locator('tbody tr')).toHaveCount(rowsBefore);
});

test('a checkpoint is answered by running the scenario', async ({ page }) => {
	await gotoHydrated(page, LESSON);
	const cp = page
		.locator('aside.checkpoint')
		.filter({ hasText: 'Which layer carries out the system call' });
	await cp.getByLabel('the hypervisor').check();
	await cp.getByRole('button', { name: 'Check' }).click();
	const verdict = cp.getByTestId('checkpoint-verdict');
	await expect(verdict).toContainText('Not quite', { timeout: 30_000 });
	await expect(verdict).toContainText('reflected the trap to the guest kernel');
	await cp.getByLabel('the guest kernel').check();
	await cp.getByRole('button', { name: 'Check' }).click();
	await expect(verdict).toContainText('Right');
});

test('the kernel prints the same bare and in a VM', async ({ page }) => {
	await gotoHydrated(page, LESSON);
	await page.getByRole('button', { name: 'Run the kernel bare and in a VM' }).click();
	await expect(page.getByTestId('equivalence-verdict')).toContainText('the same, line for line', {
		timeout: 45_000
	});
	await expect(page.getByTestId('vm-console')).toContainText('all processes exited');
});

for (const colorScheme of ['light', 'dark'] as const) {
	test(`axe finds nothing with the lab running, ${colorScheme}`, async ({ page }) => {
		await page.emulateMedia({ colorScheme });
		await start(page);
		await page.getByRole('button', { name: "Run to alpha's next exit" }).click();
		await settled(page);
		const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
	});
}

for (const [what, viewport] of [
	['phone width', { width: 390, height: 844 }],
	['200% zoom', { width: 640, height: 360 }]
] as const) {
	test(`at ${what} the lab fits the page and works`, async ({ page }) => {
		await page.setViewportSize(viewport);
		await start(page);
		await page.getByRole('button', { name: "Run to alpha's next exit" }).click();
		await settled(page);
		await expect(page.getByTestId('exit-list')).toBeVisible();
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width, 'no sideways scrolling of the page').toBeLessThanOrEqual(viewport.width);
		const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
		expect(violations.map((v) => v.id)).toEqual([]);
	});
}

test('a student picks an address to translate, and a malformed one is refused', async ({ page }) => {
	await start(page);
	await page.getByRole('button', { name: "Run to alpha's next exit" }).click();
	await settled(page);
	const field = page.getByLabel(/Translate another guest-virtual address/);
	await field.fill('0x8020_0000');
	await page.getByRole('button', { name: 'Translate', exact: true }).click();
	const panel = page.getByTestId('two-stage');
	await expect(panel.getByRole('heading', { level: 3 })).toHaveText(
		"Where alpha's address 0x80200000 really is"
	);
	await expect(panel).toContainText('Guest-virtual 0x80200000');
	await field.fill('0xzz');
	await page.getByRole('button', { name: 'Translate', exact: true }).click();
	await expect(panel).toContainText('is not an address');
	await expect(field).toHaveValue('0xzz');
});
