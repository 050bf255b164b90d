/**
 * The playground as a student uses it: pick an example, assemble, step, set a breakpoint and run to
 * it, step back, make a mistake, share a link, and run a long loop while the page keeps answering.
 * No sleeps: every wait is for a state the page shows (pc, a register, the status line, a counter).
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { test, expect } from './site';
import {
	button,
	editor,
	expectNoAxeViolations,
	instret,
	loadExample,
	openPlayground,
	pc,
	reg,
	status
} from './playground-page';

/** Where the teaching kernel's kmain is (read from the committed image, so a rebuilt kernel needs no edit). */
const KMAIN = (() => {
	const k = loadElf(new Uint8Array(readFileSync('static/guest/kernel.elf')));
	const addr = k.symbols.find((s) => s.name === 'kmain')?.addr ?? 0;
	return `0x${addr.toString(16).padStart(8, '0')}`;
})();
async function typeProgram(page: Page, source: string) {
	await editor(page).fill(source);
	await expect(editor(page)).toContainText(source.split('\n')[0].trim());
}

for (const colorScheme of ['light', 'dark'] as const) {
	test(`steps an example and shows registers and pc, axe clean (${colorScheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme });
		await openPlayground(page);
		await expectNoAxeViolations(page, 'opened');
		await loadExample(page, 'A loop');
		await expect(pc(page)).toHaveText('0x80000000');
		for (let i = 0; i < 5; i++) await button(page, 'Step').click();
		// li a0,0; li t0,1; li t1,10; add a0,a0,t0; addi t0,t0,1
		await expect(pc(page)).toHaveText('0x80000014');
		await expect(page.getByTestId('instret')).toHaveText('5');
		await expect(reg(page, 'a0')).toHaveText('0x00000001');
		await expect(reg(page, 't0')).toHaveText('0x00000002');
		// The last-written register is marked in words too, not by colour alone.
		await expect(page.getByRole('row', { name: /^x5 t0 0x00000002\s*, last written$/ })).toBeVisible();
		await expect(page.getByText('last written')).toHaveCount(1);
		await expect(reg(page, 't1')).toHaveText('0x0000000a');
		await expect(page.getByTestId('mode')).toContainText('machine');
		await expect(page.locator('tr[aria-current="step"]')).toHaveAttribute('data-addr', '0x80000014');
		await expect(page.getByTestId('source-line')).toHaveText(/Next: line 12, ble\s+t0, t1, loop$/);
		await page.getByRole('button', { name: 'Signed', exact: true }).click();
		await expect(reg(page, 't1')).toHaveText('10');
		await expectNoAxeViolations(page, 'after five steps');
	});
}

test('runs to a breakpoint, steps back and forward again', async ({ page }) => {
	await openPlayground(page);
	await loadExample(page, 'A loop');
	const toggle = page.getByRole('button', { name: 'Breakpoint at 0x80000018' });
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-pressed', 'true');
	await button(page, 'Run').click();
	await expect(status(page)).toHaveText('Stopped at the breakpoint at 0x80000018.');
	await expect(pc(page)).toHaveText('0x80000018');
	await expect(reg(page, 'a0')).toHaveText('0x00000037');
	await expect(reg(page, 't0')).toHaveText('0x0000000b');
	const stepsAtBreak = await page.getByTestId('instret').textContent();

	await button(page, 'Step back').click();
	await expect(pc(page)).toHaveText('0x80000014');
	await expect(reg(page, 'a0')).toHaveText('0x00000037');
	await button(page, 'Step back').click();
	await expect(pc(page)).toHaveText('0x80000010');
	await expect(reg(page, 't0')).toHaveText('0x0000000a');
	await button(page, 'Step').click();
	await button(page, 'Step').click();
	await expect(pc(page)).toHaveText('0x80000018');
	await expect(page.getByTestId('instret')).toHaveText(stepsAtBreak!);
	await expectNoAxeViolations(page, 'at a breakpoint');
});

test('every action works from the keyboard, with a help overlay', async ({ page }) => {
	await openPlayground(page);
	await loadExample(page, 'A trap handler');
	await button(page, 'Shortcuts').focus();
	await page.keyboard.press('?');
	const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
	await expect(help).toBeVisible();
	await expect(help).toContainText('Step back one instruction');
	await expectNoAxeViolations(page, 'help open');
	await page.keyboard.press('Escape');
	await expect(help).toBeHidden();

	// la t0,handler is two instructions; then csrw, li s0, ecall.
	for (let i = 0; i < 4; i++) await page.keyboard.press('s');
	await expect(pc(page)).toHaveText('0x80000010');
	await page.keyboard.press('F10');
	await expect(
		page.getByText(/trap: environment call from M-mode at 0x80000010 → M-mode handler at 0x800000/)
	).toBeVisible();
	await page.keyboard.press('Shift+S');
	await expect(pc(page)).toHaveText('0x80000010');
	await expect(page.getByText(/trap: environment call/)).toHaveCount(0);

	// b on a focused disassembly row sets a breakpoint there; r runs to it.
	const row = page.getByRole('button', { name: 'Breakpoint at 0x8000001c' });
	await row.focus();
	await page.keyboard.press('b');
	await expect(row).toHaveAttribute('aria-pressed', 'true');
	await page.keyboard.press('r');
	await expect(status(page)).toHaveText('Stopped at the breakpoint at 0x8000001c.');
	await expect(reg(page, 'a0')).toHaveText('0x0000002a');
	await expect(reg(page, 's0')).toHaveText('0x00000002');
	await page.keyboard.press('Shift+R');
	await expect(pc(page)).toHaveText('0x80000000');
	await expect(page.getByTestId('instret')).toHaveText('0');
});

test('an assembly error is shown at its line, in the editor and in the list', async ({ page }) => {
	await openPlayground(page);
	await typeProgram(page, '_start:\n\tli a0, 1\n\taddi a0, a0\n\tfrobnicate t0\n');
	const list = page.getByTestId('asm-errors');
	await expect(list).toContainText("Line 3, column 13: expected ',' after 'a0' but found end of line");
	await expect(list).toContainText("Line 4, column 2: unknown instruction 'frobnicate'");
	await expect(page.locator('.cm-asm-error-message')).toHaveCount(2);
	await expect(page.locator('.cm-asm-error-message').first()).toContainText('3:13');
	await button(page, 'Assemble & Load').click();
	// The default example was loaded when the page opened: the status says it is still in the machine.
	await expect(status(page)).toHaveText(
		'Not loaded: 2 errors to fix (listed below the editor). The machine still holds the program loaded before.'
	);
	// The error's button moves the cursor to it.
	await page.getByRole('button', { name: 'Line 4, column 2' }).click();
	await expect(editor(page)).toBeFocused();
	await expectNoAxeViolations(page, 'with errors');
});

test('a shared link and a reload bring back the same program', async ({ page, browser }) => {
	await openPlayground(page);
	const source = '# shared program 7\n_start:\n\tli a0, 7\n\tli a1, 35\n\tadd a2, a0, a1\nend:\n\tj end\n';
	await typeProgram(page, source);
	await button(page, 'Copy link').click();
	await expect(page.getByRole('status')).toContainText(/Link copied|address bar/);
	expect(page.url()).toMatch(/#code=[\w-]+$/);

	const fresh = await browser.newContext();
	const other = await fresh.newPage();
	await openPlayground(other, page.url());
	await expect(editor(other)).toHaveText(source.replace(/\n$/, '').split('\n').join(''));
	expect((await editor(other).innerText()).trimEnd()).toBe(source.trimEnd());
	// A clean shared program is loaded at once.
	for (let i = 0; i < 3; i++) await button(other, 'Step').click();
	await expect(reg(other, 'a2')).toHaveText('0x0000002a');
	await fresh.close();

	// Local storage: a reload without the link keeps what was typed.
	await openPlayground(page, '/playground/');
	expect((await editor(page).innerText()).trimEnd()).toBe(source.trimEnd());
});

test('a long run leaves the page answering clicks, and pause stops it', async ({ page }) => {
	await openPlayground(page);
	await typeProgram(page, '_start:\n\tli t0, 0\nloop:\n\taddi t0, t0, 1\n\tj loop\n');
	await button(page, 'Assemble & Load').click();
	await expect(status(page)).toContainText('Loaded');
	await expect(page.getByTestId('runs-in')).toContainText('Web Worker');
	await button(page, 'Run').click();
	await expect(status(page)).toHaveText('Running at full speed…');
	const counter = instret(page);
	await expect
		.poll(async () => Number((await counter.textContent())!.replace(/,/g, '')))
		.toBeGreaterThan(1_000_000);
	// The page still answers: the register base toggles while the machine runs.
	await page.getByRole('button', { name: 'Unsigned' }).click();
	await expect(page.getByRole('button', { name: 'Unsigned' })).toHaveAttribute('aria-pressed', 'true');
	await button(page, 'Pause').click();
	await expect(status(page)).toHaveText(/^Paused at 0x8000000[48]\.$/);
	const paused = await counter.textContent();
	await expect(button(page, 'Run')).toBeVisible();
	await expect(counter).toHaveText(paused!);
	// Step back from deep in a run replays from a checkpoint.
	await button(page, 'Step back').click();
	await expect(status(page)).toContainText('Stepped back');
	await expectNoAxeViolations(page, 'paused after a long run');
});

test('runs at a chosen speed, one instruction at a time', async ({ page }) => {
	await openPlayground(page);
	await loadExample(page, 'A loop');
	await page.getByLabel('Speed').selectOption({ label: '10 per second' });
	await button(page, 'Run').click();
	await expect(status(page)).toHaveText('Running at 10 per second…');
	const instret = page.getByTestId('instret');
	const count = async () => Number((await instret.textContent())!.replace(/,/g, ''));
	await expect.poll(count).toBeGreaterThanOrEqual(3);
	await button(page, 'Pause').click();
	await expect(status(page)).toHaveText(/^Paused at 0x800000/);
	const paused = await count();
	// Full speed would be millions by now; ten a second is a few dozen at most.
	expect(paused).toBeLessThan(200);
	await expect(instret).toHaveText(String(paused));
	await expect(reg(page, 't1')).toHaveText('0x0000000a');
});

test('step over runs a whole (recursive) call and stops after it', async ({ page }) => {
	await openPlayground(page);
	await loadExample(page, 'A function call with the stack');
	// la sp (two instructions), li a0 5: then pc is at `call factorial`.
	for (let i = 0; i < 3; i++) await button(page, 'Step').click();
	await expect(page.getByTestId('source-line')).toContainText('call');
	await button(page, 'Step over').click();
	// The example ends through the test finisher now (issue 20): `done:` starts with its li.
	await expect(page.getByTestId('source-line')).toHaveText(/Next: line \d+, li\s+t0, 0x100000$/);
	await expect(reg(page, 'a0')).toHaveText('0x00000078'); // 5! = 120
	await page.keyboard.press('n'); // not a call: one step
	await expect(status(page)).toHaveText(/^Stepped: the next instruction is at 0x8000/);
});

test('the console shows what hello writes to the UART', async ({ page }) => {
	await openPlayground(page);
	await loadExample(page, 'Hello on the UART');
	await button(page, 'Run').click();
	await expect(status(page)).toHaveText('The program exited with code 0.');
	await expect(page.getByTestId('console')).toHaveText('Hello from RISC-V!\n');
});

test('what is typed to the UART reaches a running program, which echoes it', async ({ page }) => {
	await openPlayground(page);
	await loadExample(page, 'Echo');
	await button(page, 'Run').click();
	await expect(status(page)).toHaveText('Running at full speed…');
	const input = page.getByLabel('Type to the UART');
	await input.fill('hey');
	await input.press('Enter');
	await expect(page.getByTestId('console')).toHaveText('hey\n');
	await expect(input).toHaveValue('');
	await button(page, 'Pause').click();
	await expect(status(page)).toHaveText(/^Paused at 0x8000/);
	await expect(reg(page, 's0')).toHaveText('0x00000004');
});

test('at phone width the views are tabs under the controls', async ({ page }) => {
	// Was: every view stacked in one column. Now (issue 20) one panel at a time behind tabs, the run
	// controls above them, so a step and what it changed are on one screen.
	await page.setViewportSize({ width: 390, height: 844 });
	await openPlayground(page);
	await button(page, 'Step').click();
	await expect(editor(page)).toBeVisible();
	await page.getByRole('tab', { name: 'Registers' }).click();
	await expect(editor(page)).toBeHidden();
	const stepBox = await button(page, 'Step').boundingBox();
	const regsBox = await page.getByRole('heading', { name: 'Registers', exact: true }).boundingBox();
	expect(regsBox!.y).toBeGreaterThan(stepBox!.y);
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, 'no sideways scrolling of the page').toBeLessThanOrEqual(390);
	await expectNoAxeViolations(page, 'phone width');
});

for (const colorScheme of ['light', 'dark'] as const) {
	test(`the teaching kernel shows its C source beside the disassembly, axe clean (${colorScheme})`, async ({
		page
	}) => {
		await page.emulateMedia({ colorScheme });
		await openPlayground(page);
		await button(page, 'Teaching kernel').click();
		await expect(status(page)).toHaveText('Loaded kernel.elf: the next instruction is at 0x80200000.');
		// The editor is not the program now, and says so.
		await expect(page.getByTestId('elf-loaded')).toContainText('kernel.elf');
		await expect(editor(page)).toHaveCount(0);
		const sourceView = page.getByTestId('source-view');
		await expect(sourceView.getByTestId('source-file')).toHaveText('kernel/start.S');
		await expect(sourceView).toContainText('_start');
		await expect(sourceView.locator('li[aria-current="step"]')).toHaveCount(1);
		await expect(sourceView.getByTestId('source-current')).toContainText('▶');

		await page.getByLabel('Run to function').fill('kmain');
		await button(page, 'Run to').click();
		await expect(status(page)).toHaveText(`Ran to kmain at ${KMAIN}.`);
		await expect(sourceView.getByTestId('source-file')).toHaveText('kernel/main.c');
		await expect(sourceView.getByTestId('source-current')).toContainText(
			'void kmain(uint32_t hartid, uint32_t dtb)'
		);
		await expect(sourceView.getByTestId('source-current')).toHaveAttribute('aria-current', 'step');
		await expectNoAxeViolations(page, 'kernel stopped at kmain');

		// Stepping moves the highlighted line on, still within main.c.
		const before = await sourceView.getByTestId('source-line-number').textContent();
		for (let i = 0; i < 8; i++) await button(page, 'Step').click();
		await expect(sourceView.getByTestId('source-line-number')).not.toHaveText(before ?? '');

		// Back to assembly: the student's program is still in the editor.
		await button(page, 'Back to assembly').click();
		await expect(editor(page)).toBeVisible();
		await expect(status(page)).toContainText('Loaded: the next instruction is at 0x80000000.');
		await expect(page.getByTestId('source-view')).toHaveCount(0);
	});
}

test('an ELF file chosen with the file input is loaded', async ({ page }) => {
	await openPlayground(page);
	const response = await page.request.get('/guest/kernel.elf');
	const buffer = await response.body();
	const input = page.getByLabel('Open ELF file…');
	await input.focus();
	await expect(input).toBeFocused();
	await input.setInputFiles({ name: 'my-kernel.elf', mimeType: 'application/octet-stream', buffer });
	await expect(status(page)).toHaveText('Loaded my-kernel.elf: the next instruction is at 0x80200000.');
	await expect(page.getByTestId('elf-loaded')).toContainText('my-kernel.elf');
	await input.setInputFiles({
		name: 'junk.elf',
		mimeType: 'application/octet-stream',
		buffer: Buffer.from('not an elf')
	});
	await expect(status(page)).toContainText('Not loaded: junk.elf:');
});
