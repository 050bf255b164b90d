/**
 * Adapters from the machine's hooks to typed events, one per hook ("source"). The hub installs a
 * source while any kind that needs it has a subscriber; each install returns its uninstall.
 *
 *   retire   hart.hooks.retire  insn (with the memory it touched), csr-write, tlb-flush (SFENCE.VMA)
 *   trap     hart.hooks.trap    trap, interrupt (and the statistics' trap counts, always)
 *   return   hart.hooks.return  trap-return (MRET/SRET; and the statistics' mode split, always)
 *   pending  hart.hooks.pending interrupt-pending (a mip bit changed)
 *   walk     machine.hooks.walk page-walk
 *   tlb      machine.hooks.lookup  tlb-lookup
 *   bus      bus.hooks.deviceAccess  device-access             (MMIO that reached a device)
 *   queue    events.hooks.dispatch, machine.hooks.device  device-event (queued work; console bytes)
 *   firmware sbi.hooks.call, sbi.hooks.event  firmware-call, firmware-event (the TypeScript SBI)
 *   reported machine.hooks.report  kinds registered later (registerEventKind), reported by their component
 */
import { CSR_TABLE } from '../hart/csr-file';
import type { Hart } from '../hart/hart';
import type { DueEvent } from '../machine/events';
import type { Machine } from '../machine/machine';
import type { WalkRecord } from '../mmu/walk-record';
import type { EventKind, EventOf, ModeNumber, TraceEvent } from './events';

export type SourceName =
	'retire' | 'trap' | 'return' | 'pending' | 'walk' | 'tlb' | 'bus' | 'queue' | 'firmware' | 'reported';

/** The built-in kinds' sources; a kind registered later is reported by its component (sourceOf). */
export const SOURCE_OF: Record<string, SourceName> = {
	insn: 'retire',
	'csr-write': 'retire',
	'tlb-flush': 'retire',
	trap: 'trap',
	interrupt: 'trap',
	'trap-return': 'return',
	'interrupt-pending': 'pending',
	'page-walk': 'walk',
	'tlb-lookup': 'tlb',
	'device-access': 'bus',
	'device-event': 'queue',
	'firmware-call': 'firmware',
	'firmware-event': 'firmware'
};

/**
 * Where a kind's events come from. A kind registered with registerEventKind (the hypervisor's vm-exit,
 * say) has no hook of its own: its component reports it through machine.report().
 */
export function sourceOf(kind: string): SourceName {
	return Object.hasOwn(SOURCE_OF, kind) ? SOURCE_OF[kind] : 'reported';
}

/** What an adapter needs from the hub. */
export interface Emitter {
	readonly want: Record<string, boolean>;
	muted: boolean;
	emit(event: TraceEvent): void;
	emitIf<K extends EventKind>(kind: K, make: () => Omit<EventOf<K>, 'kind'>): void;
	trapTapped(h: Hart, cause: number, from: ModeNumber, to: ModeNumber): void;
	returnTapped(h: Hart, from: ModeNumber, to: ModeNumber): void;
}

interface Adapter {
	available(m: Machine): boolean;
	install(m: Machine, out: Emitter): () => void;
}

/** SFENCE.VMA rs1, rs2 (privileged §4.2.1): funct7 0001001, rd = 0, funct3 = 0, SYSTEM. */
const isSfence = (bits: number) => (bits & 0xfe007fff) === 0x12000073;
/** A Zicsr instruction (SYSTEM opcode, funct3 ≠ 0, ≠ 4) that writes (unprivileged §9.1). */
function csrWritten(bits: number): number {
	if ((bits & 0x7f) !== 0x73) return -1;
	const f3 = (bits >>> 12) & 7;
	if (f3 === 0 || f3 === 4) return -1;
	const field = (bits >>> 15) & 31;
	return (f3 & 3) === 1 || field !== 0 ? bits >>> 20 : -1;
}

/** mstatus.MPP / SPP after a trap into M / S: the mode the trap came from (privileged §3.1.6.1). */
function previousMode(h: Hart, to: ModeNumber): ModeNumber {
	if (to === 3) return ((h.mstatus >>> 11) & 3) as ModeNumber;
	if (to === 1) return ((h.mstatus >>> 8) & 1) as ModeNumber;
	return 0;
}

// Major opcodes of the instructions that touch data memory (unprivileged §2.6, §8.1).
const LOAD = 0x03;
const STORE = 0x23;
const AMO = 0x2f;
const LR = 0b00010;
const SC = 0b00011;

/** The memory a retired load, store or AMO touched, from the addresses the hart kept for the hook. */
function memoryOf(h: Hart, bits: number): EventOf<'insn'>['mem'] {
	const opcode = bits & 0x7f;
	if (opcode !== LOAD && opcode !== STORE && opcode !== AMO) return undefined;
	const funct5 = bits >>> 27;
	// funct3 bits 1:0 are log2 of the size for loads and stores; LR/SC/AMO here are .W only.
	const size = opcode === AMO ? 4 : 1 << ((bits >>> 12) & 3);
	// Unprivileged §8.2 (Zalrsc): "If the SC.W fails, the instruction does not write to memory".
	const write = opcode === STORE || (opcode === AMO && (funct5 === SC ? h.scSucceeded : funct5 !== LR));
	return { va: h.memVa >>> 0, pa: h.memPa, size, write };
}

const retire: Adapter = {
	available: () => true,
	install(m, out) {
		const want = out.want;
		return m.onAllHarts((h) => {
			const hart = h.hartId;
			return h.hooks.retire.add((pc, bits, rd, value) => {
				if (want.insn && !out.muted) {
					const mem = memoryOf(h, bits);
					const e: EventOf<'insn'> = { kind: 'insn', cycle: h.cycles, hart, pc, bits, rd, value };
					if (mem) e.mem = mem;
					out.emit(e);
				}
				if ((bits & 0x7f) !== 0x73) return; // SYSTEM opcode only from here on
				if (isSfence(bits)) {
					const rs1 = (bits >>> 15) & 31;
					const rs2 = (bits >>> 20) & 31;
					out.emitIf('tlb-flush', () => ({
						cycle: h.cycles,
						hart,
						pc,
						vaddr: rs1 ? h.x[rs1] >>> 0 : 0,
						asid: rs2 ? h.x[rs2] & 0x1ff : 0,
						all: rs1 === 0
					}));
				} else if (want['csr-write']) {
					const csr = csrWritten(bits);
					// Reading back through the table has no side effects (no CSR here reads destructively).
					if (csr >= 0)
						out.emitIf('csr-write', () => ({
							cycle: h.cycles,
							hart,
							pc,
							csr,
							value: (CSR_TABLE[csr]?.read(h) ?? 0) >>> 0
						}));
				}
			});
		});
	}
};

/** MRET/SRET, from the hart's return hook: out of line, so the statistics can keep it installed. */
const xret: Adapter = {
	available: () => true,
	install(m, out) {
		return m.onAllHarts((h) => {
			const hart = h.hartId;
			return h.hooks.return.add((pc, fromMode, toMode, target) => {
				const from = fromMode as ModeNumber;
				const to = toMode as ModeNumber;
				out.returnTapped(h, from, to);
				out.emitIf('trap-return', () => ({ cycle: h.cycles, hart, pc, from, to, target }));
			});
		});
	}
};

/**
 * mip changes, one event per interrupt bit that changed, whoever changed it: privileged §3.1.9, "MTIP
 * is read-only in the mip register, and is cleared by writing to the memory-mapped machine-mode timer
 * compare register"; MSIP and MEIP come from the CLINT and PLIC; STIP/SSIP/SEIP from M-mode software
 * (CSR writes, or the TypeScript firmware) and SEIP also from the PLIC.
 */
const pending: Adapter = {
	available: () => true,
	install(m, out) {
		return m.onAllHarts((h) => {
			const hart = h.hartId;
			return h.hooks.pending.add((before, after) => {
				for (let changed = before ^ after; changed !== 0; changed &= changed - 1) {
					const code = 31 - Math.clz32(changed & -changed);
					out.emitIf('interrupt-pending', () => ({
						cycle: h.cycles,
						hart,
						code,
						pending: ((after >>> code) & 1) === 1
					}));
				}
			});
		});
	}
};

const tlb: Adapter = {
	available: (m) => m.harts.some((h) => h.mmu.tlb !== null),
	install(m, out) {
		return m.hooks.lookup.add((hart, va, hit, asid) =>
			out.emitIf('tlb-lookup', () => ({
				cycle: m.harts[hart].cycles,
				hart,
				va: va >>> 0,
				hit,
				asid
			}))
		);
	}
};

const trap: Adapter = {
	available: () => true,
	install(m, out) {
		return m.onAllHarts((h) => {
			const hart = h.hartId;
			return h.hooks.trap.add((cause, tval, epc) => {
				const to = h.mode as ModeNumber;
				const from = previousMode(h, to);
				out.trapTapped(h, cause, from, to);
				if (out.muted) return;
				const interrupt = cause >>> 31 === 1;
				const tvec = to === 3 ? h.mtvec : h.stvec;
				const code = cause & 0x7fff_ffff;
				const handler = (interrupt && (tvec & 3) === 1 ? (tvec & ~3) + 4 * code : tvec & ~3) >>> 0;
				out.emitIf('trap', () => ({ cycle: h.cycles, hart, cause, tval, epc, from, to, handler }));
				if (interrupt) out.emitIf('interrupt', () => ({ cycle: h.cycles, hart, code, epc, to }));
			});
		});
	}
};

const walk: Adapter = {
	available: () => true,
	install(m, out) {
		return m.hooks.walk.add((hart: number, r: WalkRecord) =>
			out.emitIf('page-walk', () => ({
				cycle: m.harts[hart]?.cycles ?? m.cycles,
				hart,
				va: r.va >>> 0,
				access: r.access,
				ok: r.ok,
				paddr: r.paddr >>> 0,
				cause: r.cause,
				steps: r.steps.map((s) => ({
					level: s.level,
					pteAddr: s.pteAddr >>> 0,
					pte: s.pte === null ? null : s.pte >>> 0,
					decision: s.decision
				}))
			}))
		);
	}
};

/**
 * One event per access that reached a device (not RAM, not a faulting hole), from the bus's observer
 * list. It is the running hart's access (the machine knows which hart executes), at that hart's cycle:
 * the interpreter brings the clock up to date before any out-of-line access.
 */
const bus: Adapter = {
	available: () => true,
	install(m, out) {
		return m.bus.hooks.deviceAccess.add((range, offset, size, write, value) => {
			const h = m.harts[m.running];
			out.emitIf('device-access', () => ({
				cycle: h.cycles,
				hart: h.hartId,
				device: range.device.name,
				offset,
				size,
				write,
				value: value >>> 0
			}));
		});
	}
};

/**
 * Device events: queued device work as the queue dispatches it (`device.what`, the hart in a numeric
 * payload), and what devices report themselves (machine.hooks.device: a console byte, as `tx` of the
 * source that sent it, on the running hart, at its cycle).
 */
const queue: Adapter = {
	available: () => true,
	install(m, out) {
		const offDevice = m.hooks.device.add((hart, device, what, value) =>
			out.emitIf('device-event', () => ({
				cycle: m.harts[hart].cycles,
				hart,
				device,
				what,
				...(value !== undefined ? { value } : {})
			}))
		);
		const offQueue = m.events.hooks.dispatch.add((ev: DueEvent) => {
			const dot = ev.kind.indexOf('.');
			const payload = ev.payload;
			out.emitIf('device-event', () => ({
				cycle: ev.cycle,
				hart: typeof payload === 'number' ? payload : 0,
				device: dot > 0 ? ev.kind.slice(0, dot) : ev.kind,
				what: dot > 0 ? ev.kind.slice(dot + 1) : ev.kind,
				...(typeof payload === 'number' || typeof payload === 'string' ? { value: payload } : {})
			}));
		});
		return () => {
			offDevice();
			offQueue();
		};
	}
};

const firmware: Adapter = {
	available: () => true,
	install(m, out) {
		const offEvent = m.sbi.hooks.event.add((e) =>
			out.emitIf('firmware-event', () => ({
				cycle: m.harts[e.hart]?.cycles ?? m.cycles,
				hart: e.hart,
				what: e.what,
				value: e.value
			}))
		);
		const offCall = m.sbi.hooks.call.add((c) =>
			out.emitIf('firmware-call', () => ({
				cycle: m.harts[c.hart]?.cycles ?? m.cycles,
				hart: c.hart,
				eid: c.eid,
				fid: c.fid,
				error: c.error,
				value: c.value
			}))
		);
		return () => {
			offEvent();
			offCall();
		};
	}
};

/** Events components report themselves (machine.report), of the kinds someone wants. */
const reported: Adapter = {
	available: () => true,
	install(m, out) {
		return m.hooks.report.add((e) => {
			if (out.want[e.kind] && !out.muted) out.emit(e as unknown as TraceEvent); // a registered kind's payload is declared by its component
		});
	}
};

export const adapters: Record<SourceName, Adapter> = {
	retire,
	trap,
	return: xret,
	pending,
	walk,
	tlb,
	bus,
	queue,
	firmware,
	reported
};
