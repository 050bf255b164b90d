import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Which Chromium runs the end-to-end tests:
 * - CHROMIUM_PATH=/path/to/chrome: that browser;
 * - CHROMIUM_PATH='' (set but empty): Playwright's own (after `npx playwright install chromium`);
 * - unset: Debian's /usr/bin/chromium when it exists, else Playwright's own.
 */
function chromiumPath(): string | undefined {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv !== undefined) return fromEnv === '' ? undefined : fromEnv;
	return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** The port `vite preview` serves the built site on during the tests (not the default 4173, to avoid a dev's). */
const PORT = Number(process.env.E2E_PORT ?? 4317);

export default defineConfig({
	testDir: 'test/e2e',
	// Playwright empties its outputDir on start; keep it apart from test-results/vitest.json.
	outputDir: 'test-results/playwright-artifacts',
	fullyParallel: true,
	forbidOnly: !!process.env.CI,
	retries: 0,
	workers: 2,
	// A budget against hangs, not a speed check: one axe scan of the playground (about 1 000 elements)
	// takes about 5 s on a quiet 2-core machine, and twice that with both workers busy.
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					executablePath: chromiumPath(),
					args: [
						'--no-sandbox',
						'--disable-gpu',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync',
						'--no-first-run'
					]
				}
			}
		}
	],
	// `npm test` builds first; the tests run against the production build, as users get it.
	webServer: {
		command: `npm run preview -- --host 127.0.0.1 --port ${PORT} --strictPort`,
		url: `http://127.0.0.1:${PORT}/`,
		reuseExistingServer: !process.env.CI,
		timeout: 60_000,
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
