/**
 * Making a VM: its plain state (guest map root, vCPUs), and booting it as QEMU virt boots a kernel
 * with `-bios` firmware already run: the image's segments in guest RAM, a device tree that describes
 * the VM (its vCPUs and memory, machine/device-tree.ts) where QEMU would put it, and vCPU 0 entering
 * the image in vS with a0 = 0 (the hart id) and a1 = the tree.
 */
import { fdtAddress } from '../machine/boot-layout';
import { virtDtb } from '../machine/device-tree';
import type { HostFrames } from './frames';
import { GuestMap } from './guest-map';
import { newVcpu, VS } from './vcpu';
import { GUEST_RAM_BASE, newCounters, type Vm, type VmConfig, type VmState } from './vm';

const MAX_VMS = 63; // 8 ASIDs each in satp's 9 bits, ASID 0 kept for the hypervisor

export function createVmState(hv: { frames: HostFrames }, id: number, c: VmConfig): VmState {
	if (id >= MAX_VMS) throw new RangeError(`at most ${MAX_VMS} VMs`);
	if (!(Number.isInteger(c.vcpus) && c.vcpus >= 1 && c.vcpus <= 4))
		throw new RangeError(`${c.name}: vcpus must be 1 to 4, got ${c.vcpus}`);
	if (!(c.memory > 0 && c.memory % 4096 === 0 && c.memory <= 2 ** 31))
		throw new RangeError(`${c.name}: memory must be a positive multiple of 4 KiB up to 2 GiB`);
	for (const s of c.image.segments) {
		const end = s.addr + Math.max(s.memSize, s.data.length);
		if (s.addr < GUEST_RAM_BASE || end > GUEST_RAM_BASE + c.memory)
			throw new RangeError(
				`${c.name}: image segment at 0x${s.addr.toString(16)} (${s.memSize} bytes) is outside its ` +
					`${c.memory / 1024} KiB of guest RAM at 0x${GUEST_RAM_BASE.toString(16)}`
			);
	}
	if (c.image.entry & 3)
		throw new RangeError(`${c.name}: entry 0x${c.image.entry.toString(16)} is not 4-byte aligned`);
	const mapRoot = GuestMap.allocRoot(hv.frames);
	if (mapRoot < 0) throw new RangeError(`${c.name}: host RAM is exhausted (no room for its guest map)`);
	return {
		id,
		name: c.name,
		status: 'created',
		memory: c.memory,
		technique: c.technique ?? 'trap-and-emulate',
		mapRoot,
		timeOffset: 0,
		vcpus: Array.from({ length: c.vcpus }, (_, i) => newVcpu(id, i)),
		uart: { input: [], ier: 0, fcr: 0, lcr: 0, mcr: 0, scr: 0, dll: 0, dlm: 0 },
		sbi: { timerArmed: new Array(c.vcpus).fill(false), deadline: new Array(c.vcpus).fill(0) },
		counters: newCounters(),
		disks: []
	};
}

/** Load the image and the device tree into guest RAM and set vCPU 0 at the entry. */
export function bootVm(vm: Vm): void {
	const c = vm.config;
	let top = 0;
	for (const s of c.image.segments) {
		const bytes = new Uint8Array(s.memSize > s.data.length ? s.memSize : s.data.length);
		bytes.set(s.data);
		if (!vm.mem.write(s.addr, bytes))
			throw new RangeError(`${c.name}: host RAM is exhausted loading its image`);
		top = Math.max(top, s.addr + bytes.length);
	}
	const dtb = virtDtb({
		harts: c.vcpus,
		ramBytes: c.memory,
		virtio: vm.s.disks.some((d) => d.bus !== 'pio') || (vm.s.nics?.length ?? 0) > 0,
		pioDisk: vm.s.disks.some((d) => d.bus === 'pio')
	});
	const at = fdtAddress(GUEST_RAM_BASE, c.memory, dtb.length);
	// Too little RAM for QEMU's place above the image: the kernel gets no tree (a1 = 0).
	const fdt = at !== undefined && at >= top && vm.mem.write(at, dtb) ? at : 0;
	const cpu = vm.s.vcpus[0];
	cpu.pc = c.image.entry >>> 0;
	cpu.vmode = VS;
	cpu.x[10] = 0;
	cpu.x[11] = fdt | 0;
}
