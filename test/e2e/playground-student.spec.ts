/**
 * The playground as a student meets it (issue 20): the running line follows each step, a user
 * program under the teaching kernel shows its C line in U-mode, and an SBI call appears in the event
 * list. No sleeps: every wait is for a state the page shows.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './site';
import { button, expectNoAxeViolations, loadExample, openPlayground, pc, status } from './playground-page';

const runningLine = (page: Page) => page.locator('.cm-running-line');

async function step(page: Page) {
	const before = (await pc(page).textContent()) ?? '';
	const cycles = (await page.getByTestId('cycles').textContent()) ?? '';
	await button(page, 'Step').click();
	await expect(page.getByTestId('cycles')).not.toHaveText(cycles);
	return before;
}

async function loadKernel(page: Page) {
	await button(page, 'Teaching kernel').click();
	await expect(status(page)).toHaveText(/^Loaded kernel\.elf/);
	// The user programs' symbol files arrive after the kernel: the list offers their functions.
	await expect(page.locator('#run-to-functions option[value="hello:main"]')).toHaveCount(1);
}

async function runToFunction(page: Page, name: string) {
	await page.getByLabel('Run to function').fill(name);
	await button(page, 'Run to').click();
	await expect(status(page)).toHaveText(new RegExp(`^Ran to ${name} at 0x`), { timeout: 30_000 });
}

test('the editor marks the line that runs next, and it follows the steps', async ({ page }) => {
	await openPlayground(page);
	await loadExample(page, 'A loop');
	// Loaded: the first instruction, `li a0, 0` on line 6, is next.
	await expect(runningLine(page)).toHaveCount(1);
	await expect(runningLine(page)).toContainText('li\ta0, 0');
	await expect(page.locator('.cm-running-marker')).toHaveAttribute('title', 'Next to execute (hart 0)');
	await step(page);
	await expect(runningLine(page)).toContainText('li\tt0, 1');
	await step(page);
	await step(page);
	await expect(runningLine(page)).toContainText('add\ta0, a0, t0');
	// The cursor's line is not what is marked: click elsewhere, step, and the mark moves on.
	await page.getByText('# A loop: add 1').click();
	await step(page);
	await expect(runningLine(page)).toContainText('addi\tt0, t0, 1');
	// Kept in view inside the editor's own scroller (the page does not jump under the controls).
	const line = await runningLine(page).boundingBox();
	const scroller = await page.locator('.cm-scroller').boundingBox();
	expect(line!.y).toBeGreaterThanOrEqual(scroller!.y);
	expect(line!.y + line!.height).toBeLessThanOrEqual(scroller!.y + scroller!.height);
});

test('a jump to itself stops the run and says so', async ({ page }) => {
	await openPlayground(page);
	await page
		.getByRole('textbox', { name: 'Assembly program' })
		.fill('_start:\n\tli a0, 1\nstuck:\n\tj stuck\n');
	await button(page, 'Assemble & Load').click();
	await expect(status(page)).toContainText('Loaded');
	await button(page, 'Run').click();
	await expect(status(page)).toHaveText(/^Stopped: the instruction at 0x80000004 jumps to itself/);
	await expect(runningLine(page)).toContainText('j stuck');
});

test('the kernel’s user program shows its C line in U-mode, read through satp', async ({ page }) => {
	test.setTimeout(120_000);
	await openPlayground(page);
	await loadKernel(page);
	await runToFunction(page, 'hello:main');
	await expect(page.getByTestId('mode')).toContainText('U');
	await expect(page.getByTestId('source-file')).toHaveText('user/hello.c');
	await expect(page.getByTestId('source-program')).toContainText('hello');
	await expect(page.getByTestId('source-current')).toContainText('main');
	await expect(page.getByTestId('disassembly-space')).toContainText('Virtual addresses (U-mode)');
	await expect(page.getByTestId('memory-space')).toContainText('satp 0x');
	// The code at pc is the program's own, not `.4byte 0x0` from an unmapped read.
	await expect(page.locator('.disassembly tr.current')).not.toContainText('.4byte');
	await expectNoAxeViolations(page, 'user program under the kernel');
});

test('an SBI call appears in the event list with its name and result', async ({ page }) => {
	test.setTimeout(120_000);
	await openPlayground(page);
	await loadKernel(page);
	await runToFunction(page, 'sbi_call');
	const events = page.getByRole('log', { name: 'Events' });
	for (let i = 0; i < 40; i++) {
		if ((await events.count()) > 0 && (await events.getByText(/^SBI call/).count()) > 0) break;
		await step(page);
	}
	await expect(
		events
			.getByText(/^trap: environment call from S-mode at 0x802[0-9a-f]{5} → M-mode: the SBI firmware$/)
			.last()
	).toBeVisible();
	await expect(
		events.getByText(/^SBI call .*, in M-mode → SBI_SUCCESS, value 0x[0-9a-f]{8}$/).last()
	).toBeVisible();
	await expect(
		events.getByText(/^firmware returns: M-mode → S-mode at 0x802[0-9a-f]{5}$/).last()
	).toBeVisible();
	await expect(page.getByTestId('mode')).toContainText('S');
});
