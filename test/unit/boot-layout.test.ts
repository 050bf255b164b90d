/** QEMU virt's boot layout: the values qemu-system-riscv32 7.2 passes, which vmscope reproduces. */
import { describe, expect, it } from 'vitest';
import {
	FW_DYNAMIC_INFO_ADDR,
	fdtAddress,
	initrdStart,
	kernelStart,
	resetRom
} from '../../src/lib/sim/machine/boot-layout';
import { Rom } from '../../src/lib/sim/devices/rom';

const RAM = 0x8000_0000;
const MiB = 1024 * 1024;

describe('where QEMU virt puts things (RV32)', () => {
	it('the device tree: 2 MiB below the end of RAM for a small tree (measured: 128 MiB → 0x87e00000)', () => {
		expect(fdtAddress(RAM, 128 * MiB, 0x1800)).toBe(0x87e0_0000);
		expect(fdtAddress(RAM, 64 * MiB, 0x1800)).toBe(0x83e0_0000);
		expect(fdtAddress(RAM, 16 * MiB, 0x1800)).toBe(0x80e0_0000);
		// Past 3 GiB of address space the tree stays below 3 GiB.
		expect(fdtAddress(RAM, 2048 * MiB, 0x1800)).toBe(0xbfe0_0000);
		// With 1 MiB the rule gives the start of RAM (the caller must see it collide with an image);
		// with less RAM than the tree, no place at all.
		expect(fdtAddress(RAM, 1 * MiB, 0x1800)).toBe(RAM);
		expect(fdtAddress(RAM, 4096, 0x1800)).toBeUndefined();
	});

	it('a raw kernel after the firmware, aligned to 4 MiB; the initrd halfway into RAM, at most 128 MiB on', () => {
		expect(kernelStart(RAM + 0x4_0000)).toBe(0x8040_0000);
		expect(kernelStart(RAM + 4 * MiB)).toBe(0x8040_0000);
		expect(kernelStart(RAM + 4 * MiB + 1)).toBe(0x8080_0000);
		expect(initrdStart(0x8040_0000, 128 * MiB)).toBe(0x8440_0000);
		expect(initrdStart(0x8040_0000, 512 * MiB)).toBe(0x8840_0000);
	});

	it('the mask ROM: the reset vector, start and fdt, then fw_dynamic_info at 0x1028 (as QEMU dumps it)', () => {
		const rom = new Rom('mrom', 0xf000);
		rom.program(resetRom(0x8000_0000, 0x87e0_0000, { nextAddr: 0x8040_0000, nextMode: 1, bootHart: 0 }));
		expect(FW_DYNAMIC_INFO_ADDR).toBe(0x1028);
		const at = (a: number) => rom.read(a - 0x1000, 4);
		expect([at(0x1000), at(0x1004), at(0x1014)]).toEqual([0x00000297, 0x02828613, 0x00028067]);
		expect([at(0x1018), at(0x1020)]).toEqual([0x8000_0000, 0x87e0_0000]);
		// magic "OSBI", version 2, next_addr, next_mode S, options 0, boot_hart 0
		expect([0, 4, 8, 12, 16, 20].map((o) => at(0x1028 + o))).toEqual([
			0x4942534f, 2, 0x8040_0000, 1, 0, 0
		]);
		expect(rom.write()).toBe(false);
		expect(rom.read(0x28, 2)).toBe(0x534f);
	});
});
