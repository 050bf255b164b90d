/** The `vmscope` command line, spawned as a user runs it: options, errors, exit codes, output. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const vmscope = (...args: string[]) =>
	spawnSync(process.execPath, ['bin/vmscope.js', ...args], { encoding: 'utf8', timeout: 60_000 });
const P = (name: string) => join('test/programs', name);
const noStackTrace = (s: string) => expect(s).not.toMatch(/\n\s+at /);

describe('vmscope run', () => {
	it('copies UART output to stdout and exits with the finisher code', () => {
		const r = vmscope('run', P('hello.elf'));
		expect([r.stdout, r.status]).toEqual(['Hello from RV32 on vmscope!\n', 0]);
	});

	it('assembles and runs a .s file', () => {
		const r = vmscope('run', P('asm/uart-exit4.s'));
		expect([r.stdout, r.status]).toEqual(['assembled by vmscope\n', 4]);
	});

	it('reports assembler errors with file, line and column, exit 2', () => {
		const dir = mkdtempSync(join(tmpdir(), 'vmscope-cli-'));
		writeFileSync(join(dir, 'bad.s'), 'nop\nfrobnicate a0\n');
		const r = vmscope('run', join(dir, 'bad.s'));
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/bad\.s:2:1: error/);
	});

	it('--max-instructions stops, says how far it got, exits 124', () => {
		const r = vmscope('run', P('primes.elf'), '--max-instructions', '1000');
		expect(r.status).toBe(124);
		expect(r.stderr).toMatch(
			/^vmscope run: stopped after 1000 instructions at pc 0x8[0-9a-f]{7} \(--max-instructions\)\n$/
		);
	});

	it('--stats prints instructions, cycles, wall time and MIPS on stderr', () => {
		const r = vmscope('run', P('hello.elf'), '--stats');
		expect(r.status).toBe(0);
		expect(r.stderr).toMatch(/^instructions: \d+\ncycles: \d+\nwall time: [\d.]+ s\nMIPS: [\d.]+\n$/);
	});

	it('--trace prints one Spike-style line per retired instruction', () => {
		const r = vmscope('run', P('hello.elf'), '--trace', '--max-instructions', '3');
		const lines = r.stderr.split('\n').filter((l) => l.startsWith('core'));
		expect(lines.length).toBe(3);
		expect(lines[0]).toMatch(
			/^core {3}0: 0x80000000 \(0x[0-9a-f]{8}\) auipc sp,0x\w+ x2 0x8[0-9a-f]{7}$/
		);
	});

	it('--harts 4 runs the SMP program; --trace names each core', () => {
		expect(vmscope('run', P('smp.elf'), '--harts', '4').status).toBe(0);
		const r = vmscope('run', P('smp.elf'), '--harts', '2', '--trace', '--max-instructions', '3000');
		expect(r.stderr).toMatch(/^core {3}1: 0x80000000 \(0xf14022f3\) csrr t0,mhartid x5 0x00000001$/m);
	});

	it('--trace also reports each trap taken', () => {
		const r = vmscope('run', P('traps.elf'), '--trace');
		expect(r.stderr).toMatch(
			/^core {3}0: exception environment call from M-mode, epc 0x8[0-9a-f]{7}, tval 0x00000000$/m
		);
		expect(r.stderr).toMatch(
			/^core {3}0: exception illegal instruction, epc 0x8[0-9a-f]{7}, tval 0xffffffff$/m
		);
	});

	it('--misaligned trap makes misaligned loads raise the exception traps.c then reports', () => {
		const r = vmscope('run', P('traps.elf'), '--misaligned', 'trap');
		expect(r.stdout).toMatch(
			/misaligned load 00000000 \(trap cause 4\)\nmisaligned store \(trap cause 6\)/
		);
		const d = vmscope('run', P('traps.elf'));
		expect(d.stdout).toMatch(
			/misaligned load 05040302 \(trap cause 0\)\nmisaligned store \(trap cause 0\)/
		);
	});

	it('--htif off leaves tohost alone (the program then spins until the budget)', () => {
		expect(vmscope('run', P('htif-pass.elf')).status).toBe(0);
		expect(vmscope('run', P('htif-pass.elf'), '--htif', 'off', '--max-instructions', '500').status).toBe(
			124
		);
	});

	it('HTIF failure codes exit non-zero and name the test on stderr', () => {
		const r = vmscope('run', P('htif-fail.elf'));
		expect([r.status, r.stderr]).toEqual([5, 'FAIL: test 5\n']);
	});

	it('a larger --ram still runs; a program that does not fit is refused', () => {
		expect(vmscope('run', P('hello.elf'), '--ram', '256').status).toBe(0);
		expect(vmscope('run', P('primes.elf'), '--ram', '1').status).toBe(0); // fits in 1 MiB
		const r = vmscope('run', 'bench/memwalk.elf', '--ram', '2'); // needs 4.3 MiB
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/program header 0: segment .* is outside RAM/);
	});

	const bad: [string, string[], RegExp][] = [
		['missing file', ['run', 'no/such.elf'], /cannot read no\/such\.elf: no such file/],
		['not an ELF', ['run', 'package.json'], /invalid ELF: e_ident\[EI_MAG\]/],
		['bad --ram', ['run', P('hello.elf'), '--ram', 'lots'], /--ram expects/],
		[
			'bad --max-instructions',
			['run', P('hello.elf'), '--max-instructions', '-5'],
			/--max-instructions expects/
		],
		['bad --htif', ['run', P('hello.elf'), '--htif', 'on'], /--htif expects auto or off/],
		['bad --harts', ['run', P('hello.elf'), '--harts', '9'], /--harts expects a number from 1 to 8/],
		[
			'bad --misaligned',
			['run', P('hello.elf'), '--misaligned', 'yes'],
			/--misaligned expects emulate or trap/
		],
		['unknown option', ['run', P('hello.elf'), '--turbo'], /unknown option --turbo/],
		['no file', ['run'], /missing FILE/],
		['unknown command', ['frobnicate'], /unknown command 'frobnicate'/]
	];
	for (const [name, args, message] of bad)
		it(`${name}: a clear message, exit 2, no stack trace`, () => {
			const r = vmscope(...args);
			expect(r.status).toBe(2);
			expect(r.stderr).toMatch(message);
			noStackTrace(r.stderr);
		});

	it('a guest stuck in a trap loop is reported, not spun forever', () => {
		const dir = mkdtempSync(join(tmpdir(), 'vmscope-cli-'));
		writeFileSync(join(dir, 'stuck.s'), '.globl _start\n_start: ecall\n'); // mtvec = 0: nothing there
		const r = vmscope('run', join(dir, 'stuck.s'));
		expect(r.status).toBe(1);
		expect(r.stderr).toMatch(/stuck: instruction access fault at 0x00000000/);
	});
});

describe('vmscope asm and disasm dispatch to their modules', () => {
	it('assembles a .s to an ELF that runs, and disassembles it', () => {
		const dir = mkdtempSync(join(tmpdir(), 'vmscope-cli-'));
		const elf = join(dir, 'out.elf');
		expect(vmscope('asm', P('asm/uart-exit4.s'), '-o', elf).status).toBe(0);
		const r = vmscope('run', elf);
		expect([r.stdout, r.status]).toEqual(['assembled by vmscope\n', 4]);
		const d = vmscope('disasm', elf);
		expect(d.status).toBe(0);
		expect(d.stdout).toMatch(/80000000 <_start>:/);
	});
});
