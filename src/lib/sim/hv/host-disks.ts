/**
 * The host's disks as the hypervisor runs them: the physical disks (the machine's disk images, each
 * with a model from devices/media), the virtual disk layer that carves them into VMs' disks
 * (vdisk/: minidisks, thin disks, copy-on-write overlays), and the per-disk I/O queues where the
 * VMs' requests meet (io/disk-queue.ts). All of it is plain data in the hypervisor's state.
 *
 * A write that needs a block on a full physical disk waits, and its VM pauses with the reason (as
 * QEMU's werror=enospc stops a guest); whenever a request finishes or space is freed, the VMs waiting
 * retry, and those whose writes now fit run again.
 */
import type { DiskModel } from '../devices/media';
import type { DiskImage } from '../devices/virtio/disk-image';
import type { EventQueue } from '../machine/events';
import { DiskQueues, newIoState, type IoPolicy, type IoState } from './io/disk-queue';
import { DiskLayer, newDiskLayerState, type DiskLayerState, type VdiskSpec } from './vdisk';
import type { VmDisk, VmDiskHost } from './vm-disks';
import type { Vm, VmDiskConfig } from './vm';

export interface HostDiskOptions {
	/** The physical disks, in the machine's disk order: a name each and the model its timing follows. */
	disks?: readonly { name: string; model: DiskModel }[];
	ioScheduler?: IoPolicy;
}

export interface HostDisksState {
	layer: DiskLayerState;
	io: IoState;
}

/** What the host disks need of the hypervisor. */
export interface HostDisksOwner {
	readonly vms: readonly Vm[];
	readonly events: EventQueue;
	now(): number;
	pauseForSpace(vm: number, reason: string): void;
	resumeFromSpace(vm: number): void;
	stopVm(vm: number, reason: string): void;
}

const CHECK = 'hv.disk-check';

export class HostDisks {
	readonly layer: DiskLayer;
	readonly io: DiskQueues;
	readonly vmHost: VmDiskHost;

	constructor(
		private readonly state: () => HostDisksState,
		images: readonly DiskImage[],
		private readonly opts: HostDiskOptions,
		private readonly owner: HostDisksOwner,
		hz: number
	) {
		const named = (opts.disks ?? []).map((d, i) => ({ name: d.name, image: images[i] }));
		this.layer = new DiskLayer(named, state().layer);
		this.io = new DiskQueues(
			() => this.state().io,
			owner.events,
			hz,
			() => this.retryWaiting()
		);
		owner.events.on(CHECK, () => this.retryWaiting());
		this.vmHost = {
			events: owner.events,
			now: () => owner.now(),
			store: (vdisk) => this.layer.store(vdisk),
			port: (vm, vdisk) => this.io.port(vm, this.layer.store(vdisk), this.homeOf(vdisk)),
			noSpace: (vm, vdisk) => this.noSpace(vm, vdisk),
			stop: (vm) => owner.stopVm(vm, 'a disk device stopped the VM')
		};
	}

	static newState(opts: HostDiskOptions, images: readonly DiskImage[]): HostDisksState {
		const disks = opts.disks ?? [];
		if (disks.length !== images.length)
			throw new RangeError(`${disks.length} disk models for ${images.length} disks`);
		return {
			layer: newDiskLayerState(disks.map((d, i) => ({ name: d.name, sectors: images[i].sectors }))),
			io: newIoState(disks, opts.ioScheduler)
		};
	}

	/** After a restore: the layer's live objects over the restored state. */
	restored(): void {
		const s = this.state();
		this.layer.restore(s.layer);
		s.layer = this.layer.state;
	}

	private homeOf(vdisk: number): number {
		const v = this.layer.state.vdisks[vdisk];
		return v ? v.disk : 0;
	}

	/** Make VM `vm`'s virtual disks; RangeError naming `vms[i].disks[j]` when one does not fit. */
	create(vm: number, specs: readonly VmDiskConfig[], path = `vms[${vm}]`): VmDisk[] {
		const pio = specs.findIndex((d) => d.bus === 'pio');
		const second = specs.findIndex((d, j) => j > pio && d.bus === 'pio');
		if (pio >= 0 && second > pio)
			throw new RangeError(
				`${path}.disks[${second}].bus: a VM has one PIO disk at most (disks[${pio}] is)`
			);
		return specs.map((d, j) => {
			const spec: VdiskSpec = { kind: d.kind, on: d.on, size: d.size, serial: d.serial, base: d.base };
			const vdisk = this.layer.create(vm, spec, `${path}.disks[${j}]`);
			return {
				vdisk,
				serial: d.serial ?? '',
				readonly: d.readonly ?? false,
				...(d.bus === 'pio' && { bus: 'pio' as const })
			};
		});
	}

	/** A destroyed VM's blocks go back to the free space (VMs waiting for space may run). */
	release(vm: number): void {
		this.layer.release(vm);
		this.owner.events.schedule(this.owner.now(), CHECK);
	}

	private noSpace(vm: number, vdisk: number): void {
		const v = this.layer.state.vdisks[vdisk];
		const disk = v ? this.layer.state.disks[v.disk].name : '?';
		this.owner.pauseForSpace(
			vm,
			`disk ${disk} is full: a write to its ${v?.kind ?? 'virtual'} disk waits for space`
		);
	}

	/** VMs paused for space retry their writes; those whose writes all fit run again. */
	retryWaiting(): void {
		for (const vm of this.owner.vms) {
			if (!vm.s.waitingForSpace) continue;
			for (const blk of vm.virtio.blks) blk.retry();
			vm.virtio.pio?.retry();
			if (vm.virtio.blks.every((b) => b.stalled === 0) && !vm.virtio.pio?.stalled)
				this.owner.resumeFromSpace(vm.id);
		}
	}
}
