/**
 * Strict priority: the ready vCPU of the highest `priority` always runs, and one that becomes ready
 * preempts a lower one at once; equal priorities take turns a quantum each (round-robin). Nothing
 * stops a busy high-priority VM from starving the rest, which is the lesson of this policy.
 */
import type { Scheduler } from '../scheduler';
import { basePolicy } from './base';

export const strictPriority: Scheduler = {
	...basePolicy,
	name: 'priority',
	preemptsOnWake: true,
	rank: (s, e) => -s.params[e.vm].priority,
	pickReason: () => 'highest-priority'
};
