/**
 * Stride scheduling (Waldspurger and Weihl, 1995): each vCPU holds tickets (its VM's weight, shared
 * among its live vCPUs) and a pass value; the lowest pass runs, and running advances the pass by
 * the cycles run times STRIDE1 / tickets, so over time each gets cycles in proportion to its tickets.
 * A vCPU that becomes ready starts no lower than the lowest pass of those already competing, so a
 * long sleep is not banked as a claim on the future (the paper's global pass).
 */
import type { SchedEntry, SchedState, Scheduler } from '../scheduler';
import { basePolicy, liveVcpus } from './base';

/** Pass units per cycle for one ticket; a power of two keeps the arithmetic exact for small weights. */
export const STRIDE1 = 1 << 16;

function tickets(s: SchedState, e: SchedEntry): number {
	return s.params[e.vm].weight / Math.max(1, liveVcpus(s, e.vm));
}

export const stride: Scheduler = {
	...basePolicy,
	name: 'stride',
	init(s) {
		for (const e of s.vcpus) e.pass = 0;
	},
	rank: (_s, e) => e.pass,
	pickReason: () => 'lowest-pass',
	ready(s, e) {
		let floor = Infinity;
		for (const o of s.vcpus)
			if (o !== e && (o.state === 'ready' || o.state === 'running')) floor = Math.min(floor, o.pass);
		if (floor !== Infinity) e.pass = Math.max(e.pass, floor);
	},
	charge(s, e, cycles) {
		e.pass += (cycles * STRIDE1) / tickets(s, e);
	}
};
