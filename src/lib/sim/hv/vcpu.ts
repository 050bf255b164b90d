/**
 * A virtual CPU as plain data, and its virtual supervisor CSR file. Under trap-and-emulate the guest
 * kernel runs in the real U-mode, so the hypervisor keeps what the guest believes is its privilege
 * (vS or vU) and every S-mode CSR it reads and writes; the rules mirror the real hart's (csr-file.ts)
 * for a hart whose firmware delegated S's interrupts (SSIP, STIP, SEIP) and enabled its counters.
 */
import { COUNTEREN_WRITABLE, ENVCFG_FIOM, MIP_SSIP, S_INTERRUPTS, SSTATUS_MASK } from '../hart/csr-bits';
import { CSR } from '../isa/csrs';
import { newShadow, type ShadowState } from './shadow';

/** The guest's idea of its privilege: 0 vU, 1 vS (as mstatus.MPP encodes U and S). */
export type VMode = 0 | 1;
export const VU: VMode = 0;
export const VS: VMode = 1;

export type VcpuStatus = 'stopped' | 'runnable' | 'running' | 'blocked';

export interface VirtualCsrs {
	sstatus: number;
	sie: number;
	sip: number;
	stvec: number;
	sscratch: number;
	sepc: number;
	scause: number;
	stval: number;
	satp: number;
	scounteren: number;
	senvcfg: number;
}

export interface VcpuState {
	index: number;
	status: VcpuStatus;
	/** The pCPU it runs on, or last ran on (-1: never ran). */
	hart: number;
	/** Registers while not on a hart (on a hart, the hart's own are the vCPU's). */
	x: number[];
	pc: number;
	vmode: VMode;
	csr: VirtualCsrs;
	/** The guest's timer deadline in host mtime ticks, or -1 when none is armed. */
	deadline: number;
	/** Cycles and instructions this vCPU ran on real harts (rdcycle / rdinstret in the guest). */
	cycles: number;
	instret: number;
	/** The hart's mcycle and minstret when this vCPU last entered it. */
	enterCycles: number;
	enterInstret: number;
	/** Host cycle at which its quantum ends (set when it is scheduled). */
	quantumEnd: number;
	/** Shadow tables for vU (0) and vS (1). */
	shadows: [ShadowState, ShadowState];
}

export function newVcpu(vm: number, index: number): VcpuState {
	const asid = 1 + vm * 8 + index * 2; // ASID 0 stays the hypervisor's (the idle loop runs bare)
	return {
		index,
		status: 'stopped',
		hart: -1,
		x: new Array(32).fill(0),
		pc: 0,
		vmode: VS,
		csr: {
			sstatus: 0,
			sie: 0,
			sip: 0,
			stvec: 0,
			sscratch: 0,
			sepc: 0,
			scause: 0,
			stval: 0,
			satp: 0,
			scounteren: 0,
			senvcfg: 0
		},
		deadline: -1,
		cycles: 0,
		instret: 0,
		enterCycles: 0,
		enterInstret: 0,
		quantumEnd: 0,
		shadows: [newShadow(asid), newShadow(asid + 1)]
	};
}

/** What a virtual CSR access did: the old value, or why it must raise illegal instruction. */
export type CsrResult = { ok: true; old: number } | { ok: false };

/** Counters the guest reads: cycle, time, instret, each 64 bits. */
export interface GuestCounters {
	cycle(): number;
	time(): number;
	instret(): number;
}

/** Side effects the hypervisor must act on after a write. */
export interface CsrEffects {
	/** satp changed: switch shadows. */
	satp?: boolean;
	/** SUM or MXR changed: the vS shadow's permissions are stale. */
	translation?: boolean;
	/** sie, sip or SIE changed: an interrupt may now be deliverable. */
	interrupts?: boolean;
}

const hi = (v: number) => Math.floor(v / 2 ** 32) | 0;
const lo = (v: number) => v | 0;
const TRANSLATION_BITS = (1 << 18) | (1 << 19); // SUM, MXR

interface VirtualCsr {
	read(c: VirtualCsrs, n: GuestCounters): number;
	/** Absent: read-only (a counter). */
	write?(c: VirtualCsrs, v: number, fx: CsrEffects): void;
	/** The counter bit scounteren gates in vU (§4.1.5); absent: not a user CSR. */
	counter?: number;
}

/** The virtual CSRs by number: S-mode's (chapter 4.1) and the unprivileged counters (Zicntr). */
const VIRTUAL: ReadonlyMap<number, VirtualCsr> = new Map<number, VirtualCsr>([
	[CSR.cycle, { read: (_c, n) => lo(n.cycle()), counter: 0 }],
	[CSR.cycleh, { read: (_c, n) => hi(n.cycle()), counter: 0 }],
	[CSR.time, { read: (_c, n) => lo(n.time()), counter: 1 }],
	[CSR.timeh, { read: (_c, n) => hi(n.time()), counter: 1 }],
	[CSR.instret, { read: (_c, n) => lo(n.instret()), counter: 2 }],
	[CSR.instreth, { read: (_c, n) => hi(n.instret()), counter: 2 }],
	[
		CSR.sstatus,
		{
			read: (c) => c.sstatus,
			write: (c, v, fx) => {
				const next = (c.sstatus & ~SSTATUS_MASK) | (v & SSTATUS_MASK);
				if ((next ^ c.sstatus) & TRANSLATION_BITS) fx.translation = true;
				fx.interrupts = true;
				c.sstatus = next;
			}
		}
	],
	[
		CSR.sie,
		{
			read: (c) => c.sie,
			write: (c, v, fx) => {
				c.sie = v & S_INTERRUPTS;
				fx.interrupts = true;
			}
		}
	],
	[
		CSR.sip,
		{
			read: (c) => c.sip,
			// §4.1.3: only SSIP is writable in sip; STIP and SEIP belong to the (virtual) M-mode.
			write: (c, v, fx) => {
				c.sip = (c.sip & ~MIP_SSIP) | (v & MIP_SSIP);
				fx.interrupts = true;
			}
		}
	],
	// §4.1.2: MODE ≥ 2 is reserved; the hart ignores such a write, and so does the VM's.
	[CSR.stvec, { read: (c) => c.stvec, write: (c, v) => void ((v & 3) < 2 && (c.stvec = v)) }],
	[
		CSR.scounteren,
		{ read: (c) => c.scounteren, write: (c, v) => void (c.scounteren = v & COUNTEREN_WRITABLE) }
	],
	[CSR.senvcfg, { read: (c) => c.senvcfg, write: (c, v) => void (c.senvcfg = v & ENVCFG_FIOM) }],
	[CSR.sscratch, { read: (c) => c.sscratch, write: (c, v) => void (c.sscratch = v) }],
	[CSR.sepc, { read: (c) => c.sepc, write: (c, v) => void (c.sepc = v & ~3) }],
	[CSR.scause, { read: (c) => c.scause, write: (c, v) => void (c.scause = v) }],
	[CSR.stval, { read: (c) => c.stval, write: (c, v) => void (c.stval = v) }],
	[
		CSR.satp,
		{
			read: (c) => c.satp,
			write: (c, v, fx) => {
				c.satp = v | 0;
				fx.satp = true;
			}
		}
	]
]);

/** Hardware performance counters 3..31: they read 0 on this hart, and in the VM too. */
function hpmCounter(num: number): VirtualCsr | undefined {
	const i = num & 0x1f;
	if ((num & ~0x9f) !== 0xc00 || i < 3) return undefined;
	return { read: () => 0, counter: i };
}

/**
 * One virtual CSR access from the guest (a CSR instruction that trapped because the real hart is in
 * U-mode). §2.1 and §9.1 rules: the CSR must exist, the guest's privilege must reach bits 9:8, a write
 * must not target a read-only number (bits 11:10 = 3), and a counter read in vU needs scounteren.
 */
export function virtualCsr(
	c: VirtualCsrs,
	vmode: VMode,
	num: number,
	write: ((old: number) => number) | undefined,
	counters: GuestCounters,
	fx: CsrEffects
): CsrResult {
	const d = VIRTUAL.get(num) ?? hpmCounter(num);
	if (!d) return { ok: false };
	if (vmode < ((num >>> 8) & 3)) return { ok: false };
	if (write && num >>> 10 === 3) return { ok: false };
	if (d.counter !== undefined && vmode === VU && ((c.scounteren >>> d.counter) & 1) === 0)
		return { ok: false };
	const old = d.read(c, counters) | 0;
	if (write) d.write?.(c, write(old) | 0, fx);
	return { ok: true, old };
}
