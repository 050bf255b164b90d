/**
 * `vmscope run --engine interp|jit`: the teaching kernel's transcript and a test program's statistics
 * (instructions and cycles) are the same under both engines, and a wrong value is a usage error.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const vmscope = (...args: string[]) =>
	spawnSync(process.execPath, ['bin/vmscope.js', ...args], { encoding: 'utf8', timeout: 60_000 });

/** --stats lines that do not depend on the host's speed. */
const exact = (stderr: string) => stderr.split('\n').filter((l) => /^(instructions|cycles)/.test(l));

describe('vmscope run --engine', () => {
	it('boots the teaching kernel to the same transcript and cycle count under both engines', () => {
		const a = vmscope('run', 'static/guest/kernel.elf', '--engine', 'interp', '--stats');
		const b = vmscope('run', 'static/guest/kernel.elf', '--engine', 'jit', '--stats');
		expect(a.status).toBe(0);
		expect(b.stdout).toBe(a.stdout);
		expect(b.status).toBe(a.status);
		expect(exact(b.stderr)).toEqual(exact(a.stderr));
		expect(exact(a.stderr).length).toBeGreaterThan(0);
	});

	it('runs a test program to the same statistics', () => {
		const a = vmscope('run', 'test/programs/sort.elf', '--stats');
		const b = vmscope('run', 'test/programs/sort.elf', '--stats', '--engine', 'jit');
		expect(b.stdout).toBe(a.stdout);
		expect(exact(b.stderr)).toEqual(exact(a.stderr));
	});

	it('rejects an unknown engine', () => {
		const r = vmscope('run', 'test/programs/hello.elf', '--engine', 'fast');
		expect(r.status).toBe(2);
		expect(r.stderr).toContain('--engine expects interp or jit, got fast');
	});
});
