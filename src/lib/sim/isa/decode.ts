/**
 * Instruction decoding: which table entry a 32-bit word is, and its operand fields.
 * Field positions and immediate scrambling follow unprivileged spec §2.2–2.3 (Figures 2.3, 2.4).
 */
import { INSNS, type Format, type Insn } from './instructions';

/** Candidates per major opcode (bits 6:0), most specific mask first, so FENCE.TSO beats FENCE. */
const BY_OPCODE: Insn[][] = Array.from({ length: 128 }, () => []);
for (const i of INSNS) BY_OPCODE[i.match & 0x7f].push(i);
const popcount = (x: number) => {
	let n = 0;
	for (let v = x >>> 0; v; v &= v - 1) n++;
	return n;
};
for (const list of BY_OPCODE) list.sort((a, b) => popcount(b.mask) - popcount(a.mask));

/** The table entry for a word, or undefined for an illegal or unknown encoding (incl. compressed). */
export function decode(word: number): Insn | undefined {
	// Only 32-bit instructions exist here: bits 1:0 must be 11 (§1.5); others fall out below.
	for (const i of BY_OPCODE[word & 0x7f]) if ((word & i.mask) === i.match) return i;
	return undefined;
}

export const rd = (w: number) => (w >>> 7) & 31;
export const rs1 = (w: number) => (w >>> 15) & 31;
export const rs2 = (w: number) => (w >>> 20) & 31;
export const funct3 = (w: number) => (w >>> 12) & 7;
export const csrNumber = (w: number) => w >>> 20;

/** Sign-extended I-immediate: inst[31:20]. */
export const immI = (w: number) => w >> 20;
/** Sign-extended S-immediate: inst[31:25] | inst[11:7]. */
export const immS = (w: number) => ((w >> 20) & ~31) | ((w >>> 7) & 31);
/** Sign-extended B-immediate (a multiple of 2). */
export const immB = (w: number) =>
	((w >> 19) & ~0xfff) | ((w << 4) & 0x800) | ((w >>> 20) & 0x7e0) | ((w >>> 7) & 0x1e);
/** U-immediate: inst[31:12] << 12, as a signed 32-bit value. */
export const immU = (w: number) => w & ~0xfff;
/** Sign-extended J-immediate (a multiple of 2). */
export const immJ = (w: number) =>
	((w >> 11) & ~0xfffff) | (w & 0xff000) | ((w >>> 9) & 0x800) | ((w >>> 20) & 0x7fe);

/** The immediate of a word in the given format (R-type has none: 0). */
export function immediate(format: Format, w: number): number {
	switch (format) {
		case 'I':
			return immI(w);
		case 'S':
			return immS(w);
		case 'B':
			return immB(w);
		case 'U':
			return immU(w);
		case 'J':
			return immJ(w);
		case 'R':
			return 0;
	}
}
