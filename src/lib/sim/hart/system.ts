/**
 * SYSTEM-opcode instructions and fences (unprivileged §2.7–2.8, chapter 9; privileged §3.3):
 * Zicsr reads/writes through the CSR table, ECALL/EBREAK, MRET, SRET, WFI, SFENCE.VMA, FENCE.I.
 * Rarely hot, so they run out of line from the interpreter loop. Guards raise illegal instruction
 * (with the instruction bits in tval) as Spike's require_privilege does.
 */
import { Cause, Mode } from './causes';
import { MSTATUS_TSR, MSTATUS_TVM, MSTATUS_TW } from './csr-bits';
import { csrAccess } from './csr-file';
import type { Hart } from './hart';
import { mret, sret, takeTrap } from './trap';

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
	if (!d) return takeTrap(h, Cause.IllegalInstruction, w, pc, false, w);
	const old = reads ? d.read(h) | 0 : 0;
	if (writes) {
		const base = kind === 1 ? 0 : d.readForUpdate ? d.readForUpdate(h) : reads ? old : d.read(h) | 0;
		const value = kind === 1 ? operand : kind === 2 ? base | operand : base & ~operand;
		d.write?.(h, value | 0);
	}
	if (reads) h.x[rd] = old;
	return (pc + 4) | 0;
}

const ECALL = 0x00000073;
const EBREAK = 0x00100073;
const MRET = 0x30200073;
const SRET = 0x10200073;
const WFI = 0x10500073;
/** SFENCE.VMA rs1, rs2: funct7 0001001, rd = 0, funct3 = 0 (privileged §4.2.1). */
const SFENCE_MASK = 0xfe007fff;
const SFENCE_MATCH = 0x12000073;

const illegal = (h: Hart, pc: number, w: number) => takeTrap(h, Cause.IllegalInstruction, w, pc, false, w);

const ECALL_CAUSE: Record<Mode, Cause> = {
	[Mode.User]: Cause.EcallFromU,
	[Mode.Supervisor]: Cause.EcallFromS,
	[Mode.Machine]: Cause.EcallFromM
};

/** ECALL, EBREAK, MRET, SRET, WFI, SFENCE.VMA: the instruction table already matched the word. */
export function privileged(h: Hart, pc: number, w: number): number {
	const mode = h.mode;
	switch (w) {
		case ECALL: // privileged §3.3.1: the cause names the mode the call came from
			// An SBI call is this trap into M; M-mode software in TypeScript answers it inside takeTrap.
			return takeTrap(h, ECALL_CAUSE[mode], 0, pc, false, w);
		case EBREAK: // tval = the EBREAK's address, as Spike (QEMU 7.2 writes 0; §3.1.16 allows either)
			return takeTrap(h, Cause.Breakpoint, pc, pc);
		case MRET: // §3.3.2: MRET is illegal below M
			return mode === Mode.Machine ? mret(h, pc) : illegal(h, pc, w);
		case SRET: // §3.3.2: illegal in U; §3.1.6.5: "attempts to execute SRET while executing in S-mode will raise an illegal instruction exception" when TSR=1
			if (mode === Mode.User || (mode === Mode.Supervisor && h.mstatus & MSTATUS_TSR))
				return illegal(h, pc, w);
			return sret(h, pc);
		case WFI:
			// §3.3.3: in U-mode WFI is illegal (we take no "bounded time limit"); §3.1.6.5: with TW=1 it is
			// illegal in any mode below M.
			if (mode === Mode.User || (mode === Mode.Supervisor && h.mstatus & MSTATUS_TW))
				return illegal(h, pc, w);
			// Stall until an interrupt is pending in mip & mie, whatever the global enables (§3.3.3);
			// resuming after it (a NOP is legal too).
			h.idle?.();
			return (pc + 4) | 0;
	}
	if ((w & SFENCE_MASK) === SFENCE_MATCH) {
		// §4.2.1 and §3.1.6.5: illegal in U, and in S when mstatus.TVM = 1.
		if (mode === Mode.User || (mode === Mode.Supervisor && h.mstatus & MSTATUS_TVM))
			return illegal(h, pc, w);
		const rs1 = (w >>> 15) & 31;
		const rs2 = (w >>> 20) & 31;
		h.sfenceVma(rs1 === 0 ? undefined : h.x[rs1] >>> 0, rs2 === 0 ? undefined : h.x[rs2]);
		return (pc + 4) | 0;
	}
	return illegal(h, pc, w);
}

/** FENCE.I (Zifencei §3.1): stores already invalidate decoded words; this also drops the rest. */
export function fenceI(h: Hart, pc: number): number {
	h.ram.flushDecoded();
	return (pc + 4) | 0;
}
