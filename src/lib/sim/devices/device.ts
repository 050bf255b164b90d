/**
 * The device contract: a memory-mapped device answers reads and writes at offsets inside its range
 * (TinyEMU's iomem callbacks). Devices never see the bus or the hart; what they need from the machine
 * (stopping it, a console sink, later the clock and the event queue for CLINT/PLIC) comes through
 * DeviceHost, so a device is testable alone.
 */
import type { EventQueue } from '../machine/events';
import type { StopReason } from '../machine/stop';

export type AccessSize = 1 | 2 | 4;

export interface Device {
	readonly name: string;
	/** The value read, zero-extended to 32 bits, or undefined to raise an access fault. */
	read(offset: number, size: AccessSize): number | undefined;
	/** false raises an access fault. value holds the low `size` bytes. */
	write(offset: number, size: AccessSize, value: number): boolean;
}

/** What devices may ask of the machine they are plugged into. */
export interface DeviceHost {
	stop(reason: StopReason): void;
	/** Bytes the guest writes to a console (UART THR, HTIF putchar, SYS_write to fd 1). */
	consoleOut(byte: number): void;
	/** Bytes for the error stream (HTIF SYS_write to fd 2). */
	consoleErr(byte: number): void;
	/** Drive an interrupt-pending bit (a mip bit, e.g. MTIP) of a hart: level-triggered. */
	setInterrupt(hart: number, mipBit: number, level: boolean): void;
	/** The machine clock, in cycles. */
	now(): number;
	/** Where devices schedule timed work (a timer compare, a disk completion) on that clock. */
	readonly events: EventQueue;
}
