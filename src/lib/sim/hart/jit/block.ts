/**
 * Finding a basic block for the translator: the run of words from a physical RAM word that the
 * interpreter would execute on its fast path, read from the same decode cache (ram.code, ram.imm).
 *
 * A block holds only instructions the interpreter runs inline (ALU, M, branches and jumps, loads and
 * stores through the windows, fences), so it can never change privilege, CSRs, translation or what is
 * pending: everything else (CSR ops, ECALL/EBREAK, xRET, WFI, SFENCE.VMA, FENCE.I, atomics, a load
 * into x0, the synthetic trapping forms, markers) ends the block before it, and the interpreter runs
 * it. A branch or jump ends the block after it.
 */
import type { Hart } from '../hart';
import { decodeInto, Op } from '../execute';

/** One instruction of a block, as the decode cache holds it. */
export interface BlockInsn {
	op: number;
	/** The instruction bits (register fields are read from these, as the interpreter does). */
	bits: number;
	/** The decoded immediate (pc-relative for branches, jumps and AUIPC). */
	imm: number;
	/** Cycles, from the cache entry (op | cycles << 8). */
	cost: number;
}

/** The ops a block may hold (the interpreter's inline cases). */
export const BLOCKABLE: Uint8Array = (() => {
	const t = new Uint8Array(256);
	for (let op = Op.LUI; op <= Op.SW; op++) t[op] = 1;
	for (let op = Op.ADDI; op <= Op.FENCE; op++) t[op] = 1;
	for (let op = Op.MUL; op <= Op.REMU; op++) t[op] = 1;
	t[Op.NOP] = t[Op.J] = t[Op.JR] = 1;
	return t;
})();

/** The ops after which a block ends: every change of pc other than falling through. */
export const ENDS_BLOCK: Uint8Array = (() => {
	const t = new Uint8Array(256);
	for (let op = Op.JAL; op <= Op.BGEU; op++) t[op] = 1;
	t[Op.J] = t[Op.JR] = 1;
	return t;
})();

/**
 * The block starting at RAM word `start`, at most `maxWords` long (the translator's limit, and the
 * fetch window's end: a block never leaves the page its first word was fetched through). Words not yet
 * decoded are decoded now, as the interpreter would on reaching them; markers are left alone.
 */
export function scanBlock(h: Hart, start: number, maxWords: number): BlockInsn[] {
	const ram = h.ram;
	const code = ram.code;
	const out: BlockInsn[] = [];
	for (let i = start; out.length < maxWords && i < code.length; i++) {
		let c = code[i];
		if (c === 0) {
			decodeInto(h, i, ram.i32[i]);
			c = code[i];
		}
		const op = c & 255;
		if (!BLOCKABLE[op]) break;
		out.push({ op, bits: ram.i32[i], imm: ram.imm[i], cost: c >>> 8 });
		if (ENDS_BLOCK[op]) break;
	}
	return out;
}
