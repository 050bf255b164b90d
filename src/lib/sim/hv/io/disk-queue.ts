/**
 * The hypervisor's I/O queues: one per physical disk, where the requests of every VM whose virtual
 * disk lives there meet. A VM's virtio-blk hands each request to its port (BlockQueuePort); the port
 * asks the virtual disk where it lands (BlockStore.locate: a minidisk's extent, a thin disk's blocks),
 * queues it on that physical disk, and the queue serves one request at a time through the disk's
 * model (devices/media: an HDD's seek, rotation and transfer; an SSD's flash), in the order its
 * policy picks:
 *  - fifo: in submission order, whoever submitted;
 *  - fair: start-time fair queueing across VMs (Goyal, Vin and Cheng, SIGCOMM 1996): each request
 *    gets a start tag max(virtual time, the VM's last finish tag) and a finish tag start + its cost
 *    (sectors + a per-request charge), the smallest start tag goes next, and virtual time is the start
 *    tag of the request in service. A VM that floods the disk then waits its turn behind the others.
 * When a request's service ends, its device's completion event runs (scheduled by the queue: the
 * device moves the bytes then), and the queue starts the next. Everything is plain data (IoState),
 * events are on the machine's queue, and nothing reads wall time.
 */
import type { BlockQueuePort, BlockRequest } from '../../devices/virtio/blk-timing';
import type { BlockStore, Extent } from '../../devices/virtio/block-store';
import { diskService, initialDiskState, type DiskModel, type DiskModelState } from '../../devices/media';
import type { EventQueue } from '../../machine/events';

export type IoPolicy = 'fifo' | 'fair';
export const IO_POLICIES = ['fifo', 'fair'] as const satisfies readonly IoPolicy[];

/** Cycles for a request the media never sees (a hole of a thin disk read as zeros, GET_ID). */
export const CONTROLLER_ONLY = 2000;
/** Fair queueing's charge per request, in sectors: a small request is not free. */
const REQUEST_CHARGE = 8;
/** How many finished requests each disk remembers, for the request timeline. */
export const RECENT = 256;

interface Queued {
	vm: number;
	/** The device's completion event kind and the request's number there. */
	kind: string;
	id: number;
	op: 'read' | 'write' | 'flush';
	/** The request's first virtual sector and its size. */
	sector: number;
	count: number;
	extents: Extent[];
	submitted: number;
	start: number;
	finish: number;
}

/** A finished request, with where its time went (cycles). */
export interface IoRecord {
	vm: number;
	op: 'read' | 'write' | 'flush';
	sector: number;
	count: number;
	/** The physical sector it started at (its first extent), -1 for a flush. */
	physical: number;
	submitted: number;
	started: number;
	done: number;
	seek: number;
	rotation: number;
	transfer: number;
	/** Controller overhead and flash work (SSD). */
	other: number;
}

export interface DiskQueueState {
	name: string;
	model: DiskModel;
	modelState: DiskModelState;
	pending: Queued[];
	/** The request in service and its device's completion event. */
	busy: (Queued & { event: number; done: number }) | null;
	vtime: number;
	/** Each VM's last finish tag (fair). */
	lastFinish: number[];
	recent: IoRecord[];
	/** Cycles spent serving, for utilisation. */
	busyCycles: number;
	/** Requests served since power-on. */
	served: number;
}

export interface VmIoStats {
	requests: number;
	read: number;
	written: number;
	/** Each finished request's latency, submission to completion, in cycles. */
	latencies: number[];
	/** Cycles its requests waited behind others in the queue. */
	queued: number;
}

export interface IoState {
	policy: IoPolicy;
	disks: DiskQueueState[];
	vms: VmIoStats[];
}

export function newIoState(
	disks: readonly { name: string; model: DiskModel }[],
	policy: IoPolicy = 'fifo'
): IoState {
	return {
		policy,
		disks: disks.map((d) => ({
			name: d.name,
			model: d.model,
			modelState: initialDiskState(d.model),
			pending: [],
			busy: null,
			vtime: 0,
			lastFinish: [],
			recent: [],
			busyCycles: 0,
			served: 0
		})),
		vms: []
	};
}

export const newVmIoStats = (): VmIoStats => ({ requests: 0, read: 0, written: 0, latencies: [], queued: 0 });

const FREE = 'hv.disk-free';

export class DiskQueues {
	constructor(
		private readonly state: () => IoState,
		private readonly events: EventQueue,
		private readonly hz: number,
		/** Called after each request finishes on a disk (space may have been freed: paused VMs retry). */
		private readonly onIdle: () => void = () => {}
	) {
		events.on(FREE, (p) => this.free(p as number));
	}

	private get s(): IoState {
		return this.state();
	}

	setPolicy(policy: IoPolicy): void {
		this.s.policy = policy;
	}

	stats(vm: number): VmIoStats {
		return (this.s.vms[vm] ??= newVmIoStats());
	}

	/** The port a VM's virtio-blk submits through: its virtual disk `store`, whose home is disk `home`. */
	port(vm: number, store: BlockStore, home: number): BlockQueuePort {
		return {
			submit: (req, now, kind, id) => this.submit(vm, store, home, req, now, kind, id),
			cancel: (kind) => this.cancel(kind)
		};
	}

	private submit(
		vm: number,
		store: BlockStore,
		home: number,
		req: BlockRequest,
		now: number,
		kind: string,
		id: number
	): 'queued' | 'no-space' {
		const stats = this.stats(vm);
		if (req.op === 'read' || req.op === 'write') {
			const where = store.locate
				? store.locate(req.op, req.sector, req.count)
				: [{ disk: home, ...req }];
			if (where === 'no-space') return 'no-space';
			const extents = where.filter((e) => e.count > 0);
			if (extents.length > 0) {
				this.enqueue(extents[0].disk, {
					vm,
					kind,
					id,
					op: req.op,
					sector: req.sector,
					count: req.count,
					extents,
					submitted: now
				});
				return 'queued';
			}
		} else if (req.op === 'flush') {
			this.enqueue(home, {
				vm,
				kind,
				id,
				op: 'flush',
				sector: 0,
				count: 0,
				extents: [],
				submitted: now
			});
			return 'queued';
		}
		// Nothing for the media to do (a hole, GET_ID, a discard's block map change): the controller answers.
		this.events.schedule(now + CONTROLLER_ONLY, kind, id);
		// A discard may have freed blocks: after it completes, those waiting for space look again.
		this.events.schedule(now + CONTROLLER_ONLY, FREE, -1);
		stats.requests++;
		stats.latencies.push(CONTROLLER_ONLY);
		return 'queued';
	}

	private enqueue(disk: number, r: Omit<Queued, 'start' | 'finish'>): void {
		const d = this.s.disks[disk];
		const start = Math.max(d.vtime, d.lastFinish[r.vm] ?? 0);
		const finish = start + r.count + REQUEST_CHARGE;
		d.lastFinish[r.vm] = finish;
		d.pending.push({ ...r, start, finish });
		if (!d.busy) this.dispatch(disk, r.submitted);
	}

	/** Serve the next request on `disk` from cycle `now`. */
	private dispatch(disk: number, now: number): void {
		const d = this.s.disks[disk];
		if (d.busy || d.pending.length === 0) return;
		let pick = 0;
		if (this.s.policy === 'fair')
			for (let i = 1; i < d.pending.length; i++)
				if (d.pending[i].start < d.pending[pick].start) pick = i;
		const [r] = d.pending.splice(pick, 1);
		d.vtime = r.start;
		let t = now;
		const parts = { seek: 0, rotation: 0, transfer: 0, other: 0 };
		const pieces = r.op === 'flush' ? [{ sector: 0, count: 0 }] : r.extents;
		for (const e of pieces) {
			const { service, state } = diskService(
				d.model,
				d.modelState,
				{ op: r.op, sector: e.sector, count: e.count },
				t,
				this.hz
			);
			d.modelState = state;
			t += service.cycles;
			parts.seek += service.seek;
			parts.rotation += service.rotation;
			parts.transfer += service.transfer;
			parts.other += service.overhead + service.media;
		}
		const done = Math.max(t, now + 1);
		const event = this.events.schedule(done, r.kind, r.id);
		this.events.schedule(done, FREE, disk);
		d.busy = { ...r, event, done };
		d.busyCycles += done - now;
		d.served++;
		const stats = this.stats(r.vm);
		stats.requests++;
		stats.latencies.push(done - r.submitted);
		stats.queued += now - r.submitted;
		if (r.op === 'read') stats.read += r.count * 512;
		if (r.op === 'write') stats.written += r.count * 512;
		d.recent.push({
			vm: r.vm,
			op: r.op,
			sector: r.sector,
			count: r.count,
			physical: r.extents[0]?.sector ?? -1,
			submitted: r.submitted,
			started: now,
			done,
			...parts
		});
		if (d.recent.length > RECENT) d.recent.splice(0, d.recent.length - RECENT);
	}

	private free(disk: number): void {
		if (disk < 0) return this.onIdle();
		const d = this.s.disks[disk];
		const at = d.busy?.done ?? 0;
		d.busy = null;
		this.dispatch(disk, at);
		this.onIdle();
	}

	/** A device was reset: its queued requests go; one in service finishes on the disk unheard. */
	private cancel(kind: string): void {
		for (const d of this.s.disks) {
			d.pending = d.pending.filter((r) => r.kind !== kind);
			if (d.busy?.kind === kind) this.events.cancel(d.busy.event);
		}
	}
}
