/**
 * The machine's state without its RAM, and restoring it over RAM the caller has already put back.
 * History keeps RAM as page versions and the rest as plain data; copying all of RAM on every
 * snapshot (128 MiB by default) is what this avoids.
 *
 * Stopgap: Machine.snapshot() and restore() always copy RAM. Until the machine offers
 * `snapshot({ ram: false })` and `restore(s, { ram: 'kept' })`, the two functions below suppress that
 * copy by shadowing one method on the instance for the duration of the call (and removing it after,
 * even on a throw). Everything else is Machine's own code, so new machine state (MMU, PLIC, firmware)
 * is carried without this file knowing.
 */
import { CODE_BREAK, CODE_NONE, CODE_WATCH, type Ram } from '../bus/ram';
import type { Machine, MachineSnapshot } from '../machine/machine';

const NO_RAM = new Uint8Array(0);

/** Everything in machine.snapshot() except RAM (`ram` is an empty array). */
export function snapshotWithoutRam(m: Machine): MachineSnapshot {
	const u8: object = m.ram.u8;
	Object.defineProperty(u8, 'slice', { value: () => NO_RAM, configurable: true });
	try {
		return m.snapshot();
	} finally {
		delete (u8 as { slice?: unknown }).slice;
	}
}

/** machine.restore(s) for everything but RAM, which the caller has restored (see dropDecoded). */
export function restoreWithoutRam(m: Machine, s: MachineSnapshot): void {
	const ram: object = m.ram;
	Object.defineProperty(ram, 'restoreAll', { value: () => {}, configurable: true });
	try {
		m.restore({ ...s, ram: m.ram.u8 });
	} finally {
		delete (ram as { restoreAll?: unknown }).restoreAll;
	}
}

/**
 * Forget decoded instructions in one 4 KiB page whose bytes were replaced behind the RAM's back
 * (as Ram.restoreAll does for every page); breakpoint and watch markers stay.
 */
export function dropDecoded(ram: Ram, page: number): void {
	if (!ram.codePages[page]) return;
	const code = ram.code;
	for (let w = page << 10, end = w + 1024; w < end; w++)
		if (code[w] !== CODE_BREAK && code[w] !== CODE_WATCH) code[w] = CODE_NONE;
}
