/**
 * What the end-to-end tests know about the site, derived from the files on disk so that a new lesson is
 * covered without touching the tests, plus a fixture that fails any test whose page logs an error.
 */
import { expect, test as base, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { LESSONS_DIR, LESSON_FOLDER } from '../../src/lib/lessons/catalog';

/** Lesson folder names in reading order, straight from content/lessons. */
export function lessonSlugs(): string[] {
	return readdirSync(LESSONS_DIR, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && LESSON_FOLDER.test(entry.name))
		.map((entry) => entry.name)
		.sort((a, b) => Number(a.slice(0, 2)) - Number(b.slice(0, 2)));
}

/** Every page the site prerenders. */
export function sitePages(): string[] {
	return [
		'/',
		'/lessons/',
		'/playground/',
		'/playground/vms/',
		'/playground/your-own/',
		'/exercises/',
		...lessonSlugs().map((slug) => `/lessons/${slug}/`)
	];
}

/** Opens a page and waits until the app has hydrated (the root layout marks <html> in onMount). */
export async function gotoHydrated(page: Page, url: string) {
	const response = await page.goto(url);
	expect(response?.status(), `HTTP status of ${url}`).toBe(200);
	await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
	return response;
}

/** Opens every "Predict" answer on the page, so checks also see what is behind them. */
export async function revealAnswers(page: Page) {
	const buttons = page.getByRole('button', { name: 'Show the answer' });
	for (let n = await buttons.count(); n > 0; n--) {
		await buttons.first().click();
	}
	await expect(buttons).toHaveCount(0);
}

/**
 * `test` with an automatic check: any console error or uncaught exception on any page a test opens
 * fails that test, listing the messages.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
	consoleErrors: [
		async ({ page }, use) => {
			const errors: string[] = [];
			page.on('console', (message) => {
				if (message.type() === 'error')
					errors.push(`console.error at ${page.url()}: ${message.text()}`);
			});
			page.on('pageerror', (error) => errors.push(`uncaught at ${page.url()}: ${error.message}`));
			await use(errors);
			expect(errors, 'errors logged by the page').toEqual([]);
		},
		{ auto: true }
	]
});

export { expect };
