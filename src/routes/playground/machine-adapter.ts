/**
 * The playground's one door into the simulator: a session (src/lib/sim/session), in a Web Worker
 * when the browser has them so long runs never block the page, else in-process (the session runs in
 * slices and yields between them, so the page still answers). This module turns the session's
 * replies into the plain view data the components draw, and queues commands so that fast key presses
 * run one after another.
 */
import { ElfError, loadElf } from '$lib/sim/isa/elf';
import { createBrowserSession } from '$lib/session-client';
import { VIRT_MAP } from '$lib/sim/machine/virt';
import type { Program } from '$lib/sim/isa/program';
import type { StopReason } from '$lib/sim/machine/stop';
import type { CsrView, MemoryAccess, RunResult, Session, SourceView } from '$lib/sim/session/types';
import type { EventOf, TraceEvent } from '$lib/sim/trace/events';
import type { Crossing } from '$lib/viz/machine/crossings';
import {
	BYTES_PER_ROW,
	VISIBLE_ROWS,
	followedAddress,
	windowStart,
	type RamRange
} from '$lib/viz/machine/memory-rows';

export interface MachineOptionsForPlayground {
	/** RAM from 0x8000_0000; small, so a checkpoint (a copy of RAM) stays cheap. */
	ramMiB: number;
}

export const DEFAULT_MACHINE_OPTIONS: MachineOptionsForPlayground = { ramMiB: 1 };

/**
 * RAM for an ELF file: the session's default. The teaching kernel needs 4 MiB from 0x8000_0000 (the
 * SBI firmware below it, the kernel at 0x8020_0000 and its pages above), so 1 MiB is not enough.
 */
export const ELF_RAM_MIB = 16;

export type TrapEvent = EventOf<'trap'>;
export type PageWalkEvent = EventOf<'page-walk'>;

/** Everything the views draw, as plain data. */
export interface MachineView {
	readonly x: readonly number[];
	readonly pc: number;
	/** 0 U, 1 S, 3 M (privileged §1.2). */
	readonly mode: number;
	/** Every hart's pc and mode (hart 0 first), for the running line of each. */
	readonly harts: readonly HartPlace[];
	readonly instret: number;
	readonly cycles: number;
	/** Steps since load (the session's position). */
	readonly steps: number;
	/** The register the last step wrote (x1..x31), or -1. */
	readonly lastChanged: number;
	readonly console: string;
	/** The traps, newest last. */
	readonly log: readonly TrapEvent[];
	/** Traps, SBI calls and returns (MRET, SRET, the firmware resuming), newest last: the event list. */
	readonly crossings: readonly Crossing[];
	readonly exited: StopReason | undefined;
	/** Memory around pc, as hart 0 sees it, for the disassembly: words from `memoryAddr`. */
	readonly memoryAddr: number;
	readonly memory: Uint8Array;
	/** Per byte of `memory`: mapped and RAM (a word with any byte unmapped is not shown). */
	readonly memoryMapped: readonly boolean[];
	/** How the views read code and memory: through satp's Sv32 table (virtual) or physical. */
	readonly translation: { readonly virtual: boolean; readonly satp: number };
	/** Where pc comes from in the ELF's sources (DWARF line table); null for assembly programs. */
	readonly source: SourceView | null;
	/** Every CSR of hart 0, and their values at the position viewed before this one (change marks). */
	readonly csrs: readonly CsrView[];
	readonly csrsBefore: readonly CsrView[];
	/** The memory view's window: VISIBLE_ROWS rows from `start`, and whether all of it is RAM. */
	readonly memoryWindow: MemoryWindowView;
	readonly ram: RamRange;
	/** The last step's load or store, if it made one. */
	readonly lastAccess: MemoryAccess | undefined;
	/** The most recent Sv32 page walk at or before this position (walks happen on TLB misses). */
	readonly pageWalk: PageWalkEvent | null;
	/** The virtual address of the newest translation, when it came after that walk and hit the TLB. */
	readonly tlbHit: number | null;
}

export interface HartPlace {
	readonly hart: number;
	readonly pc: number;
	readonly mode: number;
}

export interface MemoryWindowView {
	readonly start: number;
	readonly bytes: Uint8Array;
	readonly inRam: boolean;
	/** Per byte: mapped in the current translation and RAM. */
	readonly mapped: readonly boolean[];
	readonly virtual: boolean;
	/** The register the window follows ('none', 'pc', 'sp'…). */
	readonly follow: string;
}

const RAM_BASE = VIRT_MAP.dram.base;
const MEMORY_WINDOW_BYTES = VISIBLE_ROWS * BYTES_PER_ROW;

export const EMPTY_VIEW: MachineView = {
	x: new Array(32).fill(0),
	pc: 0,
	mode: 3,
	harts: [],
	instret: 0,
	cycles: 0,
	steps: 0,
	lastChanged: -1,
	console: '',
	log: [],
	crossings: [],
	exited: undefined,
	memoryAddr: 0,
	memory: new Uint8Array(0),
	memoryMapped: [],
	translation: { virtual: false, satp: 0 },
	source: null,
	csrs: [],
	csrsBefore: [],
	memoryWindow: {
		start: RAM_BASE,
		bytes: new Uint8Array(0),
		inRam: true,
		mapped: [],
		virtual: false,
		follow: 'none'
	},
	ram: { start: RAM_BASE, end: RAM_BASE },
	lastAccess: undefined,
	pageWalk: null,
	tlbHit: null
};

/** Rows of disassembly the view asks for above and below pc. */
export const ROWS_BEFORE = 6;
export const ROWS_AFTER = 14;
/** Traps kept in the event log view. */
const LOG_LENGTH = 100;
/** Entries kept before the oldest are dropped (in a batch, so a long run does not splice per event). */
const CROSSINGS_KEPT = 4 * LOG_LENGTH;

/** A session in a worker when possible (the browser), else in this thread (tests, old browsers). */
export const createPlaygroundSession = createBrowserSession;

export class PlaygroundMachine {
	private readonly session: Session;
	private queue: Promise<unknown> = Promise.resolve();
	private loadedProgram: Program | undefined;
	/** User programs the loaded kernel runs (addSymbols), by name. */
	private readonly userProgramsByName = new Map<string, Program>();
	private fromElf = false;
	private trapsOn = false;
	/** Traps, SBI calls and returns as they were reported, cut back when the clock goes back. */
	private crossings: Crossing[] = [];
	/** The last walk seen, kept while older walks scroll out of recentEvents (not past a step back). */
	private lastWalk: PageWalkEvent | null = null;
	private pauseWanted = false;
	private ram: RamRange = EMPTY_VIEW.ram;
	/** Where the memory view looks: a fixed start, or following a register. */
	private window: { start: number; follow: string } = { start: RAM_BASE, follow: 'none' };
	/** The CSRs last viewed and at which position, to mark what the next step changes. */
	private lastCsrs: { position: number; csrs: readonly CsrView[]; before: readonly CsrView[] } = {
		position: -1,
		csrs: [],
		before: []
	};

	constructor(session: Session) {
		this.session = session;
	}

	get loaded(): boolean {
		return this.loadedProgram !== undefined;
	}

	/** Commands run one at a time, in the order given. */
	private enqueue<T>(f: () => Promise<T>): Promise<T> {
		const next = this.queue.then(f, f);
		this.queue = next.catch(() => undefined);
		return next;
	}

	/** Load into a fresh machine (breakpoints are kept). Returns error messages, empty on success. */
	load(program: Program, options: MachineOptionsForPlayground): Promise<string[]> {
		return this.enqueue(async () => {
			const r = await this.session.load({ program }, { ramMiB: options.ramMiB, stopOnSpin: true });
			if (!r.ok) return r.errors;
			this.remember(program, false, options.ramMiB);
			await this.recordTraps();
			return [];
		});
	}

	/**
	 * Load an ELF file into a fresh machine with the RAM asked for, but at least ELF_RAM_MIB (room for
	 * a kernel); the session's firmware 'auto' boots an S-mode entry under the SBI. Returns the
	 * program (for the disassembly's symbols) or error messages.
	 */
	loadElf(bytes: Uint8Array, ramMiB = ELF_RAM_MIB): Promise<{ program?: Program; errors: string[] }> {
		const ram = Math.max(ELF_RAM_MIB, ramMiB);
		return this.enqueue(async () => {
			let program: Program;
			try {
				program = loadElf(bytes, { ramSize: ram * 1024 * 1024 });
			} catch (e) {
				if (e instanceof ElfError) return { errors: [e.message] };
				throw e;
			}
			const r = await this.session.load({ elf: bytes }, { ramMiB: ram, stopOnSpin: true });
			if (!r.ok) return { errors: r.errors };
			this.remember(program, true, ram);
			await this.recordTraps();
			return { program, errors: [] };
		});
	}

	private remember(program: Program, fromElf: boolean, ramMiB: number): void {
		this.loadedProgram = program;
		this.fromElf = fromElf;
		this.ram = { start: RAM_BASE, end: RAM_BASE + ramMiB * 1024 * 1024 };
		this.lastCsrs = { position: -1, csrs: [], before: [] };
		this.lastWalk = null;
		this.crossings = [];
	}

	/**
	 * Events are recorded only while someone subscribes. Page walks are read with recentEvents();
	 * the event list's kinds are kept here, as they come, so a flood of walks (a kernel with paging
	 * on makes thousands) never pushes a trap or an SBI call out of the list.
	 */
	private async recordTraps(): Promise<void> {
		if (this.trapsOn) return;
		this.trapsOn = true;
		await this.session.subscribe(['page-walk', 'tlb-lookup'], () => {});
		await this.session.subscribe(['trap', 'trap-return', 'firmware-call'], (events) => {
			for (const e of events)
				if (e.kind === 'trap' || e.kind === 'trap-return' || e.kind === 'firmware-call')
					this.crossings.push(e);
			if (this.crossings.length > CROSSINGS_KEPT)
				this.crossings.splice(0, this.crossings.length - LOG_LENGTH);
		});
	}

	/** The list as of the machine's clock now: entries after it were undone (a step back, a reset). */
	private crossingsAt(cycles: number): Crossing[] {
		while (this.crossings.length > 0 && this.crossings[this.crossings.length - 1].cycle > cycles)
			this.crossings.pop();
		return this.crossings.slice(-LOG_LENGTH);
	}

	/**
	 * The newest walk in `events`, else the one kept from an earlier view unless the machine's clock
	 * is now before it (a step back or reset: the session drops later events from its log).
	 */
	private walkAt(events: readonly TraceEvent[], cycles: number): PageWalkEvent | null {
		const newest = events.findLast((e): e is PageWalkEvent => e.kind === 'page-walk');
		if (newest) this.lastWalk = newest;
		else if (this.lastWalk && this.lastWalk.cycle > cycles) this.lastWalk = null;
		return this.lastWalk;
	}

	/**
	 * A user program the loaded kernel may run: the session finds its C lines where its code runs,
	 * and the disassembly names its symbols (userProgram). Returns an error message, or null.
	 */
	addSymbols(name: string, bytes: Uint8Array): Promise<string | null> {
		return this.enqueue(async () => {
			let program: Program;
			try {
				program = loadElf(bytes, { ramBase: 0, ramSize: 2 ** 32 });
			} catch (e) {
				if (e instanceof ElfError) return `${name}: ${e.message}`;
				throw e;
			}
			const problem = await this.session.addSymbols(name, bytes);
			if (!problem) this.userProgramsByName.set(name, program);
			return problem;
		});
	}

	/** Every user program added with addSymbols, by name. */
	userPrograms(): ReadonlyMap<string, Program> {
		return new Map(this.userProgramsByName);
	}

	/** A user program added with addSymbols. */
	userProgram(name: string | undefined): Program | undefined {
		return name === undefined ? undefined : this.userProgramsByName.get(name);
	}

	reset(): Promise<void> {
		return this.enqueue(() => this.session.reset());
	}

	step(): Promise<RunResult> {
		return this.enqueue(() => this.session.step(1));
	}

	/**
	 * Step over a call: when the code at pc links (jal/jalr writing ra or t0, or the auipc + jalr
	 * pair of `call`), run until it returns to the next instruction with the stack no deeper than now
	 * (so a recursive call's own returns do not count); any other instruction is one step. A
	 * breakpoint or pause() ends it too.
	 */
	stepOver(): Promise<RunResult> {
		this.pauseWanted = false;
		return this.enqueue(async () => {
			const s = this.session;
			const regs = await s.registers();
			const { bytes } = await s.translatedMemory(regs.pc, 8);
			const data = new DataView(bytes.buffer, bytes.byteOffset);
			const length = callLength(data.getInt32(0, true), data.getInt32(4, true));
			if (length === 0) return s.step(1);
			const back = (regs.pc + length) >>> 0;
			const sp = regs.x[2] >>> 0;
			const mine = (await s.breakpoints()).includes(back);
			if (!mine) await s.setBreakpoint(back, true);
			try {
				let steps = 0;
				for (;;) {
					if (this.pauseWanted) {
						const { position } = await s.status();
						return { reason: 'paused', steps, position } satisfies RunResult;
					}
					const r = await s.runUntil({});
					steps += r.steps;
					const now = await s.registers();
					const returned = now.pc === back && now.x[2] >>> 0 >= sp;
					// Stopping at our own breakpoint is the step over ending, not a breakpoint of the student's.
					if (returned && !mine) return { reason: 'budget', steps, position: r.position };
					if (r.reason !== 'breakpoint' || returned || now.pc !== back) return { ...r, steps };
				}
			} finally {
				if (!mine) await s.setBreakpoint(back, false);
			}
		});
	}

	/** n steps, stopping early at a breakpoint or the end (runs at a chosen speed use this). */
	stepMany(n: number): Promise<RunResult> {
		return this.enqueue(() => this.session.step(n));
	}

	/** Run until a breakpoint, the end, or pause(); resolves when the run has stopped. */
	run(): Promise<RunResult> {
		this.pauseWanted = false;
		return this.enqueue(async () => {
			// A pause that came while this run waited in the queue stops it before it starts.
			if (this.pauseWanted) {
				const { position } = await this.session.status();
				return { reason: 'paused', steps: 0, position };
			}
			return this.session.runUntil({});
		});
	}

	/**
	 * Run until user program `name` reaches `va` (a function of its own). Breakpoints are physical,
	 * and the program's pages are mapped only once the kernel has made its process, so: run from one
	 * return to U-mode to the next until the code there is that program's, then break at the frame
	 * `va` maps to in its address space. A breakpoint of the student's, the end or pause() stops it too.
	 */
	runToUser(name: string, va: number): Promise<RunResult> {
		this.pauseWanted = false;
		return this.enqueue(async () => {
			const s = this.session;
			let steps = 0;
			for (;;) {
				if (this.pauseWanted) {
					const { position } = await s.status();
					return { reason: 'paused', steps, position } satisfies RunResult;
				}
				const r = await s.runUntil({ eventKind: ['trap-return'] });
				steps += r.steps;
				if (r.reason !== 'event') return { ...r, steps };
				if ((await s.registers()).mode !== 0 || (await s.source()).program !== name) continue;
				const pa = await s.physicalAddress(va);
				if (pa === null) continue;
				const mine = (await s.breakpoints()).includes(pa);
				if (!mine) await s.setBreakpoint(pa, true);
				try {
					const hit = await s.runUntil({});
					return { ...hit, steps: steps + hit.steps };
				} finally {
					if (!mine) await s.setBreakpoint(pa, false);
				}
			}
		});
	}

	/** Not queued: it must reach a run that is in progress (or one still waiting to start). */
	pause(): Promise<void> {
		this.pauseWanted = true;
		return this.session.pause();
	}

	stepBack(): Promise<RunResult> {
		return this.enqueue(() => this.session.stepBack(1));
	}

	/** Bytes for the UART's receiver; not queued, so a running program gets them at once. */
	input(text: string): Promise<void> {
		return this.loaded ? this.session.input(text) : Promise.resolve();
	}

	/** Set x1..x31 (1..31) or pc (32) of hart 0; the session keeps the edit in its history. */
	setRegister(reg: number, value: number): Promise<void> {
		return this.enqueue(() => this.session.setRegister(0, reg, value));
	}

	/** The memory view's window for the next views: from `start`, or following a register. */
	setMemoryWindow(start: number, follow: string): void {
		this.window = { start: start >>> 0, follow };
	}

	setBreakpoint(addr: number, on: boolean): Promise<boolean> {
		return this.session.setBreakpoint(addr, on);
	}

	/** Read every view at once; allowed while a run is in progress (it shows the run's progress). */
	async view(): Promise<MachineView> {
		const program = this.loadedProgram;
		if (!program) return EMPTY_VIEW;
		const s = this.session;
		// The program's code comes in the same round of requests as the registers; only when pc is
		// outside it does a second request fetch the words around pc.
		const code = codeRange(program);
		// A window that follows a register waits for the registers; a fixed one comes at once.
		const fixed = this.window.follow === 'none' ? this.window.start : undefined;
		const [regs, status, console, events, codeBytes, csrs, fixedWindow] = await Promise.all([
			s.registers(),
			s.status(),
			s.console(),
			s.recentEvents(LOG_LENGTH * 4),
			code ? s.translatedMemory(code.start, code.end - code.start) : undefined,
			s.csrs(),
			fixed !== undefined ? s.translatedMemory(fixed, MEMORY_WINDOW_BYTES) : undefined
		]);
		const pc = regs.pc;
		const aroundPc = !code || pc < code.start || pc >= code.end;
		const disasmAddr = aroundPc ? (pc - 4 * (ROWS_BEFORE + 1)) >>> 0 : (code?.start ?? 0);
		const followed = followedAddress(this.window.follow, regs.x, pc);
		const windowAt = followed !== undefined ? windowStart(followed) : this.window.start;
		// The second round, only for what the first could not know: all of it in parallel.
		const [disasmBytes, window, source, others] = await Promise.all([
			aroundPc ? s.translatedMemory(disasmAddr, 4 * (ROWS_BEFORE + ROWS_AFTER + 3)) : undefined,
			fixedWindow ?? s.translatedMemory(windowAt, MEMORY_WINDOW_BYTES),
			this.fromElf ? s.source(pc) : null,
			Promise.all(Array.from({ length: Math.max(0, status.harts - 1) }, (_, i) => s.registers(i + 1)))
		]);
		const memoryAddr = disasmAddr;
		const codeView = disasmBytes ?? codeBytes;
		const memory = codeView?.bytes ?? new Uint8Array(0);
		// Each hart's events carry its own clock: keep those at or before the furthest one.
		const crossings = this.crossingsAt(Math.max(regs.cycles, ...others.map((r) => r.cycles)));
		if (status.position !== this.lastCsrs.position) {
			const before = this.lastCsrs.position < 0 ? [] : this.lastCsrs.csrs;
			this.lastCsrs = { position: status.position, csrs, before };
		}
		return {
			x: regs.x,
			pc,
			mode: regs.mode,
			harts: [regs, ...others].map((r) => ({ hart: r.hart, pc: r.pc, mode: r.mode })),
			instret: regs.instret,
			cycles: regs.cycles,
			steps: status.position,
			lastChanged: regs.lastWritten,
			console: console.length > 8192 ? console.slice(-8192) : console,
			log: crossings.filter((e): e is TrapEvent => e.kind === 'trap'),
			crossings,
			exited: status.exited,
			memoryAddr,
			memory,
			memoryMapped: codeView?.mapped ?? [],
			translation: { virtual: window.virtual, satp: window.satp },
			source,
			csrs,
			csrsBefore: this.lastCsrs.before,
			memoryWindow: {
				start: window.addr,
				bytes: window.bytes,
				inRam: window.mapped.every(Boolean),
				mapped: window.mapped,
				virtual: window.virtual,
				follow: this.window.follow
			},
			ram: this.ram,
			lastAccess: regs.lastAccess,
			pageWalk: this.walkAt(events, regs.cycles),
			tlbHit: tlbHitAfter(events)
		};
	}

	dispose(): Promise<void> {
		return this.session.dispose();
	}
}

/** The newest TLB lookup's address, when it hit and came after the newest walk in `events`. */
function tlbHitAfter(events: readonly TraceEvent[]): number | null {
	for (let i = events.length - 1; i >= 0; i--) {
		const e = events[i];
		if (e.kind === 'page-walk') return null;
		if (e.kind === 'tlb-lookup') return e.hit ? e.va >>> 0 : null;
	}
	return null;
}

/** JAL or JALR that writes a link register (ra or t0): a call, by the psABI's convention. */
export function isCall(word: number): boolean {
	const opcode = word & 0x7f;
	const rd = (word >>> 7) & 31;
	return (opcode === 0x6f || opcode === 0x67) && (rd === 1 || rd === 5);
}

/**
 * Bytes of the call starting with `first`: 4 for jal/jalr, 8 for `call`'s auipc + jalr pair (as GNU
 * as writes it without linker relaxation), 0 when it is not a call.
 */
export function callLength(first: number, second: number): number {
	if (isCall(first)) return 4;
	const rd = (first >>> 7) & 31;
	const auipc = (first & 0x7f) === 0x17 && (rd === 1 || rd === 5);
	const pairs = isCall(second) && (second & 0x7f) === 0x67 && ((second >>> 15) & 31) === rd;
	return auipc && pairs ? 8 : 0;
}

/** Largest code range read with every view (the disassembly window beyond it costs a second read). */
const MAX_CODE_BYTES = 64 * 1024;

/** The span of the program's executable segments, when it is small enough to read on every view. */
export function codeRange(program: Program): { start: number; end: number } | undefined {
	const exec = program.segments.filter((seg) => seg.flags.exec && seg.memSize > 0);
	if (exec.length === 0) return undefined;
	const start = Math.min(...exec.map((seg) => seg.addr));
	const end = Math.max(...exec.map((seg) => seg.addr + seg.memSize));
	return end - start <= MAX_CODE_BYTES ? { start, end } : undefined;
}

/** The 32-bit word at addr in a view's memory window, or undefined outside it. */
export function wordFromView(view: MachineView, addr: number): number | undefined {
	const off = (addr - view.memoryAddr) >>> 0;
	if (off + 4 > view.memory.length || off % 4 !== 0) return undefined;
	const m = view.memoryMapped;
	if (m.length > 0 && !(m[off] && m[off + 1] && m[off + 2] && m[off + 3])) return undefined;
	const b = view.memory;
	return b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24);
}
