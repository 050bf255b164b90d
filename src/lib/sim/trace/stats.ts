/**
 * Statistics, always on: per hart and per privilege mode, instructions, cycles, traps by cause, TLB
 * hits/misses, page walks and the walker's memory references. Totals are the counters the machine
 * already keeps (read when viewed); traps are counted by the trap hook and per-mode figures are split
 * at the mode changes the trap and return hooks report (per trap and per MRET/SRET, out of line: never
 * per instruction). A mode change neither hook saw (a debugger or test setting the mode) leaves the
 * split marked inexact (`perModeExact: false`).
 */
import type { Hart } from '../hart/hart';
import type { ModeNumber } from './events';
import type { TraceHub } from './hub';

export const MODE_NAMES: Record<ModeNumber, 'U' | 'S' | 'M'> = { 0: 'U', 1: 'S', 3: 'M' };

export interface ModeStats {
	instructions: number;
	cycles: number;
}

export interface HartStats {
	hart: number;
	instructions: number;
	cycles: number;
	traps: number;
	interrupts: number;
	/** Keyed by mcause value as a decimal string (interrupt bit included, so interrupts sort apart). */
	trapsByCause: Record<string, number>;
	perMode: Record<'U' | 'S' | 'M', ModeStats>;
	perModeExact: boolean;
	/** Present once the hart has an MMU. */
	tlb?: { hits: number; misses: number };
	walks?: number;
	/** PTE reads and A/D writes made by walks, when the MMU counts them. */
	walkMemoryRefs?: number;
}

/** The part of the statistics that is not in the machine: saved with every history snapshot. */
export interface StatsState {
	harts: {
		interrupts: number;
		byCause: [number, number][];
		mode: ModeNumber;
		epochInstret: number;
		epochCycles: number;
		perMode: [number, number][];
		exact: boolean;
	}[];
}

/** The MMU as the statistics read it (it lives on the hart once Sv32 is wired in). */
interface MmuCounters {
	walks: number;
	pteReads?: number;
	pteWrites?: number;
	tlb: { hits: number; misses: number } | null;
}

class HartCounters {
	interrupts = 0;
	byCause = new Map<number, number>();
	mode: ModeNumber = 3;
	epochInstret = 0;
	epochCycles = 0;
	/** Index by mode number: [instructions, cycles]. */
	perMode: [number, number][] = [
		[0, 0],
		[0, 0],
		[0, 0],
		[0, 0]
	];
	exact = true;

	close(h: Hart, instret: number, from: ModeNumber, to: ModeNumber): void {
		if (from !== this.mode) this.exact = false;
		const slot = this.perMode[this.mode];
		slot[0] += instret - this.epochInstret;
		slot[1] += h.cycles - this.epochCycles;
		this.epochInstret = instret;
		this.epochCycles = h.cycles;
		this.mode = to;
	}
}

export class Statistics {
	private readonly harts: HartCounters[];
	private readonly machineHarts: readonly Hart[];

	constructor(hub: TraceHub) {
		this.machineHarts = hub.machine.harts;
		this.harts = this.machineHarts.map(() => new HartCounters());
		this.reset();
		hub.tapTraps((h, cause, from, to) => {
			const c = this.harts[h.hartId];
			c.byCause.set(cause, (c.byCause.get(cause) ?? 0) + 1);
			if (cause >>> 31) c.interrupts++;
			c.close(h, h.instret, from, to);
		});
		// The xRET itself retired in the mode it returns from: its cycles are in h.cycles already, and
		// instret counts it after the hook (the interpreter syncs instret before out-of-line ops).
		hub.tapReturns((h, from, to) => this.harts[h.hartId].close(h, h.instret + 1, from, to));
	}

	/** Start counting from the machine's current state (after a load). */
	reset(): void {
		this.machineHarts.forEach((h, i) => {
			const c = (this.harts[i] = new HartCounters());
			c.mode = h.mode as ModeNumber;
			c.epochInstret = h.instret;
			c.epochCycles = h.cycles;
		});
	}

	/** Steps taken (retired instructions and exceptions; interrupts are not steps), all harts. */
	steps(): number {
		let n = 0;
		this.machineHarts.forEach((h, i) => (n += h.instret + h.traps - this.harts[i].interrupts));
		return n;
	}

	view(): HartStats[] {
		return this.machineHarts.map((h, i) => {
			const c = this.harts[i];
			const perMode = {} as Record<'U' | 'S' | 'M', ModeStats>;
			for (const m of [0, 1, 3] as ModeNumber[]) {
				const [ins, cyc] = c.perMode[m];
				const open = m === c.mode;
				perMode[MODE_NAMES[m]] = {
					instructions: ins + (open ? h.instret - c.epochInstret : 0),
					cycles: cyc + (open ? h.cycles - c.epochCycles : 0)
				};
			}
			const out: HartStats = {
				hart: h.hartId,
				instructions: h.instret,
				cycles: h.cycles,
				traps: h.traps,
				interrupts: c.interrupts,
				trapsByCause: Object.fromEntries([...c.byCause].map(([k, v]) => [String(k >>> 0), v])),
				perMode,
				// A mode change the statistics did not see shows as a hart in another mode than counted.
				perModeExact: c.exact && h.mode === c.mode
			};
			const mmu: MmuCounters | undefined = h.mmu;
			if (mmu) {
				if (mmu.tlb) out.tlb = { hits: mmu.tlb.hits, misses: mmu.tlb.misses };
				out.walks = mmu.walks;
				if (mmu.pteReads !== undefined) out.walkMemoryRefs = mmu.pteReads + (mmu.pteWrites ?? 0);
			}
			return out;
		});
	}

	getState(): StatsState {
		return {
			harts: this.harts.map((c) => ({
				interrupts: c.interrupts,
				byCause: [...c.byCause],
				mode: c.mode,
				epochInstret: c.epochInstret,
				epochCycles: c.epochCycles,
				perMode: c.perMode.map(([a, b]) => [a, b] as [number, number]),
				exact: c.exact
			}))
		};
	}

	setState(s: StatsState): void {
		s.harts.forEach((st, i) => {
			const c = (this.harts[i] = new HartCounters());
			c.interrupts = st.interrupts;
			c.byCause = new Map(st.byCause);
			c.mode = st.mode;
			c.epochInstret = st.epochInstret;
			c.epochCycles = st.epochCycles;
			c.perMode = st.perMode.map(([a, b]) => [a, b] as [number, number]);
			c.exact = st.exact;
		});
	}
}
