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
	// The status line of that step says where it went, beside the mode it came back to.
	await expect(status(page)).toHaveText(
		/^Stepped through M-mode: the SBI firmware ran .* \(SBI_SUCCESS, value 0x[0-9a-f]{8}\) and returned to S-mode/
	);
});

for (const colorScheme of ['light', 'dark'] as const)
	test(`at 360 px Step and all the registers are on one screen, axe clean (${colorScheme})`, async ({
		page
	}) => {
		await page.emulateMedia({ colorScheme });
		await page.setViewportSize({ width: 360, height: 740 });
		await openPlayground(page);
		await page.getByRole('tab', { name: 'Registers' }).click();
		await expect(page.getByRole('tab', { name: 'Registers' })).toHaveAttribute('aria-selected', 'true');
		await step(page);
		await expect(page.locator('[data-register="t1"]')).toHaveText('0x10000000'); // li t1, UART
		// No scrolling: the page is at its top, and Step and x0..x31 all lie inside the 740 px screen.
		expect(await page.evaluate(() => window.scrollY)).toBe(0);
		await expect(button(page, 'Step')).toBeInViewport({ ratio: 1 });
		for (const abi of ['zero', 'a5', 't6'])
			await expect(page.locator(`[data-register="${abi}"]`)).toBeInViewport({ ratio: 1 });
		const stepBox = await button(page, 'Step').boundingBox();
		expect(stepBox!.height, 'touch target').toBeGreaterThanOrEqual(24);
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth),
			'no sideways scroll'
		).toBeLessThanOrEqual(360);
		await expectNoAxeViolations(page, `360 px, registers tab (${colorScheme})`);
		// The tabs are one Tab stop; arrow keys move between them.
		await page.getByRole('tab', { name: 'Registers' }).focus();
		await page.keyboard.press('ArrowRight');
		await expect(page.getByRole('tab', { name: 'Memory' })).toBeFocused();
		await expect(page.getByRole('heading', { name: 'Memory', exact: true })).toBeVisible();
	});

test('a truncated link says it is damaged instead of opening another program silently', async ({ page }) => {
	await openPlayground(page);
	await page.getByRole('textbox', { name: 'Assembly program' }).fill('_start:\n\tli a0, 7\n\tli a1, 8\n');
	await button(page, 'Copy link').click();
	await expect(page).toHaveURL(/#code=/);
	const url = page.url();
	const cut = url.slice(0, url.length - 12).replace(/^.*?\/playground/, '/playground');
	const fresh = await page.context().newPage();
	await openPlayground(fresh, cut);
	await expect(fresh.getByTestId('link-warning')).toContainText('This link is damaged');
	await expectNoAxeViolations(fresh, 'damaged link');
});

test('breakpoints travel in the link', async ({ page }) => {
	await openPlayground(page);
	await loadExample(page, 'A loop');
	await page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: /^12$/ }).scrollIntoViewIfNeeded();
	await page.locator('.cm-content .cm-line').nth(11).click();
	await page.keyboard.press('F9');
	await expect(page.locator('.cm-breakpoint-gutter .cm-breakpoint')).toHaveCount(1);
	await button(page, 'Copy link').click();
	await expect(page).toHaveURL(/#code=/);
	const url = page.url().replace(/^.*?\/playground/, '/playground');
	const fresh = await page.context().newPage();
	await openPlayground(fresh, url);
	await expect(fresh.getByTestId('line-breakpoints')).toContainText('Line 12: 0x80000014');
	await button(fresh, 'Run').click();
	await expect(status(fresh)).toHaveText('Stopped at the breakpoint at 0x80000014.');
});

for (const width of [1440, 1920])
	test(`at ${width} px the views sit side by side and the controls stay in view, axe clean`, async ({
		page
	}) => {
		await page.setViewportSize({ width, height: 900 });
		await openPlayground(page);
		await step(page);
		const code = await page.getByRole('heading', { name: 'Program', exact: true }).boundingBox();
		const regs = await page.getByRole('heading', { name: 'Registers', exact: true }).boundingBox();
		expect(regs!.x, 'registers beside the code').toBeGreaterThan(code!.x + 300);
		expect(Math.abs(regs!.y - code!.y)).toBeLessThan(40);
		// Scrolled down to the events, Step is still on screen (the run bar is sticky).
		await page.getByRole('heading', { name: 'Events', exact: true }).scrollIntoViewIfNeeded();
		await expect(button(page, 'Step')).toBeInViewport({ ratio: 1 });
		await step(page);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
		await expectNoAxeViolations(page, `${width} px`);
	});

test('the register table is one Tab stop; the arrow keys move between values', async ({ page }) => {
	await openPlayground(page);
	await expect(page.locator('[data-roving] [tabindex="0"]')).toHaveCount(1);
	await page.locator('[data-edit="ra"]').focus();
	await page.keyboard.press('ArrowDown');
	await expect(page.locator('[data-edit="sp"]')).toBeFocused();
	await page.keyboard.press('ArrowRight');
	await expect(page.locator('[data-edit="s2"]')).toBeFocused(); // x2 → x18
	await expect(page.locator('[data-roving] [tabindex="0"]')).toHaveAttribute('data-edit', 's2');
	// Enter still edits the focused value.
	await page.keyboard.press('Enter');
	await expect(page.getByLabel('New value for s2')).toBeFocused();
});
