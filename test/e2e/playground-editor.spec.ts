/**
 * The playground's editor side, as a student uses it: breakpoints from the gutter (mouse and F9),
 * run to the cursor's line, markers that follow edits, and an address bar that always holds a link
 * to what is typed (program and RAM option). No sleeps: every wait is for a state the page shows.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './site';
import {
	button,
	editor,
	expectNoAxeViolations,
	loadExample,
	openPlayground,
	pc,
	status
} from './playground-page';

const lineList = (page: Page) => page.getByTestId('line-breakpoints');
const markers = (page: Page) => page.locator('.cm-breakpoint-gutter .cm-breakpoint');
const disasmToggle = (page: Page, addr: string) =>
	page.getByRole('button', { name: `Breakpoint at ${addr}` });

/** The line number's box in the editor's gutter. */
const lineNumber = (page: Page, line: number) =>
	page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: new RegExp(`^${line}$`) });

/** Click the breakpoint gutter beside a line, as a student would with the mouse. */
async function clickGutter(page: Page, line: number) {
	// The sticky run controls push the editor down: bring the line on screen, as a student scrolls.
	await lineNumber(page, line).scrollIntoViewIfNeeded();
	const number = await lineNumber(page, line).boundingBox();
	const gutter = await page.locator('.cm-breakpoint-gutter').boundingBox();
	await page.mouse.click(gutter!.x + gutter!.width / 2, number!.y + number!.height / 2);
}

/** Put the editor's cursor at the end of a line (a click on its text). */
async function cursorTo(page: Page, line: number) {
	await page
		.locator('.cm-content .cm-line')
		.nth(line - 1)
		.click();
	await page.keyboard.press('End');
}

/** The marker beside a line: one, drawn in the row of that line number. */
async function expectMarkerOn(page: Page, line: number) {
	await expect(markers(page)).toHaveCount(1);
	await expect(markers(page)).toHaveAttribute('title', 'Breakpoint');
	// Both sit at the top of the line's row (a wrapped line is taller than its text).
	const marker = await markers(page).boundingBox();
	const number = await lineNumber(page, line).boundingBox();
	expect(Math.abs(marker!.y - number!.y)).toBeLessThan(4);
}

// 2-loop.s: line 10 add (0x8000000c), 11 addi (0x80000010), 12 ble (0x80000014), 15 j done.

test('a breakpoint from the gutter stops a run on that line, and comes off again; axe clean', async ({
	page
}) => {
	await openPlayground(page);
	await loadExample(page, 'A loop');
	await clickGutter(page, 12);
	await expectMarkerOn(page, 12);
	await expect(lineList(page)).toHaveText('Line 12: 0x80000014');
	// The disassembly shows the same breakpoint.
	await expect(disasmToggle(page, '0x80000014')).toHaveAttribute('aria-pressed', 'true');
	await expectNoAxeViolations(page, 'a gutter breakpoint');

	await button(page, 'Run').click();
	await expect(status(page)).toHaveText('Stopped at the breakpoint at 0x80000014.');
	await expect(pc(page)).toHaveText('0x80000014');
	await expect(page.getByTestId('source-line')).toHaveText(/Next: line 12, ble/);

	await clickGutter(page, 12);
	await expect(markers(page)).toHaveCount(0);
	await expect(lineList(page)).toHaveCount(0);
	await expect(disasmToggle(page, '0x80000014')).toHaveAttribute('aria-pressed', 'false');
	// With no breakpoint left, the run goes on to the end: the example ends through the test
	// finisher now (issue 20; it used to spin at `j done` until paused).
	await button(page, 'Run').click();
	await expect(status(page)).toHaveText('The program exited with code 0.');
});

test('a line without code puts the breakpoint on the next line that has some; the disassembly agrees', async ({
	page
}) => {
	await openPlayground(page);
	await loadExample(page, 'A loop');
	await clickGutter(page, 9); // `loop:`
	await expectMarkerOn(page, 10);
	await expect(lineList(page)).toHaveText('Line 10: 0x8000000c');
	// Cleared from the disassembly: the marker goes too; set there: it comes back on its line.
	await disasmToggle(page, '0x8000000c').click();
	await expect(markers(page)).toHaveCount(0);
	await disasmToggle(page, '0x80000010').click();
	await expectMarkerOn(page, 11);
});

test('run to cursor stops at the cursor line, or first at a breakpoint of the student', async ({ page }) => {
	await openPlayground(page);
	await loadExample(page, 'A loop');
	await cursorTo(page, 12);
	await button(page, 'Run to cursor').click();
	await expect(status(page)).toHaveText('Ran to line 12 at 0x80000014.');
	await expect(pc(page)).toHaveText('0x80000014');
	await expect(page.getByTestId('instret')).toHaveText('5');
	// The temporary breakpoint is not the student's: nothing is marked anywhere.
	await expect(markers(page)).toHaveCount(0);
	await expect(disasmToggle(page, '0x80000014')).toHaveAttribute('aria-pressed', 'false');

	// From the keyboard, with a breakpoint of the student's on the way.
	await button(page, 'Reset').click();
	await expect(pc(page)).toHaveText('0x80000000');
	await clickGutter(page, 11);
	await cursorTo(page, 15);
	await page.keyboard.press('Control+F10');
	await expect(status(page)).toHaveText('Stopped at the breakpoint at 0x80000010.');
	await expect(pc(page)).toHaveText('0x80000010');
	await page.keyboard.press('Control+F10');
	await expect(status(page)).toHaveText('Stopped at the breakpoint at 0x80000010.');
	// Once more: off the breakpoint at pc, once round the loop (ble, add) and back to it.
	await expect(page.getByTestId('instret')).toHaveText('7');
});

test('F9 toggles a breakpoint on the cursor line; markers follow edits and are re-resolved at load', async ({
	page
}) => {
	await openPlayground(page);
	await loadExample(page, 'A loop');
	await cursorTo(page, 10);
	await page.keyboard.press('F9');
	await expectMarkerOn(page, 10);
	await expect(editor(page)).toBeFocused();
	await page.keyboard.press('F9');
	await expect(markers(page)).toHaveCount(0);
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('F9');
	await expectMarkerOn(page, 12);
	await expect(lineList(page)).toHaveText('Line 12: 0x80000014');

	// An instruction typed above: the marker moves down with its line, still the loaded address.
	await cursorTo(page, 6);
	await page.keyboard.press('Enter');
	await page.keyboard.type('nop');
	await expectMarkerOn(page, 13);
	await expect(lineList(page)).toHaveText('Line 13: 0x80000014');
	// The new line has no code in the machine yet: its breakpoint waits for the load, drawn hollow.
	await page.keyboard.press('F9');
	await expect(lineList(page).getByRole('listitem')).toHaveText([
		'Line 7: set at the next Assemble & Load',
		'Line 13: 0x80000014'
	]);
	await expect(page.locator('.cm-breakpoint-pending')).toHaveAttribute(
		'title',
		'Breakpoint, set at the next Assemble & Load'
	);
	// Ctrl+Enter in the editor assembles and loads: both breakpoints get the code's new addresses.
	await page.keyboard.press('Control+Enter');
	await expect(status(page)).toHaveText('Loaded: the next instruction is at 0x80000000.');
	await expect(lineList(page).getByRole('listitem')).toHaveText([
		'Line 7: 0x80000004',
		'Line 13: 0x80000018'
	]);
	await expect(page.locator('.cm-breakpoint-pending')).toHaveCount(0);
	await button(page, 'Run').click();
	await expect(status(page)).toHaveText('Stopped at the breakpoint at 0x80000004.');
	await button(page, 'Run').click();
	await expect(status(page)).toHaveText('Stopped at the breakpoint at 0x80000018.');

	// The help overlay lists both editor shortcuts.
	await button(page, 'Shortcuts').click();
	const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
	await expect(
		help.getByRole('row', { name: /F9 .*breakpoint on the editor cursor's line/ })
	).toBeVisible();
	await expect(
		help.getByRole('row', { name: /Ctrl\+F10 .*Run to the editor cursor's line/ })
	).toBeVisible();
});

test('the address bar follows typing and the RAM option, and reproduces them in a fresh page', async ({
	page,
	browser
}) => {
	await openPlayground(page);
	await expect.poll(() => page.url()).toMatch(/#code=[\w-]+$/);
	const first = page.url();
	const entries = await page.evaluate(() => history.length);

	await cursorTo(page, 1);
	await page.keyboard.type(' (edited)');
	await expect.poll(() => page.url()).not.toBe(first);
	const typed = page.url();
	await page.getByRole('combobox', { name: 'RAM', exact: true }).selectOption({ label: '16 MiB' });
	await expect(status(page)).toHaveText('RAM: 16 MiB from the next Assemble & Load.');
	await expect.poll(() => page.url()).not.toBe(typed);
	// Replaced, never pushed: Back still leaves the page.
	expect(await page.evaluate(() => history.length)).toBe(entries);
	const source = await editor(page).innerText();
	expect(source).toContain('(edited)');

	const fresh = await browser.newContext();
	const other = await fresh.newPage();
	await openPlayground(other, page.url());
	expect((await editor(other).innerText()).trimEnd()).toBe(source.trimEnd());
	await expect(other.getByRole('combobox', { name: 'RAM', exact: true })).toHaveValue('16');
	await expect(status(other)).toContainText('Loaded');
	await expectNoAxeViolations(other, 'opened from a followed link');
	await fresh.close();
});
