/**
 * Assembler diagnostics: each error names line and column and what was expected, every error in a
 * file is reported, and no input — however random — makes the assembler throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, formatError } from '../../src/lib/sim/isa/asm';
import { allMnemonics } from '../../src/lib/sim/isa/asm/forms';
import { BLOCK_DIRECTIVES } from '../../src/lib/sim/isa/asm/blocks';
import { DIRECTIVES } from '../../src/lib/sim/isa/asm/directives';

/** Errors as `LINE:COL: message`. */
const errors = (source: string) =>
	assemble(source, { file: 't.s' }).errors.map((e) => `${e.line}:${e.column}: ${e.message}`);

describe('assembler errors', () => {
	it.each([
		['addi a0, a1, 5, 6', "1:15: expected end of line after '5' but found ','"],
		['addi a0, 5, a1', "1:10: expected a register after ',' but found '5'"],
		['add a0, a1', "1:11: expected ',' after 'a1' but found end of line"],
		['addi a0, a1, t0', "1:14: expected an immediate after ',' but found 't0'"],
		['lw a0, 4(a7x)', "1:10: expected a register after '(' but found 'a7x'"],
		['sw a0, (a1', "1:11: expected ')' after 'a1' but found end of line"],
		['j a0', "1:3: expected a label or address after 'j' but found 'a0'"],
		['frobnicate a0', "1:1: unknown instruction 'frobnicate'"],
		['amoadd.w.bogus a0, a1, (a2)', "1:1: unknown instruction 'amoadd.w.bogus'"],
		['.bogus 1', "1:1: unknown directive '.bogus'"],
		[
			'li a0, later\n.equ later, 5',
			"1:8: expected an immediate that is a constant: 'later' is not defined before this line"
		],
		['li a0, 0x100000000', '1:8: expected a 32-bit value for li, found 4294967296'],
		['j nowhere', "1:3: undefined symbol 'nowhere'"],
		['call nowhere', "1:6: undefined symbol 'nowhere'"],
		['bnez a0, 1f', "1:10: undefined symbol local label '1'"],
		['beq a0, a1, 1b', "1:13: no earlier local label '1:' for '1b'"],
		['addi a0, a0, 2048', '1:14: immediate 2048 is out of range: expected -2048..2047'],
		['slli a0, a0, 32', '1:14: shift amount 32 is out of range: expected 0..31'],
		['lui a0, 0x100000', '1:9: upper immediate 1048576 is out of range: expected 0..1048575'],
		['csrrwi a0, mstatus, 32', '1:21: CSR immediate 32 is out of range: expected 0..31'],
		['csrr a0, nosuchcsr', "1:10: expected a CSR name or number but found 'nosuchcsr'"],
		['amoadd.w a0, a1, 4(a2)', '1:18: expected offset 0 (or none) for an atomic memory operation'],
		['fence rw, x', "1:11: expected a fence set such as 'rw' or 'iorw' after ',' but found 'x'"],
		['addi a0, a0, %hi(x)\nx:', '1:14: %hi is not allowed here: expected %lo or %pcrel_lo'],
		['lui a0, %lo(x)\nx:', '1:9: %lo is not allowed here: expected %hi or %pcrel_hi'],
		[
			'x: lw a0, %pcrel_lo(x)(a0)',
			'1:11: expected the label of an auipc with %pcrel_hi for %pcrel_lo, found address 0x80000000'
		],
		['jal x\n.skip 0x100000\nx:', '1:5: branch target is 1048580 bytes away: expected -1048576..1048574'],
		[
			'beq a0, a1, x\n.skip 0x100000\nx:',
			'1:13: branch target is 1048580 bytes away: expected -1048576..1048574'
		],
		['beq a0, a1, x\n.byte 1\nx:', '1:13: branch target is at an odd offset (5)'],
		['x: nop\nx: nop', "2:1: symbol 'x' is already defined (line 1)"],
		['.byte 256', '1:7: value 256 does not fit in 1 byte'],
		['.half -32769', '1:7: value -32769 does not fit in 2 bytes'],
		['.bss\n.word 1', "2:7: only zeros may be stored in '.bss'"],
		['.bss\nnop', "2:1: instructions are not allowed in '.bss'"],
		['.ascii "abc', `1:8: unterminated string: expected '"' before the end of the line`],
		['/* never closed', "1:1: unterminated comment: expected '*/'"],
		['.byte 1/0', "1:8: division by zero in '/'"],
		['.align 20', '1:1: expected a power of two from 0 to 16 for .align, got 20'],
		['.balign 3', '1:1: expected a power of two for .balign, got 3'],
		['.option pic', "1:9: '.option pic' is not supported: vmscope assembles non-PIC code"],
		['.option pop', "1:9: '.option pop' without a matching '.option push'"],
		['.size nothing, 4', "1:16: symbol 'nothing' is never defined"],
		[
			'.type f, @banana\nf:',
			"1:11: expected a symbol type such as '@function' or '@object' after '@' but found 'banana'"
		],
		['.word 1 +', "1:10: expected an expression after '+' but found end of line"],
		['nop ` nop', "1:5: unexpected character '`'"],
		['.byte ' + '('.repeat(300) + '1' + ')'.repeat(300), '1:207: expression is nested too deeply'],
		['.rept 3\nnop', "1:1: expected '.endr' before the end of the file for this '.rept'"],
		['.if 1\nnop', "1:1: expected '.endif' before the end of the file for this '.if'"],
		['.endr', "1:1: '.endr' without a matching '.rept'"],
		['.comm x, 4, 3', '1:1: expected a power of two for the alignment, got 3'],
		['.lcomm x, -1', '1:1: .lcomm size -1 is out of range'],
		['.skip 8\n.org 4', '2:1: .org cannot move backwards (from 8 to 4)'],
		['.org later\nlater:', "1:6: expected an offset or an address in '.text' known at this point"],
		['.endm', "1:1: '.endm' without a matching '.macro'"],
		['.macro m\nnop', "1:1: expected '.endm' before the end of the file for this '.macro'"],
		['.macro 5\n.endm', "1:8: expected a macro name after '.macro' but found '5'"],
		['.macro m\n.endm\n.macro M\n.endm', "3:8: macro 'M' is already defined"],
		['.macro m a\n.endm\nm 1, 2', "3:1: expected at most 1 argument for macro 'm', found 2"],
		['.macro m\nm\n.endm\nm', '2:1: macros nested more than 100 deep (a macro that uses itself?)'],
		['.macro m r\naddi \\r, \\r, 1\n.endm\nm 5', "2:6: expected a register after 'addi' but found '5'"],
		['.purgem nothing', "1:9: no macro named 'nothing'"],
		['.else', "1:1: '.else' without a matching '.if'"],
		['.if 1\n.else\n.else\n.endif', "3:1: a second '.else' for one '.if'"],
		['.rept -1\n.endr', '1:1: expected a repeat count from 0 to 100000, got -1'],
		[
			'.rept 1000\n.rept 1000\n.rept 2\nnop\n.endr\n.endr\n.endr',
			'2:1: .rept expands to more than 100000 statements'
		],
		[
			'.if undefined_thing\n.endif',
			"1:5: expected a condition that is a constant: 'undefined_thing' is not defined before this line"
		],
		['.ifdef 5\n.endif', "1:8: expected a symbol name after '.ifdef' but found '5'"],
		[
			'.equ a, x\n.word 0',
			"1:6: cannot compute 'a': its definition refers to itself or to an undefined symbol"
		]
	])('%s', (source, expected) => {
		expect(errors(source)).toEqual([expected]);
	});

	it('reports circular definitions where they are made and where they are used', () => {
		expect(errors('.equ a, b\n.equ b, a + 1\n.word a')).toEqual([
			"1:6: cannot compute 'a': its definition refers to itself or to an undefined symbol",
			"2:6: cannot compute 'b': its definition refers to itself or to an undefined symbol",
			"3:7: cannot compute 'a': its definition refers to itself"
		]);
	});

	it('reports every error in a file, in line order, and still assembles the rest', () => {
		const { program, errors: errs } = assemble('addi a0, a0, 1\nbogus\nj missing\naddi a0, 5, a1\nret', {
			file: 'many.s'
		});
		expect(errs.map(formatError)).toEqual([
			"many.s:2:1: error: unknown instruction 'bogus'",
			"many.s:3:3: error: undefined symbol 'missing'",
			"many.s:4:10: error: expected a register after ',' but found '5'"
		]);
		expect(program.segments[0].memSize).toBe(12); // addi, j (left zero), ret
	});

	it('bounds macro and .rept expansion, so a doubling chain of macros cannot hang it', () => {
		const chain = Array.from({ length: 40 }, (_, i) => `.macro m${i}\nm${i + 1}\nm${i + 1}\n.endm`);
		const errs = errors([...chain, '.macro m40\nnop\n.endm', 'm0'].join('\n'));
		expect(errs).toHaveLength(1);
		expect(errs[0]).toMatch(/expands to more than 100000 statements$/);
	});

	it('recovers per statement, so errors on one line separated by ; are each reported', () => {
		expect(errors('bogus1 ; bogus2 ; nop')).toEqual([
			"1:1: unknown instruction 'bogus1'",
			"1:10: unknown instruction 'bogus2'"
		]);
	});
});

describe('assembler fuzz', () => {
	const check = (source: string) => {
		const { program, errors: errs } = assemble(source);
		for (const e of errs) {
			expect(e.line).toBeGreaterThanOrEqual(1);
			expect(e.column).toBeGreaterThanOrEqual(1);
			expect(e.message).not.toMatch(/internal assembler error/);
		}
		expect(program.segments.every((s) => s.data.length <= s.memSize)).toBe(true);
	};

	it('never throws on random text', () => {
		fc.assert(fc.property(fc.string({ maxLength: 200 }), check), { numRuns: 2000 });
	});

	it('never throws on random assembly-like token soup', () => {
		const words = [
			...allMnemonics(),
			...Object.keys(DIRECTIVES),
			...BLOCK_DIRECTIVES,
			'a0', 'zero', 'x31', 'sp', 'mstatus', 'cycle', 'lbl', '1f', '1b', '1:', 'lbl:', '.', '_start',
			'%hi', '%lo', '%pcrel_hi', '%pcrel_lo', '(', ')', ',', ',', ',', '+', '-', '*', '/', '%', '<<', '>>',
			'~', '!', '==', '&&', '0', '1', '-1', '2047', '2048', '0x7fffffff', '0xffffffff', '99999999999999999999',
			"'a'", '"str"', '@function', '@nobits', '"ax"', '\n', '\n', ';', '#', '/*', '*/', 'iorw', '4(a0)', '(a1)'
		]; // prettier-ignore
		const soup = fc.array(fc.constantFrom(...words), { maxLength: 40 }).map((ws) => ws.join(' '));
		fc.assert(
			fc.property(
				fc.array(soup, { maxLength: 8 }).map((ls) => ls.join('\n')),
				check
			),
			{
				numRuns: 3000
			}
		);
	});
});
