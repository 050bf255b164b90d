/**
 * A VM's disks: QEMU virt's eight virtio-mmio slots in its guest-physical space (0x1000_1000 +
 * 0x1000·i, as on the bare board), disk k a virtio-blk in slot k over its virtual disk (hv/vdisk),
 * the other slots answering device id 0 so the guest driver's probe finds the same layout as on bare
 * hardware. The devices are the bare board's classes: the transport and virtio-blk reach the VM's
 * guest-physical memory through its DMA port, and submit requests to the hypervisor's queue for the
 * physical disk the virtual disk lives on (io/disk-queue.ts), whose completions are events on the
 * machine's queue, in host time.
 *
 * A disk offered on the PIO bus (`bus: 'pio'`) is the teaching PIO disk instead (devices/pio-disk.ts),
 * at the bare board's address (0x1000_9000) over the same virtual disk and queue: every access of its
 * registers, each DATA word included, is a trap into the hypervisor and an emulation (mmio.ts), which
 * is the point of it. Virtio disks still take the slots from the lowest, in their own order.
 *
 * No virtual interrupt controller yet: the used-buffer interrupt drives no line, and the teaching
 * kernel's driver polls the used ring (it does on the bare machine too).
 */
import type { DeviceHost, DmaPort } from '../devices/device';
import type { BlockQueuePort } from '../devices/virtio/blk-timing';
import type { BlockStore } from '../devices/virtio/block-store';
import { VirtioBlk } from '../devices/virtio/blk';
import { VirtioMmio, type VirtioMmioState } from '../devices/virtio/mmio';
import type { EventQueue } from '../machine/events';
import { VIRTIO_BASE, VIRTIO_IRQ, VIRTIO_SLOTS, VIRTIO_STRIDE } from '../machine/virtio-slots';
import type { StopReason } from '../machine/stop';
import type { GuestDevice } from './mmio';
import { PioDisk, type PioDiskState } from '../devices/pio-disk';
import { PIO_DISK_IRQ } from '../machine/pio-slot';
import { VIRT_MAP } from '../machine/virt';
import { VirtioNet } from '../devices/virtio/net';
import type { VmNetHost, VmNic } from './host-net';

/** One of a VM's disks, as plain state: its virtual disk's id in the disk layer and how it is offered. */
export interface VmDisk {
	vdisk: number;
	serial: string;
	readonly: boolean;
	/** The teaching PIO disk rather than a virtio-blk (absent: virtio). */
	bus?: 'pio';
}

/** What a VM's disks need of the hypervisor. */
export interface VmDiskHost {
	readonly events: EventQueue;
	now(): number;
	store(vdisk: number): BlockStore;
	port(vm: number, vdisk: number): BlockQueuePort;
	/** A write of this VM waits for space on a full physical disk. */
	noSpace(vm: number, vdisk: number): void;
	stop(vm: number, reason: StopReason): void;
}

export interface VmVirtio {
	devices: GuestDevice[];
	transports: VirtioMmio[];
	blks: VirtioBlk[];
	/** Its network cards, in the slots after its virtio disks. */
	nets: VirtioNet[];
	/** Its PIO disk, if one of its disks is on the PIO bus. */
	pio?: PioDisk;
}

/**
 * The eight slots of VM `vm` (none when it has no virtio disks, as a bare machine without disks),
 * and its PIO disk if it has one.
 */
export function vmVirtio(
	vm: number,
	all: readonly VmDisk[],
	dma: DmaPort,
	host: VmDiskHost,
	nics: readonly VmNic[] = [],
	net?: VmNetHost
): VmVirtio {
	const out: VmVirtio = { devices: [], transports: [], blks: [], nets: [] };
	const disks = all.filter((d) => d.bus !== 'pio');
	const pio = all.find((d) => d.bus === 'pio');
	if (disks.length === 0 && nics.length === 0 && !pio) return out;
	const deviceHost: DeviceHost = {
		stop: (reason) => host.stop(vm, reason),
		consoleOut: () => {},
		consoleErr: () => {},
		setInterrupt: () => {},
		raiseIrq: () => {},
		dma,
		now: () => host.now(),
		events: host.events
	};
	if (pio) {
		const dev = new PioDisk(
			deviceHost,
			host.store(pio.vdisk),
			PIO_DISK_IRQ,
			{
				readonly: pio.readonly,
				queue: host.port(vm, pio.vdisk),
				onNoSpace: () => host.noSpace(vm, pio.vdisk)
			},
			`vm${vm}.pio`
		);
		out.pio = dev;
		out.devices.push({ ...VIRT_MAP.pioDisk, device: dev });
	}
	for (let i = 0; i < VIRTIO_SLOTS && disks.length + nics.length > 0; i++) {
		const d = disks[i];
		const name = `vm${vm}.virtio${i}`;
		const k = i - disks.length;
		const nic = k >= 0 && k < nics.length ? new VirtioNet(deviceHost, { mac: nics[k].mac }) : undefined;
		if (nic) nic.port = { transmit: (frame, now) => net?.transmit(vm, k, frame, now) };
		const blk =
			d &&
			new VirtioBlk(
				deviceHost,
				host.store(d.vdisk),
				{
					serial: d.serial,
					readonly: d.readonly,
					queue: host.port(vm, d.vdisk),
					onNoSpace: () => host.noSpace(vm, d.vdisk)
				},
				name
			);
		const t = new VirtioMmio(deviceHost, VIRTIO_IRQ + i, blk ?? nic, name);
		if (blk) out.blks.push(blk);
		if (nic) out.nets.push(nic);
		out.transports.push(t);
		out.devices.push({ base: VIRTIO_BASE + VIRTIO_STRIDE * i, size: VIRTIO_STRIDE, device: t });
	}
	return out;
}

export const virtioSnapshot = (v: VmVirtio): VirtioMmioState[] => v.transports.map((t) => t.snapshot());

export function virtioRestore(
	v: VmVirtio,
	states: readonly VirtioMmioState[] | undefined,
	pio?: PioDiskState
): void {
	if (pio && v.pio) v.pio.restore(pio);
	if (!states) return;
	v.transports.forEach((t, i) => states[i] && t.restore(states[i]));
}

/** Its disk controllers to power-on (a reset or a destroyed VM): requests in flight are dropped. */
export function virtioReset(v: VmVirtio): void {
	for (const t of v.transports) t.reset();
	v.pio?.reset();
}
