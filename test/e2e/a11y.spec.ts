import AxeBuilder from '@axe-core/playwright';
import { gotoHydrated, revealAnswers, sitePages, test, expect } from './site';

// WCAG 2.0 and 2.1, levels A and AA.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

for (const colorScheme of ['light', 'dark'] as const) {
	test.describe(`axe, ${colorScheme} scheme`, () => {
		test.use({ colorScheme });

		for (const path of sitePages()) {
			test(`${path} has no violations`, async ({ page }) => {
				await gotoHydrated(page, path);
				// Check what hides behind "Show the answer" too, and a highlighted layer's styles.
				await revealAnswers(page);
				const firstLayer = page.locator('[role="option"]').first();
				if ((await firstLayer.count()) > 0) await firstLayer.hover();

				const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
				const report = violations.map(
					(v) =>
						`${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`
				);
				expect(report, `axe violations on ${path}`).toEqual([]);
			});
		}
	});
}
