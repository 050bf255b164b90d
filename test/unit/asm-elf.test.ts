/**
 * writeElf and `vmscope asm`: the ELF reads back through vmscope's loader to the same Program, GNU
 * readelf and objdump accept it without complaint, and the command's exit codes and messages.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/lib/sim/isa/asm';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { writeElf } from '../../src/lib/sim/isa/elf-writer';
import { asmCommand, parseAsmArgs, type AsmIO } from '../../src/lib/sim/cli/asm';
import { readElf, SHT_NOBITS } from '../asm-corpus/elf-read';

const SOURCE = `
	.globl _start
	.type _start, @function
_start:
	la a0, msg
	call puts
	j .
	.size _start, . - _start
puts:	ret
	.section .rodata
msg:	.asciz "hi"
	.data
	.align 2
counter: .word 0
	.bss
buf:	.zero 64
	.equ LIMIT, 10
`;

function program() {
	const { program, errors } = assemble(SOURCE, { file: 'elf.s' });
	expect(errors).toEqual([]);
	return program;
}

describe('writeElf', () => {
	it('writes an ELF32 RISC-V executable with one PT_LOAD per segment and named sections', () => {
		const elf = writeElf(program());
		expect(Array.from(elf.subarray(0, 7))).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
		const dv = new DataView(elf.buffer);
		expect(dv.getUint16(16, true)).toBe(2); // ET_EXEC
		expect(dv.getUint16(18, true)).toBe(243); // EM_RISCV
		expect(dv.getUint32(36, true)).toBe(0); // e_flags
		expect(dv.getUint16(44, true)).toBe(4); // e_phnum
		const { sections, symbols, entry } = readElf(elf);
		expect(entry).toBe(0x80000000);
		expect(sections.map((s) => s.name)).toEqual([
			'',
			'.text',
			'.rodata',
			'.data',
			'.bss',
			'.symtab',
			'.strtab',
			'.shstrtab'
		]);
		expect(sections.find((s) => s.name === '.bss')?.type).toBe(SHT_NOBITS);
		const start = symbols.find((s) => s.name === '_start')!;
		expect([start.size, start.info]).toEqual([20, 0x12]); // GLOBAL FUNC
		expect(symbols.find((s) => s.name === 'LIMIT')?.shndx).toBe(0xfff1); // SHN_ABS
		// gABI: local symbols come before globals.
		const firstGlobal = symbols.findIndex((s) => s.info >> 4 === 1);
		expect(symbols.slice(firstGlobal).every((s) => s.info >> 4 === 1)).toBe(true);
	});

	it('round-trips through the ELF loader', () => {
		const p = program();
		const back = loadElf(writeElf(p));
		expect(back.entry).toBe(p.entry);
		expect(back.segments.map((s) => [s.addr, s.memSize, Array.from(s.data)])).toEqual(
			p.segments.map((s) => [s.addr, s.memSize, Array.from(s.data)])
		);
		const named = (syms: typeof p.symbols) =>
			syms.map((s) => [s.name, s.addr, s.size, s.kind, s.global]).sort();
		expect(named(back.symbols.filter((s) => s.kind !== 'section' && s.kind !== 'file'))).toEqual(
			named(p.symbols)
		);
	});

	it('writes an empty program as a valid ELF (which the loader then rejects: nothing to load)', () => {
		const { program: empty } = assemble('');
		const elf = writeElf(empty);
		expect(readElf(elf).sections.map((s) => s.name)).toEqual(['', '.symtab', '.strtab', '.shstrtab']);
		expect(() => loadElf(elf)).toThrow(/no program headers/);
	});
});

const readelf = 'riscv64-unknown-elf-readelf';
let missing: string | undefined;
try {
	execFileSync(readelf, ['--version'], { stdio: 'pipe' });
} catch {
	missing = `${readelf} not found`;
}
if (missing) console.warn(`GNU ELF checks skipped: ${missing}`);

describe.skipIf(missing !== undefined)(
	`GNU tools accept the ELF${missing ? ` (skipped: ${missing})` : ''}`,
	() => {
		it('readelf -a reports no warnings; objdump -d disassembles it', () => {
			const dir = mkdtempSync(join(tmpdir(), 'vmscope-elf-'));
			try {
				const file = join(dir, 'a.elf');
				writeFileSync(file, writeElf(program()));
				const run = (tool: string, args: string[]) => {
					const out = execFileSync(tool, args, {
						stdio: ['ignore', 'pipe', 'pipe'],
						encoding: 'utf8'
					});
					return out;
				};
				const all = run(readelf, ['-a', '-W', file]);
				expect(all).toMatch(/Machine:\s+RISC-V/);
				expect(all).not.toMatch(/warning|error/i);
				const dump = run('riscv64-unknown-elf-objdump', ['-d', file]);
				expect(dump).toMatch(/80000000 <_start>:/);
				expect(dump).toMatch(/jalr\s+12\(ra\) # 80000014 <puts>/);
				expect(dump).toMatch(/add\s+a0,a0,24 # 80000018 <msg>/);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		});
	}
);

function fakeIO(files: Record<string, string>) {
	const written: Record<string, Uint8Array> = {};
	let stdout = '';
	let stderr = '';
	const io: AsmIO = {
		readFile: async (p) => {
			if (!(p in files)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
			return files[p];
		},
		writeFile: async (p, d) => void (written[p] = d),
		stdout: (t) => void (stdout += t),
		stderr: (t) => void (stderr += t)
	};
	return { io, written, out: () => stdout, err: () => stderr };
}

describe('vmscope asm', () => {
	it('assembles FILE.s to the -o file and exits 0', async () => {
		const f = fakeIO({ 'x.s': SOURCE });
		expect(await asmCommand(['x.s', '-o', 'y.elf'], f.io)).toBe(0);
		expect(loadElf(f.written['y.elf']).entry).toBe(0x80000000);
		expect(f.err()).toBe('');
	});

	it('defaults the output name and honours --base and --section-start', async () => {
		const f = fakeIO({ 'dir/x.s': 'nop\n.data\nv: .word 1' });
		expect(
			await asmCommand(['dir/x.s', '--base', '0x1000', '--section-start', '.data=0x2000'], f.io)
		).toBe(0);
		const p = loadElf(f.written['dir/x.elf'], { ramBase: 0, ramSize: 0x10000 });
		expect(p.segments.map((s) => s.addr)).toEqual([0x1000, 0x2000]);
	});

	it('prints every error as FILE:LINE:COL: error: and exits 1, writing nothing', async () => {
		const f = fakeIO({ 'bad.s': 'nop\naddi a0, 5, a1\nbogus' });
		expect(await asmCommand(['bad.s', '-o', 'bad.elf'], f.io)).toBe(1);
		expect(f.err()).toBe(
			"bad.s:2:10: error: expected a register after ',' but found '5'\n" +
				"bad.s:3:1: error: unknown instruction 'bogus'\n"
		);
		expect(f.written).toEqual({});
	});

	it('prints warnings and still succeeds', async () => {
		const f = fakeIO({ 'w.s': '.word 1 + 2 << 3' });
		expect(await asmCommand(['w.s'], f.io)).toBe(0);
		expect(f.err()).toMatch(/^w\.s:1:9: warning: '\+' inside '<<' groups differently in GNU as/);
		expect(f.written['w.elf']).toBeDefined();
	});

	it('exits 2 on usage errors and unreadable files', async () => {
		for (const argv of [[], ['-o'], ['a.s', 'b.s'], ['--frob', 'a.s'], ['a.s', '--base', 'xyz']]) {
			const f = fakeIO({});
			expect(await asmCommand(argv, f.io), argv.join(' ')).toBe(2);
			expect(f.err()).toMatch(/^vmscope asm: .*\nusage: vmscope asm/);
		}
		const f = fakeIO({});
		expect(await asmCommand(['missing.s'], f.io)).toBe(2);
		expect(f.err()).toBe('vmscope asm: cannot read missing.s: no such file\n');
	});

	it('parses arguments', () => {
		expect(parseAsmArgs(['a.s'])).toEqual({
			input: 'a.s',
			output: 'a.elf',
			base: undefined,
			sectionAddresses: {},
			defsym: {}
		});
		expect(parseAsmArgs(['--section-start', '.bss'])).toMatch(/expected NAME=ADDR/);
		expect(parseAsmArgs(['a.s', '--defsym', 'TOP=0x80100000'])).toMatchObject({
			defsym: { TOP: 0x80100000 }
		});
		expect(parseAsmArgs(['a.s', '--defsym', '1x=2'])).toMatch(/expected NAME=VALUE/);
	});

	it('prints usage for --help', async () => {
		const f = fakeIO({});
		expect(await asmCommand(['--help'], f.io)).toBe(0);
		expect(f.out()).toMatch(/^usage: vmscope asm FILE\.s/);
	});
});

describe('bin/vmscope asm (real process)', () => {
	it('writes an ELF the loader accepts', () => {
		const dir = mkdtempSync(join(tmpdir(), 'vmscope-cli-'));
		try {
			writeFileSync(join(dir, 'p.s'), SOURCE);
			execFileSync('node', [join(__dirname, '../../bin/vmscope.js'), 'asm', 'p.s', '-o', 'p.elf'], {
				cwd: dir
			});
			expect(loadElf(new Uint8Array(readFileSync(join(dir, 'p.elf')))).entry).toBe(0x80000000);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
