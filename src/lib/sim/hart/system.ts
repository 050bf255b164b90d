/**
 * SYSTEM-opcode instructions and fences (unprivileged §2.7–2.8, chapter 9; privileged §3.3):
 * Zicsr reads/writes through the CSR table, ECALL/EBREAK, MRET, SRET, WFI, SFENCE.VMA, FENCE.I.
 * Rarely hot, so they run out of line from the interpreter loop.
 */
import { Cause, Mode } from './causes';
import { csrAccess } from './csr-file';
import type { Hart } from './hart';
import { mret, takeTrap } from './trap';

/** Zicsr (§9.1). funct3 bit 2 selects the immediate form; bits 1:0 are RW / RS / RC. */
export function csrInstruction(h: Hart, pc: number, w: number): number {
	const funct3 = (w >>> 12) & 7;
	const rd = (w >>> 7) & 31;
	const field = (w >>> 15) & 31; // rs1 or uimm
	const num = w >>> 20;
	const kind = funct3 & 3;
	const operand = funct3 & 4 ? field : h.x[field];
	// §9.1: CSRRW with rd = x0 does not read; CSRRS/CSRRC with rs1 = x0 (or uimm = 0) do not write.
	const writes = kind === 1 || field !== 0;
	const reads = kind !== 1 || rd !== 0;
	const d = csrAccess(h, num, writes);
	if (!d) return takeTrap(h, Cause.IllegalInstruction, w, pc);
	const old = reads ? d.read(h) | 0 : 0;
	if (writes) {
		const value = kind === 1 ? operand : kind === 2 ? old | operand : old & ~operand;
		d.write?.(h, value | 0);
	}
	if (reads) h.x[rd] = old;
	return (pc + 4) | 0;
}

const ECALL = 0x00000073;
const EBREAK = 0x00100073;
const MRET = 0x30200073;
const WFI = 0x10500073;

/** ECALL, EBREAK, MRET, SRET, WFI, SFENCE.VMA: the instruction table already matched the word. */
export function privileged(h: Hart, pc: number, w: number): number {
	switch (w) {
		case ECALL: // privileged §3.3.1: the cause names the mode the call came from
			// An S-mode ECALL that would trap to M goes to the TypeScript firmware when there is one.
			if (h.mode === Mode.Supervisor && !((h.medeleg >>> Cause.EcallFromS) & 1) && h.ecallHook?.(h)) {
				h.cycles += h.trapCost;
				return (pc + 4) | 0;
			}
			return takeTrap(
				h,
				h.mode === Mode.Machine
					? Cause.EcallFromM
					: h.mode === Mode.Supervisor
						? Cause.EcallFromS
						: Cause.EcallFromU,
				0,
				pc
			);
		case EBREAK: // tval = the EBREAK's address, as Spike (QEMU 7.2 writes 0; §3.1.16 allows either)
			return takeTrap(h, Cause.Breakpoint, pc, pc);
		case MRET: // §3.3.2: MRET is illegal below M
			return h.mode === Mode.Machine ? mret(h) : takeTrap(h, Cause.IllegalInstruction, w, pc);
		case WFI: // §3.3.3: stall until an interrupt may be pending; resuming after it (a NOP is legal too)
			h.idle?.();
			return (pc + 4) | 0;
		default: // SRET and SFENCE.VMA need S-mode, which this hart lacks (misa.S = 0)
			return takeTrap(h, Cause.IllegalInstruction, w, pc);
	}
}

/** FENCE.I (Zifencei §3.1): stores already invalidate decoded words; this also drops the rest. */
export function fenceI(h: Hart, pc: number): number {
	h.ram.flushDecoded();
	return (pc + 4) | 0;
}
