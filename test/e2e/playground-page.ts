/**
 * What the playground's end-to-end tests share: opening the page, axe in a given state, and the
 * page's controls and read-outs by their accessible names and test ids.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { gotoHydrated, expect } from './site';

/** WCAG 2.0 and 2.1, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Opens the playground and waits until its machine is ready (the session answers). */
export async function openPlayground(page: Page, url = '/playground/') {
	await gotoHydrated(page, url);
	await expect(page.locator('html')).toHaveAttribute('data-playground-ready', 'true');
}

/** axe on the whole page, or only on the part a selector names; the report lists every node. */
export async function expectNoAxeViolations(page: Page, state: string, include?: string) {
	const builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
	const { violations } = await (include ? builder.include(include) : builder).analyze();
	const report = violations.map(
		(v) =>
			`${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`
	);
	expect(report, `axe violations: ${state}`).toEqual([]);
}

export const editor = (page: Page) => page.getByRole('textbox', { name: 'Assembly program' });
export const reg = (page: Page, abi: string) => page.locator(`[data-register="${abi}"]`);
export const pc = (page: Page) => page.getByTestId('pc');
export const instret = (page: Page) => page.getByTestId('instret');
export const status = (page: Page) => page.getByTestId('status');
export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Picks an example by its title and loads it. */
export async function loadExample(page: Page, title: string) {
	await page.getByLabel('Example').selectOption({ label: title });
	await button(page, 'Assemble & Load').click();
	await expect(status(page)).toContainText('Loaded');
}
