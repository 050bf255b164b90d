/**
 * Disassemble → assemble gives back the same word, for random encodings of every instruction, in
 * both objdump styles (with pseudo-instruction aliases and with `-M no-aliases`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, formatError } from '../../src/lib/sim/isa/asm';
import { disassemble } from '../../src/lib/sim/isa/disasm';
import { INSNS } from '../../src/lib/sim/isa/instructions';

const PC = 0x80001000;

/**
 * objdump prints branch targets as bare hex addresses (`beq a0,a1,80000ff0`); write them relative to
 * `.`, as a constant address would make GNU as (and vmscope) emit the long branch form.
 */
function toSource(text: string, format: string): string {
	const noComment = text.replace(/\s+#.*$/, '');
	if (format !== 'B' && format !== 'J') return noComment;
	return noComment.replace(
		/([ ,])([0-9a-f]+)$/,
		(_, sep: string, hex: string) => `${sep}. + (${parseInt(hex, 16) - PC})`
	);
}

describe('disassembler round trip', () => {
	for (const aliases of [false, true]) {
		it(`reassembles every instruction (${aliases ? 'aliases' : 'no-aliases'})`, () => {
			for (const insn of INSNS) {
				fc.assert(
					fc.property(fc.integer({ min: 0, max: 0xffffffff }), (bits) => {
						let w = insn.match | (bits & ~insn.mask) | 0;
						// Bits that are not operands (FENCE fm/rd/rs1, FENCE.I imm/rd/rs1) do not survive.
						if (insn.name === 'fence') w &= 0x0ff0707f;
						if (insn.name === 'fence.i') w &= 0x0000707f;
						const text = disassemble(w, PC, { aliases });
						// Not valid to objdump either: `.4byte`, or a fence set of 0 printed as `unknown`.
						if (text.startsWith('.4byte') || text.includes('unknown')) return;
						const source = toSource(text, insn.format);
						const { program, errors } = assemble(source, { base: PC });
						expect(errors.map(formatError), source).toEqual([]);
						const d = program.segments[0].data;
						const back = new DataView(d.buffer, d.byteOffset).getUint32(0, true);
						expect(d.length, source).toBe(4);
						expect(back.toString(16), `${source} (from ${(w >>> 0).toString(16)})`).toBe(
							(w >>> 0).toString(16)
						);
					}),
					{ numRuns: 300 }
				);
			}
		});
	}
});
