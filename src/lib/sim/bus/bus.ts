/**
 * The physical address space: RAM plus a map of MMIO ranges (TinyEMU's iomem ranges). The hart does
 * aligned RAM accesses itself (one unsigned compare against ram.size); everything else comes here.
 * Accesses to addresses nobody claims fail, and the hart turns that into an access fault with
 * tval = the address (privileged §3.7.1, "Physical Memory Attributes": a non-existent region).
 */
import type { AccessSize, Device } from '../devices/device';
import { HookList } from '../hart/hooks';
import { Ram } from './ram';

export interface MmioRange {
	readonly base: number;
	readonly size: number;
	readonly device: Device;
}

/**
 * An access a device answered: the range it reached, the offset in it, and the value read (zero-extended)
 * or written (the low `size` bytes of what the hart stored).
 */
export type DeviceAccessHook = (
	range: MmioRange,
	offset: number,
	size: AccessSize,
	write: boolean,
	value: number
) => void;

export class Bus {
	readonly ram: Ram;
	private ranges: MmioRange[] = [];
	/** Set by read/write when the access failed (no allocation per access). */
	faulted = false;
	/** Published by `hooks.deviceAccess`: undefined while nobody watches (add observers there). */
	onDeviceAccess: DeviceAccessHook | undefined = undefined;
	/**
	 * Observers of MMIO accesses that reached a device (not RAM, not a faulting hole or register);
	 * `add` returns the remover. RAM accesses never call them, so the RAM path costs nothing more.
	 */
	readonly hooks = {
		deviceAccess: new HookList<DeviceAccessHook>((f) => (this.onDeviceAccess = f))
	};

	constructor(ram: Ram) {
		this.ram = ram;
	}

	/** Map a device; ranges must not overlap each other or RAM. */
	map(base: number, size: number, device: Device): void {
		const end = base + size;
		const overlaps = (b: number, s: number) => base < b + s && b < end;
		if (overlaps(this.ram.base, this.ram.size)) throw new RangeError(`${device.name} overlaps RAM`);
		for (const r of this.ranges)
			if (overlaps(r.base, r.size)) throw new RangeError(`${device.name} overlaps ${r.device.name}`);
		this.ranges.push({ base, size, device });
		this.ranges.sort((a, b) => a.base - b.base);
	}

	get mmio(): readonly MmioRange[] {
		return this.ranges;
	}

	private find(addr: number, size: number): MmioRange | undefined {
		for (const r of this.ranges) if (addr >= r.base && addr + size <= r.base + r.size) return r;
		return undefined;
	}

	/** Read `size` bytes at a physical address (any alignment); zero-extended. */
	read(addr: number, size: AccessSize): number {
		addr >>>= 0;
		this.faulted = false;
		const off = this.ram.offset(addr, size);
		if (off >= 0) return this.ram.read(off, size) >>> 0;
		const r = this.find(addr, size);
		const v = r?.device.read(addr - r.base, size);
		if (r === undefined || v === undefined) {
			this.faulted = true;
			return 0;
		}
		this.onDeviceAccess?.(r, addr - r.base, size, false, v >>> 0);
		return v >>> 0;
	}

	/** Write the low `size` bytes of value at a physical address (any alignment). */
	write(addr: number, size: AccessSize, value: number): void {
		addr >>>= 0;
		this.faulted = false;
		const off = this.ram.offset(addr, size);
		if (off >= 0) return this.ram.write(off, size, value);
		const r = this.find(addr, size);
		if (!r || !r.device.write(addr - r.base, size, value)) this.faulted = true;
		else this.onDeviceAccess?.(r, addr - r.base, size, true, value);
	}
}
