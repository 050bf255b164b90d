/** .ci/summary.mjs: the "N passed, N failed" line CI ends with, from the two runners' JSON reports. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = resolve('.ci/summary.mjs');

function summarise(reports: { vitest?: unknown; playwright?: unknown }, status = 0) {
	const dir = mkdtempSync(join(tmpdir(), 'vmscope-summary-'));
	mkdirSync(join(dir, 'test-results'));
	if (reports.vitest) writeFileSync(join(dir, 'test-results/vitest.json'), JSON.stringify(reports.vitest));
	if (reports.playwright) {
		writeFileSync(join(dir, 'test-results/playwright.json'), JSON.stringify(reports.playwright));
	}
	try {
		const out = execFileSync('node', [SCRIPT, String(status)], { cwd: dir, encoding: 'utf8' });
		return { exit: 0, lines: out.trim().split('\n') };
	} catch (error) {
		const e = error as { status: number; stdout: string };
		return { exit: e.status, lines: e.stdout.trim().split('\n') };
	}
}

const vitest = (passed: number, failed: number, pending = 0) => ({
	numPassedTests: passed,
	numFailedTests: failed,
	numPendingTests: pending,
	numTodoTests: 0,
	testResults: []
});
const playwright = (expected: number, unexpected: number, skipped = 0, flaky = 0) => ({
	stats: { expected, unexpected, skipped, flaky },
	errors: []
});

describe('.ci/summary.mjs', () => {
	it('adds unit and end-to-end counts', () => {
		const { exit, lines } = summarise({ vitest: vitest(400, 0), playwright: playwright(30, 0) });
		expect(lines.at(-1)).toBe('430 passed, 0 failed');
		expect(exit).toBe(0);
	});

	it('reports failures and skips, and exits 1', () => {
		const { exit, lines } = summarise(
			{ vitest: vitest(10, 2, 3), playwright: playwright(5, 1, 1, 1) },
			1
		);
		expect(lines.at(-1)).toBe('16 passed, 3 failed, 4 skipped');
		expect(exit).toBe(1);
	});

	it('counts a failed build, check or lint as one failure, never "0 failed"', () => {
		const { exit, lines } = summarise({}, 1);
		expect(lines.at(-1)).toBe('0 passed, 1 failed');
		expect(lines.join('\n')).toContain('exited with status 1');
		expect(exit).toBe(1);
	});

	it('counts a unit test file that failed to load', () => {
		const broken = {
			...vitest(5, 0),
			testResults: [
				{ name: 'x.test.ts', status: 'failed', message: 'SyntaxError', assertionResults: [] }
			]
		};
		const { lines } = summarise({ vitest: broken }, 1);
		expect(lines.at(-1)).toBe('5 passed, 1 failed');
	});

	it('counts a Playwright run error (such as a web server that never started)', () => {
		const { lines } = summarise(
			{ vitest: vitest(5, 0), playwright: { ...playwright(0, 0), errors: [{ message: 'Timed out' }] } },
			1
		);
		expect(lines.at(-1)).toBe('5 passed, 1 failed');
	});
});
