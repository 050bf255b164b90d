/**
 * The assembler's API and the behaviour the oracle cannot see: layout options, entry, symbols,
 * line table, local labels, expressions. (Bytes against GNU as: asm-oracle.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { assemble, formatError, type AssembleOptions } from '../../src/lib/sim/isa/asm';
import type { Program } from '../../src/lib/sim/isa/program';

/** Assemble and insist on no errors; words of the first segment as unsigned numbers. */
function ok(source: string, options?: AssembleOptions): Program {
	const { program, errors } = assemble(source, options);
	expect(errors.map(formatError)).toEqual([]);
	return program;
}
function words(p: Program, segment = 0): number[] {
	const d = p.segments[segment].data;
	const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
	return Array.from({ length: d.length >> 2 }, (_, i) => v.getUint32(i * 4, true));
}
const sym = (p: Program, name: string) => p.symbols.find((s) => s.name === name);

describe('assemble', () => {
	it('encodes instructions from 0x80000000 by default', () => {
		const p = ok('addi a0, a0, 1\nret');
		expect(p.segments[0]).toMatchObject({ addr: 0x80000000, name: '.text', memSize: 8 });
		expect(p.segments[0].flags).toEqual({ read: true, write: false, exec: true });
		expect(words(p)).toEqual([0x00150513, 0x00008067]); // addi a0,a0,1; jalr zero,0(ra)
	});

	it('uses _start as the entry when defined, else the start of .text', () => {
		expect(ok('nop\n_start: nop').entry).toBe(0x80000004);
		expect(ok('nop\nnop').entry).toBe(0x80000000);
		expect(ok('nop', { base: 0x1000 }).entry).toBe(0x1000);
	});

	it('lays out .text, .rodata, .data, .bss in that order, each aligned', () => {
		const p = ok(`
			.bss
			b: .zero 8
			.data
			.align 3
			d: .word 1
			.rodata
			r: .byte 1
			.text
			nop
		`);
		expect(p.segments.map((s) => [s.name, s.addr, s.memSize, s.data.length])).toEqual([
			['.text', 0x80000000, 4, 4],
			['.rodata', 0x80000004, 1, 1],
			['.data', 0x80000008, 4, 4],
			['.bss', 0x8000000c, 8, 0]
		]);
		expect(p.segments[2].flags).toEqual({ read: true, write: true, exec: false });
	});

	it('places output sections at requested addresses', () => {
		const p = ok('la a0, v\n.data\nv: .word 7', { sectionAddresses: { '.data': 0x80001000 } });
		expect(sym(p, 'v')?.addr).toBe(0x80001000);
		// auipc a0, 1; addi a0, a0, 0  →  0x80000000 + 0x1000
		expect(words(p)).toEqual([0x00001517, 0x00050513]);
	});

	it('reports overlapping sections', () => {
		const { errors } = assemble('nop\nnop\n.data\n.word 1', {
			sectionAddresses: { '.data': 0x80000004 }
		});
		expect(errors.map((e) => e.message)).toEqual(["sections '.text' and '.data' overlap"]);
	});

	it('records symbols with sizes, types and binding', () => {
		const p = ok(`
			.globl main
			.type main, @function
			main: nop
			nop
			.size main, . - main
			.data
			.type buf, @object
			buf: .zero 12
			.size buf, 12
			.equ LIMIT, 100
			.L_hidden: .word 0
			1: .word 0
		`);
		expect(sym(p, 'main')).toEqual({
			name: 'main',
			addr: 0x80000000,
			size: 8,
			kind: 'func',
			global: true
		});
		expect(sym(p, 'buf')).toEqual({
			name: 'buf',
			addr: 0x80000008,
			size: 12,
			kind: 'object',
			global: false
		});
		expect(sym(p, 'LIMIT')).toMatchObject({ addr: 100, kind: 'notype' });
		expect(p.symbols.some((s) => s.name.startsWith('.L'))).toBe(false);
		expect(p.symbols.map((s) => s.addr)).toEqual([...p.symbols.map((s) => s.addr)].sort((a, b) => a - b));
	});

	it('gives every instruction word a line-table row', () => {
		const p = ok('nop\n\n  li a0, 0x12345678 # two words\n.word 5\nret', { file: 'x.s' });
		expect(p.lines).toEqual([
			{ addr: 0x80000000, file: 'x.s', line: 1, column: 1 },
			{ addr: 0x80000004, file: 'x.s', line: 3, column: 3 },
			{ addr: 0x80000008, file: 'x.s', line: 3, column: 3 },
			{ addr: 0x80000010, file: 'x.s', line: 5, column: 1 }
		]);
	});

	it('resolves numeric local labels to the nearest definition', () => {
		const p = ok('1: j 1f\n1: j 1b\nj 1b\n1: j 1b');
		// j +4; j 0; j -4; j 0
		expect(words(p)).toEqual([0x0040006f, 0x0000006f, 0xffdff06f, 0x0000006f]);
	});

	it('evaluates expressions with C precedence and GNU as values', () => {
		const p = ok(`.data
			.byte 1 + 2 * 3, (1 + 2) << 3, 1 << 2 + 1, 7 & 3 | 8, ~0 & 0xff, -(-5), !0, !7
			.byte 3 == 3, 3 != 3, 2 < 3, 'a', '\\n', 0b101, 017, 0x1F
			.word 10 / 3, -7 % 3, 0xffffffff >> 4, e - s
			s: .byte 0
			e:
		`);
		const d = Array.from(p.segments[0].data);
		expect(d.slice(0, 14)).toEqual([7, 24, 8, 11, 0xff, 5, 1, 0, 0xff, 0, 0xff, 97, 10, 5]);
		expect(d.slice(14, 16)).toEqual([15, 31]);
		const v = new DataView(p.segments[0].data.buffer);
		expect([0, 4, 8, 12].map((o) => v.getInt32(16 + o, true))).toEqual([3, -1, 0x0fffffff, 1]);
	});

	it('handles comments and statement separators', () => {
		const p = ok('nop /* a\nmultiline */ ; nop // c++ style\nnop # hash\n/* x */ nop');
		expect(words(p)).toEqual([0x13, 0x13, 0x13, 0x13]);
	});

	it('computes %hi/%lo and %pcrel_hi/%pcrel_lo like the psABI relocations', () => {
		const p = ok(`
			lui a0, %hi(v)
			addi a0, a0, %lo(v)
			1: auipc a1, %pcrel_hi(v)
			lw a1, %pcrel_lo(1b)(a1)
			sw a1, %pcrel_lo(1b)(a1)
			.data
			.skip 0x7fc
			v: .word 0
		`);
		// v = 0x80000014 + 0x7fc = 0x80000810: %hi rounds up because %lo is negative.
		expect(sym(p, 'v')?.addr).toBe(0x80000810);
		expect(words(p)).toEqual([0x80001537, 0x81050513, 0x00001597, 0x8085a583, 0x80b5a423]);
	});

	it('sets tohost and fromhost when defined', () => {
		const p = ok('nop\n.data\n.align 3\ntohost: .dword 0\nfromhost: .dword 0');
		expect([p.tohost, p.fromhost]).toEqual([0x80000008, 0x80000010]);
	});

	it('lets .set redefine a symbol, each use seeing the value at that point', () => {
		const p = ok('.data\n.set N, 1\n.byte N\n.set N, N + 1\n.byte N\n.word N');
		expect(Array.from(p.segments[0].data.subarray(0, 6))).toEqual([1, 2, 2, 0, 0, 0]);
	});

	it('accepts .equ with forward references in data', () => {
		const p = ok('.data\n.word SIZE\n.equ SIZE, end - start\nstart: .zero 6\nend:');
		expect(words(p)[0]).toBe(6);
	});

	it('makes a branch long (inverted branch over j) when its target is far or elsewhere, as GNU as', () => {
		const p = ok('beq a0, a1, near\nbne a0, a1, far\nnear: nop\n.skip 4096\nfar: nop');
		// beq a0,a1,+12 (short); beq a0,a1,+8 and j +0x1008 to far (long: the inverse of bne)
		expect(words(p).slice(0, 4)).toEqual([0x00b50663, 0x00b50463, 0x0080106f, 0x13]);
		expect(p.lines.slice(0, 3).map((l) => l.line)).toEqual([1, 2, 2]);
		const other = ok('bltz a0, elsewhere\n.section .text.x, "ax"\nelsewhere: ret');
		expect(words(other).slice(0, 2)).toEqual([0x00055463, 0x0040006f]); // bge a0,zero,+8; j +4
	});

	it('loads a known constant with li for la, and pc-relatively otherwise', () => {
		const p = ok('.equ X, 0x12345678\nla a0, X\nla a1, Y\n.equ Y, 16');
		expect(words(p)).toEqual([0x12345537, 0x67850513, 0x80000597, 0x00858593]);
	});

	it('gives labels in empty sections an address where the section would start', () => {
		const p = ok('nop\n.data\nempty_data:\n.bss\n.align 4\nend:');
		expect(p.segments.map((s) => s.name)).toEqual(['.text']);
		expect(sym(p, 'empty_data')?.addr).toBe(0x80000004);
		expect(sym(p, 'end')?.addr).toBe(0x80000010);
	});

	it('warns where GNU as would group an expression differently, and not otherwise', () => {
		const warned = (expr: string) => assemble(`.word ${expr}`).warnings.map((w) => w.column);
		expect(warned('1 + 2 << 3')).toEqual([9]); // C: (1+2)<<3 = 24; GNU: 1+(2<<3) = 17
		expect(warned('1 << 2 + 3')).toEqual([14]);
		expect(warned('1 | 2 + 3')).toEqual([13]);
		expect(warned('1 & 2 == 2')).toEqual([13]);
		expect(warned('a && b || c')).toEqual([]);
		for (const fine of [
			'(1 + 2) << 3',
			'1 + (2 << 3)',
			'1 + 2 * 3',
			'1 - 2 - 3',
			'6 / 3 * 2',
			'1 << 2 << 3',
			'x - y'
		])
			expect(warned(fine), fine).toEqual([]);
		expect(assemble('.option rvc').warnings.map((w) => w.message)).toEqual([
			"vmscope emits no compressed instructions: '.option rvc' has no effect"
		]);
	});

	it('takes predefined absolute symbols, like GNU as --defsym', () => {
		const p = ok('la sp, __stack_top\nli a0, COUNT', { defsym: { __stack_top: 0x80100000, COUNT: 3 } });
		// known constants: la loads them as li does
		expect(words(p)).toEqual([0x80100137, 0x00300513]);
		expect(sym(p, '__stack_top')?.addr).toBe(0x80100000);
		expect(assemble('x = 1', { defsym: { x: 2 } }).errors).toEqual([]); // .set-style redefinition is allowed
		expect(assemble('x: nop', { defsym: { x: 2 } }).errors.map((e) => e.message)).toEqual([
			"symbol 'x' is already defined (by --defsym)"
		]);
	});

	it('takes line rows from .loc when a compiler gives them, as GNU as builds .debug_line', () => {
		const p = ok(
			[
				'.file 1 "main.c"',
				'nop',
				'.loc 1 7 3',
				'nop',
				'nop',
				'.section .text.b, "ax"',
				'nop',
				'.text',
				'nop'
			].join('\n'),
			{ file: 'main.s' }
		);
		expect(p.lines.map((l) => `${l.file}:${l.line}:${l.column}`)).toEqual([
			'main.s:2:1', // before any .loc: the assembly line
			'main.c:7:3',
			'main.c:7:3',
			'main.c:7:3', // .text again: still covered by its row
			'main.s:7:1' // .text.b (placed after .text) never got a row: the assembly line
		]);
	});
});
