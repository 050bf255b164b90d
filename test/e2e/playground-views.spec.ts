/**
 * The playground's CSR view, memory view and register editing, as a student uses them: take a trap
 * and read mcause by name, watch a store land on the stack, change a register and step on. No
 * sleeps: every wait is for a state the page shows.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './site';
import {
	button,
	expectNoAxeViolations,
	instret,
	loadExample,
	openPlayground,
	pc,
	reg,
	status
} from './playground-page';

const csr = (page: Page, name: string) => page.locator(`[data-csr="${name}"]`);
const reading = (page: Page, name: string) => page.locator(`[data-csr-reading="${name}"]`);

/**
 * Step n times, waiting for each step to show. The cycle count moves on every step; instret does not
 * when the step is a trap (the trapping instruction does not retire).
 */
async function step(page: Page, n: number) {
	const cycles = page.getByTestId('cycles');
	for (let i = 0; i < n; i++) {
		const before = (await cycles.textContent()) ?? '';
		await button(page, 'Step').click();
		await expect(cycles).not.toHaveText(before);
	}
}

test('the CSR view names the cause of a trap and marks what the trap changed', async ({ page }) => {
	// A dozen steps and two axe scans: an axe scan alone took 20 s with other helpers' builds and
	// tests running on this two-core machine, so each test here has 3 minutes.
	test.setTimeout(180_000);
	await openPlayground(page);
	await loadExample(page, 'A trap handler');
	const csrs = page.getByRole('region', { name: 'CSRs', exact: true });
	await expect(csr(page, 'mcause')).toHaveText('0x00000000');
	// la t0,handler (two instructions), csrw mtvec: mtvec now holds the handler, direct mode.
	await step(page, 3);
	await expect(reading(page, 'mtvec')).toContainText(/base 0x800000[0-9a-f]{2}, direct/);
	await expect(csrs.getByRole('row', { name: /^mtvec .*changed by the last step/ })).toBeVisible();
	// li s0,0; ecall: the trap.
	await step(page, 2);
	await expect(csr(page, 'mcause')).toHaveText('0x0000000b');
	await expect(reading(page, 'mcause')).toHaveText('11 environment call from M-mode');
	await expect(csr(page, 'mepc')).toHaveText('0x80000010');
	await expect(csrs.getByRole('row', { name: /^mcause .*changed by the last step/ })).toBeVisible();
	// The trap set MPP to M (it came from M-mode) and cleared MIE into MPIE.
	await expect(reading(page, 'mstatus')).toContainText('MPP=3 (M)');
	await expect(page.locator('details[data-csr-group="trap"] summary')).toContainText('changed');
	await expectNoAxeViolations(page, 'CSR view after a trap');

	// Through the handler and back: the all-zeros word is an illegal instruction.
	await step(page, 7);
	await expect(reading(page, 'mcause')).toHaveText('2 illegal instruction');

	// Groups open and close from the keyboard.
	const counters = page.locator('details[data-csr-group="counters"]');
	await expect(counters).not.toHaveAttribute('open');
	await counters.locator('summary').focus();
	await page.keyboard.press('Enter');
	await expect(counters).toHaveAttribute('open');
	await expect(reading(page, 'minstret')).toHaveText(await instret(page).textContent().then(String));
});

test('the memory view follows sp and shows a store landing on the stack', async ({ page }) => {
	test.setTimeout(180_000);
	// In the dark scheme: the muted `--` bytes and the outlined access must keep their contrast.
	await page.emulateMedia({ colorScheme: 'dark' });
	await openPlayground(page);
	await loadExample(page, 'A function call with the stack');
	const memory = page.getByRole('region', { name: 'Memory', exact: true });
	await memory.getByLabel('Follow register').selectOption('sp');
	// la sp (two), li a0, call (two), addi sp,sp,-8, sw ra,4(sp).
	await step(page, 7);
	const sp = Number(await reg(page, 'sp').textContent());
	const hex = (n: number) => '0x' + n.toString(16).padStart(8, '0');
	// ra holds the return address 0x80000014 (`done`), stored little-endian at sp + 4.
	await expect(reg(page, 'ra')).toHaveText('0x80000014');
	for (const [i, byte] of ['14', '00', '00', '80'].entries()) {
		const cell = memory.locator(`[data-byte="${hex(sp + 4 + i)}"]`);
		await expect(cell).toHaveText(byte);
		await expect(cell).toHaveClass(/accessed/);
	}
	await expect(page.getByTestId('memory-access')).toHaveText(`last store: 4 bytes at ${hex(sp + 4)}`);
	await expectNoAxeViolations(page, 'memory view after a store');

	// A call deeper moves sp down 8, and the window with it.
	await step(page, 7);
	await expect(reg(page, 'sp')).toHaveText(hex(sp - 8));
	await expect(memory.locator(`[data-byte="${hex(sp - 8)}"]`)).toBeVisible();

	// Typing an address: a bad one is explained; a good one moves the window and stops following.
	const address = memory.getByRole('textbox', { name: 'Address' });
	await address.fill('nowhere');
	await address.press('Enter');
	await expect(memory.getByRole('alert')).toContainText('“nowhere” is not an address');
	await expect(address).toHaveAttribute('aria-invalid', 'true');
	await address.fill('factorial');
	await address.press('Enter');
	await expect(memory.getByRole('alert')).toHaveCount(0);
	await expect(memory.getByLabel('Follow register')).toHaveValue('none');
	// factorial is at 0x8000002c (after the example's finisher code): its row, two rows down.
	await expect(memory.locator('tbody tr').nth(2)).toHaveAttribute('data-addr', '0x80000020');
	await button(page, 'Page down').click();
	await expect(memory.locator('tbody tr').first()).toHaveAttribute('data-addr', '0x80000080');
	// Below RAM every byte reads as --.
	await address.fill('0x7ffffff8');
	await address.press('Enter');
	await expect(memory.locator('[data-byte="0x7ffffff0"]')).toHaveText('--');
	await expect(memory.locator('[data-byte="0x80000000"]')).not.toHaveText('--');
	await expectNoAxeViolations(page, 'memory view with an address error and outside RAM');
});

test('registers can be edited; the edit holds when stepping back and forward', async ({ page }) => {
	test.setTimeout(180_000);
	await openPlayground(page);
	await loadExample(page, 'A loop');
	// li a0,0; li t0,1; li t1,10.
	await step(page, 3);
	await expect(reg(page, 't0')).toHaveText('0x00000001');

	// x0 cannot be edited, and says why.
	await expect(page.locator('[data-edit="zero"]')).toHaveCount(0);
	await expect(reg(page, 'zero').locator('xpath=..')).toHaveAttribute('title', /wired to 0/);

	// A mistake is explained and kept; Escape leaves the value as it was.
	await page.locator('[data-edit="a0"]').click();
	const input = page.getByRole('textbox', { name: 'New value for a0' });
	await expect(input).toBeFocused();
	await input.fill('0xzz');
	await input.press('Enter');
	await expect(page.getByRole('region', { name: 'Registers', exact: true }).getByRole('alert')).toHaveText(
		/Not a number/
	);
	await expect(input).toHaveValue('0xzz');
	await expectNoAxeViolations(page, 'register editor with an error');
	await input.press('Escape');
	await expect(reg(page, 'a0')).toHaveText('0x00000000');
	await expect(page.locator('[data-edit="a0"]')).toBeFocused();

	// Enter on the focused value opens the editor; Enter sets it.
	await page.keyboard.press('Enter');
	await page.getByRole('textbox', { name: 'New value for a0' }).fill('0x2a');
	await page.keyboard.press('Enter');
	await expect(reg(page, 'a0')).toHaveText('0x0000002a');
	await expect(status(page)).toHaveText('Set a0 (x10) to 0x0000002a.');

	// add a0,a0,t0 uses the new value.
	await step(page, 1);
	await expect(reg(page, 'a0')).toHaveText('0x0000002b');
	await button(page, 'Step back').click();
	await expect(instret(page)).toHaveText('3');
	await expect(reg(page, 'a0')).toHaveText('0x0000002a');
	await step(page, 1);
	await expect(reg(page, 'a0')).toHaveText('0x0000002b');

	// Signed decimal works too, and pc is editable: jump back to the start.
	await page.locator('[data-edit="t1"]').click();
	await page.getByRole('textbox', { name: 'New value for t1' }).fill('-1');
	await page.keyboard.press('Enter');
	await expect(reg(page, 't1')).toHaveText('0xffffffff');
	await page.locator('[data-edit="pc"]').click();
	await page.getByRole('textbox', { name: 'New value for pc' }).fill('0x80000000');
	await page.keyboard.press('Enter');
	await expect(pc(page)).toHaveText('0x80000000');
	await step(page, 1);
	await expect(reg(page, 'a0')).toHaveText('0x00000000');
	await expectNoAxeViolations(page, 'after register edits');
});
