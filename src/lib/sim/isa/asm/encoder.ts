/**
 * Instruction encoding: scatter fields into a 32-bit word by the table entry's format. The inverse of
 * decode.ts (unprivileged spec §2.2–2.3, Figures 2.3 and 2.4); a unit test checks the round trip.
 */
import type { Insn } from '../instructions';

export interface Fields {
	rd?: number;
	rs1?: number;
	rs2?: number;
	/** The immediate as the format defines it: byte offset for B/J, the upper 20 bits for U. */
	imm?: number;
	/** CSR number (bits 31:20 of a Zicsr instruction). */
	csr?: number;
	/** A extension: aq (2) | rl (1), placed at bits 26:25. */
	aqrl?: number;
	/** FENCE: pred and succ, 4 bits each (i=8, o=4, r=2, w=1). */
	pred?: number;
	succ?: number;
}

export function encode(insn: Insn, f: Fields): number {
	let w = insn.match;
	w |= ((f.rd ?? 0) & 31) << 7;
	w |= ((f.rs1 ?? 0) & 31) << 15;
	w |= ((f.rs2 ?? 0) & 31) << 20;
	const imm = f.imm ?? 0;
	switch (insn.format) {
		case 'R':
			w |= ((f.aqrl ?? 0) & 3) << 25;
			break;
		case 'I':
			if (f.csr !== undefined) w |= (f.csr & 0xfff) << 20;
			else if (f.pred !== undefined) w |= ((f.pred & 15) << 24) | ((f.succ! & 15) << 20);
			else w |= (imm & 0xfff) << 20;
			break;
		case 'S':
			w |= ((imm >> 5) & 0x7f) << 25;
			w |= (imm & 31) << 7;
			break;
		case 'B':
			w |= ((imm >> 12) & 1) << 31;
			w |= ((imm >> 5) & 0x3f) << 25;
			w |= ((imm >> 1) & 15) << 8;
			w |= ((imm >> 11) & 1) << 7;
			break;
		case 'U':
			w |= (imm & 0xfffff) << 12;
			break;
		case 'J':
			w |= ((imm >> 20) & 1) << 31;
			w |= ((imm >> 1) & 0x3ff) << 21;
			w |= ((imm >> 11) & 1) << 20;
			w |= ((imm >> 12) & 0xff) << 12;
			break;
	}
	return w | 0;
}

/** Sign-extended low 12 bits: what `%lo` gives and what an I/S immediate adds. */
export const lo12 = (v: number) => (((v & 0xfff) ^ 0x800) - 0x800) | 0;
/** Upper 20 bits rounded so that (hi << 12) + lo12 equals v: what `%hi` gives. */
export const hi20 = (v: number) => ((v + 0x800) >>> 12) & 0xfffff;
