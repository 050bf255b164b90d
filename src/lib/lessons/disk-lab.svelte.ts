/**
 * Lesson 04's live host: VMs on a few physical disks, the actions a student takes (let time pass,
 * run until every VM has finished or waits, pause, resume or destroy a VM, change the I/O
 * scheduler, Back) and the disk map drawn after each one. Every figure comes from the session's disk
 * map (the hypervisor's own block owners, queues and records) and its VMs' exit counters.
 */
import type { IoPolicy, IoRecord } from '$lib/sim/hv/io/disk-queue';
import type { DiskMapView, Session, VmOp } from '$lib/sim/session';
import { ScenarioLab } from './scenario-lab.svelte';

/** A finished request, named by its disk, VM, submission cycle and first sector. */
export interface RequestKey {
	disk: number;
	vm: number;
	submitted: number;
	sector: number;
}

export function pickedRecord(v: DiskMapView, k: RequestKey): IoRecord | undefined {
	return v.disks[k.disk]?.recent.find(
		(r) => r.vm === k.vm && r.submitted === k.submitted && r.sector === k.sector
	);
}

export const IO_POLICIES: readonly IoPolicy[] = ['fifo', 'fair'];

export class DiskLab extends ScenarioLab {
	view = $state<DiskMapView | null>(null);
	/** Per VM (by id): its MMIO exits (each a device register access trapped) and hypervisor cycles. */
	exits = $state<{ mmio: number; hvCycles: number }[]>([]);
	/** The request picked in the timeline. */
	picked = $state<RequestKey | null>(null);

	protected startedText(): string {
		const v = this.view;
		return v
			? `Started: ${v.vms.length} VMs on ${v.disks.length} physical disk${v.disks.length === 1 ? '' : 's'}; no time has passed.`
			: 'Started, but this scenario has no host disks.';
	}

	/** Pause, resume, reset or destroy VM `vm`, by name in the status line. */
	override vmOp(vm: number, op: VmOp): Promise<void> {
		return super.vmOp(vm, op, this.view?.vms.find((v) => v.id === vm)?.name);
	}

	setPolicy(policy: IoPolicy): Promise<void> {
		return this.act(
			`the ${policy} I/O scheduler`,
			async (s) => {
				await s.setIoScheduler(policy);
				return '';
			},
			true
		);
	}

	pick(key: RequestKey | null): void {
		this.picked = key;
	}

	protected async refresh(s: Session): Promise<void> {
		const [view, out, vms] = await Promise.all([s.disks(), s.console(), s.vms()]);
		this.view = view;
		this.console = out;
		this.exits = vms.map((v) => ({ mmio: v.counters.exits.mmio ?? 0, hvCycles: v.counters.hvCycles }));
		this.cycle = view?.now ?? (await s.registers(0)).cycles;
		if (this.picked && !(view && pickedRecord(view, this.picked))) this.picked = null;
	}
}
