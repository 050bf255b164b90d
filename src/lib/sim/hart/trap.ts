/**
 * The one place traps are taken (as Spike's take_trap). Every exception and interrupt goes through
 * takeTrap(), which picks the target mode through medeleg/mideleg; MRET and SRET are its inverses, and
 * pendingInterrupt() decides which interrupt, if any, is taken next.
 */
import { Cause, Mode } from './causes';
import {
	MIP_MEIP,
	MIP_MSIP,
	MIP_MTIP,
	MIP_SEIP,
	MIP_SSIP,
	MIP_STIP,
	MSTATUS_MIE,
	MSTATUS_MPIE,
	MSTATUS_MPP,
	MSTATUS_MPP_SHIFT,
	MSTATUS_MPRV,
	MSTATUS_SIE,
	MSTATUS_SPIE,
	MSTATUS_SPP
} from './csr-bits';
import type { Hart } from './hart';
import { updateWindows } from './paging';

const INTERRUPT_BIT = 0x8000_0000;

/**
 * Enter the trap handler. `epc` is the pc of the instruction that trapped (or, for an interrupt, the
 * next one to execute). Returns the handler's pc, as an int32, and sets h.trapped.
 */
export function takeTrap(
	h: Hart,
	cause: number,
	tval: number,
	epc: number,
	interrupt = false,
	bits = 0
): number {
	const from = h.mode;
	// §3.1.8: a trap is delegated to S when its medeleg/mideleg bit is set and it did not occur in M
	// ("Traps never transition from a more-privileged mode to a less-privileged mode").
	const deleg = ((interrupt ? h.mideleg : h.medeleg) >>> cause) & 1;
	const s = h.mstatus;
	const xcause = interrupt ? (INTERRUPT_BIT | cause) >>> 0 : cause;
	let tvec: number;
	const toS = deleg !== 0 && from !== Mode.Machine;
	if (toS) {
		// §4.1.1: SPIE ← SIE, SIE ← 0, SPP ← the previous mode (0 for U, 1 for S); the hart enters S.
		h.mstatus =
			(s & ~(MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_SPP)) |
			(s & MSTATUS_SIE ? MSTATUS_SPIE : 0) |
			(from === Mode.Supervisor ? MSTATUS_SPP : 0);
		h.mode = Mode.Supervisor;
		h.sepc = epc & ~3;
		h.scause = xcause;
		h.stval = tval >>> 0;
		tvec = h.stvec;
	} else {
		// §3.1.6.1: MPIE ← MIE, MIE ← 0, MPP ← the previous mode; the hart enters M.
		h.mstatus =
			(s & ~(MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPP)) |
			(s & MSTATUS_MIE ? MSTATUS_MPIE : 0) |
			(from << MSTATUS_MPP_SHIFT);
		h.mode = Mode.Machine;
		h.mepc = epc & ~3;
		h.mcause = xcause;
		h.mtval = tval >>> 0;
		tvec = h.mtvec;
	}
	// §3.1.7, §4.1.2: vectored mode sends interrupts to BASE + 4 × cause; exceptions always go to BASE.
	const base = tvec & ~3;
	const handler = interrupt && (tvec & 3) === 1 ? base + 4 * cause : base;
	h.trapped = true;
	h.traps++;
	h.cycles += h.trapCost;
	updateWindows(h); // the mode, and MPP under MPRV, decide what is translated
	h.onTrap?.(xcause, tval >>> 0, epc >>> 0);
	// The one owner of M-mode, when it is TypeScript (the SBI firmware, the hypervisor), handles the
	// trap here, after it was counted, recorded and observed, or declines and it vectors as in hardware.
	const software = h.machineSoftware;
	if (!toS && software !== undefined) {
		const resume = software.trap(h, { cause, interrupt, tval: tval >>> 0, epc: epc >>> 0, bits, from });
		if (resume !== undefined) return resumeFromMachine(h, resume.pc, resume.mode, epc);
	}
	// A handler that cannot even be fetched would trap to itself forever: stop and say so.
	if (
		!interrupt &&
		(cause === Cause.InstructionAccessFault ||
			cause === Cause.InstructionMisaligned ||
			cause === Cause.InstructionPageFault) &&
		handler >>> 0 === epc >>> 0
	)
		h.stop({ kind: 'trap-loop', pc: epc >>> 0, cause });
	return handler | 0;
}

/**
 * M-mode software returns to `mode` at `pc` as an MRET would (§3.3.2): MIE ← MPIE, MPIE ← 1, MPP ← U,
 * MPRV ← 0 below M. The return hook sees it as a return from M at the trapping pc.
 */
function resumeFromMachine(h: Hart, pc: number, mode: Mode, epc: number): number {
	const s = h.mstatus;
	h.mode = mode;
	h.mstatus =
		(s & ~(MSTATUS_MIE | MSTATUS_MPP | (mode !== Mode.Machine ? MSTATUS_MPRV : 0))) |
		(s & MSTATUS_MPIE ? MSTATUS_MIE : 0) |
		MSTATUS_MPIE;
	h.resumed = true;
	updateWindows(h);
	h.onReturn?.(epc >>> 0, Mode.Machine, mode, pc >>> 0);
	return pc | 0;
}

/**
 * MRET (§3.3.2, §3.1.6.1): MIE ← MPIE, MPIE ← 1, mode ← MPP, MPP ← U (the least-privileged mode);
 * and "If y≠M, x RET also sets MPRV=0". `pc` is the MRET's own, for the return hook.
 */
export function mret(h: Hart, pc: number): number {
	const s = h.mstatus;
	const mpp = ((s & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT) as Mode;
	h.mode = mpp;
	h.mstatus =
		(s & ~(MSTATUS_MIE | MSTATUS_MPP | (mpp !== Mode.Machine ? MSTATUS_MPRV : 0))) |
		(s & MSTATUS_MPIE ? MSTATUS_MIE : 0) |
		MSTATUS_MPIE;
	updateWindows(h);
	h.onReturn?.(pc >>> 0, Mode.Machine, mpp, h.mepc >>> 0);
	return h.mepc | 0;
}

/** SRET (§3.3.2, §4.1.1): SIE ← SPIE, SPIE ← 1, mode ← SPP, SPP ← U, MPRV ← 0 (SPP is never M). */
export function sret(h: Hart, pc: number): number {
	const s = h.mstatus;
	const from = h.mode;
	h.mode = s & MSTATUS_SPP ? Mode.Supervisor : Mode.User;
	h.mstatus =
		(s & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV)) |
		(s & MSTATUS_SPIE ? MSTATUS_SIE : 0) |
		MSTATUS_SPIE;
	updateWindows(h);
	h.onReturn?.(pc >>> 0, from, h.mode, h.sepc >>> 0);
	return h.sepc | 0;
}

/**
 * Take the pending interrupt, if any (at slice entry and after an out-of-line instruction). When M-mode
 * software handled it and resumed, what it left pending (STIP for a timer it passes on) is taken at
 * once, as after an MRET; a few rounds at most, so software that leaves its own interrupt pending
 * cannot hang one step. Returns the pc to go on at.
 */
export function takeInterrupts(h: Hart, pc: number): number {
	h.resumed = false;
	for (let round = 0; round < 4; round++) {
		const irq = pendingInterrupt(h);
		if (irq < 0) break;
		pc = takeTrap(h, irq, 0, pc, true);
		if (!h.resumed) break;
		h.resumed = false;
	}
	return pc;
}

/** §3.1.9: "MEI, MSI, MTI, SEI, SSI, STI", highest first. */
const PRIORITY: readonly [number, number][] = [
	[MIP_MEIP, 11],
	[MIP_MSIP, 3],
	[MIP_MTIP, 7],
	[MIP_SEIP, 9],
	[MIP_SSIP, 1],
	[MIP_STIP, 5]
];

/**
 * The interrupt to take now, or -1 (§3.1.9). An interrupt for M (not delegated) is taken below M, or in
 * M with mstatus.MIE; one delegated to S is taken in U, or in S with mstatus.SIE, never in M.
 * "Interrupts for higher-privilege modes must be serviced before interrupts for lower-privilege modes."
 */
export function pendingInterrupt(h: Hart): number {
	const pending = h.mip & h.mie;
	if (pending === 0) return -1;
	const mode = h.mode;
	const s = h.mstatus;
	const mEnabled = mode !== Mode.Machine || (s & MSTATUS_MIE) !== 0;
	const sEnabled = mode === Mode.User || (mode === Mode.Supervisor && (s & MSTATUS_SIE) !== 0);
	const forM = mEnabled ? pending & ~h.mideleg : 0;
	const forS = sEnabled ? pending & h.mideleg : 0;
	const take = forM !== 0 ? forM : forS;
	if (take === 0) return -1;
	for (const [bit, code] of PRIORITY) if (take & bit) return code;
	return -1;
}
