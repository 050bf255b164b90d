#!/usr/bin/env node
/**
 * Prints the last line of a CI run: "N passed, N failed" (", N skipped" when any were skipped), counting
 * the unit tests (vitest's JSON report) and the end-to-end tests (Playwright's JSON report) together.
 *
 * Usage: node .ci/summary.mjs <exit status of the test command>
 * Exits 1 when anything failed.
 * A non-zero status with no failed test means a step before or between the tests failed (install,
 * build, check, lint, or a runner that crashed); that step is counted as one failure so the line never
 * reads "0 failed" for a run that did not pass.
 */
import { existsSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
const counts = { passed: 0, failed: 0, skipped: 0 };
const notes = [];

function readReport(path) {
	if (!existsSync(path)) {
		notes.push(`${path}: not written (that stage did not run)`);
		return undefined;
	}
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch (error) {
		notes.push(`${path}: unreadable (${error.message})`);
		return undefined;
	}
}

const vitest = readReport('test-results/vitest.json');
if (vitest) {
	counts.passed += vitest.numPassedTests ?? 0;
	counts.failed += vitest.numFailedTests ?? 0;
	counts.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
	// A test file that fails to load has no failed tests, but the run failed.
	const brokenFiles = (vitest.testResults ?? []).filter(
		(file) => file.status === 'failed' && file.assertionResults.every((a) => a.status !== 'failed')
	);
	if (brokenFiles.length > 0) {
		counts.failed += brokenFiles.length;
		for (const file of brokenFiles)
			notes.push(`vitest: ${file.name} failed to run: ${file.message ?? ''}`.trim());
	}
}

const playwright = readReport('test-results/playwright.json');
if (playwright) {
	const stats = playwright.stats ?? {};
	counts.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
	counts.failed += stats.unexpected ?? 0;
	counts.skipped += stats.skipped ?? 0;
	for (const error of playwright.errors ?? []) {
		counts.failed += 1;
		notes.push(`playwright: ${String(error.message ?? error).split('\n')[0]}`);
	}
}

if (status !== 0 && counts.failed === 0) {
	counts.failed = 1;
	notes.push(`the test command exited with status ${status} before any test failed: counted as 1 failure`);
}

for (const note of notes) console.log(`note: ${note}`);
const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
process.exitCode = counts.failed > 0 ? 1 : 0;
