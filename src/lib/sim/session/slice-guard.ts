/**
 * Machine.run sizes a slice by the next device event when the slice starts. An event a device
 * schedules during the slice for an earlier cycle would only be dispatched when the slice ends,
 * late by an amount that depends on how the run was sliced (run(n) and run(k) + run(n − k) would
 * differ). The machine now ends the slice after a store to the CLINT; this guard covers every device
 * that schedules on the queue: an event earlier than the slice assumed ends the slice at the hart's
 * next out-of-line instruction (the MMIO access that scheduled it is one), so results never depend
 * on slicing. It only adds slice boundaries, which are invisible to the guest.
 */
import type { Machine } from '../machine/machine';

export function guardEventScheduling(m: Machine): void {
	const q = m.events;
	const schedule = q.schedule.bind(q);
	q.schedule = (cycle, kind, payload) => {
		const next = q.nextCycle();
		const handle = schedule(cycle, kind, payload);
		if (cycle < next) m.endSlice();
		return handle;
	};
}
