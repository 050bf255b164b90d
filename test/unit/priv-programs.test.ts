/**
 * The privileged test programs in test/programs/priv (C and assembly, committed with their ELFs and
 * expected output): each runs on vmscope and must print exactly its .out file; where
 * qemu-system-riscv32 exists it also runs on QEMU virt (-bios none) and must print the same; where the
 * cross compiler exists, rebuilding must reproduce the committed ELFs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { Machine } from '../../src/lib/sim/machine/machine';
import { runQemu } from './hart-harness';

const DIR = 'test/programs/priv';
const PROGRAMS = ['modes', 'paging', 'pmp'];
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const QEMU = 'qemu-system-riscv32';
const GCC = 'riscv64-unknown-elf-gcc';
const expected = (name: string) => readFileSync(join(DIR, `${name}.out`), 'latin1');

describe('privileged programs on vmscope', () => {
	for (const name of PROGRAMS)
		it(name, () => {
			const m = new Machine({ ramMiB: 32 });
			m.load(loadElf(new Uint8Array(readFileSync(join(DIR, `${name}.elf`)))));
			expect(m.run(50_000_000)).toEqual({ kind: 'exited', code: 0, by: 'finisher' });
			expect(m.consoleText()).toBe(expected(name));
		});
});

describe.skipIf(!has(QEMU))(`privileged programs: same output on ${QEMU}`, () => {
	for (const name of PROGRAMS)
		it(name, () => {
			const r = runQemu(join(DIR, `${name}.elf`));
			expect(r.stdout).toBe(expected(name));
		});
});
if (!has(QEMU)) console.warn(`priv-programs: ${QEMU} not installed, QEMU comparison skipped`);

describe.skipIf(!has(GCC) || !has('make'))('privileged programs: reproducible build', () => {
	it('make rebuilds the committed ELFs byte for byte', () => {
		const tmp = mkdtempSync(join(tmpdir(), 'vmscope-priv-'));
		try {
			// The Makefile reaches the shared runtime as ..: keep that layout.
			cpSync('test/programs', join(tmp, 'programs'), { recursive: true });
			const dir = join(tmp, 'programs', 'priv');
			execFileSync('make', ['-B', '-C', dir, ...PROGRAMS.map((p) => `${p}.elf`)], { stdio: 'pipe' });
			for (const name of PROGRAMS)
				expect(
					readFileSync(join(dir, `${name}.elf`)).equals(readFileSync(join(DIR, `${name}.elf`)))
				).toBe(true);
		} finally {
			rmSync(tmp, { recursive: true, force: true });
		}
	});
});
if (!has(GCC)) console.warn(`priv-programs: ${GCC} not installed, rebuild check skipped`);
