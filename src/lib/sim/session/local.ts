/**
 * The in-process session: a Machine, its trace hub and statistics, and a history of checkpoints
 * for stepping backwards. The Web Worker transport (worker.ts) serves this same object.
 *
 * Position = steps taken since load (retired instructions plus exceptions; interrupts are not
 * steps), as Machine.run counts its budget. Stepping back restores the newest checkpoint at or
 * before the target and replays forward, with subscribers muted: the machine is deterministic, so
 * the replay reaches exactly the state the run passed through.
 */
import type { Hart } from '../hart/hart';
import type { Program } from '../isa/program';
import { Machine } from '../machine/machine';
import type { StopReason } from '../machine/stop';
import type { TlbEntryView } from '../mmu/tlb';
import { eventKinds, type EventKind, type TraceEvent } from '../trace/events';
import { History, type Checkpoint } from '../trace/history';
import { TraceHub } from '../trace/hub';
import { RingBuffer } from '../trace/ring';
import { decodeSnapshot, encodeSnapshot } from '../trace/snapshot-file';
import { Statistics, type StatsState } from '../trace/stats';
import { checkEdit, InputLog, type MachineEdit } from './input-log';
import { prefixedConsole, programStart, scenarioStart, type Start } from './program-input';
import { guestRetired, vmsOf } from './vm-views';
import { readVm, translateVm } from './vm-translate';
import type { Hypervisor } from '../hv/hypervisor';
import { Subscribers } from './subscribers';
import { ScheduleRecord, type ScheduleView } from './schedule';
import { diskMapView, type DiskMapView } from './disks';
import { netView, type NetView } from './network';
import type { VmOp } from './input-log';
import type { IoPolicy } from '../hv/io/disk-queue';
import type { SchedReport } from '../hv/sched/metrics';
import type { SchedOptions } from '../hv/sched/core';
import type { VmSchedParams } from '../hv/scheduler';

type ScheduleMark = ScheduleRecord['mark'];
import { csrsOf, devicesOf, memoryOf, pageTableOf, sourceOf } from './views';
import { physicalOf, readTranslated } from './translated';
import { SymbolFiles } from './symbol-files';
import type {
	CsrView,
	DevicesView,
	LoadInput,
	LoadResult,
	MemoryAccess,
	MemoryView,
	RegistersView,
	RunCondition,
	RunReason,
	RunResult,
	Session,
	SessionOptions,
	SessionStatus,
	SourceView,
	TranslatedMemoryView,
	Unsubscribe,
	VmMemoryView,
	VmView,
	TwoStageView
} from './types';

/** What a checkpoint keeps beside the machine. */
interface CheckpointExtra {
	stats: StatsState;
	consoleLength: number;
	/** How many logged edits the checkpoint's state includes (InputLog.applied). */
	inputs: number;
	/** The machine clock (to find the checkpoint before a cycle). */
	cycles: number;
	/** The schedule record's length (ScheduleRecord.mark). */
	sched?: ScheduleMark;
}

/** A stop the session asks for (a trap or event condition met); compared by identity. */
const SESSION_STOP: StopReason = Object.freeze({ kind: 'budget' });
/** Trap positions remembered for backToPreviousTrap. */
const TRAP_MEMORY = 4096;
/** Runs up to this many steps watch instruction events for RegistersView.lastAccess. */
const ACCESS_WATCH_STEPS = 10_000;

const yieldToHost = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Steps between checkpoints: dense for small RAM, sparser as the per-checkpoint RAM scan grows. A
 * checkpoint compares all of RAM with its last stored version (about 2 ms per 16 MiB); one step is
 * about 10 ns; RAM bytes / 8 steps keeps checkpoints near 10-20% of a run, and a step back replays
 * at most that many steps (16 MiB: 2M steps, about 20 ms).
 */
export function defaultCheckpointInterval(ramBytes: number): number {
	return Math.min(8_000_000, Math.max(100_000, Math.floor(ramBytes / 8)));
}

export class LocalSession implements Session {
	private machine: Machine | undefined;
	private program: Program | undefined;
	/** How the loaded machine was made (reset makes it again). */
	private start: Start | undefined;
	/** The hypervisor of a loaded scenario. */
	private hv: Hypervisor | undefined;
	/** A scenario's schedule since load, cut back with the history. */
	private sched: ScheduleRecord | undefined;
	private options: SessionOptions = {};
	private hub: TraceHub | undefined;
	private statistics: Statistics | undefined;
	private history: History<CheckpointExtra> | undefined;
	private consoleBytes: number[] = [];
	private log = new RingBuffer<TraceEvent>(10_000);
	private readonly breakpointSet = new Set<number>();
	/** User programs' symbols and lines (addSymbols), kept across loads like breakpoints. */
	private readonly symbolFiles = new SymbolFiles();
	private lastWritten = -1;
	/** Per hart, the data access of its last instruction retired in the last step or run. */
	private lastAccess: (MemoryAccess | undefined)[] = [];
	private readonly noteAccess = (e: TraceEvent) => {
		if (e.kind === 'insn') this.lastAccess[e.hart] = e.mem;
	};
	private trapPositions: number[] = [];
	private pauseRequested = false;
	/** The user's edits (console input, registers, memory), replayed where they were made. */
	private readonly edits = new InputLog();
	private interval = 50_000;
	private readonly subscribers = new Subscribers();
	/** Set while a trap/event condition of runUntil is armed. */
	private stopOn:
		| { trap?: boolean | number[]; kinds?: Set<string>; vm?: number; exitReasons?: Set<string> }
		| undefined;
	private stoppedBy: TraceEvent | undefined;
	private stopOff: (() => void) | undefined;

	async load(input: LoadInput, options: SessionOptions = {}): Promise<LoadResult> {
		if (this.running) throw new Error('a run is in progress: pause it first');
		const start =
			'scenario' in input ? scenarioStart(input, options.engine) : programStart(input, options);
		if ('errors' in start) return { ok: false, errors: start.errors };
		this.options = options;
		try {
			this.build(start);
		} catch (e) {
			if (e instanceof RangeError) return { ok: false, errors: [e.message] };
			throw e;
		}
		return { ok: true, errors: [], entry: start.program.entry >>> 0 };
	}

	private build(start: Start): void {
		this.hub?.dispose();
		// The machine reports each byte as a device-event of its source and hart (trace/adapters.ts).
		const { machine: m, hv } = start.create((b) => this.consoleBytes.push(b));
		for (const addr of this.breakpointSet) m.addBreakpoint(addr);
		this.machine = m;
		this.hv = hv;
		this.start = start;
		this.program = start.program;
		const o = this.options;
		this.consoleBytes = [];
		this.log = new RingBuffer(o.eventLogSize ?? 10_000);
		this.lastWritten = -1;
		this.lastAccess = [];
		this.trapPositions = [];
		this.edits.clear();
		this.edits.hv = hv;
		this.sched?.dispose();
		this.sched = hv ? new ScheduleRecord(hv) : undefined;
		const hub = (this.hub = new TraceHub(m));
		hub.observe = (e) => this.deliver(e);
		this.statistics = new Statistics(hub);
		hub.tapTraps((h, cause) => {
			const at = this.position() - (cause >>> 31 ? 0 : 1);
			this.trapPositions.push(at);
			if (this.trapPositions.length > TRAP_MEMORY * 2) this.trapPositions.splice(0, TRAP_MEMORY);
			const want = this.stopOn?.trap;
			if (want === true || (Array.isArray(want) && want.includes(cause >>> 0))) h.stop(SESSION_STOP);
		});
		this.subscribers.attach(hub);
		this.history = new History(m, { capBytes: o.historyCapBytes });
		this.interval = o.checkpointInterval ?? defaultCheckpointInterval(m.ram.size);
		this.checkpoint();
	}

	private deliver(e: TraceEvent): void {
		// The session's own subscriptions (lastAccess) are not the log's business.
		if (this.logged(e.kind)) this.log.push(e);
		const on = this.stopOn;
		if (
			on?.kinds?.has(e.kind) &&
			(on.vm === undefined || e.vm === on.vm) &&
			(e.kind !== 'vm-exit' || !on.exitReasons || on.exitReasons.has(e.reason))
		) {
			this.stoppedBy = e;
			for (const h of this.requireMachine().harts) h.stop(SESSION_STOP);
		}
	}

	/** Whether a kind is one a subscriber or a stop condition asked for. */
	private logged(kind: string): boolean {
		if (this.stopOn?.kinds?.has(kind)) return true;
		return this.subscribers.wants(kind);
	}

	private requireMachine(): Machine {
		if (!this.machine) throw new Error('no program loaded');
		return this.machine;
	}

	/** Steps since load. */
	position(): number {
		return this.statistics?.steps() ?? 0;
	}

	private checkpoint(): void {
		const stats = this.statistics;
		const history = this.history;
		if (!stats || !history) return;
		history.take(this.position(), {
			stats: stats.getState(),
			consoleLength: this.consoleBytes.length,
			inputs: this.edits.applied,
			cycles: this.requireMachine().cycles,
			sched: this.sched?.mark
		});
	}

	private maybeCheckpoint(): void {
		const last = this.history?.list().at(-1);
		if (!last || this.position() - last.steps >= this.interval) this.checkpoint();
	}

	async reset(): Promise<void> {
		if (this.running) throw new Error('a run is in progress: pause it first');
		if (this.start) this.build(this.start);
	}

	/**
	 * Run exactly `n` steps or until the machine stops; breakpoints stop unless `through`. Logged
	 * edits are applied at their positions on the way (and those at the end position too).
	 */
	private advance(n: number, through: boolean): StopReason {
		const m = this.requireMachine();
		const target = this.position() + n;
		let why: StopReason = { kind: 'budget' };
		while (this.position() < target) {
			this.edits.applyDue(m, this.position());
			why = m.run(Math.min(target, this.edits.nextAt()) - this.position());
			if (why.kind === 'breakpoint' && through) continue;
			if (why.kind !== 'budget' || why === SESSION_STOP) break;
		}
		this.edits.applyDue(m, this.position());
		return why;
	}

	private result(reason: RunReason, start: number, stop?: StopReason): RunResult {
		const r: RunResult = { reason, steps: this.position() - start, position: this.position() };
		if (stop && stop !== SESSION_STOP) r.stop = stop;
		if (this.stoppedBy) r.event = this.stoppedBy;
		return r;
	}

	async step(n = 1): Promise<RunResult> {
		return this.runUntil({ maxInstructions: n });
	}

	async runUntil(c: RunCondition): Promise<RunResult> {
		if (!this.machine) return { reason: 'not-loaded', steps: 0, position: 0 };
		this.enter();
		try {
			return await this.runSlices(c);
		} finally {
			this.running = false;
		}
	}

	/** Runs and steps back are one at a time (views may be read while a run is going). */
	private running = false;
	private enter(): void {
		if (this.running) throw new Error('a run is in progress: pause it first');
		this.running = true;
	}

	private async runSlices(c: RunCondition): Promise<RunResult> {
		const m = this.requireMachine();
		const start = this.position();
		this.pauseRequested = false;
		this.stoppedBy = undefined;
		if (m.exited) return this.result(m.exited.kind === 'reset' ? 'reset' : 'exited', start, m.exited);
		this.arm(c);
		const slice = this.options.sliceSteps ?? 500_000;
		const limit = c.maxInstructions ?? Infinity;
		const hv = this.hv;
		const counted = c.guestInstructions !== undefined && hv && c.vm !== undefined ? c.vm : undefined;
		const guestTarget = counted === undefined ? 0 : guestRetired(hv!, counted) + c.guestInstructions!;
		const before = Int32Array.from(m.hart.x);
		let reason: RunReason = 'budget';
		let why: StopReason | undefined;
		// Short runs (and any run while instruction events are produced anyway) note each hart's
		// last data access; through the hub, so a muted replay notes nothing.
		this.lastAccess = [];
		const hub = this.hub;
		const watchAccess = hub && (limit <= ACCESS_WATCH_STEPS || hub.want['insn']);
		const offAccess = watchAccess ? hub.subscribe(['insn'], this.noteAccess) : undefined;
		try {
			// Yield to the host (messages, pause) after every `slice` steps, not after every run():
			// near a cycle target or with instruction stops, runs are one step long.
			let sinceYield = 0;
			for (;;) {
				if (sinceYield >= slice) {
					sinceYield = 0;
					this.subscribers.flush();
					await yieldToHost();
					if (this.pauseRequested) {
						reason = 'paused';
						break;
					}
				}
				this.maybeCheckpoint();
				const left = limit - (this.position() - start);
				if (left <= 0) break;
				let n = Math.min(left, this.nextCheckpointIn(), slice);
				if (counted !== undefined) {
					if (hv!.vmList[counted]?.s.status !== 'running') {
						reason = 'vm-stopped';
						break;
					}
					// A step retires at most one instruction of any hart: never past the target.
					const due = guestTarget - guestRetired(hv!, counted);
					if (due <= 0) {
						reason = 'guest-instructions';
						break;
					}
					n = Math.min(n, due);
				}
				// The interpreter's fast path does not look at stop requests: instruction events
				// (and walks made from it) stop a run only when the run is one step long.
				if (this.stopOn?.kinds?.has('insn') || this.stopOn?.kinds?.has('page-walk')) n = 1;
				if (c.cycle !== undefined) {
					if (m.cycles >= c.cycle) {
						reason = 'cycle';
						break;
					}
					// No step costs more than 64 cycles: this never passes the cycle by more than one step.
					n = Math.min(n, Math.max(1, Math.floor((c.cycle - m.cycles) / 64)));
				}
				const at = this.position();
				this.edits.applyDue(m, at);
				n = Math.min(n, this.edits.nextAt() - at);
				why = m.run(n);
				sinceYield += Math.max(1, this.position() - at);
				if (why === SESSION_STOP) {
					reason = this.stoppedBy ? 'event' : 'trap';
					break;
				}
				if (why.kind !== 'budget') {
					reason = why.kind;
					break;
				}
			}
		} finally {
			offAccess?.();
			this.disarm();
			this.subscribers.flush();
		}
		this.edits.applyDue(m, this.position());
		this.lastWritten = changedRegister(before, m.hart.x);
		return this.result(reason, start, why);
	}

	private nextCheckpointIn(): number {
		const last = this.history?.list().at(-1);
		return last ? Math.max(1, last.steps + this.interval - this.position()) : this.interval;
	}

	private arm(c: RunCondition): void {
		if (!c.trap && !c.eventKind?.length) return;
		this.stopOn = {
			trap: c.trap,
			kinds: c.eventKind ? new Set(c.eventKind) : undefined,
			vm: c.vm,
			exitReasons: c.exitReasons ? new Set(c.exitReasons) : undefined
		};
		// An event kind can only stop the run if it is produced: subscribe for the run's duration.
		if (c.eventKind?.length) this.stopOff = this.hub?.subscribe(c.eventKind, () => {});
	}

	private disarm(): void {
		this.stopOn = undefined;
		this.stopOff?.();
		this.stopOff = undefined;
	}

	async pause(): Promise<void> {
		this.pauseRequested = true;
	}

	async stepBack(n = 1): Promise<RunResult> {
		const start = this.position();
		return this.goTo(Math.max(0, start - n), start);
	}

	async backToPreviousTrap(): Promise<RunResult> {
		const start = this.position();
		const before = this.trapPositions.filter((p) => p < start);
		if (before.length === 0) return { reason: 'start', steps: 0, position: start };
		return this.goTo(before[before.length - 1], start);
	}

	private async goTo(target: number, start: number): Promise<RunResult> {
		this.enter();
		try {
			return this.replayTo(target, start);
		} finally {
			this.running = false;
		}
	}

	private replayTo(target: number, start: number): RunResult {
		const m = this.machine;
		const history = this.history;
		const hub = this.hub;
		if (!m || !history || !hub || !this.statistics)
			return { reason: 'not-loaded', steps: 0, position: 0 };
		const c = history.before(target);
		if (!c) return { reason: 'start', steps: 0, position: start };
		this.restoreCheckpoint(c);
		this.lastAccess = [];
		hub.muted = true;
		try {
			this.advance(Math.max(0, target - ACCESS_WATCH_STEPS - c.steps), true);
			// The last steps note each hart's last data access, as a short step does.
			this.watchingAccessOnly(hub, () => {
				this.advance(Math.max(0, target - 1 - this.position()), true);
				const before = Int32Array.from(m.hart.x);
				if (this.position() < target) this.advance(target - this.position(), true);
				this.lastWritten = changedRegister(before, m.hart.x);
			});
		} finally {
			hub.muted = false;
		}
		history.truncateAfter(this.position());
		const cycles = m.cycles;
		this.log.truncateWhile((e) => e.cycle > cycles);
		return { reason: 'budget', steps: this.position() - start, position: this.position() };
	}

	/**
	 * Run fn with the hub unmuted for the session's lastAccess subscription alone: subscribers and
	 * the event log are detached meanwhile (they must not see a replay), then reattached.
	 */
	private watchingAccessOnly(hub: TraceHub, fn: () => void): void {
		const observe = hub.observe;
		this.subscribers.detach();
		hub.observe = undefined;
		const off = hub.subscribe(['insn'], this.noteAccess);
		hub.muted = false;
		try {
			fn();
		} finally {
			hub.muted = true;
			off();
			hub.observe = observe;
			this.subscribers.attach(hub);
		}
	}

	async setBreakpoint(addr: number, on: boolean): Promise<boolean> {
		const a = addr >>> 0;
		if (on) this.breakpointSet.add(a);
		else this.breakpointSet.delete(a);
		if (!this.machine) return true;
		return on ? this.machine.addBreakpoint(a) : this.machine.removeBreakpoint(a);
	}

	async breakpoints(): Promise<number[]> {
		return [...this.breakpointSet].sort((a, b) => a - b);
	}

	async status(): Promise<SessionStatus> {
		const list = this.history?.list() ?? [];
		const hub = this.hub;
		return {
			loaded: this.machine !== undefined,
			position: this.position(),
			exited: this.machine?.exited,
			harts: this.machine?.harts.length ?? 0,
			history: {
				checkpoints: list.length,
				bytes: this.history?.bytes ?? 0,
				oldestPosition: list[0]?.steps ?? 0
			},
			availableKinds: hub ? eventKinds().filter((k) => hub.available(k)) : []
		};
	}

	private hartOf(i = 0): Hart {
		const h = this.requireMachine().harts[i];
		if (!h) throw new RangeError(`no hart ${i}`);
		return h;
	}

	async registers(hart = 0): Promise<RegistersView> {
		const h = this.hartOf(hart);
		return {
			hart,
			x: Array.from(h.x),
			pc: h.pc >>> 0,
			mode: h.mode,
			cycles: h.cycles,
			instret: h.instret,
			lastWritten: hart === 0 ? this.lastWritten : -1,
			...(this.lastAccess[hart] ? { lastAccess: { ...this.lastAccess[hart] } } : {})
		};
	}

	async csrs(hart = 0): Promise<CsrView[]> {
		return csrsOf(this.hartOf(hart));
	}

	async memory(addr: number, length: number): Promise<MemoryView> {
		return memoryOf(this.requireMachine().ram, addr, length);
	}

	async pageTable(hart = 0) {
		return pageTableOf(this.hartOf(hart), this.requireMachine().ram);
	}

	async tlb(hart = 0): Promise<TlbEntryView[] | null> {
		return this.hartOf(hart).mmu.tlb?.entries() ?? null;
	}

	async devices(): Promise<DevicesView> {
		return devicesOf(this.requireMachine());
	}

	async console(): Promise<string> {
		if (this.hv)
			return prefixedConsole(
				this.consoleBytes,
				this.hv.vmList.map((v) => v.name)
			);
		let s = '';
		for (let i = 0; i < this.consoleBytes.length; i += 4096)
			s += String.fromCharCode(...this.consoleBytes.slice(i, i + 4096));
		return s;
	}

	async vms(): Promise<VmView[]> {
		return this.hv ? vmsOf(this.hv) : [];
	}

	async vmTranslate(vm: number, vcpu: number, va: number, access = 1): Promise<TwoStageView | null> {
		return this.hv ? translateVm(this.hv, vm, vcpu, va, access === 0 ? 0 : access === 2 ? 2 : 1) : null;
	}

	async vmMemory(vm: number, addr: number, length: number, vcpu?: number): Promise<VmMemoryView | null> {
		if (!Number.isInteger(length) || length < 0 || length > 1 << 20)
			throw new RangeError(`length ${length}: 0 to 1 MiB`);
		return this.hv ? readVm(this.hv, vm, addr, length, vcpu) : null;
	}

	async physicalAddress(va: number, hart = 0): Promise<number | null> {
		return physicalOf(this.hartOf(hart), this.requireMachine().ram, va) ?? null;
	}

	async translatedMemory(addr: number, length: number, hart = 0): Promise<TranslatedMemoryView> {
		return readTranslated(this.hartOf(hart), this.requireMachine().ram, addr, length);
	}

	/** The loaded program's line for pc, else that of the symbol file whose code hart 0 runs there. */
	async source(pc?: number): Promise<SourceView> {
		const m = this.requireMachine();
		const at = (pc ?? m.hart.pc) >>> 0;
		const own = sourceOf(this.program, at);
		if (own.line !== null || this.symbolFiles.size === 0) return own;
		const file = this.symbolFiles.at(m.hart, m.ram, at);
		return file ? { ...sourceOf(file.program, at), program: file.name } : own;
	}

	async addSymbols(name: string, elf: Uint8Array): Promise<string | null> {
		return this.symbolFiles.add(name, elf) ?? null;
	}

	async input(text: string): Promise<void> {
		this.edit({ kind: 'uart', bytes: new TextEncoder().encode(text) });
	}

	async setRegister(hart: number, reg: number, value: number): Promise<void> {
		if (reg === 0 && this.requireMachine().harts[hart]) return; // x0 is hardwired to zero
		this.edit({ kind: 'register', hart, reg, value });
	}

	async writeMemory(addr: number, bytes: Uint8Array): Promise<MemoryView> {
		this.edit({ kind: 'memory', addr: addr >>> 0, bytes: Uint8Array.from(bytes) });
		return this.memory(addr, bytes.length);
	}

	/**
	 * Make and log a user edit at the current position. During a run (typing into the console while
	 * it goes) that is the slice boundary where the run yielded to the host.
	 */
	private edit(e: MachineEdit): void {
		const m = this.requireMachine();
		const bad = checkEdit(m, e, this.hv);
		if (bad) throw bad;
		this.edits.record(m, this.position(), e);
	}

	async disks(): Promise<DiskMapView | null> {
		return this.hv ? diskMapView(this.hv, this.requireMachine().cycles) : null;
	}

	async network(): Promise<NetView | null> {
		return this.hv ? netView(this.hv, this.requireMachine().cycles) : null;
	}

	async vmOp(vm: number, op: VmOp): Promise<void> {
		this.edit({ kind: 'vm-op', vm, op });
	}

	async setIoScheduler(policy: IoPolicy): Promise<void> {
		this.edit({ kind: 'io-scheduler', policy });
	}

	async schedule(limit?: number): Promise<ScheduleView | null> {
		return this.sched?.view(limit) ?? null;
	}

	async schedReport(): Promise<SchedReport | null> {
		return this.sched?.report() ?? null;
	}

	async setScheduler(opts: SchedOptions): Promise<void> {
		this.edit({ kind: 'scheduler', opts: { ...opts } });
	}

	async setVmSched(vm: number, params: Partial<VmSchedParams>): Promise<void> {
		const p = { ...params, affinity: params.affinity ? [...params.affinity] : params.affinity };
		if (params.affinity === undefined) delete p.affinity;
		this.edit({ kind: 'vm-sched', vm, params: p });
	}

	/**
	 * Move to the first step boundary where the machine clock reaches `cycle`: forward by running,
	 * backward by replaying from the newest checkpoint before it (as stepBack does).
	 */
	async goToCycle(cycle: number): Promise<RunResult> {
		const m = this.requireMachine();
		if (!Number.isFinite(cycle) || cycle < 0) throw new RangeError(`cycle ${cycle} is not a time`);
		if (cycle >= m.cycles) return this.runUntil({ cycle });
		const start = this.position();
		this.enter();
		try {
			const target = this.positionAtCycle(cycle);
			return this.replayTo(target, start);
		} finally {
			this.running = false;
		}
	}

	/** Put the machine and everything kept beside it back to checkpoint `c`. */
	private restoreCheckpoint(c: Checkpoint<CheckpointExtra>): void {
		this.history!.restore(c);
		this.statistics!.setState(c.extra.stats);
		this.consoleBytes.length = c.extra.consoleLength;
		this.edits.applied = c.extra.inputs;
		if (c.extra.sched) this.sched?.cut(c.extra.sched);
		this.trapPositions = this.trapPositions.filter((p) => p < c.steps);
	}

	/**
	 * The position where the clock first reaches `cycle` (< now), found by a muted replay. A step
	 * can move the clock far (a VM exit's cost, a WFI that idles to the next timer), so a chunk of
	 * steps may pass the cycle: then the replay is redone to the chunk's start and goes on one step
	 * at a time.
	 */
	private positionAtCycle(cycle: number): number {
		const m = this.requireMachine();
		let c = this.history!.list()[0];
		for (const k of this.history!.list()) if (k.extra.cycles <= cycle) c = k;
		if (!c) return 0;
		const hub = this.hub!;
		hub.muted = true;
		try {
			this.restoreCheckpoint(c);
			while (m.cycles < cycle && !m.exited) {
				const at = this.position();
				const n = Math.max(1, Math.floor((cycle - m.cycles) / 4096));
				this.advance(n, true);
				if (this.position() === at) break;
				if (n > 1 && m.cycles >= cycle) {
					this.restoreCheckpoint(c);
					this.advance(at - c.steps, true);
					while (m.cycles < cycle && !m.exited) {
						const before = this.position();
						this.advance(1, true);
						if (this.position() === before) break;
					}
				}
			}
		} finally {
			hub.muted = false;
		}
		return this.position();
	}

	async stats() {
		return this.statistics?.view() ?? [];
	}

	async recentEvents(n = 100): Promise<TraceEvent[]> {
		return this.log.last(n);
	}

	async subscribe(kinds: EventKind[], handler: (events: TraceEvent[]) => void): Promise<Unsubscribe> {
		const remove = this.subscribers.add(kinds, handler, this.hub);
		return async () => remove();
	}

	async saveSnapshot(): Promise<Uint8Array> {
		const m = this.requireMachine();
		return encodeSnapshot(m.snapshot(), {
			position: this.position(),
			stats: this.statistics?.getState() ?? null
		});
	}

	/** Restore a snapshot file into this session's machine (same RAM size and harts). */
	async loadSnapshot(bytes: Uint8Array): Promise<void> {
		if (this.running) throw new Error('a run is in progress: pause it first');
		const m = this.requireMachine();
		const { state, extra } = decodeSnapshot(bytes);
		m.restore(state);
		const e = extra as { stats?: StatsState } | null;
		if (e?.stats) this.statistics?.setState(e.stats);
		this.history?.clear();
		this.edits.clear();
		this.sched?.dispose();
		this.sched = this.hv ? new ScheduleRecord(this.hv) : undefined;
		this.lastAccess = [];
		this.trapPositions = [];
		this.log.clear();
		this.checkpoint();
	}

	async dispose(): Promise<void> {
		this.hub?.dispose();
		this.machine = undefined;
	}
}

export function createLocalSession(): Session {
	return new LocalSession();
}

/** The one register that differs (a step writes at most one), or -1; the highest when several do. */
function changedRegister(before: Int32Array, after: Int32Array): number {
	let r = -1;
	for (let i = 1; i < 32; i++) if (before[i] !== after[i]) r = i;
	return r;
}
