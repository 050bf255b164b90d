/**
 * Malformed .debug_line: each case must return the rows decoded before the problem and an error
 * naming the section offset; and a fast-check fuzz over random and mutated sections (and whole
 * ELF files) must never throw, never hit an internal error, and always return sorted rows.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	lineFor,
	readElfLineInfo,
	readElfSections,
	readLineInfo,
	type DwarfError
} from '../../src/lib/sim/isa/dwarf';
import { DwarfReader } from '../../src/lib/sim/isa/dwarf/reader';
import type { LineRow } from '../../src/lib/sim/isa/program';
import { lineUnit, newStrings, sections, type Program, type UnitSpec } from './dwarf-line-builder';

const END = (addr: number): LineRow => ({ addr, file: '', line: 0 });
const row = (addr: number, file: string, line: number): LineRow => ({ addr, file, line, column: 0 });

const unit = (program: UnitSpec['program'], extra: Partial<UnitSpec> = {}): UnitSpec => ({
	version: 4,
	dirs: [],
	files: [{ name: 'a.c', dir: 0 }],
	program,
	...extra
});
const good = (p: Program): Program => p.setAddress(0x100).copy().advancePc(4).endSequence();
const goodRows = [row(0x100, 'a.c', 1), END(0x104)];

function decodeBytes(units: number[][]) {
	const strings = newStrings();
	return readLineInfo(sections(units, strings));
}
const bytesOf = (spec: UnitSpec) => lineUnit(spec, newStrings());
const messages = (errors: DwarfError[]) => errors.map((e) => `${e.section}+${e.offset}: ${e.message}`);

describe('LEB128 and fixed-size reads (DWARF 5 §7.6, Tables 7.7 and 7.8)', () => {
	const r = (...b: number[]) => new DwarfReader(Uint8Array.from(b));
	it('decode the spec examples', () => {
		const unsigned: [number, number[]][] = [
			[2, [2]],
			[127, [0x7f]],
			[128, [0x80, 1]],
			[129, [0x81, 1]],
			[130, [0x82, 1]],
			[12857, [0xb9, 0x64]]
		];
		for (const [v, b] of unsigned) expect(r(...b).uleb(), `${v}`).toBe(v);
		const signed: [number, number[]][] = [
			[2, [2]],
			[-2, [0x7e]],
			[127, [0xff, 0]],
			[-127, [0x81, 0x7f]],
			[128, [0x80, 1]],
			[-128, [0x80, 0x7f]],
			[129, [0x81, 1]],
			[-129, [0xff, 0x7e]]
		];
		for (const [v, b] of signed) expect(r(...b).sleb(), `${v}`).toBe(v);
	});

	it('read little-endian fixed sizes and stop at the limit with the offset of the failed read', () => {
		const reader = r(1, 2, 3, 4, 5, 6, 7, 8, 9);
		expect(reader.u16()).toBe(0x0201);
		expect(reader.u32()).toBe(0x06050403);
		expect(() => reader.u32('field')).toThrow(/field: needs 4 bytes, only 3 left/);
		expect(reader.pos).toBe(6);
		expect(() => r(0x80, 0x80).uleb()).toThrow(/needs 1 bytes, only 0 left/);
		expect(() => r(0x61, 0x62).cstring()).toThrow(/no terminating NUL/);
		// An over-long ULEB still decodes (to a lossy value) without throwing.
		expect(r(...Array(20).fill(0xff), 0x01).uleb()).toBeGreaterThan(2 ** 52);
	});
});

describe('malformed units: rows so far, and an error naming the offset', () => {
	it('a program cut mid-opcode keeps the finished sequences', () => {
		const bytes = bytesOf(unit((p) => good(p).setAddress(0x200).copy().advancePc(4).endSequence()));
		const cut = bytes.slice(0, bytes.length - 4);
		cut[0] -= 4; // unit_length matches the truncated unit
		const info = decodeBytes([cut]);
		expect(info.rows).toEqual(goodRows);
		expect(messages(info.errors)).toEqual([
			`.debug_line+${cut.length - 1}: DW_LNS_advance_pc: needs 1 bytes, only 0 left`
		]);
	});

	it('a sequence without end_sequence is closed at its last row, with an error', () => {
		const info = decodeBytes([bytesOf(unit((p) => p.setAddress(0x100).copy().advancePc(4).copy()))]);
		expect(info.rows).toEqual([row(0x100, 'a.c', 1), END(0x104)]);
		expect(info.errors.map((e) => e.message)).toEqual([
			'sequence closed without a row at its end address'
		]);
	});

	it('an unsupported version skips that unit only', () => {
		const bad = bytesOf(unit(good));
		bad[4] = 6; // version 6
		const info = decodeBytes([bad, bytesOf(unit(good))]);
		expect(info.rows).toEqual(goodRows);
		expect(messages(info.errors)).toEqual([
			'.debug_line+4: line table version 6 is not supported (2 to 5 are)'
		]);
	});

	it('a reserved or too-long unit_length ends decoding there', () => {
		const reserved = [0xf0, 0xff, 0xff, 0xff, 0, 0];
		let info = decodeBytes([bytesOf(unit(good)), reserved]);
		const at = bytesOf(unit(good)).length;
		expect(info.rows).toEqual(goodRows);
		expect(messages(info.errors)).toEqual([
			`.debug_line+${at}: unit_length 0xfffffff0 is a reserved value`
		]);
		const long = bytesOf(unit(good));
		long[0] += 1;
		info = decodeBytes([long]);
		expect(info.rows).toEqual([]);
		expect(info.errors[0].offset).toBe(0);
		expect(info.errors[0].message).toMatch(/unit_length \d+ runs past the end of .debug_line/);
	});

	it('a file register naming no entry gives <unknown>, with an error', () => {
		const info = decodeBytes([
			bytesOf(unit((p) => p.setAddress(0x10).setFile(7).copy().advancePc(2).endSequence()))
		]);
		expect(info.rows).toEqual([row(0x10, '<unknown>', 1), END(0x12)]);
		expect(info.errors.map((e) => e.message)).toEqual(['file register 7 names no file-table entry']);
	});

	it('file 0 in version 4 names no entry (the list starts at 1)', () => {
		const info = decodeBytes([
			bytesOf(unit((p) => p.setAddress(0x10).setFile(0).copy().advancePc(2).endSequence()))
		]);
		expect(info.rows[0].file).toBe('<unknown>');
	});

	it('an address going backwards in a sequence drops that row', () => {
		const info = decodeBytes([
			bytesOf(
				unit((p) =>
					p.setAddress(0x100).copy().setAddress(0x80).copy().setAddress(0x104).endSequence()
				)
			)
		]);
		expect(info.rows).toEqual([row(0x100, 'a.c', 1), END(0x104)]);
		expect(info.errors.map((e) => e.message)).toEqual([
			'address 0x80 goes backwards in a sequence; row dropped'
		]);
	});

	it('a v5 line_strp into a missing .debug_line_str names the referring offset', () => {
		const strings = newStrings();
		const spec: UnitSpec = { version: 5, dirs: ['.'], files: [{ name: 'a.c', dir: 0 }], program: good };
		const info = readLineInfo({ debug_line: Uint8Array.from(lineUnit(spec, strings)) });
		expect(info.rows).toEqual([]);
		// The first directory path is the first form after the directory count (offset 4+2+2+4+...).
		expect(info.errors).toHaveLength(1);
		expect(info.errors[0].message).toBe('string reference .debug_line_str+0: .debug_line_str is absent');
		expect(info.errors[0].offset).toBeGreaterThan(12);
	});

	it('a v5 set_address whose size differs from address_size is rejected', () => {
		const spec: UnitSpec = {
			version: 5,
			pathForm: 'string',
			dirs: ['.'],
			files: [
				{ name: 'a.c', dir: 0 },
				{ name: 'a.c', dir: 0 }
			],
			program: (p) => good(p).setAddress(0x200, 8).copy().advancePc(4).endSequence()
		};
		const info = decodeBytes([bytesOf(spec)]);
		expect(info.rows).toEqual(goodRows);
		expect(info.errors.map((e) => e.message)).toEqual([
			'DW_LNE_set_address operand is 8 bytes, address_size is 4'
		]);
	});

	it('a special opcode with line_range 0, and header_length past the unit end, are errors', () => {
		let info = decodeBytes([bytesOf(unit((p) => p.setAddress(0x10).u8(20), { lineRange: 0 }))]);
		expect(info.errors.map((e) => e.message)).toEqual(['special opcode with line_range 0']);
		info = decodeBytes([bytesOf(unit(good, { headerLengthDelta: 1000 }))]);
		expect(info.rows).toEqual([]);
		expect(info.errors.map((e) => e.message)).toEqual(['header_length 1027 runs past the unit end']);
	});

	it('errors stop at 100 (plus one saying so)', () => {
		const spam = bytesOf(
			unit((p) => {
				p.setAddress(0x10);
				for (let i = 0; i < 300; i++) p.setFile(9).copy().advancePc(1).setFile(1);
				p.endSequence();
			})
		);
		// Each distinct file index is reported once; use a fresh index per row to make many errors.
		const many = bytesOf(
			unit((p) => {
				p.setAddress(0x10);
				for (let i = 0; i < 300; i++)
					p.setFile(10 + i)
						.copy()
						.advancePc(1);
				p.endSequence();
			})
		);
		expect(decodeBytes([spam]).errors).toHaveLength(1);
		const info = decodeBytes([many]);
		expect(info.errors).toHaveLength(101);
		expect(info.errors[100].message).toBe('further errors not reported');
		expect(info.rows).toHaveLength(301);
	});
});

/** What every result must satisfy, whatever the input. */
function checkInvariants(rows: readonly LineRow[], errors: readonly DwarfError[]) {
	for (const e of errors) expect(e.message).not.toMatch(/^internal error/);
	for (let i = 1; i < rows.length; i++) expect(rows[i].addr).toBeGreaterThanOrEqual(rows[i - 1].addr);
	if (rows.length) expect(rows[rows.length - 1].file).toBe('');
	for (const r of rows) expect(r.addr >= 0 && r.addr <= 0xffff_ffff && Number.isInteger(r.addr)).toBe(true);
}

const FIXTURE = readFileSync('test/fixtures/dwarf/fixture-dwarf5.elf');
const FIXTURE4 = readFileSync('test/fixtures/dwarf/fixture-dwarf4.elf');
const fixtureSections = (elf: Uint8Array) => {
	const s = readElfSections(elf).sections;
	return {
		debug_line: s.get('.debug_line')!,
		debug_line_str: s.get('.debug_line_str'),
		debug_str: s.get('.debug_str')
	};
};

/** A byte array with some bytes replaced, some cut, and maybe a tail chopped. */
const mutation = (size: number) =>
	fc.record({
		writes: fc.array(fc.tuple(fc.nat(size - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
		cut: fc.option(fc.nat(size), { nil: undefined })
	});
function mutate(bytes: Uint8Array, m: { writes: [number, number][]; cut?: number }): Uint8Array {
	const out = Uint8Array.from(bytes);
	for (const [at, v] of m.writes) out[at] = v;
	return m.cut === undefined ? out : out.slice(0, m.cut);
}

describe('fuzz: nothing throws', () => {
	it('random bytes as .debug_line, .debug_line_str and .debug_str', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ maxLength: 40 }), (line, str) => {
				const info = readLineInfo({ debug_line: line, debug_line_str: str, debug_str: str });
				checkInvariants(info.rows, info.errors);
			}),
			{ numRuns: 2000 }
		);
	});

	it('random bytes after a valid v4 or v5 unit header prefix', () => {
		const prefixes = [FIXTURE, FIXTURE4].map((f) => fixtureSections(f));
		fc.assert(
			fc.property(
				fc.nat(1),
				fc.nat(80),
				fc.uint8Array({ minLength: 1, maxLength: 300 }),
				(which, keep, tail) => {
					const s = prefixes[which];
					const head = s.debug_line.subarray(0, 4 + keep);
					const line = new Uint8Array(head.length + tail.length);
					line.set(head);
					line.set(tail, head.length);
					new DataView(line.buffer).setUint32(0, line.length - 4, true);
					const info = readLineInfo({ ...s, debug_line: line });
					checkInvariants(info.rows, info.errors);
				}
			),
			{ numRuns: 2000 }
		);
	});

	for (const [name, elf] of [
		['v5', FIXTURE],
		['v4', FIXTURE4]
	] as const) {
		const s = fixtureSections(elf);
		it(`mutated .debug_line of the ${name} fixture`, () => {
			fc.assert(
				fc.property(mutation(s.debug_line.length), (m) => {
					const info = readLineInfo({ ...s, debug_line: mutate(s.debug_line, m) });
					checkInvariants(info.rows, info.errors);
					for (const pc of [0x8000_0000, 0x8000_0100, 0]) lineFor(info.rows, pc);
				}),
				{ numRuns: 2000 }
			);
		});
	}

	it('mutated whole ELF files (section headers included)', () => {
		fc.assert(
			fc.property(mutation(FIXTURE.length), fc.nat(FIXTURE.length), (m, nearHeaders) => {
				// Aim half the writes at the ELF and section headers, where they do the most damage.
				const shoff = new DataView(FIXTURE.buffer, FIXTURE.byteOffset).getUint32(32, true);
				const writes = m.writes.map(([at, v], i): [number, number] =>
					i % 2
						? [
								i % 4 === 1
									? at % 52
									: Math.min(FIXTURE.length - 1, shoff + (nearHeaders % 720)),
								v
							]
						: [at, v]
				);
				const info = readElfLineInfo(mutate(FIXTURE, { ...m, writes }));
				checkInvariants(info.rows, info.errors);
			}),
			{ numRuns: 2000 }
		);
	});
});
