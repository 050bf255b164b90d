/**
 * The vCPU scheduler's interface and its state. Which vCPU runs next on a pCPU is decided by a policy
 * (sched/rr.ts, credit.ts, priority.ts, stride.ts) behind the one `Scheduler` interface below; the
 * mechanics every policy shares (the ready set, placement on pCPUs, affinity, migration, slices and
 * the events that explain each decision) are in sched/core.ts. All of it is plain data inside the
 * hypervisor's snapshot (HvState.sched), so a policy can be switched while the system runs and
 * stepping back across the switch undoes it.
 */

/** A vCPU named by its VM's index and its own. */
export interface VcpuRef {
	vm: number;
	vcpu: number;
}

export const POLICIES = ['rr', 'credit', 'priority', 'stride'] as const;
export type PolicyName = (typeof POLICIES)[number];

/** A VM's scheduling parameters (a scenario's `vms[i].weight`, `cap`, `priority`, `affinity`). */
export interface VmSchedParams {
	/** Proportional share under credit and stride (Xen's default is 256). */
	weight: number;
	/** Most a VM may use, in percent of one pCPU, under credit; 0: no cap. */
	cap: number;
	/** Under the priority policy a higher number runs first. */
	priority: number;
	/** The pCPUs its vCPUs may run on; null: any. */
	affinity: number[] | null;
}

export const DEFAULT_VM_PARAMS: VmSchedParams = { weight: 256, cap: 0, priority: 0, affinity: null };

/** Where a vCPU is, as the scheduler sees it. 'off': not started, paused or stopped. */
export type SchedVcpuState = 'off' | 'ready' | 'running' | 'blocked';

/**
 * Why a decision was made: what the 'sched-decision' event says, so a student can ask "why is this
 * VM running now?". The first group moves a vCPU off a pCPU or into the ready set; the second says
 * why the one picked was picked.
 */
export type SchedReason =
	| 'started'
	| 'resumed'
	| 'woken'
	| 'blocked'
	| 'paused'
	| 'stopped'
	| 'quantum-expired'
	| 'credit-exhausted'
	| 'preempted'
	| 'policy-changed'
	| 'affinity-changed'
	| 'quantum-renewed'
	| 'next-in-turn'
	| 'boosted'
	| 'under'
	| 'over'
	| 'highest-priority'
	| 'lowest-pass';

/** One vCPU's scheduling state. Policy fields are kept for every policy so switching is a reset. */
export interface SchedEntry {
	vm: number;
	vcpu: number;
	state: SchedVcpuState;
	/** The pCPU it runs on, or last ran on (-1: never ran). */
	pcpu: number;
	/** Host cycle of its last state change (a metrics observer that attaches late starts here). */
	since: number;
	/** Order of entering the ready set: equal ranks run first come, first served. */
	seq: number;
	/** Host cycle up to which its run time has been charged to the policy. */
	charged: number;
	/** Host cycle at which its slice ends (while running). */
	sliceEnd: number;
	/** credit: cycles it may still run this accounting period (negative: in debt, OVER). */
	credit: number;
	/** credit: woken from blocking with credit left, it runs ahead of the others (BOOST). */
	boost: boolean;
	/** stride: its pass value; the lowest pass runs next. */
	pass: number;
}

export interface SchedState {
	policy: PolicyName;
	/** A slice on a pCPU, in cycles. */
	quantum: number;
	/** credit: the accounting period, in cycles, after which credits are handed out again. */
	period: number;
	pcpus: number;
	/** By VM index. */
	params: VmSchedParams[];
	/** Every vCPU of every VM, in creation order. */
	vcpus: SchedEntry[];
	seq: number;
	/** credit: the host cycle of the next refill. */
	nextRefill: number;
	/** Per pCPU: a vCPU that may preempt its current one became ready; decide at its next exit. */
	tickle: boolean[];
	/** Decisions made (picks, preemptions, renewals): the bench's decisions per second. */
	decisions: number;
	/** The policy's fields were set at the first pick, when every VM built with the host is live. */
	started: boolean;
}

/**
 * A policy: how ready vCPUs are ordered, what running costs them, and when one may run at all. Pure
 * functions of the state, with no state of their own.
 */
export interface Scheduler {
	readonly name: PolicyName;
	/** May a vCPU that becomes ready take a pCPU before the running vCPU's slice ends? */
	readonly preemptsOnWake: boolean;
	/** Set the policy's fields afresh (at start, and when the host switches to this policy). */
	init(s: SchedState, now: number): void;
	/** Lower runs first; equal ranks run in the order they became ready. */
	rank(s: SchedState, e: SchedEntry): number;
	/** Why `e` was picked, for the event. */
	pickReason(s: SchedState, e: SchedEntry): SchedReason;
	/** `e` joined the ready set (started, woken or resumed). */
	ready(s: SchedState, e: SchedEntry, why: SchedReason): void;
	/** `e` ran `cycles` more. */
	charge(s: SchedState, e: SchedEntry, cycles: number): void;
	/** `e`'s slice ended or it left its pCPU (BOOST ends here). */
	sliceDone(s: SchedState, e: SchedEntry): void;
	/** May `e` run now? (A capped VM out of credit waits for the next period.) */
	eligible(s: SchedState, e: SchedEntry): boolean;
	/** Cycles `e` may run from now before the scheduler looks again. */
	slice(s: SchedState, e: SchedEntry): number;
	/** Periodic work due at `now` (credit's refill); true when a waiting vCPU may now run. */
	tick(s: SchedState, now: number): boolean;
	/** Host cycle of the next tick that matters (Infinity: none). */
	nextEvent(s: SchedState): number;
	/** Why `e` leaves its pCPU at the end of its slice for `next`. */
	expiredReason(s: SchedState, e: SchedEntry): SchedReason;
}
