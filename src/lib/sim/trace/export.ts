/**
 * Trace export: JSON Lines (one event per line, as the hub emits them) and the Chrome Trace Event
 * format (the JSON Object Format with `traceEvents`), which Perfetto and chrome://tracing open.
 *
 * Chrome layout: one process per layer (cpu, mmu, devices, firmware, later hypervisor) and one thread
 * per hart inside it, so every (layer, hart) pair is its own track. Mode residency (how long each hart
 * spent in M, S, U) is drawn as complete events ("ph":"X") on the cpu track, from trap and trap-return
 * events; everything else is an instant event ("ph":"i", thread scope). `ts` is in microseconds of
 * simulated time (cycles / cpuHz), never wall time.
 */
import { causeName } from '../hart/causes';
import { layerOf, type Layer, type ModeNumber, type TraceEvent } from './events';
import { MODE_NAMES } from './stats';

/** One event as a line of JSON (no trailing newline). */
export function toJsonLine(e: TraceEvent): string {
	return JSON.stringify(e);
}

export function toJsonLines(events: Iterable<TraceEvent>): string {
	let s = '';
	for (const e of events) s += `${toJsonLine(e)}\n`;
	return s;
}

/** A Chrome trace event (the fields this exporter writes). */
export interface ChromeEvent {
	name: string;
	ph: 'i' | 'X' | 'M';
	ts: number;
	pid: number;
	tid: number;
	dur?: number;
	s?: 't' | 'p' | 'g';
	cat?: string;
	args?: Record<string, unknown>;
}

export interface ChromeTrace {
	traceEvents: ChromeEvent[];
	displayTimeUnit: 'ns' | 'ms';
	otherData: Record<string, string | number>;
}

export interface ChromeTraceOptions {
	/** Core clock, for ts = cycles / cpuHz µs (default 100 MHz, the machine's default). */
	cpuHz?: number;
	harts: number;
	/** Each hart's mode when the trace starts (default M, the reset mode). */
	initialModes?: ModeNumber[];
	/** The cycle the first events happen after (default 0). */
	startCycle?: number;
	/** Names of the VMs: a VM's events go on a track of their own, named after it. */
	vmNames?: readonly string[];
}

/** VM tracks come after the harts' (tid = VM_TRACK + vm index). */
const VM_TRACK = 100;

const LAYER_PID: Record<Layer, number> = {
	cpu: 1,
	mmu: 2,
	devices: 3,
	firmware: 4,
	hypervisor: 5,
	guest: 6
};

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** A short name for the timeline. */
function nameOf(e: TraceEvent): string {
	switch (e.kind) {
		case 'insn':
			return hex(e.pc);
		case 'trap':
			return `${e.cause >>> 31 ? 'interrupt' : 'trap'}: ${causeName(e.cause)}`;
		case 'interrupt':
			return `interrupt ${e.code}`;
		case 'trap-return':
			return `return to ${MODE_NAMES[e.to]}`;
		case 'csr-write':
			return `csr ${hex(e.csr)}`;
		case 'page-walk':
			return `walk ${hex(e.va)}${e.ok ? '' : ' (fault)'}`;
		case 'tlb-flush':
			return 'sfence.vma';
		case 'device-access':
			return `${e.device} ${e.write ? 'write' : 'read'} +${hex(e.offset)}`;
		case 'device-event':
			return `${e.device} ${e.what}`;
		case 'firmware-call':
			return `sbi ${hex(e.eid)}/${e.fid}`;
		case 'firmware-event':
			return `firmware ${e.what}`;
		case 'tlb-lookup':
			return `tlb ${e.hit ? 'hit' : 'miss'} ${hex(e.va)}`;
		case 'interrupt-pending':
			return `irq ${e.code} ${e.pending ? 'pending' : 'clear'}`;
		default:
			return (e as { kind: string }).kind;
	}
}

/** Collects events and produces the Chrome trace object. */
export class ChromeTraceBuilder {
	private readonly out: ChromeEvent[] = [];
	private readonly usPerCycle: number;
	private readonly mode: ModeNumber[];
	private readonly since: number[];
	private readonly layers = new Set<Layer>(['cpu']);

	constructor(private readonly opts: ChromeTraceOptions) {
		this.usPerCycle = 1e6 / (opts.cpuHz ?? 100_000_000);
		this.mode = Array.from({ length: opts.harts }, (_, i) => opts.initialModes?.[i] ?? 3);
		this.since = new Array(opts.harts).fill(opts.startCycle ?? 0);
	}

	private ts(cycle: number): number {
		return cycle * this.usPerCycle;
	}

	/** Close the current mode span of a hart at `cycle` and open one in `next`. */
	private switchMode(hart: number, cycle: number, next: ModeNumber): void {
		const from = this.since[hart];
		if (cycle > from)
			this.out.push({
				name: `${MODE_NAMES[this.mode[hart]]}-mode`,
				cat: 'mode',
				ph: 'X',
				ts: this.ts(from),
				dur: this.ts(cycle) - this.ts(from),
				pid: LAYER_PID.cpu,
				tid: hart
			});
		this.mode[hart] = next;
		this.since[hart] = cycle;
	}

	add(e: TraceEvent): void {
		const { kind, cycle, hart, vm, ...args } = e;
		if (e.kind === 'trap' || e.kind === 'trap-return') this.switchMode(hart, cycle, e.to);
		const layer = layerOf(kind);
		this.layers.add(layer);
		this.out.push({
			name: nameOf(e),
			cat: kind,
			ph: 'i',
			s: 't',
			ts: this.ts(cycle),
			pid: LAYER_PID[layer],
			tid: vm === undefined || !this.opts.vmNames ? hart : VM_TRACK + vm,
			args: vm === undefined ? args : { vm, hart, ...args }
		});
	}

	/** The finished trace; `endCycles[h]` closes each hart's last mode span. */
	finish(endCycles: readonly number[]): ChromeTrace {
		endCycles.forEach((c, h) => this.switchMode(h, c, this.mode[h]));
		const meta: ChromeEvent[] = [];
		for (const layer of this.layers) {
			const pid = LAYER_PID[layer];
			meta.push({ name: 'process_name', ph: 'M', ts: 0, pid, tid: 0, args: { name: layer } });
			meta.push({ name: 'process_sort_index', ph: 'M', ts: 0, pid, tid: 0, args: { sort_index: pid } });
			for (let h = 0; h < this.opts.harts; h++)
				meta.push({ name: 'thread_name', ph: 'M', ts: 0, pid, tid: h, args: { name: `hart ${h}` } });
			this.opts.vmNames?.forEach((name, i) =>
				meta.push({
					name: 'thread_name',
					ph: 'M',
					ts: 0,
					pid,
					tid: VM_TRACK + i,
					args: { name: `vm ${name}` }
				})
			);
		}
		return {
			traceEvents: [...meta, ...this.out],
			displayTimeUnit: 'ns',
			otherData: { generator: 'vmscope', clock: 'simulated cycles / cpuHz' }
		};
	}
}
