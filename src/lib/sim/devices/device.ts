/**
 * The device contract: a memory-mapped device answers reads and writes at offsets inside its range
 * (TinyEMU's iomem callbacks). Devices never see the bus or the hart; what they need from the machine
 * (stopping it, a console sink, the clock and the event queue, interrupt lines, physical memory for
 * DMA) comes through DeviceHost, so a device is testable alone and the same device runs on the bare
 * machine or inside a VM, whose host maps DMA onto its guest-physical memory.
 */
import { EventQueue } from '../machine/events';
import type { StopReason } from '../machine/stop';

export type AccessSize = 1 | 2 | 4;

export interface Device {
	readonly name: string;
	/** The value read, zero-extended to 32 bits, or undefined to raise an access fault. */
	read(offset: number, size: AccessSize): number | undefined;
	/** false raises an access fault. value holds the low `size` bytes. */
	write(offset: number, size: AccessSize, value: number): boolean;
}

/**
 * A part of the machine with state of its own: power-on reset, and its state as plain data for
 * snapshots (structured-clone-able: numbers, strings, arrays, plain objects, typed arrays; never a
 * closure or a class instance), so history, snapshot files and the worker transport can carry it.
 * restore() puts back exactly what snapshot() returned; it drives no interrupt line (the harts' mip
 * bits are restored with the harts) and schedules nothing (the event queue is restored as a whole).
 */
export interface Lifecycle<S = unknown> {
	reset(): void;
	snapshot(): S;
	restore(state: S): void;
}

/**
 * A bus master's view of physical memory: RAM on the bare machine, a VM's guest-physical map under the
 * hypervisor. Accesses outside memory fail (undefined / false) and touch nothing.
 */
export interface DmaPort {
	/** A copy of `length` bytes at `addr`, or undefined when any of them is not memory. */
	read(addr: number, length: number): Uint8Array | undefined;
	/** Write `bytes` at `addr`; false (and nothing written) when any of them is not memory. */
	write(addr: number, bytes: Uint8Array): boolean;
}

/** What devices may ask of the machine they are plugged into. */
export interface DeviceHost {
	stop(reason: StopReason): void;
	/**
	 * Bytes for the console (UART THR, HTIF putchar and SYS_write to fd 1, the SBI firmware's console).
	 * `source` names who sent it (the device's name, or 'sbi'): the trace reports each byte as a
	 * device-event of that source, of the hart that made it happen.
	 */
	consoleOut(byte: number, source: string): void;
	/** Bytes for the error stream (HTIF SYS_write to fd 2). */
	consoleErr(byte: number): void;
	/** Drive an interrupt-pending bit (a mip bit, e.g. MTIP) of a hart: level-triggered. */
	setInterrupt(hart: number, mipBit: number, level: boolean): void;
	/** Drive interrupt line `line` of the interrupt controller (a PLIC source on virt): level-triggered. */
	raiseIrq(line: number, level: boolean): void;
	/** Physical memory, for devices that read and write it themselves (virtio queues, disk buffers). */
	readonly dma: DmaPort;
	/** The machine clock, in cycles. */
	now(): number;
	/** Where devices schedule timed work (a timer compare, a disk completion) on that clock. */
	readonly events: EventQueue;
}

/** A host for a device on its own (tests, tools): no memory, no interrupt controller, nothing printed. */
export function detachedHost(over: Partial<DeviceHost> = {}): DeviceHost {
	return {
		stop: () => {},
		consoleOut: () => {},
		consoleErr: () => {},
		setInterrupt: () => {},
		raiseIrq: () => {},
		dma: { read: () => undefined, write: () => false },
		now: () => 0,
		events: over.events ?? new EventQueue(),
		...over
	};
}
