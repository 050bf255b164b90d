/**
 * Adapters from the machine's hooks to typed events, one per hook ("source"). The hub installs a
 * source while any kind that needs it has a subscriber; each install returns its uninstall.
 *
 *   retire   hart.onRetire      insn, trap-return (MRET/SRET), csr-write, tlb-flush (SFENCE.VMA)
 *   trap     hart.onTrap        trap, interrupt (and the statistics' trap counts, always)
 *   walk     machine.onWalk     page-walk
 *   bus      bus.read/write     device-access                  (instance wrappers, MMIO only)
 *   queue    events.popDue      device-event                   (instance wrapper)
 *   firmware machine.onFirmwareCall  firmware-call (SBI calls the TypeScript firmware answers)
 */
import type { AccessSize } from '../devices/device';
import { CSR_TABLE } from '../hart/csr-file';
import type { Hart } from '../hart/hart';
import type { DueEvent } from '../machine/events';
import type { Machine } from '../machine/machine';
import type { WalkRecord } from '../mmu/walk-record';
import type { EventKind, EventOf, ModeNumber, TraceEvent } from './events';

export type SourceName = 'retire' | 'trap' | 'walk' | 'bus' | 'queue' | 'firmware';

export const SOURCE_OF: Record<EventKind, SourceName> = {
	insn: 'retire',
	'trap-return': 'retire',
	'csr-write': 'retire',
	'tlb-flush': 'retire',
	trap: 'trap',
	interrupt: 'trap',
	'page-walk': 'walk',
	'device-access': 'bus',
	'device-event': 'queue',
	'firmware-call': 'firmware'
};

/** What an adapter needs from the hub. */
export interface Emitter {
	readonly want: Record<string, boolean>;
	muted: boolean;
	emit(event: TraceEvent): void;
	emitIf<K extends EventKind>(kind: K, make: () => Omit<EventOf<K>, 'kind'>): void;
	trapTapped(h: Hart, cause: number, from: ModeNumber, to: ModeNumber): void;
	readonly returnTaps: ((h: Hart, from: ModeNumber, to: ModeNumber) => void)[];
}

interface Adapter {
	available(m: Machine): boolean;
	install(m: Machine, out: Emitter): () => void;
}

const MRET = 0x30200073;
const SRET = 0x10200073;
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

const retire: Adapter = {
	available: () => true,
	install(m, out) {
		const want = out.want;
		const saved = m.harts.map((h) => h.onRetire);
		for (const h of m.harts) {
			const hart = h.hartId;
			h.onRetire = (pc, bits, rd, value) => {
				if (want.insn && !out.muted)
					out.emit({ kind: 'insn', cycle: h.cycles, hart, pc, bits, rd, value });
				if ((bits & 0x7f) !== 0x73) return; // SYSTEM opcode only from here on
				if (bits === MRET || bits === SRET) {
					const from: ModeNumber = bits === MRET ? 3 : 1;
					const to = h.mode as ModeNumber;
					for (const tap of out.returnTaps) tap(h, from, to);
					out.emitIf('trap-return', () => ({
						cycle: h.cycles,
						hart,
						pc,
						from,
						to,
						target: bits === MRET ? h.mepc >>> 0 : h.sepc >>> 0
					}));
				} else if (isSfence(bits)) {
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
			};
		}
		return () => m.harts.forEach((h, i) => (h.onRetire = saved[i]));
	}
};

const trap: Adapter = {
	available: () => true,
	install(m, out) {
		const saved = m.harts.map((h) => h.onTrap);
		for (const h of m.harts) {
			const hart = h.hartId;
			h.onTrap = (cause, tval, epc) => {
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
			};
		}
		return () => m.harts.forEach((h, i) => (h.onTrap = saved[i]));
	}
};

const walk: Adapter = {
	available: () => true,
	install(m, out) {
		m.onWalk = (hart: number, r: WalkRecord) =>
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
			}));
		return () => (m.onWalk = undefined);
	}
};

/** Name of the device mapped at a physical address, or undefined for RAM and holes. */
function deviceAt(m: Machine, addr: number): { name: string; offset: number } | undefined {
	for (const r of m.bus.mmio)
		if (addr >= r.base && addr < r.base + r.size) return { name: r.device.name, offset: addr - r.base };
	return undefined;
}

const bus: Adapter = {
	available: () => true,
	install(m, out) {
		const b = m.bus;
		const read = b.read.bind(b);
		const write = b.write.bind(b);
		const hart = () => m.harts.reduce((a, h) => (h.cycles < a.cycles ? h : a), m.harts[0]);
		// One event per access that reached a device (not RAM, not a faulting hole).
		const emit = (addr: number, size: AccessSize, write: boolean, value: number) => {
			const dev = m.ram.offset(addr >>> 0, size) < 0 ? deviceAt(m, addr >>> 0) : undefined;
			if (!dev || b.faulted) return;
			const h = hart();
			out.emitIf('device-access', () => ({
				cycle: h.cycles,
				hart: h.hartId,
				device: dev.name,
				offset: dev.offset,
				size,
				write,
				value: write ? value >>> 0 : value
			}));
		};
		// Instance properties shadow the prototype's methods; deleting them restores the originals.
		b.read = (addr: number, size: AccessSize) => {
			const value = read(addr, size);
			emit(addr, size, false, value);
			return value;
		};
		b.write = (addr: number, size: AccessSize, value: number) => {
			write(addr, size, value);
			emit(addr, size, true, value);
		};
		return () => {
			delete (b as Partial<typeof b>).read;
			delete (b as Partial<typeof b>).write;
		};
	}
};

const queue: Adapter = {
	available: () => true,
	install(m, out) {
		const q = m.events;
		const popDue = q.popDue.bind(q);
		q.popDue = (now: number): DueEvent | undefined => {
			const ev = popDue(now);
			if (ev) {
				const dot = ev.kind.indexOf('.');
				const payload = ev.payload;
				out.emitIf('device-event', () => ({
					cycle: ev.cycle,
					hart: typeof payload === 'number' ? payload : 0,
					device: dot > 0 ? ev.kind.slice(0, dot) : ev.kind,
					what: dot > 0 ? ev.kind.slice(dot + 1) : ev.kind,
					...(typeof payload === 'number' || typeof payload === 'string' ? { value: payload } : {})
				}));
			}
			return ev;
		};
		return () => delete (q as Partial<typeof q>).popDue;
	}
};

const firmware: Adapter = {
	available: () => true,
	install(m, out) {
		m.onFirmwareCall = (c) =>
			out.emitIf('firmware-call', () => ({
				cycle: m.harts[c.hart]?.cycles ?? m.cycles,
				hart: c.hart,
				eid: c.eid,
				fid: c.fid,
				error: c.error,
				value: c.value
			}));
		return () => (m.onFirmwareCall = null);
	}
};

export const adapters: Record<SourceName, Adapter> = { retire, trap, walk, bus, queue, firmware };
