/**
 * Read-only memory on the bus (QEMU virt's mask ROM at 0x1000): loads read its bytes, little-endian;
 * stores fault, as a store to ROM does on QEMU (an access fault: the region has no write handler).
 * Its contents are set at boot (the reset vector and fw_dynamic_info) and so are part of the state.
 */
import type { AccessSize, Device } from './device';

export interface RomState {
	bytes: Uint8Array;
}

export class Rom implements Device {
	private bytes: Uint8Array;

	constructor(
		readonly name: string,
		readonly size: number
	) {
		this.bytes = new Uint8Array(size);
	}

	/** Replace the contents (shorter data leaves the rest zero). */
	program(data: Uint8Array): void {
		if (data.length > this.size)
			throw new RangeError(`${this.name}: ${data.length} bytes do not fit in ${this.size}`);
		this.bytes = new Uint8Array(this.size);
		this.bytes.set(data);
	}

	read(offset: number, size: AccessSize): number {
		let v = 0;
		for (let i = size - 1; i >= 0; i--) v = (v << 8) | (this.bytes[offset + i] ?? 0);
		return v >>> 0;
	}

	write(): boolean {
		return false;
	}

	reset(): void {
		this.bytes = new Uint8Array(this.size);
	}

	snapshot(): RomState {
		return { bytes: this.bytes.slice() };
	}

	restore(s: RomState): void {
		this.bytes = s.bytes.slice();
	}
}
