/**
 * `vmscope run` options for instrumentation: trace export and snapshots.
 *
 *   --trace-out FILE --trace-format jsonl|chrome --trace-kinds k1,k2|all
 *   --snapshot-at N --snapshot-out FILE      write the machine after N steps, then go on
 *   --restore FILE                           start from a snapshot instead of the program's entry
 *
 * These options are taken out of argv before run's own parser sees the rest. A run split by a
 * snapshot goes on exactly as an unsplit one would: how a run is sliced never changes the machine
 * (Machine ends a slice when a device schedules an event sooner than the slice assumed).
 */
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import type { Machine } from '../machine/machine';
import type { StopReason } from '../machine/stop';
import { parseKinds, type EventKind, type ModeNumber, type TraceEvent } from '../trace/events';
import { ChromeTraceBuilder, toJsonLine } from '../trace/export';
import { TraceHub } from '../trace/hub';
import { decodeSnapshot, encodeSnapshot, SnapshotFormatError } from '../trace/snapshot-file';
import { Statistics, type StatsState } from '../trace/stats';

export interface TraceOptions {
	traceOut?: string;
	traceFormat: 'jsonl' | 'chrome';
	traceKinds: EventKind[];
	snapshotAt?: number;
	snapshotOut?: string;
	restore?: string;
	/** A scenario's VM names: each VM gets its own track in a Chrome trace. */
	vmNames?: readonly string[];
	/** --trace-kinds was given (else a scenario run picks the hypervisor's kinds). */
	kindsGiven?: boolean;
}

export const TRACE_USAGE = `instrumentation:
  --trace-out FILE        write events to FILE (see --trace-format, --trace-kinds)
  --trace-format jsonl|chrome
                          JSON Lines (default), or Chrome Trace Event JSON for Perfetto and
                          chrome://tracing (a track per hart and layer, mode residency spans)
  --trace-kinds LIST      comma-separated event kinds, or all (default trap,trap-return,
                          interrupt,firmware-call): insn, trap, trap-return, interrupt, csr-write,
                          page-walk, tlb-flush, device-access, device-event, firmware-call,
                          tlb-lookup, interrupt-pending, firmware-event
  --snapshot-at N         after N steps (instructions and exceptions) write a snapshot
  --snapshot-out FILE     where --snapshot-at writes (default snapshot.vms)
  --restore FILE          start from a snapshot (same --ram and --harts) instead of the entry`;

const DEFAULT_KINDS: EventKind[] = ['trap', 'trap-return', 'interrupt', 'firmware-call'];

/** Take the instrumentation options out of argv; a string is the error message. */
export function extractTraceOptions(
	argv: readonly string[]
): { argv: string[]; options: TraceOptions | undefined } | string {
	const rest: string[] = [];
	const o: TraceOptions = { traceFormat: 'jsonl', traceKinds: DEFAULT_KINDS };
	let any = false;
	for (let i = 0; i < argv.length; i++) {
		let arg = argv[i];
		let value: string | undefined;
		const eq = arg.indexOf('=');
		if (arg.startsWith('--') && eq > 0) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
		const take = (): string | undefined => value ?? argv[++i];
		switch (arg) {
			case '--trace-out': {
				const v = take();
				if (!v) return '--trace-out expects a file name';
				o.traceOut = v;
				break;
			}
			case '--trace-format': {
				const v = take();
				if (v !== 'jsonl' && v !== 'chrome')
					return `--trace-format expects jsonl or chrome, got ${v ?? 'nothing'}`;
				o.traceFormat = v;
				break;
			}
			case '--trace-kinds': {
				const kinds = parseKinds(take() ?? '');
				if (typeof kinds === 'string') return `--trace-kinds: ${kinds}`;
				o.traceKinds = kinds;
				o.kindsGiven = true;
				break;
			}
			case '--snapshot-at': {
				const v = take();
				if (v === undefined || !/^\d+$/.test(v))
					return `--snapshot-at expects a whole number of steps, got ${v ?? 'nothing'}`;
				o.snapshotAt = Number(v);
				break;
			}
			case '--snapshot-out': {
				const v = take();
				if (!v) return '--snapshot-out expects a file name';
				o.snapshotOut = v;
				break;
			}
			case '--restore': {
				const v = take();
				if (!v) return '--restore expects a file name';
				o.restore = v;
				break;
			}
			default:
				rest.push(argv[i]);
				continue;
		}
		any = true;
	}
	if (o.snapshotOut && o.snapshotAt === undefined) return '--snapshot-out needs --snapshot-at N';
	return { argv: rest, options: any ? o : undefined };
}

/** What the snapshot file carries beside the machine. */
interface CliExtra {
	steps: number;
	stats: StatsState;
}

/** The instrumentation of one `vmscope run`. */
export class CliTrace {
	private readonly hub: TraceHub;
	private readonly stats: Statistics;
	private fd = -1;
	private chrome: ChromeTraceBuilder | undefined;
	private snapshotDone = false;

	constructor(
		private readonly machine: Machine,
		private readonly o: TraceOptions
	) {
		this.hub = new TraceHub(machine);
		this.stats = new Statistics(this.hub);
	}

	/** Restore (if asked) and open the trace file. A string is an error message for stderr. */
	start(): string | undefined {
		const m = this.machine;
		if (this.o.restore) {
			let bytes: Uint8Array;
			try {
				bytes = readFileSync(this.o.restore);
			} catch (e) {
				return `cannot read ${this.o.restore}: ${(e as NodeJS.ErrnoException).code ?? e}`;
			}
			try {
				const { state, extra } = decodeSnapshot(bytes);
				if (state.ram.length !== m.ram.size)
					return `${this.o.restore}: snapshot RAM is ${state.ram.length / 2 ** 20} MiB; run with --ram ${state.ram.length / 2 ** 20}`;
				if (state.harts.length !== m.harts.length)
					return `${this.o.restore}: snapshot has ${state.harts.length} harts; run with --harts ${state.harts.length}`;
				m.restore(state);
				const x = extra as Partial<CliExtra> | null;
				if (x?.stats) this.stats.setState(x.stats);
			} catch (e) {
				if (e instanceof SnapshotFormatError) return `${this.o.restore}: ${e.message}`;
				throw e;
			}
		}
		if (this.o.traceOut) {
			try {
				this.fd = openSync(this.o.traceOut, 'w');
			} catch (e) {
				return `cannot write ${this.o.traceOut}: ${(e as NodeJS.ErrnoException).code ?? e}`;
			}
			if (this.o.traceFormat === 'chrome')
				this.chrome = new ChromeTraceBuilder({
					harts: m.harts.length,
					cpuHz: m.cpuHz,
					initialModes: m.harts.map((h) => h.mode as ModeNumber),
					startCycle: m.cycles,
					vmNames: this.o.vmNames
				});
			const buf: string[] = [];
			const write = (e: TraceEvent) => {
				buf.push(toJsonLine(e));
				if (buf.length >= 4096) this.writeLines(buf);
			};
			this.pending = buf;
			this.hub.subscribe(this.o.traceKinds, this.chrome ? (e) => this.chrome?.add(e) : write);
		}
		return undefined;
	}

	private pending: string[] = [];

	private writeLines(buf: string[]): void {
		if (buf.length === 0) return;
		writeSync(this.fd, `${buf.join('\n')}\n`);
		buf.length = 0;
	}

	/** Steps taken since load (retired instructions and exceptions, as run() budgets count). */
	steps(): number {
		return this.stats.steps();
	}

	/** Steps the next run() may take before the snapshot point (Infinity when none is due). */
	stepsUntilSnapshot(): number {
		if (this.o.snapshotAt === undefined || this.snapshotDone) return Infinity;
		return Math.max(0, this.o.snapshotAt - this.stats.steps());
	}

	/** After each slice: write the snapshot once its step is reached. */
	afterSlice(): string | undefined {
		if (this.stepsUntilSnapshot() !== 0) return undefined;
		this.snapshotDone = true;
		const file = this.o.snapshotOut ?? 'snapshot.vms';
		const extra: CliExtra = { steps: this.stats.steps(), stats: this.stats.getState() };
		try {
			writeFileSync(file, encodeSnapshot(this.machine.snapshot(), extra));
		} catch (e) {
			return `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`;
		}
		return undefined;
	}

	/** Close the trace (the Chrome format is written whole at the end). */
	finish(): void {
		if (this.fd < 0) return;
		if (this.chrome) {
			const trace = this.chrome.finish(this.machine.harts.map((h) => h.cycles));
			writeSync(this.fd, JSON.stringify(trace));
		} else this.writeLines(this.pending);
		closeSync(this.fd);
		this.fd = -1;
		this.hub.dispose();
	}
}

/**
 * Run up to the snapshot point (at most `left` steps) and write the snapshot there; returns the stop
 * reason and the budget left. Without --snapshot-at it does nothing.
 */
export function runToSnapshot(
	trace: CliTrace,
	machine: Machine,
	left: number,
	report: (problem: string) => void
): [StopReason, number] {
	let why: StopReason = { kind: 'budget' };
	let until = trace.stepsUntilSnapshot();
	while (until !== Infinity && left > 0) {
		const n = Math.min(left, until);
		const before = trace.steps();
		if (n > 0) why = machine.run(n);
		left -= trace.steps() - before;
		const problem = trace.afterSlice();
		if (problem) report(problem);
		if (why.kind !== 'budget') return [why, 0];
		until = trace.stepsUntilSnapshot();
	}
	return [why, left];
}
