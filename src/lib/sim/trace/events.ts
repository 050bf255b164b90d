/**
 * Typed trace events: what every layer reports about itself. One discriminated union on `kind`; each
 * event carries the machine cycle, the hart, and (once the hypervisor exists) the VM it happened in.
 *
 * The set of kinds is open: a later layer (hypervisor, disk, NIC) declares its events by extending
 * `TraceEventMap` with declaration merging and registering its kind with `registerEventKind`, and the
 * hub, the ring buffer, the exporters and the worker transport carry it unchanged (events are plain,
 * structured-clone-able data).
 */

/** Fields every event has. */
export interface EventBase {
	/** The hart's cycle count when the event happened (exact: the interpreter syncs it before a hook). */
	cycle: number;
	hart: number;
	/** The VM the event belongs to; absent on the bare machine. */
	vm?: number;
}

/** Privilege modes as in mstatus.MPP (privileged §1.2): 0 U, 1 S, 3 M. */
export type ModeNumber = 0 | 1 | 3;

/** Event payloads by kind. Layers added later extend this interface (declaration merging). */
export interface TraceEventMap {
	/**
	 * An instruction retired. `cycle` is the hart's clock after it: with a retire hook the interpreter
	 * brings the clock up to date before every call (test/unit/trace-cycles.test.ts).
	 */
	insn: {
		pc: number;
		bits: number;
		rd: number;
		value: number;
		/**
		 * The data memory a load, store, LR/SC or AMO touched: its virtual address, the physical one
		 * after translation (of the first byte, for an access split across pages), its size, and whether
		 * it wrote (AMOs always; SC only when it succeeded). Absent on every other instruction.
		 */
		mem?: { va: number; pa: number; size: number; write: boolean };
	};
	/** An exception or interrupt was taken (cause as in mcause, interrupt bit included). */
	trap: { cause: number; tval: number; epc: number; from: ModeNumber; to: ModeNumber; handler: number };
	/**
	 * MRET or SRET returned from a handler (from the hart's return hook: no per-instruction cost). It
	 * comes before the xRET's own `insn` event, at the same cycle.
	 */
	'trap-return': { pc: number; from: ModeNumber; to: ModeNumber; target: number };
	/** An interrupt was taken (also reported as a trap; this kind is for those who want only these). */
	interrupt: { code: number; epc: number; to: ModeNumber };
	/** A CSR instruction wrote a CSR: its number and the value it holds afterwards. */
	'csr-write': { pc: number; csr: number; value: number };
	/** One page walk (a TLB miss, or no TLB): each PTE read with its decision, and the result. */
	'page-walk': {
		va: number;
		access: number;
		ok: boolean;
		paddr: number;
		cause: number;
		steps: { level: number; pteAddr: number; pte: number | null; decision: string }[];
	};
	/** SFENCE.VMA (or a satp write) dropped TLB entries: vaddr/asid 0 with `all` when it flushed all. */
	'tlb-flush': { pc: number; vaddr: number; asid: number; all: boolean };
	/** A load or store reached a device register. */
	'device-access': { device: string; offset: number; size: number; write: boolean; value: number };
	/** A device did something on its own: a timer fired, the UART sent a byte. */
	'device-event': { device: string; what: string; value?: number | string };
	/** An SBI call handled by the firmware (extension, function, result). */
	'firmware-call': { eid: number; fid: number; error: number; value: number };
	/**
	 * The MMU consulted its TLB for a translation: hit when the TLB held the page. One per refill of
	 * the hart's one-page fetch/load/store windows and per slow-path access (see Mmu.onLookup).
	 */
	'tlb-lookup': { va: number; hit: boolean; asid: number };
	/** An interrupt's mip bit changed (code = the bit, as in mcause), whoever changed it. */
	'interrupt-pending': { code: number; pending: boolean };
	/**
	 * The firmware acted on its own account: 'timer-armed' by set_timer, 'timer-handoff' when the M
	 * timer it owns fired and it set STIP for S-mode. `value`: the deadline in mtime ticks.
	 */
	'firmware-event': { what: 'timer-armed' | 'timer-handoff'; value: number };
}

export type EventKind = keyof TraceEventMap & string;

/** One event: `{ kind, cycle, hart, vm?, ...payload }`. */
export type TraceEvent = { [K in EventKind]: { kind: K } & EventBase & TraceEventMap[K] }[EventKind];

/** The event of one kind. */
export type EventOf<K extends EventKind> = Extract<TraceEvent, { kind: K }>;

/** Which layer an event belongs to: the track it gets in a Chrome trace. */
export type Layer = 'cpu' | 'mmu' | 'devices' | 'firmware' | 'hypervisor' | 'guest';

interface KindInfo {
	layer: Layer;
	/** One line for people (the CLI's --trace-kinds help, the playground's filter). */
	describe: string;
}

const KINDS = new Map<string, KindInfo>([
	['insn', { layer: 'cpu', describe: 'instruction retired (pc, bits, register written)' }],
	['trap', { layer: 'cpu', describe: 'exception or interrupt taken (cause, tval, modes)' }],
	['trap-return', { layer: 'cpu', describe: 'MRET/SRET back to the interrupted mode' }],
	['interrupt', { layer: 'cpu', describe: 'interrupt taken' }],
	['csr-write', { layer: 'cpu', describe: 'CSR written by a CSR instruction' }],
	['page-walk', { layer: 'mmu', describe: 'Sv32 page walk with each PTE read' }],
	['tlb-flush', { layer: 'mmu', describe: 'SFENCE.VMA' }],
	['device-access', { layer: 'devices', describe: 'load/store to a device register' }],
	['device-event', { layer: 'devices', describe: 'device activity (timer fired, UART byte)' }],
	['firmware-call', { layer: 'firmware', describe: 'SBI call (extension, function, result)' }],
	['tlb-lookup', { layer: 'mmu', describe: 'TLB lookup (hit or miss) on a translation' }],
	['interrupt-pending', { layer: 'cpu', describe: 'an interrupt became pending or stopped being so' }],
	['firmware-event', { layer: 'firmware', describe: 'firmware timer armed / handed to S-mode' }]
]);

/** Declare a new event kind (a later layer's); its payload type goes into TraceEventMap. */
export function registerEventKind(kind: string, layer: Layer, describe: string): void {
	KINDS.set(kind, { layer, describe });
}

export function isEventKind(kind: string): kind is EventKind {
	return KINDS.has(kind);
}

export function eventKinds(): EventKind[] {
	return [...KINDS.keys()] as EventKind[];
}

export function layerOf(kind: string): Layer {
	return KINDS.get(kind)?.layer ?? 'guest';
}

export function describeKind(kind: string): string {
	return KINDS.get(kind)?.describe ?? kind;
}

/**
 * Parse a comma-separated kind list (`trap,insn`, or `all`); a string result is the error message
 * naming the unknown kind.
 */
export function parseKinds(list: string): EventKind[] | string {
	if (list.trim() === 'all') return eventKinds();
	const out: EventKind[] = [];
	for (const k of list.split(',').map((s) => s.trim())) {
		if (!isEventKind(k)) return `unknown event kind '${k}' (known: ${eventKinds().join(', ')}, all)`;
		if (!out.includes(k)) out.push(k);
	}
	return out;
}
