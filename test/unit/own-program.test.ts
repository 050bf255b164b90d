/**
 * The playground's "a program of your own" example (static/examples/own-program/) builds with its
 * Makefile and Debian's cross compiler, and runs on vmscope (and on QEMU's virt board where
 * installed) printing its two lines and exiting 0. Skipped, with the reason, without the compiler.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const hasGcc = spawnSync('sh', ['-c', 'command -v riscv64-unknown-elf-gcc']).status === 0;
const hasQemu = spawnSync('sh', ['-c', 'command -v qemu-system-riscv32']).status === 0;
if (!hasGcc) console.warn('own-program: riscv64-unknown-elf-gcc is not installed, the build is skipped');
const dir = mkdtempSync(join(tmpdir(), 'vmscope-own-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const OUT = 'Hello from my own program\nfib(10) = 55\n';

describe.skipIf(!hasGcc)('a program of your own', () => {
	it('builds with the example Makefile and runs on vmscope, exit 0', () => {
		cpSync('static/examples/own-program', dir, { recursive: true });
		const make = spawnSync('make', ['-C', dir], { encoding: 'utf8' });
		expect(make.status, make.stderr).toBe(0);
		const r = spawnSync('node', ['bin/vmscope.js', 'run', join(dir, 'hello.elf')], { encoding: 'utf8' });
		expect([r.stdout, r.status]).toEqual([OUT, 0]);
		if (!hasQemu) return;
		const q = spawnSync(
			'qemu-system-riscv32',
			['-M', 'virt', '-bios', 'none', '-nographic', '-kernel', join(dir, 'hello.elf')],
			{ encoding: 'utf8', timeout: 20_000 }
		);
		expect([q.stdout.replace(/\r\n/g, '\n'), q.status]).toEqual([OUT, 0]);
	});
});
