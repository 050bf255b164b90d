/**
 * A tiny virtio-mmio driver in TypeScript for the unit tests: it pokes the transport's registers
 * through the bus and lays out one split queue in RAM, as a guest driver would (virtio 1.2 §3.1, §2.7).
 */
import { Machine } from '../../src/lib/sim/machine/machine';
import type { DiskSpec } from '../../src/lib/sim/machine/virtio-slots';
import { REG } from '../../src/lib/sim/devices/virtio/mmio';

export const RAM0 = 0x8000_0000;
export const DESC = RAM0 + 0x1_0000;
export const AVAIL = RAM0 + 0x1_1000;
export const USED = RAM0 + 0x1_2000;
export const BUF = RAM0 + 0x2_0000;
export const SLOT0 = 0x1000_1000;

export const F_INDIRECT = 1 << 28;
export const F_EVENT_IDX = 1 << 29;
export const F_VERSION_1_HI = 1; // bit 32

export function machineWith(disks: DiskSpec[]): Machine {
	return new Machine({ ramMiB: 1, disks });
}

export class Driver {
	availIdx = 0;
	usedSeen = 0;
	constructor(
		readonly m: Machine,
		readonly slot = 0,
		readonly num = 8
	) {}

	reg(off: number, value?: number): number {
		const a = SLOT0 + 0x1000 * this.slot + off;
		if (value === undefined) return this.m.bus.read(a, 4);
		this.m.bus.write(a, 4, value);
		return 0;
	}

	u16(addr: number, v?: number): number {
		if (v === undefined) {
			const b = this.m.dma.read(addr, 2)!;
			return b[0] | (b[1] << 8);
		}
		this.m.dma.write(addr, Uint8Array.of(v & 0xff, v >>> 8));
		return 0;
	}

	u32(addr: number): number {
		const b = this.m.dma.read(addr, 4)!;
		return new DataView(b.buffer).getUint32(0, true);
	}

	/** §3.1.1 steps 1-8 with these features (low word; VERSION_1 in the high word unless `hi` says). */
	init(lo = 0, hi = F_VERSION_1_HI): boolean {
		this.reg(REG.status, 0);
		this.reg(REG.status, 1);
		this.reg(REG.status, 3);
		this.reg(REG.driverFeaturesSel, 0);
		this.reg(REG.driverFeatures, lo);
		this.reg(REG.driverFeaturesSel, 1);
		this.reg(REG.driverFeatures, hi);
		this.reg(REG.status, 11);
		if (!(this.reg(REG.status) & 8)) return false;
		this.reg(REG.queueSel, 0);
		this.reg(REG.queueNum, this.num);
		this.reg(REG.queueDescLow, DESC);
		this.reg(REG.queueDriverLow, AVAIL);
		this.reg(REG.queueDeviceLow, USED);
		this.reg(REG.queueReady, 1);
		this.reg(REG.status, 15);
		return true;
	}

	desc(i: number, addr: number, len: number, flags: number, next = 0, table = DESC): void {
		const b = new Uint8Array(16);
		const v = new DataView(b.buffer);
		v.setUint32(0, addr, true);
		v.setUint32(8, len, true);
		v.setUint16(12, flags, true);
		v.setUint16(14, next, true);
		this.m.dma.write(table + 16 * i, b);
	}

	/** Make chain `head` available and notify. */
	submit(head: number, notify = true): void {
		this.u16(AVAIL + 4 + 2 * (this.availIdx % this.num), head);
		this.availIdx = (this.availIdx + 1) & 0xffff;
		this.u16(AVAIL + 2, this.availIdx);
		if (notify) this.reg(REG.queueNotify, 0);
	}

	/** Run every pending device event (completions) now. */
	drain(): void {
		this.m.events.runDue(Number.MAX_SAFE_INTEGER);
	}

	usedIdx(): number {
		return this.u16(USED + 2);
	}

	/** The used element at ring position i: [id, len]. */
	used(i: number): [number, number] {
		const at = USED + 4 + 8 * (i % this.num);
		return [this.u32(at), this.u32(at + 4)];
	}

	write(addr: number, bytes: Uint8Array): void {
		this.m.dma.write(addr, bytes);
	}

	read(addr: number, n: number): Uint8Array {
		return this.m.dma.read(addr, n)!;
	}
}

/** A virtio-blk request header (§5.2.6). */
export function blkHeader(type: number, sector: number): Uint8Array {
	const b = new Uint8Array(16);
	const v = new DataView(b.buffer);
	v.setUint32(0, type, true);
	v.setBigUint64(8, BigInt(sector), true);
	return b;
}
