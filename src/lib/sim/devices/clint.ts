/**
 * CLINT, the core-local interruptor of QEMU's virt machine (SiFive CLINT layout, as QEMU's ACLINT
 * emulates it; privileged spec §3.2.1 "Machine Timer Registers (mtime and mtimecmp)"):
 *   0x0000 + 4·hart  msip      bit 0 drives the hart's mip.MSIP (software interrupt, IPIs)
 *   0x4000 + 8·hart  mtimecmp  64-bit; mip.MTIP is set while mtime ≥ mtimecmp
 *   0xBFF8           mtime     64-bit, ticking at the timebase frequency, derived from the cycle clock
 * RV32 reaches the 64-bit registers as two 32-bit halves. The timer is an event on the machine's
 * queue at the cycle mtime reaches mtimecmp, so nothing polls it.
 */
import type { AccessSize, Device, DeviceHost, Lifecycle } from './device';
import { MIP_MSIP, MIP_MTIP } from '../hart/csr-bits';

const MSIP_BASE = 0x0000;
const MTIMECMP_BASE = 0x4000;
const MTIME = 0xbff8;
const TIMER_EVENT = 'clint.timer';
/** mtimecmp values from 2^53 up can never be reached by a clock kept exactly in a double. */
const NEVER = 2 ** 53;

export interface ClintState {
	msip: number[];
	/** mtimecmp as [low, high] 32-bit halves, exactly as software wrote them. */
	mtimecmp: [number, number][];
	/** mtime minus the time derived from the cycle clock (software may write mtime). */
	offset: number;
}

export class Clint implements Device, Lifecycle<ClintState> {
	readonly name = 'clint';
	private msip: number[];
	/** [low, high] halves; reset to all ones, so no timer interrupt is pending until software sets one. */
	private mtimecmp: [number, number][];
	private offset = 0;
	private timers: number[];

	constructor(
		private readonly host: DeviceHost,
		private readonly harts: number,
		/** Cycles per mtime tick (cpuHz / timebaseHz). */
		private readonly cyclesPerTick: number
	) {
		this.msip = new Array(harts).fill(0);
		this.mtimecmp = Array.from({ length: harts }, () => [0xffffffff, 0xffffffff] as [number, number]);
		this.timers = new Array(harts).fill(-1);
		host.events.on(TIMER_EVENT, (payload) => this.update(payload as number));
	}

	/** Power-on state (QEMU's too): no software interrupt, no timer armed, mtime from the clock. */
	reset(): void {
		this.msip.fill(0);
		for (const cmp of this.mtimecmp) cmp.fill(0xffffffff);
		this.offset = 0;
		this.timers.fill(-1);
	}

	/** mtime now: ticks of the timebase. */
	mtime(): number {
		return Math.floor(this.host.now() / this.cyclesPerTick) + this.offset;
	}

	read(offset: number, size: AccessSize): number | undefined {
		if (size !== 4 || offset & 3) return undefined;
		const hart = this.hartOf(offset);
		if (offset < MSIP_BASE + 4 * this.harts) return this.msip[offset >>> 2];
		if (hart >= 0) return this.mtimecmp[hart][(offset >>> 2) & 1];
		if (offset === MTIME || offset === MTIME + 4) return half(this.mtime(), offset & 4);
		return 0;
	}

	write(offset: number, size: AccessSize, value: number): boolean {
		if (size !== 4 || offset & 3) return false;
		if (offset < MSIP_BASE + 4 * this.harts) {
			const hart = offset >>> 2;
			this.msip[hart] = value & 1;
			this.host.setInterrupt(hart, MIP_MSIP, (value & 1) === 1);
			return true;
		}
		const hart = this.hartOf(offset);
		if (hart >= 0) {
			this.mtimecmp[hart][(offset >>> 2) & 1] = value >>> 0;
			this.update(hart);
		} else if (offset === MTIME || offset === MTIME + 4) {
			this.offset += withHalf(this.mtime(), offset & 4, value) - this.mtime();
			for (let h = 0; h < this.harts; h++) this.update(h);
		}
		return true;
	}

	/** Re-evaluate a hart's MTIP and (re)schedule the event for when mtime reaches mtimecmp. */
	private update(hart: number): void {
		const [lo, hi] = this.mtimecmp[hart];
		const cmp = hi >= 2 ** 21 ? NEVER : hi * 2 ** 32 + lo;
		const due = this.mtime() >= cmp;
		this.host.setInterrupt(hart, MIP_MTIP, due);
		if (this.timers[hart] >= 0) this.host.events.cancel(this.timers[hart]);
		this.timers[hart] = -1;
		const cycle = Math.ceil((cmp - this.offset) * this.cyclesPerTick);
		if (!due && cmp < NEVER && Number.isSafeInteger(cycle))
			this.timers[hart] = this.host.events.schedule(cycle, TIMER_EVENT, hart);
	}

	private hartOf(offset: number): number {
		const h = (offset - MTIMECMP_BASE) >>> 3;
		return offset >= MTIMECMP_BASE && h < this.harts ? h : -1;
	}

	snapshot(): ClintState {
		return { msip: [...this.msip], mtimecmp: this.mtimecmp.map(([l, h]) => [l, h]), offset: this.offset };
	}

	/** Restore registers; the machine restores the event queue (and the timer events in it) itself. */
	restore(s: ClintState): void {
		this.msip = [...s.msip];
		this.mtimecmp = s.mtimecmp.map(([l, h]) => [l, h]);
		this.offset = s.offset;
		this.timers = this.timers.map(
			(_, hart) =>
				this.host.events.pending().find((e) => e.kind === TIMER_EVENT && e.payload === hart)
					?.handle ?? -1
		);
	}
}

/** The low (hi = 0) or high (hi = 4) 32 bits of a 64-bit value held exactly in a double. */
function half(v: number, hi: number): number {
	return hi ? Math.floor(v / 2 ** 32) >>> 0 : (v % 2 ** 32) >>> 0;
}

/** v with one 32-bit half replaced. */
function withHalf(v: number, hi: number, value: number): number {
	return hi ? (value >>> 0) * 2 ** 32 + half(v, 0) : half(v, 4) * 2 ** 32 + (value >>> 0);
}
