/**
 * The .debug_line decoder on hand-built units (test/unit/dwarf-line-builder.ts): headers of versions
 * 2 to 5, every standard and extended opcode, special-opcode arithmetic, sequences, and malformed
 * input, which must come back as rows-so-far plus errors naming the offset.
 */
import { describe, expect, it } from 'vitest';
import { lineFor, readLineInfo, readLineTable } from '../../src/lib/sim/isa/dwarf';
import type { LineRow } from '../../src/lib/sim/isa/program';
import { lineUnit, newStrings, sections, type UnitSpec } from './dwarf-line-builder';

const END = (addr: number): LineRow => ({ addr, file: '', line: 0 });
const row = (addr: number, file: string, line: number, column = 0): LineRow => ({ addr, file, line, column });

/** A v4 unit with main.c (dir 0) and include/x.h; the program is the test's. */
const v4 = (program: UnitSpec['program'], extra: Partial<UnitSpec> = {}): UnitSpec => ({
	version: 4,
	dirs: ['include'],
	files: [
		{ name: 'main.c', dir: 0 },
		{ name: 'x.h', dir: 1 }
	],
	program,
	...extra
});

function decode(...specs: UnitSpec[]) {
	const strings = newStrings();
	return readLineInfo(
		sections(
			specs.map((s) => lineUnit(s, strings)),
			strings
		)
	);
}

describe('special opcodes (DWARF 5 §6.2.5.1)', () => {
	it('advance address and line by the formula, and append a row each', () => {
		const info = decode(
			v4((p) =>
				p
					.setAddress(0x8000_0000)
					.special(0, 2) // line 3
					.special(4, -1) // +4, line 2
					.special(16, 8) // +16, line 10
					.setColumn(7)
					.special(1, -5) // lineBase: +1, line 5
					.special(17, -1) // opcode 255, the largest: +17, line 4
					.advancePc(2)
					.endSequence()
			)
		);
		expect(info.errors).toEqual([]);
		expect(info.rows).toEqual([
			row(0x8000_0000, 'main.c', 3),
			row(0x8000_0004, 'main.c', 2),
			row(0x8000_0014, 'main.c', 10),
			row(0x8000_0015, 'main.c', 5, 7),
			row(0x8000_0026, 'main.c', 4, 7),
			END(0x8000_0028)
		]);
	});

	it('scale address advances by minimum_instruction_length', () => {
		const rows = decode(
			v4((p) => p.setAddress(0x100).special(0, 0).special(3, 1).advancePc(2).endSequence(), {
				minInstLength: 4
			})
		).rows;
		expect(rows).toEqual([row(0x100, 'main.c', 1), row(0x10c, 'main.c', 2), END(0x114)]);
	});

	it('with maximum_operations_per_instruction > 1 (VLIW), advance op_index and the address by whole bundles', () => {
		// §6.2.5.1: address += min_inst_length * ((op_index + advance) / max_ops); op_index = (...) % max_ops.
		const rows = decode(
			v4(
				(p) =>
					p.setAddress(0x100).special(2, 0).special(2, 1).special(2, 1).advancePc(3).endSequence(),
				{
					minInstLength: 8,
					maxOpsPerInst: 3
				}
			)
		).rows;
		// op_index 2 (addr 0x100), then 4 → 0x108 op 1, then 3 → 0x110 op 0 (after 6 ops), then +3.
		expect(rows).toEqual([
			row(0x100, 'main.c', 1),
			row(0x108, 'main.c', 2),
			row(0x110, 'main.c', 3),
			END(0x118)
		]);
	});

	it('treat opcode_base..255 as special even when opcode_base is 10 (DWARF 2: opcode 10 is special)', () => {
		const info = decode({
			version: 2,
			opcodeBase: 10,
			lineBase: -1,
			lineRange: 4,
			dirs: [],
			files: [{ name: 'a.c', dir: 0 }],
			// opcode 10 = adjusted 0: advance 0, line -1; opcode 15 = adjusted 5: advance 1, line 0.
			program: (p) => p.setAddress(0x40).advanceLine(9).u8(10).u8(15).advancePc(1).endSequence()
		});
		expect(info.errors).toEqual([]);
		expect(info.rows).toEqual([row(0x40, 'a.c', 9), row(0x41, 'a.c', 9), END(0x42)]);
	});
});

describe('standard opcodes (§6.2.5.2)', () => {
	it('copy, advance_pc, advance_line, set_file, set_column append and move as listed', () => {
		const rows = decode(
			v4((p) =>
				p
					.setAddress(0x1000)
					.advanceLine(41)
					.copy()
					.advancePc(6)
					.setFile(2)
					.setColumn(3)
					.advanceLine(-40)
					.copy()
					.advancePc(2)
					.endSequence()
			)
		).rows;
		expect(rows).toEqual([row(0x1000, 'main.c', 42), row(0x1006, 'include/x.h', 2, 3), END(0x1008)]);
	});

	it('const_add_pc adds the address advance of special opcode 255; fixed_advance_pc adds a uhalf unscaled', () => {
		// (255 - 13) / 14 = 17 operations, times min_inst_length 2 = 34.
		const rows = decode(
			v4(
				(p) =>
					p
						.setAddress(0x0)
						.constAddPc()
						.copy()
						.fixedAdvancePc(0x1234)
						.copy()
						.fixedAdvancePc(2)
						.endSequence(),
				{
					minInstLength: 2
				}
			)
		).rows;
		expect(rows).toEqual([row(34, 'main.c', 1), row(34 + 0x1234, 'main.c', 1), END(34 + 0x1236)]);
	});

	it('const_add_pc rounds the operation advance down: (255 - 13) / 9 = 26 (not 27)', () => {
		const rows = decode(
			v4((p) => p.constAddPc().copy().advancePc(1).endSequence(), { lineRange: 9 })
		).rows;
		expect(rows).toEqual([row(26, 'main.c', 1), END(27)]);
	});

	it('negate_stmt, basic_block, prologue_end, epilogue_begin and set_isa change no row fields', () => {
		const rows = decode(
			v4((p) =>
				p
					.setAddress(0x10)
					.negateStmt()
					.setBasicBlock()
					.setPrologueEnd()
					.setEpilogueBegin()
					.setIsa(300)
					.copy()
					.advancePc(4)
					.endSequence()
			)
		).rows;
		expect(rows).toEqual([row(0x10, 'main.c', 1), END(0x14)]);
	});

	it('skip unknown standard opcodes by their standard_opcode_lengths', () => {
		// opcode_base 15: opcodes 13 (2 operands) and 14 (1 operand) are unknown standard opcodes.
		const info = decode(
			v4(
				(p) =>
					p
						.setAddress(0x10)
						.u8(13)
						.uleb(1000)
						.uleb(7)
						.u8(14)
						.uleb(99999)
						.special(1, 1)
						.advancePc(1)
						.endSequence(),
				{
					opcodeBase: 15,
					standardOpcodeLengths: [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 2, 1]
				}
			)
		);
		expect(info.errors).toEqual([]);
		expect(info.rows).toEqual([row(0x11, 'main.c', 2), END(0x12)]);
	});
});

describe('extended opcodes (§6.2.5.3)', () => {
	it('end_sequence resets every register (§6.2.2 Table 6.4)', () => {
		const rows = decode(
			v4((p) =>
				p
					.setAddress(0x2000)
					.setFile(2)
					.setColumn(9)
					.advanceLine(20)
					.copy()
					.advancePc(4)
					.endSequence()
					// Fresh registers: file 1, line 1, column 0, address 0 until set_address.
					.special(0, 0)
					.advancePc(8)
					.endSequence()
			)
		).rows;
		expect(rows).toEqual([row(0, 'main.c', 1), END(8), row(0x2000, 'include/x.h', 21, 9), END(0x2004)]);
	});

	it('define_file appends a file-table entry that set_file can name', () => {
		const rows = decode(
			v4((p) => p.setAddress(0x10).defineFile('gen.c', 1).setFile(3).copy().advancePc(2).endSequence())
		).rows;
		expect(rows).toEqual([row(0x10, 'include/gen.c', 1), END(0x12)]);
	});

	it('set_discriminator is consumed; unknown (vendor) extended opcodes are skipped by their length', () => {
		const info = decode(
			v4((p) =>
				p
					.setAddress(0x10)
					.setDiscriminator(300)
					.extended(0x80, [1, 2, 3, 4, 5])
					.copy()
					.advancePc(2)
					.endSequence()
			)
		);
		expect(info.errors).toEqual([]);
		expect(info.rows).toEqual([row(0x10, 'main.c', 1), END(0x12)]);
	});

	it('set_address takes 2-, 4- or 8-byte operands in v4 (the length says which)', () => {
		for (const size of [2, 4, 8]) {
			const rows = decode(v4((p) => p.setAddress(0x1234, size).copy().advancePc(2).endSequence())).rows;
			expect(rows, `size ${size}`).toEqual([row(0x1234, 'main.c', 1), END(0x1236)]);
		}
	});
});

describe('headers: versions 2 to 5, DWARF 5 entry formats, 64-bit DWARF', () => {
	const program: UnitSpec['program'] = (p) =>
		p.setAddress(0x8000_0000).copy().setFile(2).special(4, 3).advancePc(4).endSequence();

	for (const version of [2, 3, 4] as const)
		it(`version ${version}: files from 1, directory 0 is the compilation directory`, () => {
			const info = decode(v4(program, { version }));
			expect(info.errors).toEqual([]);
			expect(info.units).toEqual([{ offset: 0, version, sequences: 1 }]);
			expect(info.rows).toEqual([
				row(0x8000_0000, 'main.c', 1),
				row(0x8000_0004, 'include/x.h', 4),
				END(0x8000_0008)
			]);
		});

	const v5 = (extra: Partial<UnitSpec>): UnitSpec => ({
		version: 5,
		dirs: ['/home/me/proj', 'include', '/usr/include'],
		files: [
			{ name: 'main.c', dir: 0 },
			{ name: 'main.c', dir: 0 },
			{ name: 'x.h', dir: 1 },
			{ name: 'stdint.h', dir: 2 },
			{ name: '/abs/y.h', dir: 1 }
		],
		program: (p) =>
			p
				.setAddress(0x8000_0000)
				.copy()
				.setFile(2)
				.special(4, 3)
				.setFile(3)
				.special(4, 1)
				.setFile(0)
				.special(4, 1)
				.setFile(4)
				.special(4, 1)
				.advancePc(4)
				.endSequence(),
		...extra
	});
	const v5rows = [
		row(0x8000_0000, 'main.c', 1),
		row(0x8000_0004, 'include/x.h', 4),
		row(0x8000_0008, '/usr/include/stdint.h', 5),
		row(0x8000_000c, 'main.c', 6),
		row(0x8000_0010, '/abs/y.h', 7),
		END(0x8000_0014)
	];
	for (const pathForm of ['string', 'line_strp', 'strp'] as const)
		for (const dirIndexForm of ['udata', 'data1', 'data2'] as const)
			it(`version 5: paths as DW_FORM_${pathForm}, directory index as DW_FORM_${dirIndexForm}`, () => {
				const info = decode(v5({ pathForm, dirIndexForm }));
				expect(info.errors).toEqual([]);
				expect(info.rows).toEqual(v5rows);
			});

	it('version 5: an MD5 column (DW_FORM_data16) is read past', () => {
		const info = decode(v5({ md5: true }));
		expect(info.errors).toEqual([]);
		expect(info.rows).toEqual(v5rows);
	});

	it('version 5: a directory that spells out the absolute compilation directory is made relative', () => {
		const info = decode(
			v5({
				files: [
					{ name: 'main.c', dir: 0 },
					{ name: 'lib/k.c', dir: 1 }
				],
				dirs: ['/home/me/proj', '/home/me/proj/src'],
				program: (p) => p.setAddress(0x10).setFile(1).copy().advancePc(4).endSequence()
			})
		);
		expect(info.rows).toEqual([row(0x10, 'src/lib/k.c', 1), END(0x14)]);
	});

	it('version 5: set_address uses the header address_size', () => {
		const info = decode(
			v5({ addressSize: 8, program: (p) => p.setAddress(0x44, 8).copy().advancePc(4).endSequence() })
		);
		expect(info.errors).toEqual([]);
		expect(info.rows).toEqual([row(0x44, 'main.c', 1), END(0x48)]);
	});

	it('64-bit DWARF: unit_length escape 0xffffffff and 8-byte header_length and strp offsets', () => {
		const info = decode(
			{ ...v5({ pathForm: 'line_strp' }), dwarf64: true },
			v4(program, { dwarf64: true })
		);
		expect(info.errors).toEqual([]);
		expect(info.units.map((u) => u.version)).toEqual([5, 4]);
	});

	it('header_length is authoritative: bytes between the tables and the program are skipped', () => {
		const strings = newStrings();
		const unit = lineUnit(v4(program, { headerLengthDelta: 3 }), strings);
		// Insert 3 padding bytes before the program (which starts 3 bytes later now) and fix unit_length.
		const programAt = unit.length - 16; // setAddress(7) + copy(1) + setFile(2) + special(1) + advancePc(2) + end(3)
		const padded = [...unit.slice(0, programAt), 0xee, 0xee, 0xee, ...unit.slice(programAt)];
		padded[0] += 3;
		const info = readLineInfo(sections([padded], strings));
		expect(info.errors).toEqual([]);
		expect(info.rows).toEqual([
			row(0x8000_0000, 'main.c', 1),
			row(0x8000_0004, 'include/x.h', 4),
			END(0x8000_0008)
		]);
	});
});

describe('sequences across units, and lineFor', () => {
	const seq =
		(addr: number, line: number, size: number): UnitSpec['program'] =>
		(p) =>
			p
				.setAddress(addr)
				.advanceLine(line - 1)
				.copy()
				.advancePc(size)
				.endSequence();
	const info = decode(
		v4(seq(0x3000, 30, 8)),
		v4((p) => {
			seq(0x1000, 10, 8)(p);
			seq(0x1008, 11, 4)(p); // starts where the previous one ends
		}),
		v4(seq(0x1004, 99, 8)), // overlaps 0x1000..0x1008: dropped
		v4(seq(0x2000, 20, 0)) // empty: dropped
	);

	it('are merged in address order; overlapping and empty sequences are left out', () => {
		expect(info.errors).toEqual([]);
		expect(info.rows).toEqual([
			row(0x1000, 'main.c', 10),
			END(0x1008),
			row(0x1008, 'main.c', 11),
			END(0x100c),
			row(0x3000, 'main.c', 30),
			END(0x3008)
		]);
		expect(readLineTable(sections([], newStrings()))).toEqual([]);
	});

	it('lineFor finds the covering row; gaps, ends and addresses outside map to undefined', () => {
		const at = (pc: number) => lineFor(info.rows, pc)?.line;
		expect(at(0xfff)).toBeUndefined();
		expect(at(0x1000)).toBe(10);
		expect(at(0x1007)).toBe(10);
		expect(at(0x1008)).toBe(11);
		expect(at(0x100b)).toBe(11);
		expect(at(0x100c)).toBeUndefined();
		expect(at(0x2fff)).toBeUndefined();
		expect(at(0x3004)).toBe(30);
		expect(at(0x3008)).toBeUndefined();
		expect(at(0xffff_ffff)).toBeUndefined();
	});

	it('lineFor on rows without end markers (the assembler): the last row covers everything after it', () => {
		const rows: LineRow[] = [row(0x10, 'a.s', 1), row(0x14, 'a.s', 2)];
		expect(lineFor(rows, 0x0f)).toBeUndefined();
		expect(lineFor(rows, 0x13)?.line).toBe(1);
		expect(lineFor(rows, 0x9999)?.line).toBe(2);
		expect(lineFor([], 0)).toBeUndefined();
	});
});
