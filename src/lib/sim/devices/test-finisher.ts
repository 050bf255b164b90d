/**
 * The SiFive test finisher of QEMU's `virt` machine (hw/misc/sifive_test.c): a write of 0x5555 ends
 * the run with exit code 0, 0x3333 | (code << 16) with `code`, 0x7777 asks for a reset. QEMU takes
 * 2- and 4-byte writes (its ops' valid sizes); OpenSBI powers off with a 16-bit `sh`, whose status is
 * the low half and whose code is 0. Other values are ignored, as QEMU does; reads return 0.
 */
import type { AccessSize, Device, DeviceHost, Lifecycle } from './device';

export const FINISHER_PASS = 0x5555;
export const FINISHER_FAIL = 0x3333;
export const FINISHER_RESET = 0x7777;

export class TestFinisher implements Device, Lifecycle<null> {
	readonly name = 'test-finisher';
	constructor(private readonly host: DeviceHost) {}

	/** No state: a write acts at once, and nothing is remembered. */
	reset(): void {}

	snapshot(): null {
		return null;
	}

	restore(): void {}

	read(): number {
		return 0;
	}

	write(offset: number, size: AccessSize, value: number): boolean {
		if (offset !== 0 || size === 1) return true;
		const status = value & 0xffff;
		if (status === FINISHER_PASS) this.host.stop({ kind: 'exited', code: 0, by: 'finisher' });
		else if (status === FINISHER_FAIL)
			this.host.stop({ kind: 'exited', code: value >>> 16, by: 'finisher' });
		else if (status === FINISHER_RESET) this.host.stop({ kind: 'reset', by: 'finisher' });
		return true;
	}
}
