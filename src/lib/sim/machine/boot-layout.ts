/**
 * Where QEMU's `virt` machine puts what it boots (hw/riscv/boot.c, QEMU 7.2), so that firmware and
 * kernels find the same addresses on vmscope: the firmware at the start of RAM, a raw kernel image
 * after it aligned to 4 MiB (RV32), the initrd halfway into RAM (at most 128 MiB past the kernel),
 * the device tree near the top of RAM aligned down to 2 MiB, and in the mask ROM at 0x1000 the reset
 * vector with the fw_dynamic_info that OpenSBI's fw_dynamic reads through a2.
 * Measured on qemu-system-riscv32 7.2 (test/unit/boot-layout.test.ts): 128 MiB → fdt 0x87e0_0000,
 * a2 = 0x1028.
 */

/** QEMU virt's mask ROM (virt_memmap[VIRT_MROM]). */
export const MROM_BASE = 0x1000;
export const MROM_SIZE = 0xf000;

const MiB = 1024 * 1024;
/** RV32 aligns a kernel after the firmware to 4 MiB (RV64: 2 MiB), riscv_calc_kernel_start_addr. */
export const KERNEL_ALIGN = 4 * MiB;

/** OpenSBI's fw_dynamic_info (include/sbi/fw_dynamic.h): "OSBI", version 2. */
export const FW_DYNAMIC_INFO_MAGIC = 0x4942534f;
export const FW_DYNAMIC_INFO_VERSION = 2;
/** next_mode: 1 = S-mode (FW_DYNAMIC_INFO_NEXT_MODE_S). */
export const NEXT_MODE_S = 1;
/** The reset vector's ten words come first; fw_dynamic_info follows at MROM_BASE + 40. */
export const FW_DYNAMIC_INFO_ADDR = MROM_BASE + 40;

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;
const alignDown = (n: number, a: number) => Math.floor(n / a) * a;

/** Where a raw kernel image goes after firmware ending at `firmwareEnd` (exclusive). */
export function kernelStart(firmwareEnd: number): number {
	return alignUp(firmwareEnd, KERNEL_ALIGN);
}

/**
 * The device tree's address (riscv_compute_fdt_addr): at the end of RAM, or of the first 3 GiB of the
 * address space if RAM goes past it, minus the tree, aligned down to 2 MiB. Undefined when that
 * lands below RAM (too little RAM for QEMU's rule).
 */
export function fdtAddress(ramBase: number, ramBytes: number, fdtBytes: number): number | undefined {
	const end = ramBase + ramBytes;
	const top = ramBase < 3072 * MiB ? Math.min(end, 3072 * MiB) : end;
	const at = alignDown(top - fdtBytes, 2 * MiB);
	return at >= ramBase ? at : undefined;
}

/**
 * The initrd's address (riscv_load_initrd): "for boards with less than 256MB of RAM we put the
 * initrd halfway into RAM, and for boards with 256MB of RAM or more we put the initrd at 128MB"
 * past the kernel's start.
 */
export function initrdStart(kernelAddr: number, ramBytes: number): number {
	return kernelAddr + Math.min(ramBytes / 2, 128 * MiB);
}

export interface FwDynamicInfo {
	/** Where the firmware jumps next (the kernel). */
	nextAddr: number;
	nextMode: number;
	/** The hart that boots the next stage (QEMU: 0, "any hart" being -1 in newer versions). */
	bootHart: number;
}

/**
 * The mask ROM's contents (riscv_setup_rom_reset_vec, RV32): the reset vector, which leaves
 * a0 = mhartid, a1 = the device tree, a2 = fw_dynamic_info and jumps to `start`, then the two
 * 64-bit words it loads (start, fdt) and fw_dynamic_info (six 32-bit fields on RV32).
 */
export function resetRom(start: number, fdt: number, info: FwDynamicInfo): Uint8Array {
	const words = [
		0x00000297, // 1: auipc t0, %pcrel_hi(fw_dyn)
		0x02828613, //    addi  a2, t0, %pcrel_lo(1b)
		0xf1402573, //    csrr  a0, mhartid
		0x0202a583, //    lw    a1, 32(t0)
		0x0182a283, //    lw    t0, 24(t0)
		0x00028067, //    jr    t0
		start >>> 0,
		0,
		fdt >>> 0,
		0,
		// fw_dynamic_info: magic, version, next_addr, next_mode, options, boot_hart
		FW_DYNAMIC_INFO_MAGIC,
		FW_DYNAMIC_INFO_VERSION,
		info.nextAddr >>> 0,
		info.nextMode >>> 0,
		0,
		info.bootHart >>> 0
	];
	const out = new Uint8Array(words.length * 4);
	const view = new DataView(out.buffer);
	words.forEach((w, i) => view.setUint32(4 * i, w, true));
	return out;
}
