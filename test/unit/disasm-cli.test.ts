/**
 * `vmscope disasm`: argument handling, error exits, and (with binutils) byte-for-byte equality
 * with `riscv64-unknown-elf-objdump -d` on a linked ELF.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disasmCommand, formatDisasm, parseDisasmArgs, type DisasmIO } from '../../src/lib/sim/cli/disasm';
import type { Program } from '../../src/lib/sim/isa/program';
import { binutilsMissing, build, objdump } from './disasm-binutils';

/** In-memory IO: files from a map, output collected. */
function fakeIO(files: Record<string, Uint8Array> = {}) {
	const out = { stdout: '', stderr: '' };
	const io: DisasmIO = {
		readFile: async (path) => {
			const f = files[path];
			if (!f) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
			return f;
		},
		stdout: (t) => void (out.stdout += t),
		stderr: (t) => void (out.stderr += t)
	};
	return { io, out };
}

describe('parseDisasmArgs', () => {
	it('accepts a file and --no-aliases (or objdump-style -M no-aliases) in any order', () => {
		expect(parseDisasmArgs(['a.elf'])).toEqual({ file: 'a.elf', aliases: true });
		expect(parseDisasmArgs(['--no-aliases', 'a.elf'])).toEqual({ file: 'a.elf', aliases: false });
		expect(parseDisasmArgs(['a.elf', '-M', 'no-aliases'])).toEqual({ file: 'a.elf', aliases: false });
	});

	it('rejects missing files, extra arguments and unknown options with a reason', () => {
		expect(parseDisasmArgs([])).toBe('missing FILE.elf');
		expect(parseDisasmArgs(['a.elf', 'b.elf'])).toMatch(/unexpected argument b\.elf/);
		expect(parseDisasmArgs(['--fast', 'a.elf'])).toMatch(/unknown option --fast/);
	});
});

describe('disasmCommand', () => {
	it('exits 2 with usage on bad arguments', async () => {
		const { io, out } = fakeIO();
		expect(await disasmCommand([], io)).toBe(2);
		expect(out.stderr).toContain('missing FILE.elf');
		expect(out.stderr).toContain('usage: vmscope disasm FILE.elf [--no-aliases]');
		expect(out.stdout).toBe('');
	});

	it('prints usage and exits 0 for --help', async () => {
		const { io, out } = fakeIO();
		expect(await disasmCommand(['--help'], io)).toBe(0);
		expect(out.stdout).toContain('usage: vmscope disasm');
	});

	it('exits 2 naming the file when it cannot be read', async () => {
		const { io, out } = fakeIO();
		expect(await disasmCommand(['nope.elf'], io)).toBe(2);
		expect(out.stderr).toBe('vmscope disasm: cannot read nope.elf: no such file\n');
	});

	it('exits 2 naming the problem for a file that is not a RISC-V ELF32 executable', async () => {
		const { io, out } = fakeIO({
			'text.elf': new TextEncoder().encode('just some text, not an ELF file at all.'.repeat(4))
		});
		expect(await disasmCommand(['text.elf'], io)).toBe(2);
		expect(out.stderr).toMatch(/^vmscope disasm: text\.elf: invalid ELF: .*magic/);
	});
});

describe('formatDisasm', () => {
	it("starts with objdump's file header, then the listing", () => {
		const data = new Uint8Array([0x13, 0, 0, 0]); // nop
		const program: Program = {
			entry: 0x80000000,
			segments: [
				{
					addr: 0x80000000,
					data,
					memSize: 4,
					name: '.text',
					flags: { read: true, write: false, exec: true }
				}
			],
			symbols: [{ name: '_start', addr: 0x80000000, size: 0, kind: 'func', global: true }],
			lines: []
		};
		expect(formatDisasm(program, 'a.elf', true)).toBe(
			'\na.elf:     file format elf32-littleriscv\n\n\nDisassembly of section .text:\n\n80000000 <_start>:\n80000000:\t00000013          \tnop\n'
		);
	});
});

const missing = binutilsMissing();
if (missing) console.warn(`disasm CLI oracle test skipped: ${missing}`);

describe.skipIf(missing !== undefined)('vmscope disasm matches objdump -d byte for byte', () => {
	const corpus = join(__dirname, '..', 'disasm-corpus', 'all-instructions.s');

	for (const aliases of [true, false]) {
		it(aliases ? 'objdump -d' : 'objdump -d -M no-aliases', async () => {
			const elf = build(readFileSync(corpus, 'utf8'), 'cli');
			const { io, out } = fakeIO({ [elf]: new Uint8Array(readFileSync(elf)) });
			expect(await disasmCommand(aliases ? [elf] : [elf, '--no-aliases'], io)).toBe(0);
			expect(out.stderr).toBe('');
			expect(out.stdout).toBe(objdump(elf, aliases));
		});
	}

	// gas records the privileged spec it assembled for; objdump then names CSRs by that version.
	it.each(['1.9.1', '1.10', '1.11', '1.12'])(
		'CSR names follow the ELF attribute (-mpriv-spec=%s)',
		async (spec) => {
			const source = [
				'_start:',
				'\tcsrr a0, mstatus',
				...[0x000, 0x043, 0x180, 0x310, 0x320, 0x3a0, 0xf15].map((n) => `\tcsrr a0, ${n}`)
			];
			const elf = build(source.join('\n'), `priv-${spec}`, { privSpec: spec });
			const { io, out } = fakeIO({ [elf]: new Uint8Array(readFileSync(elf)) });
			expect(await disasmCommand([elf], io)).toBe(0);
			expect(out.stdout).toBe(objdump(elf, true));
		}
	);

	// The repository's C and assembly test programs (built by the Debian cross compiler).
	const programs = join(__dirname, '..', 'programs');
	const elves = existsSync(programs) ? readdirSync(programs).filter((f) => f.endsWith('.elf')) : [];
	it.each(elves)('test/programs/%s, both forms', async (name) => {
		const elf = join(programs, name);
		for (const aliases of [true, false]) {
			const { io, out } = fakeIO({ [elf]: new Uint8Array(readFileSync(elf)) });
			expect(await disasmCommand(aliases ? [elf] : [elf, '--no-aliases'], io)).toBe(0);
			expect(out.stdout).toBe(objdump(elf, aliases));
		}
	});
});
