import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['test/unit/**/*.test.ts', 'src/**/*.test.ts'],
		environment: 'node',
		testTimeout: 60_000,
		// One seed for every fast-check property (test/unit/fast-check-seed.ts): failures replay.
		setupFiles: ['test/unit/fast-check-seed.ts'],
		// The JSON report is what .ci/run counts; the default reporter is what people read.
		reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]]
	}
});
