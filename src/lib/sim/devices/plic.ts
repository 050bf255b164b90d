/**
 * PLIC, the platform-level interrupt controller of QEMU's virt machine (RISC-V PLIC specification
 * v1.0.0; layout as hw/intc/sifive_plic.c with virt's parameters):
 *   0x000000 + 4·src            priority of source src (1..95; 0 = never interrupts)
 *   0x001000 + 4·word           pending bits, 32 sources per word (read-only here)
 *   0x002000 + 0x80·ctx + 4·w   enable bits of context ctx
 *   0x200000 + 0x1000·ctx       priority threshold of context ctx
 *   0x200004 + 0x1000·ctx       claim (read) / complete (write)
 * Contexts are two per hart, as on virt: 2·hart is the hart's M-mode context (drives mip.MEIP),
 * 2·hart + 1 its S-mode context (drives mip.SEIP).
 *
 * Sources are level-triggered (the UART's interrupt line): the gateway turns a high line into one
 * request, sets the pending bit, and sends no further request until the claim has been completed
 * ("Interrupt Gateways"). A pending bit is cleared only by a claim, so a line that drops after the
 * request still leaves it pending; the handler then finds nothing to do in the device, which the
 * spec allows.
 */
import type { AccessSize, Device, DeviceHost, Lifecycle } from './device';
import { MIP_SEIP, MIP_MEIP } from '../hart/csr-bits';

/** virt: VIRT_IRQCHIP_NUM_SOURCES = 96 (source 0 is "no interrupt"). */
export const PLIC_SOURCES = 96;
/** virt: VIRT_IRQCHIP_NUM_PRIO_BITS = 3, so priorities and thresholds are 0..7 (WARL). */
export const PLIC_MAX_PRIORITY = 7;
/** The UART's source number on virt (UART0_IRQ). */
export const UART0_IRQ = 10;

const PENDING_BASE = 0x1000;
const ENABLE_BASE = 0x2000;
const ENABLE_STRIDE = 0x80;
const CONTEXT_BASE = 0x20_0000;
const CONTEXT_STRIDE = 0x1000;
const WORDS = PLIC_SOURCES / 32;

export interface PlicState {
	priority: number[];
	/** Pending bits, 32 sources per word. */
	pending: number[];
	/** Claimed and not yet completed, 32 sources per word. */
	inFlight: number[];
	/** Each source's input line (level). */
	level: number[];
	/** Per context: enable words. */
	enable: number[][];
	threshold: number[];
}

export class Plic implements Device, Lifecycle<PlicState> {
	readonly name = 'plic';
	private priority: number[];
	private pending: number[];
	private inFlight: number[];
	private level: number[];
	private enable: number[][];
	private threshold: number[];
	/** The level each context last drove, so setInterrupt is called only on a change. */
	private driven: boolean[];
	readonly contexts: number;

	constructor(
		private readonly host: DeviceHost,
		harts: number
	) {
		this.contexts = 2 * harts;
		this.priority = new Array(PLIC_SOURCES).fill(0);
		this.pending = new Array(WORDS).fill(0);
		this.inFlight = new Array(WORDS).fill(0);
		this.level = new Array(PLIC_SOURCES).fill(0);
		this.enable = Array.from({ length: this.contexts }, () => new Array(WORDS).fill(0));
		this.threshold = new Array(this.contexts).fill(0);
		this.driven = new Array(this.contexts).fill(false);
	}

	/** Power-on state: everything zero (priorities 0, so nothing can interrupt). Lines keep their level. */
	reset(): void {
		this.priority.fill(0);
		this.pending.fill(0);
		this.inFlight.fill(0);
		for (const e of this.enable) e.fill(0);
		this.threshold.fill(0);
		for (let src = 1; src < PLIC_SOURCES; src++) if (this.level[src]) this.gateway(src);
		this.update();
	}

	/** A device's interrupt line (level-triggered). Source 0 and unknown sources are ignored. */
	setSource(src: number, high: boolean): void {
		if (!(src > 0 && src < PLIC_SOURCES)) return;
		this.level[src] = high ? 1 : 0;
		if (high) this.gateway(src);
		this.update();
	}

	/** The gateway: a high line becomes a pending request unless one is pending or being served. */
	private gateway(src: number): void {
		const w = src >>> 5;
		const bit = 1 << (src & 31);
		if ((this.inFlight[w] | this.pending[w]) & bit) return;
		this.pending[w] |= bit;
	}

	/** The best source for a context: pending, enabled, priority above threshold; ties → lowest id. */
	private best(ctx: number): number {
		let best = 0;
		let bestPriority = this.threshold[ctx];
		const en = this.enable[ctx];
		for (let w = 0; w < WORDS; w++) {
			let bits = this.pending[w] & en[w];
			while (bits !== 0) {
				const low = bits & -bits;
				const src = 32 * w + 31 - Math.clz32(low);
				bits ^= low;
				// §"Interrupt Priorities": a source with priority 0 never interrupts; strictly greater than
				// the threshold; equal priorities go to the lowest source id (scanned in increasing order).
				if (this.priority[src] > bestPriority) {
					best = src;
					bestPriority = this.priority[src];
				}
			}
		}
		return best;
	}

	/** Drive MEIP/SEIP of every context whose best source changed between none and some. */
	private update(): void {
		for (let ctx = 0; ctx < this.contexts; ctx++) {
			const want = this.best(ctx) !== 0;
			if (want === this.driven[ctx]) continue;
			this.driven[ctx] = want;
			this.host.setInterrupt(ctx >>> 1, ctx & 1 ? MIP_SEIP : MIP_MEIP, want);
		}
	}

	/** §"Interrupt Claim Process": the best source's id (0 if none); its pending bit clears. */
	claim(ctx: number): number {
		const src = this.best(ctx);
		if (src !== 0) {
			this.pending[src >>> 5] &= ~(1 << (src & 31));
			this.inFlight[src >>> 5] |= 1 << (src & 31);
		}
		this.update();
		return src;
	}

	/**
	 * §"Interrupt Completion": the gateway may send the next request. A completion for a source not
	 * enabled for this context is ignored (the spec lets it be; QEMU does the same).
	 */
	complete(ctx: number, src: number): void {
		if (!(src > 0 && src < PLIC_SOURCES)) return;
		const w = src >>> 5;
		const bit = 1 << (src & 31);
		if (!(this.enable[ctx][w] & bit)) return;
		this.inFlight[w] &= ~bit;
		if (this.level[src]) this.gateway(src);
		this.update();
	}

	read(offset: number, size: AccessSize): number | undefined {
		if (size !== 4 || offset & 3) return undefined;
		if (offset < PENDING_BASE) return offset >>> 2 < PLIC_SOURCES ? this.priority[offset >>> 2] : 0;
		if (offset < ENABLE_BASE) {
			const w = (offset - PENDING_BASE) >>> 2;
			return w < WORDS ? this.pending[w] >>> 0 : 0;
		}
		if (offset < CONTEXT_BASE) {
			const ctx = Math.floor((offset - ENABLE_BASE) / ENABLE_STRIDE);
			const w = ((offset - ENABLE_BASE) % ENABLE_STRIDE) >>> 2;
			return ctx < this.contexts && w < WORDS ? this.enable[ctx][w] >>> 0 : 0;
		}
		const ctx = Math.floor((offset - CONTEXT_BASE) / CONTEXT_STRIDE);
		const reg = (offset - CONTEXT_BASE) % CONTEXT_STRIDE;
		if (ctx >= this.contexts) return 0;
		if (reg === 0) return this.threshold[ctx];
		if (reg === 4) return this.claim(ctx);
		return 0;
	}

	write(offset: number, size: AccessSize, value: number): boolean {
		if (size !== 4 || offset & 3) return false;
		if (offset < PENDING_BASE) {
			const src = offset >>> 2;
			if (src > 0 && src < PLIC_SOURCES) this.priority[src] = value & PLIC_MAX_PRIORITY;
		} else if (offset < ENABLE_BASE) {
			return true; // pending bits are read-only here (as in QEMU's PLIC)
		} else if (offset < CONTEXT_BASE) {
			const ctx = Math.floor((offset - ENABLE_BASE) / ENABLE_STRIDE);
			const w = ((offset - ENABLE_BASE) % ENABLE_STRIDE) >>> 2;
			// Bit 0 of word 0 is source 0, which does not exist: hardwired to zero.
			if (ctx < this.contexts && w < WORDS) this.enable[ctx][w] = (w === 0 ? value & ~1 : value) | 0;
		} else {
			const ctx = Math.floor((offset - CONTEXT_BASE) / CONTEXT_STRIDE);
			const reg = (offset - CONTEXT_BASE) % CONTEXT_STRIDE;
			if (ctx >= this.contexts) return true;
			if (reg === 0) this.threshold[ctx] = value & PLIC_MAX_PRIORITY;
			else if (reg === 4) this.complete(ctx, value >>> 0);
		}
		this.update();
		return true;
	}

	snapshot(): PlicState {
		return {
			priority: [...this.priority],
			pending: [...this.pending],
			inFlight: [...this.inFlight],
			level: [...this.level],
			enable: this.enable.map((e) => [...e]),
			threshold: [...this.threshold]
		};
	}

	/** Restore registers; the harts' mip bits are restored with the harts, so they are not driven. */
	restore(s: PlicState): void {
		this.priority = [...s.priority];
		this.pending = [...s.pending];
		this.inFlight = [...s.inFlight];
		this.level = [...s.level];
		this.enable = s.enable.map((e) => [...e]);
		this.threshold = [...s.threshold];
		for (let ctx = 0; ctx < this.contexts; ctx++) this.driven[ctx] = this.best(ctx) !== 0;
	}
}
