/**
 * What the playground's controls do to the machine: load, step, step over, step back, run (at full
 * speed, paced, or to an address), pause, reset, breakpoints, UART input. It holds the state the
 * views draw (as runes), so the page only wires components to it.
 */
import type { Program } from '$lib/sim/isa/program';
import type { RunResult } from '$lib/sim/session';
import { sbiCallName } from '$lib/sim/firmware/sbi-ids';
import { sbiErrorName, type Crossing } from '$lib/viz/machine/crossings';
import { hex32, modeName } from '$lib/viz/machine/format';
import { FrameRefresh } from './frame-refresh';
import {
	ELF_RAM_MIB,
	EMPTY_VIEW,
	PlaygroundMachine,
	type MachineOptionsForPlayground,
	type MachineView
} from './machine-adapter';
import { PacedRun, SPEEDS } from './paced-run';
import { describeResult } from './status';
import { elfAdvice } from './elf-advice';

/** Replaced whole (never mutated) when symbol files arrive, so a plain map suffices. */
const NO_USER_PROGRAMS: ReadonlyMap<string, Program> = Object.freeze(new Map<string, Program>());

export class MachineControls {
	view: MachineView = $state.raw(EMPTY_VIEW);
	program: Program | undefined = $state.raw(undefined);
	/** The assembled source, line by line (empty for an ELF file). */
	loadedSource: readonly string[] = $state.raw([]);
	/** User programs the loaded kernel runs, by name (their symbol files). */
	userPrograms: ReadonlyMap<string, Program> = $state.raw(NO_USER_PROGRAMS);
	/** The ELF file that is loaded instead of the editor's program, if any. */
	elfName: string | undefined = $state();
	breakpoints: readonly number[] = $state.raw([]);
	running = $state(false);
	/** Instructions per second for Run; Infinity is full speed. */
	speed = $state(Infinity);
	status = $state('Not loaded yet: press Assemble & Load.');

	machine: PlaygroundMachine | undefined;
	private paced: PacedRun | undefined;
	private readonly frames = new FrameRefresh(() => this.refresh());

	attach(machine: PlaygroundMachine): void {
		this.machine = machine;
	}

	async refresh(): Promise<void> {
		if (this.machine) this.view = await this.machine.view();
	}

	/** Load an assembled program; the breakpoints become `breakpoints` (already re-resolved). */
	async load(
		program: Program,
		options: MachineOptionsForPlayground,
		source: string,
		breakpoints: readonly number[]
	): Promise<boolean> {
		const m = this.machine;
		if (!m) return false;
		await this.pause();
		const problems = await m.load(program, options);
		if (problems.length > 0) {
			this.status = `Not loaded: ${problems.join('; ')}.`;
			return false;
		}
		this.program = program;
		this.elfName = undefined;
		this.loadedSource = source.split('\n');
		await this.replaceBreakpoints(breakpoints);
		await this.refresh();
		this.status = `Loaded: the next instruction is at ${hex32(this.view.pc)}.`;
		return true;
	}

	/** Load ELF bytes in place of the editor's program (breakpoints stay at their addresses). */
	async loadElf(bytes: Uint8Array, name: string, ramMiB?: number): Promise<void> {
		const m = this.machine;
		if (!m) return;
		await this.pause();
		const r = await m.loadElf(bytes, ramMiB);
		if (!r.program) {
			const advice = r.errors
				.map((e) => elfAdvice(e, Math.max(ELF_RAM_MIB, ramMiB ?? 0)))
				.find(Boolean);
			this.status = `Not loaded: ${name}: ${advice ? `${advice} (${r.errors.join('; ')})` : `${r.errors.join('; ')}.`}`;
			return;
		}
		this.program = r.program;
		this.elfName = name;
		this.loadedSource = [];
		await this.refresh();
		this.status = `Loaded ${name}: the next instruction is at ${hex32(this.view.pc)}.`;
	}

	/**
	 * Fetch an ELF file from the site (the teaching kernel) and load it, with the symbol files of the
	 * user programs it runs (`users`: name → URL), so their C lines show in U-mode.
	 */
	async loadElfFrom(
		url: string,
		what: string,
		ramMiB?: number,
		users: Readonly<Record<string, string>> = {}
	): Promise<void> {
		this.status = `Fetching ${what}…`;
		try {
			const response = await fetch(url);
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			const name = url.slice(url.lastIndexOf('/') + 1);
			await this.loadElf(new Uint8Array(await response.arrayBuffer()), name, ramMiB);
		} catch (e) {
			this.status = `Not loaded: could not fetch ${what} (${(e as Error).message}).`;
			return;
		}
		await this.addSymbolFiles(users);
	}

	/** User programs' ELF files, fetched in parallel; one that fails only loses its source lines. */
	private async addSymbolFiles(users: Readonly<Record<string, string>>): Promise<void> {
		const m = this.machine;
		if (!m) return;
		await Promise.all(
			Object.entries(users).map(async ([name, url]) => {
				try {
					const response = await fetch(url);
					if (response.ok) await m.addSymbols(name, new Uint8Array(await response.arrayBuffer()));
				} catch {
					// No lines for this program: the views still show its code and memory.
				}
			})
		);
		this.userPrograms = m.userPrograms();
		await this.refresh();
	}

	private async replaceBreakpoints(next: readonly number[]): Promise<void> {
		const m = this.machine;
		if (!m) return;
		const wanted = next.map((a) => a >>> 0).filter((a, i, all) => all.indexOf(a) === i);
		for (const a of this.breakpoints) if (!wanted.includes(a)) await m.setBreakpoint(a, false);
		for (const a of wanted) if (!this.breakpoints.includes(a)) await m.setBreakpoint(a, true);
		this.breakpoints = wanted;
	}

	async setBreakpoint(addr: number, on: boolean): Promise<void> {
		const m = this.machine;
		if (!m) return;
		const a = addr >>> 0;
		await m.setBreakpoint(a, on);
		const others = this.breakpoints.filter((b) => b !== a);
		this.breakpoints = on ? [...others, a] : others;
		this.status = `Breakpoint ${on ? 'set' : 'cleared'} at ${hex32(a)}.`;
	}

	toggleBreakpoint(addr: number): Promise<void> {
		return this.setBreakpoint(addr, !this.breakpoints.includes(addr >>> 0));
	}

	get ready(): boolean {
		return !!this.machine && !!this.program;
	}

	async step(): Promise<void> {
		if (!this.machine || !this.program || this.running) return;
		const before = this.view.cycles;
		const r = await this.machine.step();
		await this.refresh();
		// A step whose ecall the firmware answered went through M-mode though M ran no instruction.
		const call = this.view.crossings.find(
			(e): e is Extract<Crossing, { kind: 'firmware-call' }> =>
				e.kind === 'firmware-call' && e.cycle > before
		);
		this.status =
			call && r.reason === 'budget'
				? `Stepped through M-mode: the SBI firmware ran ${sbiCallName(call.eid, call.fid)} (${sbiErrorName(call.error)}, value ${hex32(call.value)}) and returned to ${modeName(this.view.mode)}-mode; the next instruction is at ${hex32(this.view.pc)}.`
				: describeResult(r, this.view.pc, 'Stepped');
	}

	/** A run at full speed that shows its progress on animation frames. */
	private async fullSpeed(
		statusWhile: string,
		go: (m: PlaygroundMachine) => Promise<RunResult>
	): Promise<RunResult | undefined> {
		const m = this.machine;
		if (!m || !this.program || this.running) return undefined;
		this.running = true;
		this.status = statusWhile;
		this.frames.start();
		try {
			return await go(m);
		} finally {
			this.frames.stop();
			this.running = false;
			await this.refresh();
		}
	}

	async stepOver(): Promise<void> {
		const r = await this.fullSpeed('Stepping over the call…', (m) => m.stepOver());
		if (r) this.status = describeResult(r, this.view.pc, 'Stepped');
	}

	async stepBack(): Promise<void> {
		if (!this.machine || !this.program || this.running) return;
		const r = await this.machine.stepBack();
		await this.refresh();
		this.status =
			r.steps < 0
				? `Stepped back: the next instruction is at ${hex32(this.view.pc)}.`
				: 'Already at the start.';
	}

	async pause(): Promise<void> {
		if (!this.running) return;
		if (this.paced) this.paced.stop();
		else await this.machine?.pause();
	}

	async runOrPause(): Promise<void> {
		const m = this.machine;
		if (!m || !this.program) return;
		if (this.running) return this.pause();
		let r: RunResult | undefined;
		if (this.speed === Infinity) {
			r = await this.fullSpeed('Running at full speed…', (mm) => mm.run());
		} else {
			this.running = true;
			const label = SPEEDS.find((s) => s.value === this.speed)?.label ?? `${this.speed} per second`;
			this.status = `Running at ${label}…`;
			const paced = (this.paced = new PacedRun(
				(n) => m.stepMany(n),
				() => this.refresh(),
				this.speed
			));
			try {
				r = await paced.run();
			} finally {
				this.paced = undefined;
				this.running = false;
			}
			await this.refresh();
		}
		if (r) this.status = describeResult(r, this.view.pc, 'Ran');
	}

	/**
	 * Run until pc reaches addr, through a breakpoint there for this run only (one the student set
	 * stays theirs); a breakpoint of theirs, the end or a pause stops it first.
	 */
	async runTo(addr: number, what: string): Promise<void> {
		const m = this.machine;
		if (!m || !this.program || this.running) return;
		const target = addr >>> 0;
		const temporary = !this.breakpoints.includes(target);
		if (temporary) await m.setBreakpoint(target, true);
		let r: RunResult | undefined;
		try {
			r = await this.fullSpeed(`Running to ${what}…`, (mm) => mm.run());
		} finally {
			if (temporary) await m.setBreakpoint(target, false);
		}
		if (!r) return;
		this.status =
			r.reason === 'breakpoint' && this.view.pc === target
				? `Ran to ${what} at ${hex32(target)}.`
				: describeResult(r, this.view.pc, 'Ran');
	}

	/** Run until user program `user` reaches its function at `va` (machine-adapter runToUser). */
	async runToUser(user: string, va: number, what: string): Promise<void> {
		const r = await this.fullSpeed(`Running to ${what}…`, (m) => m.runToUser(user, va));
		if (!r) return;
		this.status =
			r.reason === 'breakpoint' && this.view.pc === va >>> 0
				? `Ran to ${what} at ${hex32(va)}.`
				: describeResult(r, this.view.pc, 'Ran');
	}

	async reset(): Promise<void> {
		if (!this.machine || !this.program) return;
		await this.pause();
		await this.machine.reset();
		await this.refresh();
		this.status = `Reset: the next instruction is at ${hex32(this.view.pc)}.`;
	}

	async sendToUart(line: string): Promise<void> {
		if (!this.machine || !this.program) return;
		await this.machine.input(line);
		// While running, the next frame shows the echo; when stopped, say what happens next.
		if (!this.running) {
			await this.refresh();
			this.status = `Sent ${line.length} byte${line.length === 1 ? '' : 's'} to the UART: run to let the program read them.`;
		}
	}

	dispose(): void {
		this.frames.stop();
		void this.machine?.dispose();
	}
}
