/**
 * The host disks as the session shows them: each physical disk as a strip of blocks with each
 * block's owner (a VM, a base image shared by clones, or free), the request in service and the
 * recent ones with where their time went, each VM's virtual disks, and the report `vmscope run
 * --report` prints. Plain data, built from the hypervisor's state on request.
 */
import type { Hypervisor } from '../hv/hypervisor';
import { diskReport, modelName, type DiskReport } from '../hv/io/disk-report';
import type { IoPolicy, IoRecord } from '../hv/io/disk-queue';

export interface PhysicalDiskView {
	name: string;
	model: string;
	kind: 'hdd' | 'ssd';
	sectors: number;
	/** Per block: the owning VM's id, -1 free, -2 a base image's (shared by its clones). */
	owners: number[];
	/** Per block: how many tables refer to it (more than 1: shared by copy-on-write snapshots). */
	refs: number[];
	/** The request in service now, if any (its VM, op, first physical sector and when it ends). */
	busy: { vm: number; op: string; sector: number; count: number; physical: number; done: number } | null;
	/** Requests waiting behind it, oldest first. */
	queued: { vm: number; op: string; sector: number; count: number; submitted: number }[];
	/** Finished requests, oldest first (at most the queue's RECENT). */
	recent: IoRecord[];
}

export interface VirtualDiskView {
	vm: number;
	kind: 'minidisk' | 'thin' | 'cow';
	/** The physical disk its blocks are on. */
	disk: number;
	sectors: number;
	serial: string;
	/** Its blocks on the physical disk by virtual block (-1: not allocated; reads as zeros or the base). */
	blocks: number[];
}

export interface DiskMapView {
	policy: IoPolicy;
	blockSectors: number;
	/** The machine clock now (cycles), for the timeline's right edge. */
	now: number;
	disks: PhysicalDiskView[];
	vdisks: VirtualDiskView[];
	/** VMs by id: name, state and why (a VM paused for space says so). */
	vms: {
		id: number;
		name: string;
		status: string;
		reason: string;
		waitingForSpace: boolean;
		destroyed: boolean;
	}[];
	report: DiskReport;
}

export function diskMapView(hv: Hypervisor, now: number): DiskMapView | null {
	const io = hv.s.disks.io;
	if (io.disks.length === 0) return null;
	const layer = hv.s.disks.layer;
	const disks = io.disks.map((d, i): PhysicalDiskView => {
		const p = layer.disks[i];
		const b = d.busy;
		return {
			name: d.name,
			model: modelName(d.model),
			kind: d.model.kind,
			sectors: p.sectors,
			owners: [...p.owner],
			refs: [...p.refs],
			busy: b && {
				vm: b.vm,
				op: b.op,
				sector: b.sector,
				count: b.count,
				physical: b.extents[0]?.sector ?? -1,
				done: b.done
			},
			queued: d.pending.map((r) => ({
				vm: r.vm,
				op: r.op,
				sector: r.sector,
				count: r.count,
				submitted: r.submitted
			})),
			recent: d.recent.map((r) => ({ ...r }))
		};
	});
	const vdisks = layer.vdisks.flatMap((v): VirtualDiskView[] => {
		if (!v) return [];
		const per = layer.blockSectors;
		const count = Math.ceil(v.sectors / per);
		let blocks: number[];
		if (v.kind === 'minidisk') blocks = Array.from({ length: count }, (_, k) => v.first + k);
		else if (v.kind === 'thin') blocks = [...v.map];
		else {
			const base = layer.bases[v.base];
			blocks = Array.from({ length: count }, (_, k) => {
				const l2 = v.l1[Math.floor(k / layer.l2Entries)];
				const e = l2 ? l2[k % layer.l2Entries] : -1;
				// A zero cluster reads as zeros whatever the base holds (qcow2 v3's flag).
				return e >= 0 ? e : e === -2 ? -1 : (base?.blocks[k] ?? -1);
			});
		}
		return [{ vm: v.vm, kind: v.kind, disk: v.disk, sectors: v.sectors, serial: v.serial, blocks }];
	});
	return {
		policy: io.policy,
		blockSectors: layer.blockSectors,
		now,
		disks,
		vdisks,
		vms: hv.vmList.map((vm) => ({
			id: vm.id,
			name: vm.name,
			status: vm.s.status,
			reason: vm.s.reason ?? '',
			waitingForSpace: vm.s.waitingForSpace ?? false,
			destroyed: vm.s.destroyed ?? false
		})),
		report: diskReport(hv)
	};
}
