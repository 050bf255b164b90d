/**
 * Guest MMIO by trap-and-emulate: a guest's device addresses are never in its shadow tables, so its
 * load or store faults to the hypervisor, which decodes the instruction (RV32I LOAD and STORE opcodes,
 * unprivileged §2.6) and performs it on that VM's own device. The VM's guest-physical map mirrors
 * QEMU virt's (machine/virt.ts) for the devices a VM has: the test finisher and UART 16550.
 */
import type { AccessSize, Device } from '../devices/device';
import { VIRT_MAP } from '../machine/virt';

/** A device in a VM's guest-physical space. */
export interface GuestDevice {
	base: number;
	size: number;
	device: Device;
}

/** Where QEMU virt puts the devices a VM gets. */
export const GUEST_UART = { base: VIRT_MAP.uart0.base, size: VIRT_MAP.uart0.size };
export const GUEST_FINISHER = { base: VIRT_MAP.testFinisher.base, size: VIRT_MAP.testFinisher.size };

/** A decoded load or store: the register it reads or writes, its width and signedness. */
export interface MemoryOp {
	store: boolean;
	size: AccessSize;
	signed: boolean;
	/** rd for a load, rs2 for a store. */
	reg: number;
}

const LOADS: Record<number, [AccessSize, boolean] | undefined> = {
	0: [1, true], // LB
	1: [2, true], // LH
	2: [4, true], // LW
	4: [1, false], // LBU
	5: [2, false] // LHU
};
const STORES: Record<number, AccessSize | undefined> = { 0: 1, 1: 2, 2: 4 }; // SB SH SW

/** Decode `bits` as a plain load or store; undefined for anything else (an AMO, LR/SC, a fetch). */
export function decodeMemoryOp(bits: number): MemoryOp | undefined {
	const opcode = bits & 0x7f;
	const funct3 = (bits >>> 12) & 7;
	if (opcode === 0x03) {
		const l = LOADS[funct3];
		return l && { store: false, size: l[0], signed: l[1], reg: (bits >>> 7) & 31 };
	}
	if (opcode === 0x23) {
		const size = STORES[funct3];
		return size && { store: true, size, signed: false, reg: (bits >>> 20) & 31 };
	}
	return undefined;
}

/** The device at guest-physical `gpa` (and the offset into it), if any. */
export function deviceAt(
	devices: readonly GuestDevice[],
	gpa: number,
	size: number
): [Device, number] | undefined {
	for (const d of devices)
		if (gpa >= d.base && gpa + size <= d.base + d.size) return [d.device, gpa - d.base];
	return undefined;
}

/**
 * Perform `op` at `gpa` on the VM's devices, reading the store's value from and writing the load's
 * into `x`. False when no device answers there (the guest sees an access fault, as on hardware).
 */
export function emulateAccess(
	devices: readonly GuestDevice[],
	gpa: number,
	op: MemoryOp,
	x: Int32Array
): boolean {
	const hit = deviceAt(devices, gpa, op.size);
	if (!hit) return false;
	const [dev, offset] = hit;
	if (op.store) {
		const mask = op.size === 4 ? -1 : (1 << (op.size * 8)) - 1;
		return dev.write(offset, op.size, x[op.reg] & mask);
	}
	const v = dev.read(offset, op.size);
	if (v === undefined) return false;
	const bits = op.size * 8;
	const value = op.signed && bits < 32 ? (v << (32 - bits)) >> (32 - bits) : v | 0;
	if (op.reg !== 0) x[op.reg] = value;
	return true;
}
