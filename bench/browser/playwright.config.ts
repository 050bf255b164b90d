import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

/** The browser benchmarks: the e2e set-up (built site, Chromium), another folder, one worker. */
export default defineConfig({
	...base,
	testDir: '.',
	workers: 1,
	outputDir: '../../test-results/bench-artifacts',
	reporter: [['list']]
});
