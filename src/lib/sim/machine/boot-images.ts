/**
 * Booting the way QEMU's virt machine does (boot-layout.ts has its addresses): a firmware image
 * (`--bios`: a file, none, or vmscope's SBI), a kernel (an ELF, or a raw Image), an initrd and a
 * device tree (a file, or the machine's own generated one, with the command line in /chosen). The
 * plan is computed first (so the machine can be built with the right firmware), then applied.
 */
import { Rom } from '../devices/rom';
import { loadElf } from '../isa/elf';
import type { Program, Segment } from '../isa/program';
import type { Machine } from './machine';
import {
	FW_DYNAMIC_INFO_ADDR,
	MROM_BASE,
	MROM_SIZE,
	fdtAddress,
	initrdStart,
	kernelStart,
	NEXT_MODE_S,
	resetRom
} from './boot-layout';

export interface BootImages {
	/** Firmware bytes (ELF or raw), 'none' (the kernel runs in M) or 'sbi' (vmscope's SBI). */
	bios: Uint8Array | 'none' | 'sbi';
	kernel?: Uint8Array;
	initrd?: Uint8Array;
	/** A device tree blob to pass instead of the generated one. */
	dtb?: Uint8Array;
}

/** Everything placed in RAM, and what the harts start with. */
export interface BootPlan {
	/** The first stage: what Machine.load runs (the firmware, or the kernel with none/sbi). */
	program: Program;
	firmware: 'none' | 'sbi';
	/** Further images copied into RAM after load: the kernel after a firmware, the initrd. */
	images: { name: string; addr: number; data: Uint8Array }[];
	kernel?: { start: number; entry: number };
	initrd?: { start: number; end: number };
	/** Where the device tree goes (0 when there is no room: a1 = 0). */
	fdtAddr: number;
	/** The mask ROM's contents (reset vector and fw_dynamic_info). */
	rom: Uint8Array;
	/** a2 for harts that start in M-mode under a firmware file (fw_dynamic_info's address). */
	a2: number;
}

export class BootError extends Error {}

const isElf = (b: Uint8Array) =>
	b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

/** An image as a program: an ELF as its segments, a raw binary as one segment at `at`. */
function imageProgram(
	name: string,
	bytes: Uint8Array,
	at: number,
	ramBase: number,
	ramBytes: number
): Program {
	if (isElf(bytes)) {
		try {
			return loadElf(bytes, { ramBase, ramSize: ramBytes });
		} catch (e) {
			throw new BootError(`${name}: ${(e as Error).message}`);
		}
	}
	if (bytes.length === 0) throw new BootError(`${name}: the file is empty`);
	const seg: Segment = {
		addr: at,
		data: bytes,
		memSize: bytes.length,
		flags: { read: true, write: true, exec: true },
		name
	};
	return { entry: at, segments: [seg], symbols: [], lines: [] };
}

/** The lowest and highest addresses a program occupies. */
function extent(p: Program): { start: number; end: number } {
	let start = Infinity;
	let end = 0;
	for (const s of p.segments) {
		start = Math.min(start, s.addr);
		end = Math.max(end, s.addr + Math.max(s.memSize, s.data.length));
	}
	return { start, end };
}

/**
 * Plan a boot. `treeBytes` is the size of the device tree that will be passed (the generated one's
 * size may depend on the initrd address: the caller builds it after planning, at most this big).
 */
export function planBoot(
	images: BootImages,
	ram: { base: number; bytes: number },
	treeBytes: number
): BootPlan {
	const ramEnd = ram.base + ram.bytes;
	const plan: Omit<BootPlan, 'rom' | 'fdtAddr' | 'a2'> & { a2: number } = {
		program: undefined as unknown as Program, // set below on every path
		firmware: 'none',
		images: [],
		a2: 0
	};
	let occupiedEnd: number;
	let nextAddr = 0;
	if (images.bios instanceof Uint8Array) {
		plan.program = imageProgram('firmware', images.bios, ram.base, ram.base, ram.bytes);
		occupiedEnd = extent(plan.program).end;
		plan.a2 = FW_DYNAMIC_INFO_ADDR;
		if (images.kernel) {
			// After the firmware, 4 MiB aligned; an ELF kernel goes where its headers say.
			const kernel = imageProgram(
				'kernel',
				images.kernel,
				kernelStart(occupiedEnd),
				ram.base,
				ram.bytes
			);
			const k = extent(kernel);
			if (k.start < occupiedEnd) throw new BootError('kernel: it overlaps the firmware');
			for (const s of kernel.segments) {
				const data = new Uint8Array(Math.max(s.memSize, s.data.length));
				data.set(s.data);
				plan.images.push({ name: 'kernel', addr: s.addr, data });
			}
			// QEMU's riscv_load_kernel returns an ELF's lowest load address as next_addr.
			plan.kernel = { start: k.start, entry: kernel.entry };
			nextAddr = k.start;
			occupiedEnd = k.end;
		}
	} else {
		if (!images.kernel) throw new BootError('nothing to boot: give a kernel or a firmware file');
		plan.firmware = images.bios;
		// QEMU's reset vector sets a2 with -bios none too.
		if (images.bios === 'none') plan.a2 = FW_DYNAMIC_INFO_ADDR;
		// Under vmscope's SBI a raw image goes where QEMU puts it after OpenSBI (0x8040_0000); with
		// -bios none QEMU runs the kernel from the start of RAM.
		const at = images.bios === 'sbi' ? kernelStart(ram.base + 1) : ram.base;
		plan.program = imageProgram('kernel', images.kernel, at, ram.base, ram.bytes);
		const k = extent(plan.program);
		plan.kernel = { start: k.start, entry: plan.program.entry };
		nextAddr = k.start;
		occupiedEnd = k.end;
	}
	if (images.initrd) {
		const start = initrdStart(plan.kernel?.start ?? ram.base, ram.bytes);
		const end = start + images.initrd.length;
		if (start < occupiedEnd || end > ramEnd)
			throw new BootError(
				`initrd: ${images.initrd.length} bytes at 0x${start.toString(16)} do not fit in RAM after the kernel`
			);
		plan.images.push({ name: 'initrd', addr: start, data: images.initrd });
		plan.initrd = { start, end };
		occupiedEnd = end;
	}
	const size = images.dtb?.length ?? treeBytes;
	const at = fdtAddress(ram.base, ram.bytes, size);
	const fdtAddr = at !== undefined && at >= occupiedEnd ? at : 0;
	if (images.dtb && fdtAddr === 0)
		throw new BootError(`dtb: no room for ${size} bytes between the images and the end of RAM`);
	const start = plan.program.entry >>> 0;
	const rom = resetRom(start, fdtAddr, { nextAddr, nextMode: NEXT_MODE_S, bootHart: 0 });
	return { ...plan, fdtAddr, rom };
}

/**
 * Apply a plan to a machine built with `firmware: plan.firmware`: load the first stage, copy the
 * other images, write the device tree, fill the mask ROM, and give every hart that starts the
 * registers QEMU's reset vector leaves (a0 = hartid, a1 = the tree, a2 = fw_dynamic_info).
 */
export function applyBoot(m: Machine, plan: BootPlan, tree: Uint8Array | undefined): void {
	m.load(plan.program);
	const put = (name: string, addr: number, data: Uint8Array) => {
		const off = m.ram.offset(addr, Math.max(1, data.length));
		if (off < 0)
			throw new BootError(`${name}: 0x${addr.toString(16)} (${data.length} bytes) is outside RAM`);
		m.ram.writeBytes(off, data);
	};
	for (const image of plan.images) put(image.name, image.addr, image.data);
	if (tree && plan.fdtAddr !== 0) put('dtb', plan.fdtAddr, tree);
	m.ram.flushDecoded();
	let rom = m.bus.mmio.find((r) => r.base === MROM_BASE)?.device;
	if (!(rom instanceof Rom)) {
		rom = new Rom('mrom', MROM_SIZE);
		m.bus.map(MROM_BASE, MROM_SIZE, rom);
	}
	(rom as Rom).program(plan.rom);
	const a1 = tree ? plan.fdtAddr | 0 : 0;
	for (const h of m.harts) {
		if (m.parked[h.hartId]) continue; // under the SBI the others wait for hart_start (a1 = opaque)
		h.x[11] = a1;
		if (plan.firmware === 'none') h.x[12] = plan.a2;
	}
}
