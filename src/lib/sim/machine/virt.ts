/**
 * The physical memory map of QEMU's `virt` machine (hw/riscv/virt.c, virt_memmap[]), one named table,
 * so the same ELF runs on QEMU and on vmscope. Entries without a device yet are listed for the
 * machine issue (CLINT, PLIC, virtio) so their addresses live in one place.
 */
export const VIRT_MAP = {
	testFinisher: { base: 0x0010_0000, size: 0x1000 },
	clint: { base: 0x0200_0000, size: 0x1_0000 },
	plic: { base: 0x0c00_0000, size: 0x60_0000 },
	uart0: { base: 0x1000_0000, size: 0x100 },
	virtio: { base: 0x1000_1000, size: 0x1000 },
	dram: { base: 0x8000_0000 }
} as const;

/** QEMU virt's timebase-frequency (mtime ticks per second). */
export const VIRT_TIMEBASE_HZ = 10_000_000;
