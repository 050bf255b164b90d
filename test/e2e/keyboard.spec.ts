import { gotoHydrated, revealAnswers, sitePages, test, expect } from './site';

const INTERACTIVE = 'a[href], button, input, select, textarea, summary, [tabindex="0"]';

test.describe('keyboard', () => {
	for (const path of sitePages()) {
		test(`every interactive element on ${path} is reached with Tab`, async ({ page }) => {
			await gotoHydrated(page, path);
			// The playground finishes loading its session after hydration and redraws its views; numbering
			// before that tags elements that are then replaced (a flake under load).
			if (path === '/playground/')
				await expect(page.locator('html')).toHaveAttribute('data-playground-ready', 'true');
			await revealAnswers(page);
			// Number every visible interactive element, then Tab through the page and tick them off.
			const total = await page.locator(INTERACTIVE).evaluateAll((els) => {
				// A radio group is one Tab stop; the arrow keys move within it (HTML, and the ARIA APG's
				// radio group pattern), so only each group's first radio must be reached with Tab.
				const groups = new Set<string>();
				const firstOfGroup = (el: Element) => {
					if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name) return true;
					if (groups.has(el.name)) return false;
					groups.add(el.name);
					return true;
				};
				// A roving-tabindex group ([data-roving], the APG's grid and toolbar patterns) is one Tab stop too:
				// the one element of it with tabindex 0 must be reached; the arrow keys reach the rest.
				const inRovingGroup = (el: Element) =>
					el.closest('[data-roving]') !== null && el.getAttribute('tabindex') === '-1';
				const visible = els.filter(
					(el) =>
						((el as HTMLElement).checkVisibility?.() ?? true) &&
						firstOfGroup(el) &&
						!inRovingGroup(el)
				);
				visible.forEach((el, i) => el.setAttribute('data-kb', String(i)));
				return visible.length;
			});
			expect(total).toBeGreaterThan(3);
			await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

			const reached = new Set<string>();
			for (let presses = 0; presses < total * 2 + 5 && reached.size < total; presses++) {
				await page.keyboard.press('Tab');
				const id = await page.evaluate(() => document.activeElement?.getAttribute('data-kb') ?? null);
				if (id !== null) reached.add(id);
			}
			const missed = await page
				.locator('[data-kb]')
				.evaluateAll(
					(els, seen) =>
						els
							.filter((el) => !seen.includes(el.getAttribute('data-kb')!))
							.map((el) => el.outerHTML.slice(0, 120)),
					[...reached]
				);
			expect(missed, 'elements Tab never reached').toEqual([]);
		});
	}
});
