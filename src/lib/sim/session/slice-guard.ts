/**
 * Machine.run sizes a slice by the next device event when the slice starts. An event a device
 * schedules during the slice (a guest writing mtimecmp) for an earlier cycle is only dispatched when
 * the slice ends, possibly thousands of cycles late, and how late depends on how the run was sliced:
 * run(n) once and run(k) + run(n − k) then differ. Until the machine does this itself, the session
 * wraps the queue's schedule(): an event earlier than the slice assumed ends the slice at the
 * hart's next out-of-line instruction (the MMIO store that scheduled it is one), so it fires on time
 * and the result no longer depends on slicing.
 */
import type { Machine } from '../machine/machine';

export function guardEventScheduling(m: Machine): void {
	const q = m.events;
	const schedule = q.schedule.bind(q);
	q.schedule = (cycle, kind, payload) => {
		const next = q.nextCycle();
		const handle = schedule(cycle, kind, payload);
		if (cycle < next) for (const h of m.harts) h.endSlice = true;
		return handle;
	};
}
