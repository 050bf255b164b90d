/**
 * Round-robin: every ready vCPU waits its turn in one first-come, first-served line and runs for a
 * quantum; a quantum that ends with nobody waiting is renewed. Weights, caps and priorities do not
 * matter to it: each vCPU gets the same share, so a VM with two vCPUs gets twice a VM with one.
 */
import type { Scheduler } from '../scheduler';
import { basePolicy } from './base';

export const roundRobin: Scheduler = {
	...basePolicy,
	name: 'rr',
	rank: () => 0,
	pickReason: () => 'next-in-turn'
};
