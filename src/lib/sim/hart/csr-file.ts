/**
 * The CSR file as a table of descriptors (as Spike's csrs.cc): each CSR says how it reads and how it
 * takes a write; the access rules common to all of them live in one function, csrAccess().
 * Adding S-mode CSRs (sstatus as a view of mstatus, satp, …) or delegation is adding rows here.
 */
import { CSR } from '../isa/csrs';
import { Mode } from './causes';
import type { Hart } from './hart';

export interface CsrDescriptor {
	readonly num: number;
	read(h: Hart): number;
	/** Absent: the CSR is read-only even though its number says writable (writes are ignored). */
	write?(h: Hart, value: number): void;
	/** An extra access condition beyond the number-encoded rules (e.g. mcounteren for counters). */
	accessible?(h: Hart): boolean;
}

// mstatus fields (privileged §3.1.6, Figure 3.7)
export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_MPIE = 1 << 7;
export const MSTATUS_MPP_SHIFT = 11;
export const MSTATUS_MPP = 3 << MSTATUS_MPP_SHIFT;
/** Bits software may change in this M-only hart; MPP is read-only 11 when M is the only mode (§3.1.6.1). */
const MSTATUS_WRITABLE = MSTATUS_MIE | MSTATUS_MPIE;
// mie/mip: MSIP, MTIP, MEIP (§3.1.9). In mip these are read-only, set by the CLINT and PLIC.
export const MIP_MSIP = 1 << 3;
export const MIP_MTIP = 1 << 7;
export const MIP_MEIP = 1 << 11;
const MIE_WRITABLE = MIP_MSIP | MIP_MTIP | MIP_MEIP;

/** misa (§3.1.1): MXL = 1 (32-bit) and the extension letters I, M, A. */
export const MISA = (1 << 30) | (1 << ('I'.charCodeAt(0) - 65)) | (1 << 12) | (1 << 0);

const hi = (v: number) => Math.floor(v / 2 ** 32) >>> 0;
const lo = (v: number) => v >>> 0;
/** Replace the low or high 32-bit half of a counter kept as a double (exact below 2^53). */
const withLo = (v: number, l: number) => hi(v) * 2 ** 32 + (l >>> 0);
const withHi = (v: number, h: number) => (h >>> 0) * 2 ** 32 + lo(v);

/** Unprivileged counters visible below M-mode only when mcounteren allows (§3.1.11). */
const counterEnabled = (bit: number) => (h: Hart) =>
	h.mode === Mode.Machine || ((h.mcounteren >>> bit) & 1) === 1;

function plain(num: number, get: (h: Hart) => number, set?: (h: Hart, v: number) => void) {
	return { num, read: get, write: set };
}

const rows: CsrDescriptor[] = [
	// Unprivileged counters (Zicntr): read-only shadows of mcycle, mtime, minstret.
	{ num: CSR.cycle, read: (h) => lo(h.cycles), accessible: counterEnabled(0) },
	{ num: CSR.cycleh, read: (h) => hi(h.cycles), accessible: counterEnabled(0) },
	{ num: CSR.time, read: (h) => lo(h.time()), accessible: counterEnabled(1) },
	{ num: CSR.timeh, read: (h) => hi(h.time()), accessible: counterEnabled(1) },
	{ num: CSR.instret, read: (h) => lo(h.instret), accessible: counterEnabled(2) },
	{ num: CSR.instreth, read: (h) => hi(h.instret), accessible: counterEnabled(2) },
	// Machine information (§3.1.2–3.1.5): read-only; 0 means "not implemented/non-commercial".
	plain(CSR.mvendorid, () => 0),
	plain(CSR.marchid, () => 0),
	plain(CSR.mimpid, () => 0),
	plain(CSR.mhartid, (h) => h.hartId),
	plain(CSR.mconfigptr, () => 0),
	// Machine trap setup
	plain(
		CSR.mstatus,
		(h) => h.mstatus,
		(h, v) => {
			h.mstatus = (h.mstatus & ~MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE);
		}
	),
	plain(
		CSR.mstatush,
		() => 0,
		() => {}
	), // MBE/SBE: little-endian only, read-only 0
	plain(
		CSR.misa,
		() => MISA,
		() => {}
	), // WARL: extensions cannot be switched off
	plain(
		CSR.medeleg,
		(h) => h.medeleg,
		(h, v) => (h.medeleg = v)
	),
	plain(
		CSR.mideleg,
		(h) => h.mideleg,
		(h, v) => (h.mideleg = v)
	),
	plain(
		CSR.mie,
		(h) => h.mie,
		(h, v) => (h.mie = v & MIE_WRITABLE)
	),
	// mtvec MODE ≥ 2 is reserved (§3.1.7); like QEMU we ignore such a write.
	plain(
		CSR.mtvec,
		(h) => h.mtvec,
		(h, v) => {
			if ((v & 3) < 2) h.mtvec = v;
		}
	),
	plain(
		CSR.mcounteren,
		(h) => h.mcounteren,
		(h, v) => (h.mcounteren = v & 7)
	),
	plain(
		CSR.menvcfg,
		() => 0,
		() => {}
	),
	plain(
		CSR.menvcfgh,
		() => 0,
		() => {}
	),
	plain(
		CSR.mcountinhibit,
		() => 0,
		() => {}
	),
	// Machine trap handling
	plain(
		CSR.mscratch,
		(h) => h.mscratch,
		(h, v) => (h.mscratch = v)
	),
	// mepc[1:0] are zero when IALIGN = 32 (§3.1.14).
	plain(
		CSR.mepc,
		(h) => h.mepc,
		(h, v) => (h.mepc = v & ~3)
	),
	plain(
		CSR.mcause,
		(h) => h.mcause,
		(h, v) => (h.mcause = v)
	),
	plain(
		CSR.mtval,
		(h) => h.mtval,
		(h, v) => (h.mtval = v)
	),
	plain(
		CSR.mip,
		(h) => h.mip,
		() => {}
	), // all implemented bits are read-only here
	// Machine counters (§3.1.10). A write takes effect after the writing instruction retires, so the
	// hart's own increment for that instruction is pre-subtracted (see Hart.counterWritten).
	plain(
		CSR.mcycle,
		(h) => lo(h.cycles),
		(h, v) => h.setCycles(withLo(h.cycles, v))
	),
	plain(
		CSR.mcycleh,
		(h) => hi(h.cycles),
		(h, v) => h.setCycles(withHi(h.cycles, v))
	),
	plain(
		CSR.minstret,
		(h) => lo(h.instret),
		(h, v) => h.setInstret(withLo(h.instret, v))
	),
	plain(
		CSR.minstreth,
		(h) => hi(h.instret),
		(h, v) => h.setInstret(withHi(h.instret, v))
	)
];

// Unimplemented hardware performance counters read as zero and ignore writes (§3.1.10).
for (let i = 3; i <= 31; i++) {
	rows.push(
		plain(
			0xb00 + i,
			() => 0,
			() => {}
		),
		plain(
			0xb80 + i,
			() => 0,
			() => {}
		)
	);
	rows.push(
		plain(
			0x320 + i,
			() => 0,
			() => {}
		)
	);
	rows.push({ num: 0xc00 + i, read: () => 0, accessible: counterEnabled(i) });
	rows.push({ num: 0xc80 + i, read: () => 0, accessible: counterEnabled(i) });
}
// PMP (§3.7): accepted and kept, not enforced yet. RV32 has pmpcfg0..3 and 16 pmpaddr here.
for (let i = 0; i < 4; i++)
	rows.push(
		plain(
			0x3a0 + i,
			(h) => h.pmpcfg[i],
			(h, v) => (h.pmpcfg[i] = v)
		)
	);
for (let i = 0; i < 16; i++)
	rows.push(
		plain(
			0x3b0 + i,
			(h) => h.pmpaddr[i],
			(h, v) => (h.pmpaddr[i] = v)
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
