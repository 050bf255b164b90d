/**
 * Proportional share in the manner of Xen's credit scheduler. Every accounting period the host's
 * capacity (period × pCPUs, in cycles) is handed out as credit to the live VMs in proportion to
 * their weights, each VM's part split evenly among its live vCPUs; a cap (percent of one pCPU)
 * bounds what a VM receives. Running burns credit cycle for cycle. A vCPU with credit left is
 * UNDER and runs before those in debt (OVER); a vCPU woken from blocking while UNDER is BOOSTed
 * ahead of both until its slice ends, which is what keeps an interactive VM responsive beside a hog.
 * A capped VM out of credit is parked until the next refill, even with a pCPU idle: that is a cap.
 * Unused credit is not banked beyond one period's share, as Xen resets an idle vCPU's credit.
 */
import type { SchedEntry, SchedState, Scheduler } from '../scheduler';
import { basePolicy, liveVcpus } from './base';

/** A capped vCPU's slice is its credit left, but never so short that the timer storms. */
export const MIN_SLICE = 1000;

const BOOST = 0;
const UNDER = 1;
const OVER = 2;

function capped(s: SchedState, e: SchedEntry): boolean {
	return s.params[e.vm].cap > 0;
}

/** Each live vCPU's credit for one period (cycles). */
export function creditShares(s: SchedState): Map<number, number> {
	const live = new Map<number, number>();
	for (const e of s.vcpus) if (e.state !== 'off') live.set(e.vm, liveVcpus(s, e.vm));
	let weights = 0;
	for (const vm of live.keys()) weights += s.params[vm].weight;
	const shares = new Map<number, number>();
	for (const [vm, n] of live) {
		const p = s.params[vm];
		let share = (s.period * s.pcpus * p.weight) / weights;
		if (p.cap > 0) share = Math.min(share, (s.period * p.cap) / 100);
		// One vCPU can use at most one pCPU: credit beyond that would only be banked.
		shares.set(vm, Math.floor(Math.min(s.period, share / n)));
	}
	return shares;
}

function refill(s: SchedState): void {
	const shares = creditShares(s);
	for (const e of s.vcpus) {
		const share = shares.get(e.vm);
		if (share === undefined) continue;
		e.credit = Math.max(-s.period, Math.min(e.credit + share, share));
	}
}

export const credit: Scheduler = {
	...basePolicy,
	name: 'credit',
	preemptsOnWake: true,
	init(s, now) {
		for (const e of s.vcpus) {
			e.credit = 0;
			e.boost = false;
		}
		refill(s);
		// Refills fall on multiples of the period, so a schedule can be worked out by hand.
		s.nextRefill = (Math.floor(now / s.period) + 1) * s.period;
	},
	rank: (_s, e) => (e.boost ? BOOST : e.credit > 0 ? UNDER : OVER),
	pickReason: (_s, e) => (e.boost ? 'boosted' : e.credit > 0 ? 'under' : 'over'),
	ready(s, e, why) {
		// A VM started on a running host gets its share now rather than waiting for the refill.
		if (why === 'started' && s.started) e.credit = creditShares(s).get(e.vm) ?? 0;
		if (why === 'woken' && e.credit > 0) e.boost = true;
	},
	charge(s, e, cycles) {
		e.credit = Math.max(-s.period, e.credit - cycles);
	},
	sliceDone(_s, e) {
		e.boost = false;
	},
	eligible: (s, e) => !capped(s, e) || e.credit > 0,
	slice: (s, e) => (capped(s, e) ? Math.max(MIN_SLICE, Math.min(s.quantum, e.credit)) : s.quantum),
	tick(s, now) {
		if (now < s.nextRefill) return false;
		refill(s);
		s.nextRefill = (Math.floor(now / s.period) + 1) * s.period;
		return true;
	},
	nextEvent(s) {
		for (const e of s.vcpus)
			if (e.state === 'ready' && capped(s, e) && e.credit <= 0) return s.nextRefill;
		return Infinity;
	},
	expiredReason: (_s, e) => (e.credit <= 0 ? 'credit-exhausted' : 'quantum-expired')
};
