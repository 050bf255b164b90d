/**
 * The committed DWARF fixtures alone (no cross tools needed): section headers, rows snapshotted from
 * `riscv64-unknown-elf-addr2line` (binutils 2.40, printed paths minus the "./" compilation
 * directory), and function lookup from ELF symbols.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { functionFor, lineFor, readElfLineInfo, readElfSections } from '../../src/lib/sim/isa/dwarf';
import { loadElf } from '../../src/lib/sim/isa/elf';
import type { ProgramSymbol } from '../../src/lib/sim/isa/program';

const DIR = 'test/fixtures/dwarf';
const elf = (name: string) => readFileSync(`${DIR}/${name}.elf`);

describe('readElfSections', () => {
	it('names every section with contents, as views into the file', () => {
		const bytes = elf('fixture-dwarf5');
		const { sections, errors } = readElfSections(bytes);
		expect(errors).toEqual([]);
		// readelf -S order; .bss (SHT_NOBITS) has no contents in the file.
		expect([...sections.keys()]).toEqual([
			'.text',
			'.rodata',
			'.debug_info',
			'.debug_abbrev',
			'.debug_loclists',
			'.debug_aranges',
			'.debug_rnglists',
			'.debug_line',
			'.debug_str',
			'.debug_line_str',
			'.comment',
			'.riscv.attributes',
			'.debug_frame',
			'.symtab',
			'.strtab',
			'.shstrtab'
		]);
		const text = sections.get('.text')!;
		expect(text.buffer).toBe(bytes.buffer);
		// 0x80000000: slli a5,a0,1 (0x00151793), the first instruction of scale().
		expect(new DataView(text.buffer, text.byteOffset).getUint32(0, true)).toBe(0x00151793);
	});

	it('reports, never throws, on files it cannot read', () => {
		const bytes = elf('fixture-dwarf4');
		const cases: [string, Uint8Array, RegExp][] = [
			['empty', new Uint8Array(0), /too short/],
			['not ELF', new Uint8Array(64), /bad magic/],
			['ELF64', Uint8Array.from(bytes).fill(2, 4, 5), /ELFCLASS32/],
			['big-endian', Uint8Array.from(bytes).fill(2, 5, 6), /little-endian/],
			['truncated', bytes.slice(0, bytes.length - 100), /run past the end of the file/]
		];
		for (const [what, input, message] of cases) {
			const r = readElfSections(input);
			expect(r.sections.size, what).toBe(0);
			expect(r.errors.map((e) => e.message).join(), what).toMatch(message);
		}
		// A section whose contents lie outside the file is skipped, the rest still read.
		const broken = Uint8Array.from(bytes);
		const view = new DataView(broken.buffer);
		const shoff = view.getUint32(32, true);
		view.setUint32(shoff + 1 * 40 + 16, 0x7fff_0000, true); // .text sh_offset
		const r = readElfSections(broken);
		expect(r.sections.has('.text')).toBe(false);
		expect(r.sections.has('.debug_line')).toBe(true);
		expect(r.errors).toEqual([
			{
				section: '.text',
				offset: shoff + 40,
				message: `contents (${0x284} bytes at ${0x7fff0000}) are outside the file`
			}
		]);
	});

	it('follows extended numbering: e_shnum 0 and e_shstrndx SHN_XINDEX defer to section 0', () => {
		const bytes = Uint8Array.from(elf('fixture-dwarf4'));
		const view = new DataView(bytes.buffer);
		const shoff = view.getUint32(32, true);
		const shnum = view.getUint16(48, true);
		const shstrndx = view.getUint16(50, true);
		view.setUint16(48, 0, true);
		view.setUint16(50, 0xffff, true);
		view.setUint32(shoff + 20, shnum, true); // section 0 sh_size
		view.setUint32(shoff + 24, shstrndx, true); // section 0 sh_link
		const r = readElfSections(bytes);
		expect(r.errors).toEqual([]);
		const want = readElfSections(elf('fixture-dwarf4')).sections.get('.debug_line')!;
		expect(Buffer.from(r.sections.get('.debug_line')!).equals(want)).toBe(true);
	});

	it('a file without .debug_line has no rows and no errors', () => {
		const info = readElfLineInfo(readFileSync('test/programs/hello.elf'));
		expect(info).toEqual({ rows: [], files: [], units: [], errors: [] });
	});
});

/** addr2line -f -e X.elf ADDR for the committed fixtures (the function column is from DWARF). */
const SNAPSHOT: [number, string, string][] = [
	[0x8000_0000, 'main.c:11', 'scale'],
	[0x8000_0010, 'main.c:12', 'scale'],
	[0x8000_0064, 'main.c:20', 'main'],
	[0x8000_00d0, 'main.c:28', 'main'],
	[0x8000_00d8, 'main.c:31', '_start'],
	[0x8000_0110, 'util.c:8', 'sum_squares'], // addr2line adds "(discriminator 3)"
	[0x8000_0138, 'util.c:15', 'checksum'],
	[0x8000_014c, 'util.c:16', 'checksum'],
	[0x8000_0158, 'include/mathx.h:16', 'checksum'], // rotl() inlined: addr2line -f says rotl
	[0x8000_015c, 'include/mathx.h:16', 'checksum'],
	[0x8000_0164, 'util.c:17', 'checksum'],
	[0x8000_0190, 'util.c:25', 'fill'],
	[0x8000_01e0, 'lib/text.c:13', 'count_words'],
	[0x8000_0230, 'lib/text.c:17', 'count_words'],
	[0x8000_0250, 'lib/text.c:21', 'count_words']
];

describe('the committed fixtures, rows snapshotted from addr2line', () => {
	for (const name of ['fixture-dwarf4', 'fixture-dwarf5', 'fixture-dwarf5-sections']) {
		it(name, () => {
			const bytes = elf(name);
			const info = readElfLineInfo(bytes);
			expect(info.errors).toEqual([]);
			expect(info.files).toEqual(['include/mathx.h', 'lib/text.c', 'main.c', 'util.c']);
			const { symbols } = loadElf(bytes);
			for (const [pc, where, fn] of SNAPSHOT) {
				const row = lineFor(info.rows, pc);
				expect(row && `${row.file}:${row.line}`, pc.toString(16)).toBe(where);
				expect(functionFor(symbols, pc)?.name, pc.toString(16)).toBe(fn);
			}
			// unused_helper: kept at 0x8000025c..0x80000284 unless --gc-sections dropped it.
			const dropped = name.endsWith('sections');
			for (const [pc, line] of [
				[0x8000_025c, 25],
				[0x8000_0280, 32]
			]) {
				const helper = lineFor(info.rows, pc);
				expect(helper && `${helper.file}:${helper.line}`).toBe(
					dropped ? undefined : `lib/text.c:${line}`
				);
				expect(functionFor(symbols, pc)?.name).toBe(dropped ? undefined : 'unused_helper');
			}
			expect(lineFor(info.rows, 0x7fff_fffc)).toBeUndefined();
			expect(lineFor(info.rows, 0x8000_0284)).toBeUndefined();
		});
	}

	it('v4 and v5 builds of the same sources give the same rows', () => {
		const v4 = readElfLineInfo(elf('fixture-dwarf4')).rows;
		const v5 = readElfLineInfo(elf('fixture-dwarf5')).rows;
		expect(v5).toEqual(v4);
		expect(v4.length).toBeGreaterThan(80);
	});
});

describe('functionFor', () => {
	const sym = (
		name: string,
		addr: number,
		size: number,
		extra: Partial<ProgramSymbol> = {}
	): ProgramSymbol => ({
		name,
		addr,
		size,
		kind: 'func',
		global: true,
		...extra
	});
	const symbols = [
		sym('b', 0x200, 0x10),
		sym('a_alias', 0x100, 0x20, { global: false }),
		sym('a', 0x100, 0x20),
		sym('label', 0x180, 0), // no size: covers nothing
		sym('data', 0x300, 0x40, { kind: 'object' }),
		sym('c', 0x210, 0x8)
	];

	it('finds the sized FUNC symbol covering pc; a global alias wins', () => {
		expect(functionFor(symbols, 0xff)).toBeUndefined();
		expect(functionFor(symbols, 0x100)?.name).toBe('a');
		expect(functionFor(symbols, 0x11f)?.name).toBe('a');
		expect(functionFor(symbols, 0x120)).toBeUndefined();
		expect(functionFor(symbols, 0x180)).toBeUndefined();
		expect(functionFor(symbols, 0x20f)?.name).toBe('b');
		expect(functionFor(symbols, 0x210)?.name).toBe('c');
		expect(functionFor(symbols, 0x218)).toBeUndefined();
		expect(functionFor(symbols, 0x310)).toBeUndefined();
		expect(functionFor([], 0x100)).toBeUndefined();
	});
});
