/**
 * Answers to lesson 03's checkpoints, computed by running its scenario in a session of its own with
 * the changes the question names: the figures are the ones the lab's table would show after the same
 * actions. Pure over the Session interface (the unit tests run them in-process).
 */
import type { SchedOptions, Session, VmSchedParams } from '$lib/sim/session';
import type { SchedReason } from '$lib/sim/hv/scheduler';

/** Simulated time the run to the end may take (the scenario ends in well under a second). */
const END_STEPS = 400_000_000;

export interface ScheduleSetup {
	policy?: SchedOptions;
	vms?: { vm: number; params: Partial<VmSchedParams> }[];
}

async function setUp(s: Session, setup: ScheduleSetup): Promise<void> {
	if (setup.policy) await s.setScheduler(setup.policy);
	for (const v of setup.vms ?? []) await s.setVmSched(v.vm, v.params);
}

/** The report after running from power-on (with `setup` made at once) to the end of every VM. */
export async function reportAtEnd(s: Session, setup: ScheduleSetup = {}) {
	await setUp(s, setup);
	await s.runUntil({ maxInstructions: END_STEPS });
	const r = await s.schedReport();
	if (!r) throw new Error('the scenario has no hypervisor');
	return r;
}

/**
 * The reason most of `vm`'s slices were chosen for, over the whole run with `setup`, counting only
 * the slices after its first block (once it sleeps and wakes, not while its kernel boots).
 */
export async function commonReason(s: Session, vm: number, setup: ScheduleSetup = {}) {
	await setUp(s, setup);
	await s.runUntil({ maxInstructions: END_STEPS });
	const v = await s.schedule(1_000_000);
	if (!v) throw new Error('the scenario has no hypervisor');
	const mine = v.slices.filter((x) => x.vm === vm);
	const first = mine.findIndex((x) => x.endWhy === 'blocked');
	if (first < 0) throw new Error(`VM ${vm} never blocked`);
	const after = mine.slice(first + 1);
	const counts = new Map<SchedReason, number>();
	for (const x of after) counts.set(x.why, (counts.get(x.why) ?? 0) + 1);
	const sorted = [...counts].sort((a, b) => b[1] - a[1]);
	if (sorted.length === 0) throw new Error(`VM ${vm} never ran after it first blocked`);
	return { reason: sorted[0][0], count: sorted[0][1], of: after.length };
}

/** Each spelling of a whole number of µs within `slack` of `us` ("1214", "1,214", "1214 µs", "1214us"). */
export function acceptMicros(us: number, slack: number): string[] {
	const out: string[] = [];
	for (let n = Math.max(0, us - slack); n <= us + slack; n++) {
		const t = n.toLocaleString('en');
		out.push(String(n), t, `${n} µs`, `${t} µs`, `${n}us`, `${n} us`);
	}
	return out;
}
