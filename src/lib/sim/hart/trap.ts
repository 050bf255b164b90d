/**
 * The one place traps are taken (as Spike's take_trap). Every exception and interrupt goes through
 * takeTrap(); MRET is its inverse. Only M-mode exists so far, so every trap targets M; delegation
 * through medeleg/mideleg to S-mode slots in at `targetMode` when S arrives.
 */
import { Cause, Mode } from './causes';
import {
	MIP_MEIP,
	MIP_MSIP,
	MIP_MTIP,
	MSTATUS_MIE,
	MSTATUS_MPIE,
	MSTATUS_MPP,
	MSTATUS_MPP_SHIFT
} from './csr-file';
import type { Hart } from './hart';

const INTERRUPT_BIT = 0x8000_0000;

/**
 * Enter the trap handler. `epc` is the pc of the instruction that trapped (or, for an interrupt, the
 * next one to execute). Returns the handler's pc, as an int32, and sets h.trapped.
 */
export function takeTrap(h: Hart, cause: number, tval: number, epc: number, interrupt = false): number {
	// Without S-mode every trap targets M; delegation (medeleg/mideleg, §3.1.8) chooses here later.
	// §3.1.6.1: MPIE ← MIE, MIE ← 0, MPP ← the previous mode; the hart enters M.
	const s = h.mstatus;
	h.mstatus =
		(s & ~(MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPP)) |
		(s & MSTATUS_MIE ? MSTATUS_MPIE : 0) |
		(h.mode << MSTATUS_MPP_SHIFT);
	h.mode = Mode.Machine;
	h.mepc = epc & ~3;
	h.mcause = interrupt ? (INTERRUPT_BIT | cause) >>> 0 : cause;
	h.mtval = tval >>> 0;
	// §3.1.7: vectored mode sends interrupts to BASE + 4 × cause; exceptions always go to BASE.
	const base = h.mtvec & ~3;
	const handler = interrupt && (h.mtvec & 3) === 1 ? base + 4 * cause : base;
	h.trapped = true;
	h.traps++;
	h.cycles += h.trapCost;
	h.onTrap?.(h.mcause, h.mtval, epc >>> 0);
	// A handler that cannot even be fetched would trap to itself forever: stop and say so.
	if (
		!interrupt &&
		(cause === Cause.InstructionAccessFault || cause === Cause.InstructionMisaligned) &&
		handler >>> 0 === epc >>> 0
	)
		h.stop({ kind: 'trap-loop', pc: epc >>> 0, cause });
	return handler | 0;
}

/** MRET (§3.3.2): MIE ← MPIE, MPIE ← 1, mode ← MPP, MPP ← least-privileged mode (U, or M alone). */
export function mret(h: Hart): number {
	const s = h.mstatus;
	const mpp = (s & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT;
	h.mode = mpp as Mode;
	h.mstatus =
		(s & ~(MSTATUS_MIE | MSTATUS_MPP)) |
		(s & MSTATUS_MPIE ? MSTATUS_MIE : 0) |
		MSTATUS_MPIE |
		(Mode.Machine << MSTATUS_MPP_SHIFT);
	return h.mepc | 0;
}

/**
 * The interrupt to take now, or -1 (§3.1.9): pending & enabled, globally enabled for M when running
 * below M or with mstatus.MIE; priority MEI > MSI > MTI.
 */
export function pendingInterrupt(h: Hart): number {
	const pending = h.mip & h.mie;
	if (pending === 0) return -1;
	if (h.mode === Mode.Machine && !(h.mstatus & MSTATUS_MIE)) return -1;
	if (pending & MIP_MEIP) return 11;
	if (pending & MIP_MSIP) return 3;
	if (pending & MIP_MTIP) return 7;
	return -1;
}
