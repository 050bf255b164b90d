/**
 * The CSR file as a table of descriptors (as Spike's csrs.cc): each CSR says how it reads and how it
 * takes a write; the access rules common to all of them live in one function, csrAccess().
 * Supervisor CSRs that are views of machine ones (sstatus, sie, sip) read and write the M register
 * through a mask, so there is one copy of each bit.
 */
import { CSR } from '../isa/csrs';
import { Mode } from './causes';
import {
	COUNTEREN_WRITABLE,
	ENVCFG_FIOM,
	MEDELEG_WRITABLE,
	MIE_WRITABLE,
	MIP_SEIP,
	MIP_SSIP,
	MIP_WRITABLE,
	MISA,
	MSTATUS_MPP,
	MSTATUS_MPP_SHIFT,
	MSTATUS_TVM,
	MSTATUS_WRITABLE,
	SSTATUS_MASK,
	S_INTERRUPTS
} from './csr-bits';
import type { Hart } from './hart';
import { updateWindows } from './paging';
import { pmpCfgByte } from './pmp';

export * from './csr-bits';

export interface CsrDescriptor {
	readonly num: number;
	read(h: Hart): number;
	/** Absent: the CSR is read-only even though its number says writable (writes are ignored). */
	write?(h: Hart, value: number): void;
	/** An extra access condition beyond the number-encoded rules (e.g. mcounteren for counters). */
	accessible?(h: Hart): boolean;
	/**
	 * The value CSRRS/CSRRC modify, when it differs from what a read returns (§3.1.9: "Only the
	 * software-writable SEIP bit participates in the read-modify-write sequence of a CSRRS or CSRRC").
	 */
	readForUpdate?(h: Hart): number;
}

const hi = (v: number) => Math.floor(v / 2 ** 32) >>> 0;
const lo = (v: number) => v >>> 0;
/** Replace the low or high 32-bit half of a counter kept as a double (exact below 2^53). */
const withLo = (v: number, l: number) => hi(v) * 2 ** 32 + (l >>> 0);
const withHi = (v: number, h: number) => (h >>> 0) * 2 ** 32 + lo(v);

/**
 * §3.1.11, §4.1.5: a counter is readable below M only when mcounteren has its bit, and in U only when
 * scounteren has it too; otherwise the access raises illegal instruction.
 */
const counterEnabled = (bit: number) => (h: Hart) =>
	h.mode === Mode.Machine ||
	(((h.mcounteren >>> bit) & 1) === 1 &&
		(h.mode === Mode.Supervisor || ((h.scounteren >>> bit) & 1) === 1));

/** §3.1.6.5: "When TVM=1, attempts to read or write the satp CSR ... while executing in S-mode" are illegal. */
const satpAccessible = (h: Hart) => h.mode === Mode.Machine || (h.mstatus & MSTATUS_TVM) === 0;

/** mstatus.MPP is WARL over U, S, M: the reserved value 2 leaves the field as it was. */
function writeMstatus(h: Hart, v: number, mask: number): void {
	let m = mask;
	if ((v & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT === 2) m &= ~MSTATUS_MPP;
	h.mstatus = (h.mstatus & ~m) | (v & m);
	updateWindows(h); // MPRV, MPP decide whether loads and stores are translated
}

/** mtvec/stvec MODE ≥ 2 is reserved (§3.1.7); like QEMU we ignore such a write. */
const tvecLegal = (v: number) => (v & 3) < 2;

/** mip as CSRs see it: SEIP is the OR of the software bit and the external line (§3.1.9). */
function writeMip(h: Hart, v: number, mask: number): void {
	const before = h.mip;
	if (mask & MIP_SEIP) h.seipSoftware = (v & MIP_SEIP) !== 0;
	const sw = mask & ~MIP_SEIP;
	const seip = h.seipSoftware || h.seipLine ? MIP_SEIP : 0;
	h.mip = (((h.mip & ~sw) | (v & sw)) & ~MIP_SEIP) | seip;
	if (h.onPending !== undefined && h.mip !== before) h.onPending(before, h.mip);
}

function plain(num: number, get: (h: Hart) => number, set?: (h: Hart, v: number) => void) {
	return { num, read: get, write: set };
}
const ignore = () => {};

// prettier-ignore
const rows: CsrDescriptor[] = [
	// Unprivileged counters (Zicntr): read-only shadows of mcycle, mtime, minstret.
	{ num: CSR.cycle, read: (h) => lo(h.cycles), accessible: counterEnabled(0) },
	{ num: CSR.cycleh, read: (h) => hi(h.cycles), accessible: counterEnabled(0) },
	{ num: CSR.time, read: (h) => lo(h.time()), accessible: counterEnabled(1) },
	{ num: CSR.timeh, read: (h) => hi(h.time()), accessible: counterEnabled(1) },
	{ num: CSR.instret, read: (h) => lo(h.instret), accessible: counterEnabled(2) },
	{ num: CSR.instreth, read: (h) => hi(h.instret), accessible: counterEnabled(2) },

	// Supervisor trap setup and handling (chapter 4.1). sstatus, sie and sip are views of M registers.
	plain(CSR.sstatus, (h) => h.mstatus & SSTATUS_MASK, (h, v) => writeMstatus(h, v, SSTATUS_MASK)),
	// §4.1.3: sie/sip show only the interrupts delegated to S (mideleg); the rest read as zero.
	plain(CSR.sie, (h) => h.mie & h.mideleg, (h, v) => (h.mie = (h.mie & ~h.mideleg) | (v & h.mideleg))),
	// §4.1.3: in sip only SSIP is writable (when delegated); STIP and SEIP are set by M-mode or devices.
	{ num: CSR.sip, read: (h) => h.mip & h.mideleg, write: (h, v) => writeMip(h, v, MIP_SSIP & h.mideleg),
		readForUpdate: (h) => (h.mip & h.mideleg & ~MIP_SEIP) | (h.seipSoftware ? h.mideleg & MIP_SEIP : 0) },
	plain(CSR.stvec, (h) => h.stvec, (h, v) => { if (tvecLegal(v)) h.stvec = v; }),
	plain(CSR.scounteren, (h) => h.scounteren, (h, v) => (h.scounteren = v & COUNTEREN_WRITABLE)),
	plain(CSR.senvcfg, (h) => h.senvcfg, (h, v) => (h.senvcfg = v & ENVCFG_FIOM)),
	plain(CSR.sscratch, (h) => h.sscratch, (h, v) => (h.sscratch = v)),
	plain(CSR.sepc, (h) => h.sepc, (h, v) => (h.sepc = v & ~3)),
	plain(CSR.scause, (h) => h.scause, (h, v) => (h.scause = v)),
	plain(CSR.stval, (h) => h.stval, (h, v) => (h.stval = v)),
	// §4.1.11: every RV32 satp value is legal (MODE Bare or Sv32, 9 ASID bits, 22 PPN bits).
	{ num: CSR.satp, read: (h) => h.satp, write: (h, v) => h.setSatp(v), accessible: satpAccessible },

	// Machine information (§3.1.2–3.1.5): read-only; 0 means "not implemented/non-commercial".
	plain(CSR.mvendorid, () => 0),
	plain(CSR.marchid, () => 0),
	plain(CSR.mimpid, () => 0),
	plain(CSR.mhartid, (h) => h.hartId),
	plain(CSR.mconfigptr, () => 0),
	// Machine trap setup
	plain(CSR.mstatus, (h) => h.mstatus, (h, v) => writeMstatus(h, v, MSTATUS_WRITABLE)),
	plain(CSR.mstatush, () => 0, ignore), // MBE/SBE: little-endian only, read-only 0
	plain(CSR.misa, () => MISA, ignore), // WARL: extensions cannot be switched off
	plain(CSR.medeleg, (h) => h.medeleg, (h, v) => (h.medeleg = v & MEDELEG_WRITABLE)),
	plain(CSR.mideleg, (h) => h.mideleg, (h, v) => (h.mideleg = v & S_INTERRUPTS)),
	plain(CSR.mie, (h) => h.mie, (h, v) => (h.mie = v & MIE_WRITABLE)),
	plain(CSR.mtvec, (h) => h.mtvec, (h, v) => { if (tvecLegal(v)) h.mtvec = v; }),
	plain(CSR.mcounteren, (h) => h.mcounteren, (h, v) => (h.mcounteren = v & COUNTEREN_WRITABLE)),
	plain(CSR.menvcfg, (h) => h.menvcfg, (h, v) => (h.menvcfg = v & ENVCFG_FIOM)),
	plain(CSR.menvcfgh, () => 0, ignore),
	plain(CSR.mcountinhibit, () => 0, ignore),
	// Machine trap handling
	plain(CSR.mscratch, (h) => h.mscratch, (h, v) => (h.mscratch = v)),
	// mepc[1:0] are zero when IALIGN = 32 (§3.1.14).
	plain(CSR.mepc, (h) => h.mepc, (h, v) => (h.mepc = v & ~3)),
	plain(CSR.mcause, (h) => h.mcause, (h, v) => (h.mcause = v)),
	plain(CSR.mtval, (h) => h.mtval, (h, v) => (h.mtval = v)),
	{ num: CSR.mip, read: (h) => h.mip, write: (h, v) => writeMip(h, v, MIP_WRITABLE),
		readForUpdate: (h) => (h.mip & ~MIP_SEIP) | (h.seipSoftware ? MIP_SEIP : 0) },
	// Machine counters (§3.1.10). A write takes effect after the writing instruction retires, so the
	// hart's own increment for that instruction is pre-subtracted (see Hart.setInstret).
	plain(CSR.mcycle, (h) => lo(h.cycles), (h, v) => h.setCycles(withLo(h.cycles, v))),
	plain(CSR.mcycleh, (h) => hi(h.cycles), (h, v) => h.setCycles(withHi(h.cycles, v))),
	plain(CSR.minstret, (h) => lo(h.instret), (h, v) => h.setInstret(withLo(h.instret, v))),
	plain(CSR.minstreth, (h) => hi(h.instret), (h, v) => h.setInstret(withHi(h.instret, v)))
];

// Unimplemented hardware performance counters read as zero and ignore writes (§3.1.10).
for (let i = 3; i <= 31; i++) {
	rows.push(
		plain(0xb00 + i, () => 0, ignore),
		plain(0xb80 + i, () => 0, ignore)
	);
	rows.push(plain(0x320 + i, () => 0, ignore));
	rows.push({ num: 0xc00 + i, read: () => 0, accessible: counterEnabled(i) });
	rows.push({ num: 0xc80 + i, read: () => 0, accessible: counterEnabled(i) });
}
// The trigger module (debug spec 1.0 §5.7) with no triggers: tselect holds only 0, tdata1 reads 0
// (type 0, "there is no trigger at this tselect"), tinfo reads 1 (only type 0 exists); writes are
// ignored. Software that probes for breakpoints (riscv-tests rv32mi breakpoint) finds none.
rows.push(
	plain(CSR.tselect, () => 0, ignore),
	plain(CSR.tdata1, () => 0, ignore),
	plain(CSR.tdata2, () => 0, ignore),
	plain(CSR.tdata3, () => 0, ignore),
	plain(CSR.tinfo, () => 1, ignore)
);
// PMP (§3.7), enforced by pmp.ts: RV32 has pmpcfg0..3 (four entries each) and 16 pmpaddr here.
// §3.7.1.3 "Locking": with L set, "writes to the configuration register and associated address
// registers are ignored", and a locked TOR entry also locks the pmpaddr below it.
const cfgLocked = (h: Hart, i: number) => i < 16 && (pmpCfgByte(h.pmpcfg, i) & 0x80) !== 0;
const torAbove = (h: Hart, i: number) => i < 16 && ((pmpCfgByte(h.pmpcfg, i) >>> 3) & 3) === 1;
function writePmpcfg(h: Hart, reg: number, v: number): void {
	let next = h.pmpcfg[reg];
	for (let k = 0; k < 4; k++) {
		if (cfgLocked(h, reg * 4 + k)) continue;
		const mask = 0xff << (8 * k);
		next = (next & ~mask) | (v & mask);
	}
	h.pmpcfg[reg] = next;
	h.pmpChanged();
}
function writePmpaddr(h: Hart, i: number, v: number): void {
	if (cfgLocked(h, i) || (cfgLocked(h, i + 1) && torAbove(h, i + 1))) return;
	h.pmpaddr[i] = v;
	h.pmpChanged();
}
for (let i = 0; i < 4; i++)
	rows.push(
		plain(
			0x3a0 + i,
			(h) => h.pmpcfg[i],
			(h, v) => writePmpcfg(h, i, v)
		)
	);
for (let i = 0; i < 16; i++)
	rows.push(
		plain(
			0x3b0 + i,
			(h) => h.pmpaddr[i],
			(h, v) => writePmpaddr(h, i, v)
		)
	);

/** Descriptors indexed by CSR number; undefined = not implemented (access is illegal). */
export const CSR_TABLE: readonly (CsrDescriptor | undefined)[] = (() => {
	const t: (CsrDescriptor | undefined)[] = new Array(4096).fill(undefined);
	for (const r of rows) t[r.num] = r;
	return t;
})();

/**
 * The Zicsr access rules (privileged §2.1, unprivileged §9.1): the CSR exists, the current mode is
 * at least the one in bits 9:8, a write does not target a read-only CSR (bits 11:10 = 3). Returns the
 * descriptor, or undefined when the access must raise an illegal-instruction exception.
 */
export function csrAccess(h: Hart, num: number, writes: boolean): CsrDescriptor | undefined {
	const d = CSR_TABLE[num & 0xfff];
	if (!d) return undefined;
	if (h.mode < ((num >>> 8) & 3)) return undefined;
	if (writes && num >>> 10 === 3) return undefined;
	if (d.accessible && !d.accessible(h)) return undefined;
	return d;
}
