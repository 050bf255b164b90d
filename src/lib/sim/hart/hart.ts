/**
 * One hart's architectural state: x0..x31, pc, privilege mode, the CSR state and the counters.
 * Execution lives in execute.ts (the interpreter loop), the CSR rules in csr-file.ts, trap entry in
 * trap.ts; this class only holds state, so snapshots and views read one object.
 */
import type { Bus } from '../bus/bus';
import type { Ram } from '../bus/ram';
import type { StopReason } from '../machine/stop';
import { Mmu, type AdMode, type MmuSnapshot, type TlbConfig } from '../mmu';
import { Mode } from './causes';
import { HookList } from './hooks';
import { MIP_SEIP, MSTATUS_MPP_SHIFT } from './csr-bits';
import { ramPteMemory, updateWindows } from './paging';
import { decodePmp, PmpRanges } from './pmp';
import type { BlockCache } from './jit/cache';

/**
 * Called once per retired instruction when subscribed: its pc, raw bits, the register it wrote
 * (0 when it wrote none) and that register's new value.
 */
export type RetireHook = (pc: number, bits: number, rd: number, value: number) => void;
/** Called on every trap taken: cause (mcause value), tval, and the pc of the trapping instruction. */
export type TrapHook = (cause: number, tval: number, epc: number) => void;
/**
 * Called by MRET and SRET after they changed mode (out of line, never from the interpreter's loop): the
 * xRET's pc, the mode it ran in, the mode it returned to and the pc it returned to.
 */
export type ReturnHook = (pc: number, from: Mode, to: Mode, target: number) => void;
/** Called when mip changed (a device line, firmware or a CSR write): its value before and after. */
export type PendingHook = (before: number, after: number) => void;
/** A trap about to enter M-mode, as M-mode software written in TypeScript sees it. */
export interface MachineTrap {
	/** The exception or interrupt code (mcause without its interrupt bit). */
	cause: number;
	interrupt: boolean;
	tval: number;
	/** The trapping instruction's pc (for an interrupt, the next one to execute). */
	epc: number;
	/** The trapping instruction's bits, when an instruction raised it (else 0). */
	bits: number;
	/** The mode the trap came from. */
	from: Mode;
}

/** Where M-mode software resumes the hart: a pc and a mode, as an MRET to that mode would. */
export interface MachineResume {
	pc: number;
	mode: Mode;
}

/**
 * The one owner of M-mode written in TypeScript (the SBI firmware now, the hypervisor next): consulted
 * by takeTrap for every trap that enters M, after the trap is counted, recorded in the M CSRs and
 * observed, before it vectors. It may resume the hart (the trap then returns as by MRET), or decline
 * with undefined, and the trap vectors through mtvec as hardware does.
 */
export interface MachineSoftware {
	trap(hart: Hart, trap: MachineTrap): MachineResume | undefined;
}

/** Everything architectural about a hart, as plain data (structured-clone-able). */
export interface HartState {
	x: number[];
	pc: number;
	mode: Mode;
	csr: {
		mstatus: number;
		mtvec: number;
		mepc: number;
		mcause: number;
		mtval: number;
		mscratch: number;
		mie: number;
		mip: number;
		medeleg: number;
		mideleg: number;
		mcounteren: number;
		menvcfg: number;
		seipSoftware: boolean;
		seipLine: boolean;
		stvec: number;
		sepc: number;
		scause: number;
		stval: number;
		sscratch: number;
		scounteren: number;
		senvcfg: number;
		satp: number;
		pmpcfg: number[];
		pmpaddr: number[];
	};
	mmu: MmuSnapshot;
	cycles: number;
	instret: number;
	traps: number;
	reservation: number;
	/** Stalled in WFI (absent in older snapshots: false). */
	waiting?: boolean;
	/**
	 * The interpreter's windows onto RAM (paging.ts), so a restored hart goes on with the same one-page
	 * windows open and the TLB counts the same lookups as the run it was taken from (absent in older
	 * snapshots: derived afresh).
	 */
	windows?: number[];
}

/** The window fields, in HartState.windows order. */
const WINDOW_FIELDS = [
	'fetchBase',
	'fetchSize',
	'fetchWord',
	'loadBase',
	'loadSize',
	'loadDelta',
	'storeBase',
	'storeSize',
	'storeDelta',
	'windowSatp',
	'windowMode',
	'windowMstatus'
] as const;

export interface HartOptions {
	hartId?: number;
	/**
	 * Misaligned plain loads and stores: 'emulate' performs them (unprivileged §2.6 allows this, and
	 * QEMU's virt machine does it), 'trap' raises address-misaligned. LR/SC/AMOs always trap (§8.4).
	 */
	misaligned?: 'emulate' | 'trap';
	/** Cycles per instruction, indexed by the pre-decoded op (see machine/costs.ts). */
	cost: Int32Array;
	/** Cycles charged for entering a trap handler. */
	trapCost?: number;
	/** The machine's mtime, for the time/timeh CSRs. */
	time: () => number;
	/** How the MMU keeps PTE A/D bits (§4.3.1): set them itself ('hardware', default) or page-fault. */
	adMode?: AdMode;
	/** TLB geometry, or null for none (every translation walks). */
	tlb?: TlbConfig | null;
}

export class Hart {
	readonly hartId: number;
	readonly bus: Bus;
	readonly ram: Ram;
	readonly cost: Int32Array;
	readonly trapCost: number;
	readonly misalignedTrap: boolean;
	readonly time: () => number;

	/** x0..x31; x[0] is forced back to 0 after every instruction. */
	readonly x = new Int32Array(32);
	/** Address of the next instruction (unsigned). */
	pc = 0;
	mode: Mode = Mode.Machine;

	// Machine-mode CSR state (privileged chapter 3). Views and rules are in csr-file.ts.
	mstatus = Mode.Machine << MSTATUS_MPP_SHIFT;
	mtvec = 0;
	mepc = 0;
	mcause = 0;
	mtval = 0;
	mscratch = 0;
	mie = 0;
	/** Pending interrupts; devices (CLINT, PLIC) set bits here. */
	mip = 0;
	medeleg = 0;
	mideleg = 0;
	mcounteren = 0;
	menvcfg = 0;
	/** mip.SEIP is the OR of a bit M-mode software writes and the PLIC's line (§3.1.9). */
	seipSoftware = false;
	seipLine = false;
	// Supervisor CSR state (privileged chapter 4); sstatus, sie and sip are views of the M registers.
	stvec = 0;
	sepc = 0;
	scause = 0;
	stval = 0;
	sscratch = 0;
	scounteren = 0;
	senvcfg = 0;
	/** satp (§4.1.11): MODE[31], ASID[30:22], PPN[21:0], as an int32. */
	satp = 0;
	readonly pmpcfg = new Int32Array(4);
	readonly pmpaddr = new Int32Array(16);
	/** The PMP entries decoded (pmp.ts); pmpChanged() keeps them in step with the CSRs. */
	readonly pmp = new PmpRanges();

	/** mcycle and minstret as doubles (exact to 2^53). */
	cycles = 0;
	instret = 0;
	/** Traps taken (exceptions and interrupts), for statistics and run budgets. */
	traps = 0;
	/** Physical address reserved by LR.W, or -1 (unprivileged §8.2). */
	reservation = -1;
	/** Sv32 translation for this hart: its page walker and TLB. */
	readonly mmu: Mmu;
	/**
	 * The interpreter's windows onto RAM (see paging.ts). A fetch whose pc − fetchBase is below
	 * fetchSize reads RAM word (pc − fetchBase) / 4 + fetchWord; a load whose address − loadBase is
	 * below loadSize reads RAM byte (address − loadBase) + loadDelta; stores likewise. Without
	 * translation each window is all of RAM; with it, one page (a one-entry micro-TLB), opened by the
	 * slow path after a translation and closed by anything that may change translation.
	 */
	fetchBase = 0;
	fetchSize = 0;
	fetchWord = 0;
	loadBase = 0;
	loadSize = 0;
	loadDelta = 0;
	storeBase = 0;
	storeSize = 0;
	storeDelta = 0;
	/** What the windows were derived under (paging.ts refreshWindows): satp, mode, mstatus, TLB generation. */
	windowSatp = 0;
	windowMode: Mode = Mode.Machine;
	windowMstatus = 0;
	windowGeneration = -1;
	/** True while loads and stores are translated (effective privilege below M with Sv32). */
	dataPaged = false;
	/** True while instruction fetch is translated (S/U with satp.MODE = Sv32). */
	fetchPaged = false;
	/** The last data translation (paging.ts): physical bases of its two pages and where it splits. */
	physLo = 0;
	physHi = 0;
	splitAt = 0;
	/**
	 * The virtual address of that translation: the one to report in xtval when it faulted (the
	 * faulting page's part, §3.1.16), else the access's own (the retire hook's memory report).
	 */
	faultAddress = 0;

	/** Set when a device or the hart wants the run to end; the machine clears it. */
	stopReason: StopReason | undefined = undefined;
	/** Set by a slow-path helper that raised an exception instead of completing the instruction. */
	trapped = false;
	/** A breakpoint marker at this pc does not fire (the machine sets it when resuming). */
	breakSkip = -1;
	/** Set by an out-of-line instruction that wants the current slice to end (WFI idling). */
	endSlice = false;
	/**
	 * Its last slice ended in a WFI with nothing pending (privileged §3.3.3: stalled). Machine state,
	 * in the snapshot: another hart's WFI does not wait for this one's clock.
	 */
	waiting = false;
	/**
	 * Called by WFI. The machine lets the clock run to its next event when nothing is pending, as a
	 * stalled hart would (privileged §3.3.3); without it WFI is a NOP.
	 */
	idle: (() => void) | undefined = undefined;
	/**
	 * The hooks the interpreter calls, each undefined while nobody watches. They are published by
	 * `hooks` (add observers there, never assign these): several observers may watch at once.
	 */
	onRetire: RetireHook | undefined = undefined;
	onTrap: TrapHook | undefined = undefined;
	onReturn: ReturnHook | undefined = undefined;
	onPending: PendingHook | undefined = undefined;
	/** Observer lists; `add` returns the remover. */
	readonly hooks = {
		retire: new HookList<RetireHook>((f) => (this.onRetire = f)),
		trap: new HookList<TrapHook>((f) => (this.onTrap = f)),
		return: new HookList<ReturnHook>((f) => (this.onReturn = f)),
		pending: new HookList<PendingHook>((f) => (this.onPending = f))
	};
	/**
	 * The memory a retiring load, store or AMO touched: virtual and physical address (of its first
	 * byte). Kept up to date only while onRetire is set, for that hook to read (execute.ts).
	 */
	memVa = 0;
	memPa = 0;
	/** Whether the last SC.W succeeded (and so wrote memory); for the retire hook. */
	scSucceeded = false;
	/**
	 * The block translator (jit/cache.ts) when the machine runs with engine 'jit'; undefined: the
	 * interpreter alone. Not architectural: never in a snapshot.
	 */
	jit: BlockCache | undefined = undefined;
	/** M-mode software in TypeScript (see MachineSoftware); undefined: M-mode runs the hart's own code. */
	machineSoftware: MachineSoftware | undefined = undefined;
	/**
	 * Set when M-mode software resumed the hart from a trap: the interpreter then checks for a pending
	 * interrupt at once, as it does after an MRET (the software may have raised one, e.g. STIP).
	 */
	resumed = false;
	/** Stop with 'spin' at a `j .` no interrupt can end (hart/spin.ts); set through Machine.stopOnSpin. */
	stopOnSpin = false;

	constructor(bus: Bus, opts: HartOptions) {
		this.bus = bus;
		this.ram = bus.ram;
		this.hartId = opts.hartId ?? 0;
		this.cost = opts.cost;
		this.trapCost = opts.trapCost ?? 0;
		this.misalignedTrap = opts.misaligned === 'trap';
		this.time = opts.time;
		this.mmu = new Mmu(ramPteMemory(this), { adMode: opts.adMode, tlb: opts.tlb });
		updateWindows(this);
	}

	/**
	 * Reset state (privileged §3.4): M-mode, MIE = 0, pc = the reset vector. `mode` other than M starts
	 * the hart as firmware would leave it after its own boot (e.g. S-mode at a kernel's entry); the
	 * caller then sets a0/a1 (hartid, device tree) and whatever delegation the firmware wants.
	 */
	reset(pc: number, mode: Mode = Mode.Machine): void {
		this.x.fill(0);
		this.pc = pc >>> 0;
		this.mode = mode;
		this.mstatus = Mode.Machine << MSTATUS_MPP_SHIFT;
		this.mtvec = this.mepc = this.mcause = this.mtval = this.mscratch = 0;
		this.mie = this.mip = this.medeleg = this.mideleg = this.mcounteren = this.menvcfg = 0;
		this.seipSoftware = this.seipLine = false;
		this.stvec = this.sepc = this.scause = this.stval = this.sscratch = 0;
		this.scounteren = this.senvcfg = this.satp = 0;
		this.mmu.sfenceVma(undefined, undefined);
		this.pmpcfg.fill(0);
		this.pmpaddr.fill(0);
		decodePmp(this.pmpcfg, this.pmpaddr, this.pmp);
		if (mode !== Mode.Machine) this.openPmp();
		this.cycles = this.instret = this.traps = 0;
		this.reservation = -1;
		this.waiting = false;
		this.stopReason = undefined;
		this.trapped = false;
		updateWindows(this);
	}

	snapshot(): HartState {
		return {
			x: Array.from(this.x),
			pc: this.pc,
			mode: this.mode,
			csr: {
				mstatus: this.mstatus,
				mtvec: this.mtvec,
				mepc: this.mepc,
				mcause: this.mcause,
				mtval: this.mtval,
				mscratch: this.mscratch,
				mie: this.mie,
				mip: this.mip,
				medeleg: this.medeleg,
				mideleg: this.mideleg,
				mcounteren: this.mcounteren,
				menvcfg: this.menvcfg,
				seipSoftware: this.seipSoftware,
				seipLine: this.seipLine,
				stvec: this.stvec,
				sepc: this.sepc,
				scause: this.scause,
				stval: this.stval,
				sscratch: this.sscratch,
				scounteren: this.scounteren,
				senvcfg: this.senvcfg,
				satp: this.satp,
				pmpcfg: Array.from(this.pmpcfg),
				pmpaddr: Array.from(this.pmpaddr)
			},
			mmu: this.mmu.snapshot(),
			cycles: this.cycles,
			instret: this.instret,
			traps: this.traps,
			reservation: this.reservation,
			waiting: this.waiting,
			windows: [
				...WINDOW_FIELDS.map((f) => this[f] as number),
				this.dataPaged ? 1 : 0,
				this.fetchPaged ? 1 : 0
			]
		};
	}

	restore(s: HartState): void {
		this.x.set(s.x);
		this.pc = s.pc >>> 0;
		this.mode = s.mode;
		const c = s.csr;
		[this.mstatus, this.mtvec, this.mepc, this.mcause, this.mtval] = [
			c.mstatus,
			c.mtvec,
			c.mepc,
			c.mcause,
			c.mtval
		];
		[this.mscratch, this.mie, this.mip, this.medeleg, this.mideleg] = [
			c.mscratch,
			c.mie,
			c.mip,
			c.medeleg,
			c.mideleg
		];
		this.mcounteren = c.mcounteren;
		[this.menvcfg, this.seipSoftware, this.seipLine] = [c.menvcfg, c.seipSoftware, c.seipLine];
		[this.stvec, this.sepc, this.scause, this.stval] = [c.stvec, c.sepc, c.scause, c.stval];
		[this.sscratch, this.scounteren, this.senvcfg, this.satp] = [
			c.sscratch,
			c.scounteren,
			c.senvcfg,
			c.satp
		];
		this.mmu.restore(s.mmu);
		this.pmpcfg.set(c.pmpcfg);
		this.pmpaddr.set(c.pmpaddr);
		decodePmp(this.pmpcfg, this.pmpaddr, this.pmp);
		[this.cycles, this.instret, this.traps, this.reservation] = [
			s.cycles,
			s.instret,
			s.traps,
			s.reservation
		];
		this.waiting = s.waiting ?? false;
		this.stopReason = undefined;
		this.trapped = false;
		const w = s.windows;
		if (w && w.length === WINDOW_FIELDS.length + 2) {
			WINDOW_FIELDS.forEach(
				(f, i) => ((this as Record<(typeof WINDOW_FIELDS)[number], number>)[f] = w[i])
			);
			this.dataPaged = w[WINDOW_FIELDS.length] === 1;
			this.fetchPaged = w[WINDOW_FIELDS.length + 1] === 1;
			// They were derived from the TLB just restored with them, whose generation is a new number.
			this.windowGeneration = this.mmu.tlb?.generation ?? -1;
		} else updateWindows(this);
	}

	/** satp written by a CSR instruction; the TLB is not flushed (that is SFENCE.VMA's job, §4.1.11). */
	setSatp(v: number): void {
		this.satp = v | 0;
		updateWindows(this);
	}

	/**
	 * SFENCE.VMA's effect on this hart (§4.2.1): drop TLB entries for `va` (undefined: all addresses) in
	 * `asid` (undefined: all address spaces, global entries included), and re-translate the fetch page.
	 * Firmware doing a remote fence (SBI RFENCE) calls this on the target hart.
	 */
	sfenceVma(va?: number, asid?: number): void {
		this.mmu.sfenceVma(va, asid);
		updateWindows(this);
	}

	/**
	 * Grant S and U all of memory as firmware does for the next stage (OpenSBI's last entry, minisbi):
	 * entry 0 NAPOT over the whole address space with R, W and X (pmpaddr0 all ones, pmpcfg0 0x1f).
	 * §3.7.1: with no matching entry, S and U could reach nothing.
	 */
	openPmp(): void {
		if (this.pmp.openBelowM) return;
		this.pmpaddr[0] = -1;
		this.pmpcfg[0] = (this.pmpcfg[0] & ~0xff) | 0x1f;
		this.pmpChanged();
	}

	/** A pmpcfg or pmpaddr CSR changed: decode the entries again and re-derive the windows. */
	pmpChanged(): void {
		decodePmp(this.pmpcfg, this.pmpaddr, this.pmp);
		updateWindows(this);
	}

	/** mcycle written by a CSR instruction (its own cost is already counted). */
	setCycles(v: number): void {
		this.cycles = v;
	}

	/** minstret written by a CSR instruction: the write wins over that instruction's own increment. */
	setInstret(v: number): void {
		this.instret = v - 1;
	}

	/**
	 * A device drives an interrupt line into mip (CLINT: MSIP, MTIP; PLIC: MEIP, SEIP), level-triggered.
	 * This is the one way devices change pending bits.
	 */
	setInterruptLine(bit: number, level: boolean): void {
		const before = this.mip;
		if (bit === MIP_SEIP) {
			this.seipLine = level;
			level ||= this.seipSoftware;
		}
		this.mip = level ? this.mip | bit : this.mip & ~bit;
		if (this.onPending !== undefined && this.mip !== before) this.onPending(before, this.mip);
	}

	stop(reason: StopReason): void {
		if (!this.stopReason) this.stopReason = reason;
	}
}
