/**
 * The oracle corpus must exercise everything the assembler knows: every mnemonic (instructions and
 * pseudo-instructions), every AMO ordering suffix and every directive. And the encoder must be the
 * exact inverse of the decoder for every instruction in the table.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCK_DIRECTIVES } from '../../src/lib/sim/isa/asm/blocks';
import { DIRECTIVES } from '../../src/lib/sim/isa/asm/directives';
import { encode } from '../../src/lib/sim/isa/asm/encoder';
import { Diagnostics } from '../../src/lib/sim/isa/asm/errors';
import { allMnemonics } from '../../src/lib/sim/isa/asm/forms';
import { lex } from '../../src/lib/sim/isa/asm/lexer';
import { decode, immediate, rd, rs1, rs2 } from '../../src/lib/sim/isa/decode';
import { INSNS } from '../../src/lib/sim/isa/instructions';

const CORPUS = join(__dirname, '../asm-corpus');

/** The first word of every statement after its labels, across the corpus. */
function corpusHeads(): Set<string> {
	const heads = new Set<string>();
	for (const f of (readdirSync(CORPUS, { recursive: true }) as string[]).filter((n) => n.endsWith('.s'))) {
		for (const st of lex(readFileSync(join(CORPUS, f), 'utf8'), new Diagnostics(f))) {
			let i = 0;
			while (st.tokens[i + 1]?.text === ':') i += 2;
			if (st.tokens[i]) heads.add(st.tokens[i].text.toLowerCase());
		}
	}
	return heads;
}

describe('oracle corpus coverage', () => {
	const heads = corpusHeads();

	it('uses every instruction and pseudo-instruction', () => {
		expect(allMnemonics().filter((m) => !heads.has(m))).toEqual([]);
	});

	it('uses every A-extension instruction with each ordering suffix', () => {
		const missing = INSNS.filter((i) => i.aqrl).flatMap((i) =>
			['', '.aq', '.rl', '.aqrl'].map((s) => i.name + s).filter((n) => !heads.has(n))
		);
		expect(missing).toEqual([]);
	});

	it('uses every directive', () => {
		// `.rodata` is vmscope's shorthand for `.section .rodata`; GNU as has no such directive
		// ("unknown pseudo-op"), so asm.test.ts tests it instead.
		const notInGnu = ['.rodata'];
		const all = [...Object.keys(DIRECTIVES), ...BLOCK_DIRECTIVES];
		expect(all.filter((d) => !heads.has(d) && !notInGnu.includes(d))).toEqual([]);
	});
});

describe('encode', () => {
	it('is the inverse of decode for every instruction and random fields', () => {
		for (const insn of INSNS) {
			fc.assert(
				fc.property(fc.integer({ min: 0, max: 0xffffffff }), (bits) => {
					// Random operand bits in the free (non-mask) positions.
					const w = insn.match | (bits & ~insn.mask) | 0;
					expect(decode(w)?.name).toBe(insn.name);
					const f = {
						rd: rd(w),
						rs1: rs1(w),
						rs2: rs2(w),
						imm: immediate(insn.format, w) >> (insn.format === 'U' ? 12 : 0),
						aqrl: (w >>> 25) & 3,
						...(insn.syntax.includes('csr') ? { csr: w >>> 20 } : {}),
						...(insn.syntax === 'pred,succ'
							? { pred: (w >>> 24) & 15, succ: (w >>> 20) & 15 }
							: {})
					};
					// FENCE's fm field and FENCE.I's immediate are not operands; compare what encode sets.
					const care =
						insn.name === 'fence' ? 0x0fffffff : insn.name === 'fence.i' ? 0x000fffff : -1;
					expect((encode(insn, f) & care) >>> 0).toBe((w & care) >>> 0);
				}),
				{ numRuns: 200 }
			);
		}
	});
});
