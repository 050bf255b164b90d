import { gotoHydrated, lessonSlugs, test, expect } from './site';

test('a reader can go from the home page through every lesson and back by clicking', async ({ page }) => {
	const slugs = lessonSlugs();
	await gotoHydrated(page, '/');
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lessons' }).click();
	await expect(page).toHaveURL('/lessons/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lessons');

	await page.locator(`main a[href="/lessons/${slugs[0]}/"]`).click();
	const lessonNav = page.getByRole('navigation', { name: 'Lessons' });

	for (const [i, slug] of slugs.entries()) {
		await expect(page).toHaveURL(`/lessons/${slug}/`);
		await expect(page.locator('article .number')).toHaveText(`Lesson ${slug.slice(0, 2)}`);
		await expect(lessonNav.locator('a[rel="prev"]')).toHaveCount(i === 0 ? 0 : 1);
		const next = lessonNav.locator('a[rel="next"]');
		if (i === slugs.length - 1) {
			await expect(next).toHaveCount(0);
			await expect(lessonNav).toContainText('last lesson');
		} else {
			await next.click();
		}
	}

	for (const slug of [...slugs].reverse().slice(1)) {
		await lessonNav.locator('a[rel="prev"]').click();
		await expect(page).toHaveURL(`/lessons/${slug}/`);
	}
	await expect(page.getByRole('heading', { level: 1 })).not.toBeEmpty();

	await lessonNav
		.getByRole('link', { name: /Back to all lessons|Next/ })
		.first()
		.click();
	await expect(page).toHaveURL(slugs.length === 1 ? '/lessons/' : `/lessons/${slugs[1]}/`);
});

test('each lesson states its objectives', async ({ page }) => {
	for (const slug of lessonSlugs()) {
		await gotoHydrated(page, `/lessons/${slug}/`);
		const objectives = page
			.getByRole('region', { name: 'After this lesson you can' })
			.getByRole('listitem');
		expect(await objectives.count()).toBeGreaterThanOrEqual(2);
		expect(await objectives.count()).toBeLessThanOrEqual(4);
	}
});
