/**
 * What most policies do the same way: every vCPU may always run, a slice is one quantum, nothing
 * happens between decisions. A policy spreads this and overrides what it does differently.
 */
import type { Scheduler } from '../scheduler';

export const basePolicy: Omit<Scheduler, 'name' | 'rank' | 'pickReason'> = {
	preemptsOnWake: false,
	init() {},
	ready() {},
	charge() {},
	sliceDone() {},
	eligible: () => true,
	slice: (s) => s.quantum,
	tick: () => false,
	nextEvent: () => Infinity,
	expiredReason: () => 'quantum-expired'
};

/** The live vCPUs (not off) of VM `vm`. */
export function liveVcpus(s: { vcpus: { vm: number; state: string }[] }, vm: number): number {
	let n = 0;
	for (const e of s.vcpus) if (e.vm === vm && e.state !== 'off') n++;
	return n;
}
