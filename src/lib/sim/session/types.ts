/**
 * The session interface: the only door pages use into the simulator. Every method returns a Promise,
 * so the same interface is served in-process (createLocalSession) and across a Web Worker
 * (createWorkerSession / serveSession). Everything crossing it is plain, structured-clone-able data.
 */
import type { HartStats } from '../trace/stats';
import type { EventKind, TraceEvent } from '../trace/events';
import type { Program } from '../isa/program';
import type { StopReason } from '../machine/stop';
import type { PageMapping } from '../mmu/page-table';
import type { TlbEntryView } from '../mmu/tlb';
import type { SchedReport } from '../hv/sched/metrics';
import type { SchedOptions } from '../hv/sched/core';
import type { VmSchedParams } from '../hv/scheduler';
import type { ScheduleView } from './schedule';
import type { DiskMapView } from './disks';
import type { NetView } from './network';
import type { VmOp } from './input-log';
import type { IoPolicy } from '../hv/io/disk-queue';

export type { SchedReport, SchedOptions, VmSchedParams, ScheduleView };
export type { ScheduleSlice, ScheduleConfigMark } from './schedule';
export type { DiskMapView, PhysicalDiskView, VirtualDiskView } from './disks';
export type { NetView, PortView } from './network';
export type { VmOp } from './input-log';

/**
 * What to load: a Program, ELF bytes, assembly source, or a scenario (YAML text, with the bytes of
 * every image it names, by the path as written or as resolved against `baseDir`).
 */
export type LoadInput =
	| { program: Program }
	| { elf: Uint8Array }
	| { asm: string; file?: string }
	| { scenario: string; images: Record<string, Uint8Array>; baseDir?: string };

/** A vCPU as the session shows it: where it runs, its virtual mode, registers and virtual CSRs. */
export interface VcpuView {
	index: number;
	status: 'stopped' | 'runnable' | 'running' | 'blocked';
	/** The pCPU it runs on, or last ran on (-1: never ran). */
	hart: number;
	vmode: 'vS' | 'vU';
	pc: number;
	x: number[];
	csr: Record<string, number>;
	cycles: number;
	instret: number;
}

/** A VM as the session shows it. */
export interface VmView {
	id: number;
	name: string;
	status: 'created' | 'running' | 'paused' | 'shut-down' | 'crashed';
	reason?: string;
	exitCode?: number;
	technique: 'trap-and-emulate' | 'tvm';
	memory: number;
	/** Host frames it owns now. */
	frames: number;
	vcpus: VcpuView[];
	counters: {
		instructionsU: number;
		instructionsS: number;
		exits: Record<string, number>;
		hvCycles: number;
		shadowFills: number;
		shadowFlushes: number;
		reflected: number;
		injected: number;
		breaches: number;
	};
}

/** One page walk, in the shape of the `page-walk` event (PageWalkView.svelte draws either). */
export interface PageWalkView {
	va: number;
	access: number;
	ok: boolean;
	paddr: number;
	cause: number;
	steps: { level: number; pteAddr: number; pte: number | null; decision: string }[];
}

/**
 * A guest-virtual address translated in two stages, as the guest and the hypervisor see it, beside
 * what the hardware really walks (session/vm-translate.ts). Reading it changes nothing.
 */
export interface TwoStageView {
	vm: number;
	vcpu: number;
	vmode: 'vS' | 'vU';
	va: number;
	access: number;
	/** The walk through the guest's own table (null: the guest's paging is off, gpa = va). */
	guest: PageWalkView | null;
	/** The page-fault cause the guest would take, when its walk fails (0 otherwise). */
	guestCause: number;
	/** Guest-physical address, or null when the guest's walk faults. */
	gpa: number | null;
	gpaInRam: boolean;
	/** Host-physical address through the guest map; null when no frame backs the page yet. */
	hpa: number | null;
	/** The VM owning that frame (-1: the hypervisor). */
	owner: number | null;
	/** Host-physical root of the shadow table the hardware uses for this vCPU now (-1: none yet). */
	shadowRoot: number;
	/** The real MMU's walk of the shadow; a fault here is a hidden fault the hypervisor fills. */
	shadow: PageWalkView | null;
}

/** Bytes of one VM's memory (guest-physical, or guest-virtual through a vCPU). */
export interface VmMemoryView {
	vm: number;
	addr: number;
	virtual: boolean;
	bytes: Uint8Array;
	/** Per byte: it resolved to guest RAM. */
	mapped: boolean[];
}

export interface SessionMachineOptions {
	/** RAM in MiB (default 16: small keeps snapshots cheap; the CLI uses 128 like QEMU). */
	ramMiB?: number;
	harts?: number;
	misaligned?: 'emulate' | 'trap';
	htif?: 'auto' | 'off';
	/** How harts execute: the interpreter (default) or the block translator (MachineOptions.engine). */
	engine?: 'interp' | 'jit';
	/** Stop a run with reason 'spin' when the only hart sits at `j .` for ever (Machine.stopOnSpin). */
	stopOnSpin?: boolean;
}

export interface SessionOptions extends SessionMachineOptions {
	/** Memory for stepping-back history (default 64 MiB). */
	historyCapBytes?: number;
	/** Steps between history checkpoints (default: chosen from the RAM size, see LocalSession). */
	checkpointInterval?: number;
	/** Events kept for the event-log view (default 10 000). */
	eventLogSize?: number;
	/** Steps per slice of a long run: pause() is seen between slices (default 500 000). */
	sliceSteps?: number;
}

export interface LoadResult {
	ok: boolean;
	/** Assembler or ELF errors, formatted as FILE:LINE:COL: message. */
	errors: string[];
	entry?: number;
}

/** When runUntil stops (any that is set; a breakpoint always stops). */
export interface RunCondition {
	/** Stop right after a trap is taken: true for any, or only these mcause values. */
	trap?: boolean | number[];
	/** Stop right after an event of one of these kinds. */
	eventKind?: EventKind[];
	/** Stop at the first step boundary where the machine clock reaches this cycle. */
	cycle?: number;
	/** Stop after this many steps (default: no limit). */
	maxInstructions?: number;
	/** Only events of this VM stop the run (eventKind, trap); with guestInstructions, the VM counted. */
	vm?: number;
	/** A `vm-exit` event stops the run only when its reason is one of these (hv/costs.ts EXIT_REASONS). */
	exitReasons?: string[];
	/**
	 * Stop once VM `vm` has retired this many more guest instructions (other VMs run meanwhile as
	 * scheduled), or when that VM stops running (reason 'vm-stopped').
	 */
	guestInstructions?: number;
}

/** Why a step or run ended: the machine's own stop kinds, or the session's. */
export type RunReason =
	| StopReason['kind']
	| 'trap'
	| 'event'
	| 'cycle'
	| 'paused'
	| 'not-loaded'
	| 'start'
	| 'guest-instructions'
	| 'vm-stopped';

export interface RunResult {
	reason: RunReason;
	/** The machine's stop reason when it decided (exit code, breakpoint pc). */
	stop?: StopReason;
	/** The event that stopped a trap/event condition. */
	event?: TraceEvent;
	/** Steps taken by this call (negative for stepping back). */
	steps: number;
	/** Steps taken since load: the session's position. */
	position: number;
}

export interface RegistersView {
	hart: number;
	x: number[];
	pc: number;
	/** 0 U, 1 S, 3 M (privileged §1.2). */
	mode: number;
	cycles: number;
	instret: number;
	/** The register the last step or run wrote last (1..31), or -1. */
	lastWritten: number;
	/**
	 * The data memory access (load, store or AMO) of this hart's last retired instruction in the last
	 * step or run, when that instruction made one and the run was short enough to watch
	 * (≤ 10 000 steps, or longer while someone subscribes to 'insn'). After stepping back: the last
	 * access of each hart within the 10 000 steps before the new position.
	 */
	lastAccess?: MemoryAccess;
}

/** One data memory access: virtual and physical address, size in bytes, store or load. */
export interface MemoryAccess {
	va: number;
	pa: number;
	size: number;
	write: boolean;
}

export interface CsrView {
	num: number;
	name: string;
	value: number;
}

export interface MemoryView {
	addr: number;
	/** Bytes read from RAM; bytes outside RAM are 0 and marked in `inRam`. */
	bytes: Uint8Array;
	inRam: boolean;
}

export interface DevicesView {
	uart: unknown;
	clint: unknown;
	mtime: number;
	/** Device events waiting on the cycle clock. */
	pending: { cycle: number; kind: string }[];
}

/** Where a pc comes from: the source line (DWARF or the assembler's line table) and function. */
export interface SourceView {
	pc: number;
	/** null when the program has no line for this pc. */
	file: string | null;
	line: number | null;
	/** The function (FUNC symbol) or nearest symbol covering pc, and pc's offset into it. */
	symbol: string | null;
	offset: number;
	/** The symbol file (addSymbols) the line and symbol come from; absent: the loaded program. */
	program?: string;
}

/** Bytes as a hart sees them now: through its page table when its mode translates, else physical. */
export interface TranslatedMemoryView {
	addr: number;
	bytes: Uint8Array;
	/** Per byte: it has a mapping (virtual) and is RAM; others read 0. */
	mapped: boolean[];
	/** Read through satp's Sv32 table (true), or physical (the hart in M-mode, or satp Bare). */
	virtual: boolean;
	satp: number;
}

export interface SessionStatus {
	loaded: boolean;
	position: number;
	exited: StopReason | undefined;
	harts: number;
	history: { checkpoints: number; bytes: number; oldestPosition: number };
	/** Event kinds this machine can produce now (others need hooks not yet built). */
	availableKinds: EventKind[];
}

export type Unsubscribe = () => Promise<void>;

export interface Session {
	load(input: LoadInput, options?: SessionOptions): Promise<LoadResult>;
	/** Back to the state just after load (history cleared, breakpoints kept). */
	reset(): Promise<void>;
	step(n?: number): Promise<RunResult>;
	runUntil(condition: RunCondition): Promise<RunResult>;
	/** Ask a running runUntil to stop at its next slice boundary (it returns reason 'paused'). */
	pause(): Promise<void>;
	stepBack(n?: number): Promise<RunResult>;
	/** Back to just before the most recent trap before the current position. */
	backToPreviousTrap(): Promise<RunResult>;
	setBreakpoint(addr: number, on: boolean): Promise<boolean>;
	breakpoints(): Promise<number[]>;

	status(): Promise<SessionStatus>;
	registers(hart?: number): Promise<RegistersView>;
	csrs(hart?: number): Promise<CsrView[]>;
	memory(addr: number, length: number): Promise<MemoryView>;
	/** The physical address of `va` in hart `hart`'s current translation (null: not mapped). */
	physicalAddress(va: number, hart?: number): Promise<number | null>;
	/** Memory as hart `hart` sees it now (session/translated.ts): virtual through satp, or physical. */
	translatedMemory(addr: number, length: number, hart?: number): Promise<TranslatedMemoryView>;
	/** Mappings of the page table satp points at, or null when paging is off. */
	pageTable(hart?: number): Promise<PageMapping[] | null>;
	/** TLB entries, or null when the hart has no TLB yet. */
	tlb(hart?: number): Promise<TlbEntryView[] | null>;
	devices(): Promise<DevicesView>;
	/** The VMs of a loaded scenario (none for a program on the bare machine). */
	vms(): Promise<VmView[]>;
	/** Translate a guest-virtual address of one vCPU in two stages, with the shadow beside (null: no such vCPU). */
	vmTranslate(vm: number, vcpu: number, va: number, access?: number): Promise<TwoStageView | null>;
	/** Read a VM's memory: guest-physical, or guest-virtual through `vcpu` (null: no such VM or vCPU). */
	vmMemory(vm: number, addr: number, length: number, vcpu?: number): Promise<VmMemoryView | null>;
	/** A scenario's schedule since load: each vCPU's slices on the pCPUs (null: no hypervisor). */
	schedule(limit?: number): Promise<ScheduleView | null>;
	/** The schedule's metrics as `vmscope run --report` computes them (null: no hypervisor). */
	schedReport(): Promise<SchedReport | null>;
	/**
	 * Change the scheduler's policy, quantum or period, or one VM's weight, cap, priority or
	 * affinity, on the running host. Edits like input(): stepping back over one undoes it.
	 */
	setScheduler(opts: SchedOptions): Promise<void>;
	setVmSched(vm: number, params: Partial<VmSchedParams>): Promise<void>;
	/** The host disks: block owners, requests in service and recent, virtual disks (null: no disks). */
	disks(): Promise<DiskMapView | null>;
	/** The virtual switch, its ports, MAC table and latest frames (null: no VM has a NIC). */
	network(): Promise<NetView | null>;
	/** Pause, resume, reset or destroy a VM (an edit: stepping back undoes it). */
	vmOp(vm: number, op: VmOp): Promise<void>;
	/** The disks' queues' policy: fifo, or fair across VMs (an edit). */
	setIoScheduler(policy: IoPolicy): Promise<void>;
	/** Move (forward or back) to the first step boundary where the machine clock reaches `cycle`. */
	goToCycle(cycle: number): Promise<RunResult>;
	/** Console output; for a scenario, each VM's lines prefixed `[name] `, as the CLI prints them. */
	console(): Promise<string>;
	/** The source line and function of pc (default: hart 0's pc). */
	source(pc?: number): Promise<SourceView>;
	/**
	 * Add a symbol file (as gdb's add-symbol-file): an ELF whose code a kernel runs, such as a user
	 * program. source() then finds lines in it where the hart runs its code. Returns an error or null.
	 */
	addSymbols(name: string, elf: Uint8Array): Promise<string | null>;
	/**
	 * Send bytes to the UART's receiver. This and the two edits below are part of the history: they
	 * are replayed at the same position when stepping back and forward over them (session/input-log).
	 */
	input(text: string): Promise<void>;
	/** Set x1..x31 (reg 1..31) or the pc (reg 32) of a hart; writes to x0 are ignored. */
	setRegister(hart: number, reg: number, value: number): Promise<void>;
	/** Write bytes into RAM (a RangeError outside it); returns the bytes as they now read. */
	writeMemory(addr: number, bytes: Uint8Array): Promise<MemoryView>;
	stats(): Promise<HartStats[]>;
	/** The newest n events (of the kinds someone subscribes to), oldest first. */
	recentEvents(n?: number): Promise<TraceEvent[]>;
	subscribe(kinds: EventKind[], handler: (events: TraceEvent[]) => void): Promise<Unsubscribe>;

	/** The machine as a snapshot file (encodeSnapshot), and back. */
	saveSnapshot(): Promise<Uint8Array>;
	loadSnapshot(bytes: Uint8Array): Promise<void>;
	dispose(): Promise<void>;
}
