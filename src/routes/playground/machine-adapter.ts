/**
 * The playground's one door into the simulator, until the session interface (src/lib/sim/session)
 * lands: load a program, step, run a slice, step back, and read the views as plain data. The page
 * never touches the Machine itself, so swapping this for the session changes this file only.
 *
 * Stepping back restores the nearest snapshot before the current position and replays forward
 * (the machine is deterministic). The position is "steps taken": instructions retired plus traps,
 * which grows by at least one on every step.
 */
import type { Program } from '$lib/sim/isa/program';
import { Machine, type MachineSnapshot } from '$lib/sim/machine/machine';
import type { StopReason } from '$lib/sim/machine/stop';
import type { TrapEvent } from '$lib/viz/machine/format';

export interface MachineOptionsForPlayground {
	/** RAM from 0x8000_0000; small, so a snapshot (a copy of RAM) stays cheap. */
	ramMiB: number;
}

export const DEFAULT_MACHINE_OPTIONS: MachineOptionsForPlayground = { ramMiB: 1 };

/** Everything the views draw, as plain data (structured-clone-able, as the session will send it). */
export interface MachineView {
	readonly x: readonly number[];
	readonly pc: number;
	/** 0 U, 1 S, 3 M (privileged §1.2). */
	readonly mode: number;
	readonly instret: number;
	readonly cycles: number;
	readonly steps: number;
	/** The register the last step wrote (x1..x31), or -1. */
	readonly lastChanged: number;
	readonly console: string;
	readonly log: readonly TrapEvent[];
	readonly exited: StopReason | undefined;
}

interface Checkpoint {
	readonly steps: number;
	readonly state: MachineSnapshot;
	readonly consoleLength: number;
	readonly logLength: number;
}

/** Most snapshots kept; past this, every other one is dropped (older replays get longer, not wrong). */
const MAX_CHECKPOINTS = 64;
/** During runs, a snapshot at least this many steps after the last one. */
const RUN_CHECKPOINT_EVERY = 2_000_000;
/** Cap on the event log so a trap storm cannot fill memory. */
const MAX_LOG = 500;

export class PlaygroundMachine {
	private machine: Machine;
	private program: Program | undefined;
	private readonly options: MachineOptionsForPlayground;
	private consoleBytes: number[] = [];
	private log: TrapEvent[] = [];
	private checkpoints: Checkpoint[] = [];
	private readonly breakpoints = new Set<number>();
	private lastChanged = -1;

	constructor(options: MachineOptionsForPlayground = DEFAULT_MACHINE_OPTIONS) {
		this.options = options;
		this.machine = this.build();
	}

	private build(): Machine {
		const m = new Machine({
			ramMiB: this.options.ramMiB,
			consoleOut: (b) => this.consoleBytes.push(b)
		});
		m.onTrap = (cause, tval, epc) => {
			if (this.log.length >= MAX_LOG) return;
			const h = m.hart;
			this.log.push({ cause, tval, epc, mtvec: h.mtvec >>> 0, mode: h.mode });
		};
		return m;
	}

	/** Load (or reload) a program into a fresh machine, keeping the breakpoints. */
	load(program: Program): void {
		this.program = program;
		this.machine = this.build();
		this.consoleBytes = [];
		this.log = [];
		this.lastChanged = -1;
		this.machine.load(program);
		for (const addr of this.breakpoints) this.machine.addBreakpoint(addr);
		this.checkpoints = [this.checkpoint()];
	}

	get loaded(): boolean {
		return this.program !== undefined;
	}

	/** Back to the state just after load. */
	reset(): void {
		if (this.program) this.load(this.program);
	}

	steps(): number {
		const h = this.machine.hart;
		return h.instret + h.traps;
	}

	/** One instruction (or one trap); remembers which register it wrote. */
	step(): StopReason {
		if (!this.program) return { kind: 'budget' };
		const before = Int32Array.from(this.machine.hart.x);
		this.remember();
		const why = this.machine.step();
		this.lastChanged = changedRegister(before, this.machine.hart.x);
		return why;
	}

	/** Up to n steps, stopping early at a breakpoint or exit. For runs: call once per frame. */
	run(n: number): StopReason {
		if (!this.program) return { kind: 'budget' };
		const last = this.checkpoints[this.checkpoints.length - 1];
		if (this.steps() - last.steps >= RUN_CHECKPOINT_EVERY) this.keep(this.checkpoint());
		const before = Int32Array.from(this.machine.hart.x);
		const why = this.machine.run(n);
		this.lastChanged = changedRegister(before, this.machine.hart.x);
		return why;
	}

	/** Back one step: false when already at the start. */
	stepBack(): boolean {
		const target = this.steps();
		if (!this.program || target === 0) return false;
		let i = this.checkpoints.length - 1;
		while (i > 0 && this.checkpoints[i].steps >= target) i--;
		const from = this.checkpoints[i];
		if (from.steps >= target) return false;
		this.checkpoints.length = i + 1;
		// Pass 1 counts the single steps left after the bulk approach; pass 2 takes all but the last,
		// holding the registers before the last one so the register it wrote can be named.
		this.approach(from, target);
		let count = 0;
		while (this.steps() < target && !this.machine.exited) {
			this.machine.step();
			count++;
		}
		this.approach(from, target);
		const before = Int32Array.from(this.machine.hart.x);
		for (let k = 0; k < count - 1; k++) {
			before.set(this.machine.hart.x);
			this.machine.step();
		}
		this.lastChanged = count >= 2 ? changedRegister(before, this.machine.hart.x) : -1;
		return true;
	}

	/**
	 * Restore a checkpoint and run towards target in large slices without reaching it. A step adds
	 * one or two to the position (an interrupt can come before the instruction), so running half the
	 * distance never overshoots; the last few steps are left to the caller.
	 */
	private approach(from: Checkpoint, target: number): void {
		this.restoreTo(from);
		for (;;) {
			const n = Math.floor((target - this.steps() - 1) / 2);
			if (n < 8 || this.machine.exited) return;
			this.machine.run(n);
		}
	}

	toggleBreakpoint(addr: number): boolean {
		const on = !this.breakpoints.has(addr);
		if (on) this.breakpoints.add(addr);
		else this.breakpoints.delete(addr);
		if (on) this.machine.addBreakpoint(addr);
		else this.machine.removeBreakpoint(addr);
		return on;
	}

	breakpointList(): number[] {
		return [...this.breakpoints].sort((a, b) => a - b);
	}

	clearBreakpoints(): void {
		for (const addr of this.breakpoints) this.machine.removeBreakpoint(addr);
		this.breakpoints.clear();
	}

	/** The 32-bit word at a physical address in RAM, or undefined outside RAM. */
	readWord(addr: number): number | undefined {
		const ram = this.machine.ram;
		const off = ram.offset(addr >>> 0, 4);
		if (off < 0 || off % 4 !== 0) return undefined;
		return ram.i32[off >>> 2];
	}

	view(): MachineView {
		const h = this.machine.hart;
		return {
			x: Array.from(h.x),
			pc: h.pc >>> 0,
			mode: h.mode,
			instret: h.instret,
			cycles: h.cycles,
			steps: this.steps(),
			lastChanged: this.lastChanged,
			console: String.fromCharCode(...this.consoleBytes.slice(-8192)),
			log: this.log.slice(-100),
			exited: this.machine.exited
		};
	}

	/** A checkpoint before a manual step, so stepping back over hand steps is instant. */
	private remember(): void {
		const last = this.checkpoints[this.checkpoints.length - 1];
		if (last.steps !== this.steps()) this.keep(this.checkpoint());
	}

	private checkpoint(): Checkpoint {
		return {
			steps: this.steps(),
			state: this.machine.snapshot(),
			consoleLength: this.consoleBytes.length,
			logLength: this.log.length
		};
	}

	private keep(c: Checkpoint): void {
		this.checkpoints.push(c);
		if (this.checkpoints.length > MAX_CHECKPOINTS)
			// Keep the first (the loaded state) and thin the rest evenly.
			this.checkpoints = this.checkpoints.filter((_, k) => k % 2 === 0);
	}

	private restoreTo(c: Checkpoint): void {
		this.machine.restore(c.state);
		this.consoleBytes.length = c.consoleLength;
		this.log.length = c.logLength;
	}
}

/** The one register that differs (a step writes at most one), or -1. */
export function changedRegister(before: Int32Array, after: Int32Array): number {
	for (let r = 1; r < 32; r++) if (before[r] !== after[r]) return r;
	return -1;
}
