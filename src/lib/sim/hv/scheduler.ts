/**
 * Which vCPU runs next on a pCPU: round-robin over one run queue, a quantum each. Kept behind this
 * small interface so a later scheduler (weights, credit, affinity) replaces it without touching the
 * hypervisor. The queue is plain data in the hypervisor's snapshot.
 */

/** A vCPU named by its VM's index and its own. */
export interface VcpuRef {
	vm: number;
	vcpu: number;
}

export interface SchedulerState {
	queue: VcpuRef[];
}

export interface Scheduler {
	/** A vCPU became runnable (started, woken, preempted): it waits its turn. */
	enqueue(s: SchedulerState, v: VcpuRef): void;
	/** The next vCPU for `hart`, removed from the queue; undefined when none waits. */
	next(s: SchedulerState, hart: number): VcpuRef | undefined;
	/** Forget a vCPU (its VM stopped, paused or was destroyed). */
	remove(s: SchedulerState, pred: (v: VcpuRef) => boolean): void;
	/** Does anyone wait? (A quantum that ends with nobody waiting is renewed, not preempted.) */
	waiting(s: SchedulerState): boolean;
}

export const roundRobin: Scheduler = {
	enqueue(s, v) {
		if (!s.queue.some((q) => q.vm === v.vm && q.vcpu === v.vcpu)) s.queue.push({ ...v });
	},
	next(s) {
		return s.queue.shift();
	},
	remove(s, pred) {
		s.queue = s.queue.filter((v) => !pred(v));
	},
	waiting(s) {
		return s.queue.length > 0;
	}
};
