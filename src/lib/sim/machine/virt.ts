/**
 * The physical memory map of QEMU's `virt` machine (hw/riscv/virt.c, virt_memmap[]), one named table,
 * so the same ELF runs on QEMU and on vmscope, and the board built from it as data: one row per
 * device (where it sits, how to build it, the PLIC line it drives), which the Machine's constructor
 * maps in order. A new device, or QEMU's eight virtio-mmio slots, is a row (or a loop of rows).
 */
import { Clint } from '../devices/clint';
import type { Device, DeviceHost, Lifecycle } from '../devices/device';
import { Plic, UART0_IRQ } from '../devices/plic';
import { TestFinisher } from '../devices/test-finisher';
import { Uart16550 } from '../devices/uart16550';

export const VIRT_MAP = {
	testFinisher: { base: 0x0010_0000, size: 0x1000 },
	clint: { base: 0x0200_0000, size: 0x1_0000 },
	plic: { base: 0x0c00_0000, size: 0x60_0000 },
	uart0: { base: 0x1000_0000, size: 0x100 },
	/** virtio-mmio slot 0 (of 8, 0x1000 apart; PLIC lines 1..8): no device in it yet. */
	virtio: { base: 0x1000_1000, size: 0x1000 },
	/**
	 * vmscope's teaching PIO disk (devices/pio-disk.ts), not a QEMU device: the page right after the
	 * eight virtio-mmio slots (0x1000_1000..0x1000_8fff), which QEMU virt leaves unassigned up to
	 * fw_cfg at 0x1010_0000, so nothing of QEMU's map moves and a kernel probing it there on QEMU
	 * gets an access fault. Inside the 4 MiB of devices the teaching kernel maps at 0x1000_0000.
	 */
	pioDisk: { base: 0x1000_9000, size: 0x1000 },
	dram: { base: 0x8000_0000 }
} as const;

/** QEMU virt's timebase-frequency (mtime ticks per second). */
export const VIRT_TIMEBASE_HZ = 10_000_000;

/** What a board row's constructor may need to know about the machine it is built into. */
export interface BoardParams {
	harts: number;
	/** Core cycles per mtime tick (cpuHz / timebaseHz). */
	cyclesPerTick: number;
}

/** A device of the board: memory-mapped, with a lifecycle (its state goes into snapshots). */
export type BoardDevice = Device & Lifecycle;

/** One row of the board: a device at [base, base + size), built by `create`, driving PLIC line `irq`. */
export interface BoardSlot {
	/** The name the machine's component registry (and so its snapshots) knows the device by. */
	readonly name: string;
	readonly base: number;
	readonly size: number;
	/** The interrupt controller's line the device drives (PLIC source), if it has one. */
	readonly irq?: number;
	/**
	 * A store to it may arm a timer sooner than the running slice was sized for: the machine ends the
	 * slice (and, with several harts, the turn) after the store, as it always has for the CLINT.
	 */
	readonly endsSlice?: boolean;
	create(host: DeviceHost, params: BoardParams, irq: number | undefined): BoardDevice;
}

/**
 * QEMU virt's devices, in the order they are built. The PLIC comes before the devices that drive its
 * lines (the machine routes host.raiseIrq to it).
 */
export const VIRT_BOARD: readonly BoardSlot[] = [
	{
		name: 'plic',
		...VIRT_MAP.plic,
		create: (host, p) => new Plic(host, p.harts)
	},
	{
		name: 'clint',
		...VIRT_MAP.clint,
		endsSlice: true,
		create: (host, p) => new Clint(host, p.harts, p.cyclesPerTick)
	},
	{
		name: 'test-finisher',
		...VIRT_MAP.testFinisher,
		create: (host) => new TestFinisher(host)
	},
	{
		name: 'uart0',
		...VIRT_MAP.uart0,
		irq: UART0_IRQ,
		create: (host, _p, irq) => new Uart16550(host, irq)
	}
];
