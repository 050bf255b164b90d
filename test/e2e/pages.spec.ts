import { gotoHydrated, lessonSlugs, sitePages, test, expect } from './site';

test.describe('every page', () => {
	for (const path of sitePages()) {
		test(`${path} renders with a title, one h1, the header and no errors`, async ({ page }) => {
			await gotoHydrated(page, path);
			await expect(page).toHaveTitle(/vmscope/);
			await expect(page.locator('h1')).toHaveCount(1);
			await expect(page.locator('h1')).not.toBeEmpty();
			const nav = page.getByRole('navigation', { name: 'Main' });
			await expect(nav.getByRole('link', { name: 'Home' })).toBeVisible();
			await expect(nav.getByRole('link', { name: 'Lessons' })).toBeVisible();
			await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /favicon\.svg$/);
		});
	}
});

test('the home page says what vmscope is and links every lesson', async ({ page }) => {
	await gotoHydrated(page, '/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('virtual machine');
	for (const slug of lessonSlugs()) {
		await expect(page.locator(`main a[href="/lessons/${slug}/"]`).first()).toBeVisible();
	}
});

test('the lesson index lists every lesson in order', async ({ page }) => {
	await gotoHydrated(page, '/lessons/');
	const links = page.locator('main ol a');
	await expect(links).toHaveCount(lessonSlugs().length);
	expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(
		lessonSlugs().map((slug) => `/lessons/${slug}/`)
	);
});

test('the skip link moves focus to the main content', async ({ page }) => {
	await gotoHydrated(page, '/lessons/');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to content' });
	await expect(skip).toBeFocused();
	await expect(skip).toBeInViewport();
	await page.keyboard.press('Enter');
	await expect(page.locator('main#main')).toBeFocused();
});

test('the current section is marked in the header', async ({ page }) => {
	const nav = page.getByRole('navigation', { name: 'Main' });
	await gotoHydrated(page, `/lessons/${lessonSlugs()[0]}/`);
	await expect(nav.getByRole('link', { name: 'Lessons' })).toHaveAttribute('aria-current', 'page');
	await expect(nav.getByRole('link', { name: 'Home' })).not.toHaveAttribute('aria-current');
	await gotoHydrated(page, '/');
	await expect(nav.getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page');
});

test.describe('themes', () => {
	for (const colorScheme of ['light', 'dark'] as const) {
		test(`follows the system's ${colorScheme} setting`, async ({ page }) => {
			await page.emulateMedia({ colorScheme });
			await gotoHydrated(page, '/');
			const [bg, fg] = await page.evaluate(() => {
				const style = getComputedStyle(document.documentElement);
				return [style.backgroundColor, style.color];
			});
			const luminance = (rgb: string) => {
				const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
				return 0.2126 * r + 0.7152 * g + 0.0722 * b;
			};
			if (colorScheme === 'light') expect(luminance(bg)).toBeGreaterThan(luminance(fg));
			else expect(luminance(bg)).toBeLessThan(luminance(fg));
		});
	}
});
