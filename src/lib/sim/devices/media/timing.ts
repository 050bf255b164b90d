/**
 * A physical disk model as a bare machine's virtio-blk timing (blk-timing.ts's BlockTiming): one
 * drive serving one request at a time in submission order, each from when the drive is free, through
 * diskService (an HDD's seek, rotation and transfer; an SSD's flash). What the media never sees
 * (GET_ID, and DISCARD, which neither model charges for) costs the controller's fixed time only.
 * The hypervisor's disk queues (hv/io/disk-queue.ts) do the same for disks that VMs share.
 */
import type { BlockTiming } from '../virtio/blk-timing';
import { diskService, initialDiskState, type DiskModel, type DiskModelState } from './index';

/** Cycles for a request the media never sees (hv/io/disk-queue.ts CONTROLLER_ONLY). */
const CONTROLLER_ONLY = 2000;

export interface MediaTimingState {
	busyUntil: number;
	model: DiskModelState;
}

/** `name` for reports ('hdd-7200'); `hz` the machine's core clock (cycles per second). */
export function mediaTiming(model: DiskModel, hz: number, name: string): BlockTiming<MediaTimingState> {
	let s: MediaTimingState = { busyUntil: 0, model: initialDiskState(model) };
	return {
		name,
		service(req, now) {
			const start = Math.max(now, s.busyUntil);
			const op = req.op;
			if (op === 'get-id' || op === 'discard' || (op !== 'flush' && req.count === 0)) {
				s = { ...s, busyUntil: start + CONTROLLER_ONLY };
				return s.busyUntil;
			}
			const { service, state } = diskService(
				model,
				s.model,
				{ op, sector: req.sector, count: req.count },
				start,
				hz
			);
			s = { busyUntil: start + Math.max(1, service.cycles), model: state };
			return s.busyUntil;
		},
		reset: () => (s = { busyUntil: 0, model: initialDiskState(model) }),
		snapshot: () => structuredClone(s),
		restore: (state) => (s = structuredClone(state))
	};
}
