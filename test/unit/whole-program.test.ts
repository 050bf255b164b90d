/**
 * Whole programs: the committed ELFs in test/programs run through the `vmscope` command line
 * (spawned, as a user would) and must print exactly the expected output and exit with the expected
 * code. Where qemu-system-riscv32 exists, the same ELFs run on QEMU virt (-bios none) and stdout must
 * match byte for byte. Where the cross compiler exists, rebuilding must reproduce the committed ELFs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQemu } from './hart-harness';

const DIR = 'test/programs';
interface Expected {
	stdout: string;
	stderr: string;
	exit: number;
	/** Also run on QEMU and compare stdout. */
	qemu: boolean;
	/** Extra `vmscope run` options and QEMU options (e.g. several harts). */
	args?: string[];
	qemuArgs?: string[];
}
const expected: Record<string, Expected> = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8'));

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const QEMU = 'qemu-system-riscv32';
const GCC = 'riscv64-unknown-elf-gcc';

function vmscope(args: string[]) {
	return spawnSync(process.execPath, ['bin/vmscope.js', ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('whole programs through `vmscope run`', () => {
	for (const [name, want] of Object.entries(expected)) {
		it(`${name}: stdout, stderr and exit code`, () => {
			const r = vmscope(['run', join(DIR, `${name}.elf`), ...(want.args ?? [])]);
			expect(r.stdout).toBe(want.stdout);
			expect(r.stderr).toBe(want.stderr);
			expect(r.status).toBe(want.exit);
		});
	}
});

describe.skipIf(!has(QEMU))(`same output as ${QEMU} -machine virt -bios none`, () => {
	for (const [name, want] of Object.entries(expected)) {
		if (!want.qemu) continue;
		it(name, () => {
			const r = runQemu(join(DIR, `${name}.elf`), want.qemuArgs);
			expect(r.stdout).toBe(want.stdout);
			expect(r.status).toBe(want.exit);
		});
	}
});
if (!has(QEMU)) console.warn(`whole-program: ${QEMU} not installed, QEMU comparison skipped`);

describe.skipIf(!has(GCC) || !has('make'))('reproducible build of the committed ELFs', () => {
	// test/programs and bench (which builds with test/programs' runtime) keep their relative layout.
	for (const dir of [DIR, 'bench'])
		it(`make in a scratch copy of ${dir} produces byte-identical ELFs`, () => {
			const tmp = mkdtempSync(join(tmpdir(), 'vmscope-programs-'));
			try {
				for (const d of [DIR, 'bench'])
					cpSync(d, join(tmp, d), { recursive: true, filter: (src) => !src.endsWith('.elf') });
				execFileSync('make', ['-s', '-C', join(tmp, dir)], { stdio: 'pipe' });
				const elfs = readdirSync(dir).filter((f) => f.endsWith('.elf'));
				expect(elfs.length).toBeGreaterThan(2);
				for (const f of elfs)
					expect(readFileSync(join(tmp, dir, f)).equals(readFileSync(join(dir, f))), f).toBe(true);
			} finally {
				rmSync(tmp, { recursive: true, force: true });
			}
		});
});
if (!has(GCC)) console.warn(`whole-program: ${GCC} not installed, rebuild check skipped`);
