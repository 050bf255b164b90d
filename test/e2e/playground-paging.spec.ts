/**
 * The page-walk drawing as a student meets it: load the Sv32 paging example, step through the M-mode
 * set-up (no drawing while paging is off), into S-mode, and through the first load via a virtual
 * address; the drawing appears and its list of steps gives VPN[1], VPN[0], the PTE addresses and the
 * physical address. Running on reaches the page fault, which the drawing explains. No sleeps: every
 * wait is for a state the page shows. axe is clean in light and dark colour schemes.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { gotoHydrated, test, expect } from './site';
import { button, expectNoAxeViolations, instret, pc } from './playground-page';

const SOURCE = readFileSync('src/routes/playground/examples/7-paging.s', 'utf8');
const program = assemble(SOURCE, { file: 'program.s' }).program;
const addr = (name: string) => program.symbols.find((s) => s.name === name)!.addr >>> 0;
const hex = (n: number) => '0x' + n.toString(16).padStart(8, '0');

const walkSection = (page: Page) => page.getByTestId('page-walk');
const walkSteps = (page: Page) => page.getByTestId('page-walk-steps').locator('li');

/**
 * Step one instruction at a time from the start to `target`, waiting for each step to show. The
 * example's M-mode code runs straight through (mret lands on the next instruction), so the number of
 * steps is the distance in instructions.
 */
async function stepTo(page: Page, target: number) {
	const steps = (target - 0x8000_0000) / 4;
	for (let i = 1; i <= steps; i++) {
		await button(page, 'Step').click();
		await expect(instret(page)).toHaveText(String(i));
	}
	await expect(pc(page)).toHaveText(hex(target));
}

for (const colorScheme of ['light', 'dark'] as const) {
	test(`draws the Sv32 walk of the first load through a virtual address (${colorScheme})`, async ({
		page
	}) => {
		// Some fifty steps, each a round trip to the worker and a redraw: more than the default 30 s
		// when the machine is busy.
		test.setTimeout(180_000);
		await page.emulateMedia({ colorScheme });
		await gotoHydrated(page, '/playground/');
		await expect(page.locator('html')).toHaveAttribute('data-playground-ready', 'true');
		await page.getByLabel('Example').selectOption({ label: 'Sv32 paging' });
		await button(page, 'Assemble & Load').click();
		await expect(page.getByTestId('status')).toContainText('Loaded');
		await expect(pc(page)).toHaveText('0x80000000');
		// M-mode with satp = 0: no translation, so no drawing.
		await expect(walkSection(page)).toHaveCount(0);

		// Through the set-up to the first S-mode instruction: paging is on, nothing walked yet.
		await stepTo(page, addr('supervisor'));
		await expect(page.getByTestId('mode')).toContainText('supervisor');
		await expect(page.getByTestId('page-walk-note')).toContainText('Paging is on');
		await expect(page.getByTestId('page-walk-note')).toContainText('ASID 1');

		// The first S-mode instruction is fetched through the megapage: one PTE, at level 1.
		await button(page, 'Step').click();
		await expect(walkSteps(page)).toHaveCount(4);
		await expect(walkSteps(page).nth(0)).toContainText('(instruction fetch)');
		await expect(walkSteps(page).nth(2)).toContainText(
			'0x80010000 + VPN[1] × 4 = 0x80010800 holds 0x2000004b'
		);
		await expect(walkSteps(page).nth(2)).toContainText('the 4 MiB megapage at 0x80000000');

		// lw a1, 0x120(s2) with s2 = 0x00401000: VPN[1] = 1, VPN[0] = 1, offset 0x120.
		await button(page, 'Step').click();
		await expect(pc(page)).toHaveText(hex(addr('supervisor') + 8));
		const drawing = page.getByRole('img', {
			name: 'Page walk for the load at 0x00401120',
			exact: true
		});
		await expect(drawing).toBeVisible();
		await expect(drawing).toHaveAccessibleDescription(
			'2 PTE reads, physical address 0x80020120. The steps are listed below the drawing.'
		);
		await expect(walkSteps(page)).toHaveText([
			'Virtual address 0x00401120 (load): VPN[1] = 0x001 (bits 31–22), VPN[0] = 0x001 (bits 21–12), offset = 0x120 (bits 11–0).',
			'satp.PPN = 0x80010, so the root table is at 0x80010000.',
			/^Level 1: the PTE at 0x80010000 \+ VPN\[1\] × 4 = 0x80010004 holds 0x20004401 .*next table is at 0x80011000\.$/,
			/^Level 0: the PTE at 0x80011000 \+ VPN\[0\] × 4 = 0x80011004 holds 0x200080c7 \(PPN 0x80020, flags V R W A D\)/,
			'Physical address = PPN 0x80020 ‖ offset 0x120 = 0x80020120.'
		]);
		await expect(page.locator('[data-register="a1"]')).toHaveText('0x600df00d');
		await expectNoAxeViolations(page, 'after the first walk');

		// Run on: the load from the unmapped page faults, M-mode records it and powers off.
		await button(page, 'Run').click();
		await expect(page.locator('[data-register="s5"]')).toHaveText('0x0000000d');
		await expect(walkSteps(page).last()).toHaveText(
			'No translation: load page fault (cause 13); the trap handler finds 0x00403000 in mtval or stval.'
		);
		await expect(walkSteps(page).nth(3)).toContainText('0x8001100c holds 0x00000000');
		await expect(walkSteps(page).nth(3)).toContainText('V = 0, the PTE is not valid');
		await expect(page.getByRole('img', { name: 'Page walk for the load at 0x00403000' })).toBeVisible();
		// The rest of the page was checked above; here only the drawing has changed shape.
		await expectNoAxeViolations(page, 'after the page fault', '[data-testid="page-walk"]');
	});
}

test('the drawing fits a phone-sized screen', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await gotoHydrated(page, '/playground/');
	await expect(page.locator('html')).toHaveAttribute('data-playground-ready', 'true');
	await page.getByLabel('Example').selectOption({ label: 'Sv32 paging' });
	await button(page, 'Assemble & Load').click();
	await expect(page.getByTestId('status')).toContainText('Loaded');
	await button(page, 'Run').click();
	// On a phone the drawings are behind the Memory tab (issue 20's phone layout).
	await page.getByRole('tab', { name: 'Memory' }).click();
	const drawing = page.getByRole('img', { name: /^Page walk for the load/ });
	await expect(drawing).toBeVisible();
	const box = await drawing.boundingBox();
	expect(box!.width).toBeLessThanOrEqual(360);
	expect(box!.x).toBeGreaterThanOrEqual(0);
	expect(box!.x + box!.width).toBeLessThanOrEqual(360);
	// The list of steps wraps inside the screen too.
	const list = await page.getByTestId('page-walk-steps').boundingBox();
	expect(list!.x + list!.width).toBeLessThanOrEqual(360);
});
