/**
 * The scheduler's reasons and times in a student's words: what a timeline's hover, a slice's label
 * and the metrics table say. Times are cycles of the 100 MHz core clock shown as ms or µs.
 */
import type { SchedReason } from '$lib/sim/hv/scheduler';

/** Cycles per second of the machine's core clock (machine.ts default). */
export const HZ = 100_000_000;

const CHOSEN: Record<SchedReason, string> = {
	started: 'it had just started',
	resumed: 'its VM was resumed',
	woken: 'it was woken (a timer or an IPI)',
	blocked: 'it blocked',
	paused: 'its VM was paused',
	stopped: 'its VM stopped',
	'quantum-expired': 'the vCPU before it used up its quantum',
	'credit-exhausted': 'the vCPU before it ran out of credit',
	preempted: 'it preempted a vCPU of lower rank',
	'policy-changed': 'the policy changed',
	'affinity-changed': 'its affinity changed',
	'quantum-renewed': 'nobody better was waiting, so it got another quantum',
	'next-in-turn': 'it was next in turn (round-robin)',
	boosted: 'it was BOOSTed: woken from blocking, it jumps the queue (credit)',
	under: 'it had credit left (UNDER) and waited longest',
	over: 'no vCPU with credit was waiting (it was OVER)',
	'highest-priority': 'it had the highest priority',
	'lowest-pass': 'it had the lowest pass value (stride)'
};

const ENDED: Partial<Record<SchedReason, string>> = {
	blocked: 'it blocked in WFI and gave the pCPU away',
	'quantum-expired': 'its quantum expired',
	'credit-exhausted': 'it ran out of credit (or hit its cap)',
	preempted: 'a vCPU of higher rank preempted it',
	stopped: 'its VM stopped',
	paused: 'its VM was paused',
	'policy-changed': 'the policy changed',
	'affinity-changed': 'its affinity no longer allowed this pCPU'
};

export function chosenBecause(r: SchedReason): string {
	return CHOSEN[r] ?? r;
}

export function endedBecause(r: SchedReason | null): string {
	if (r === null) return 'it is still running';
	return ENDED[r] ?? r;
}

/** Cycles as a time: "12.5 ms", "840 µs". */
export function time(cycles: number): string {
	const s = cycles / HZ;
	if (s >= 0.01) return `${(s * 1000).toFixed(1)} ms`;
	if (s >= 0.001) return `${(s * 1000).toFixed(2)} ms`;
	return `${Math.round(s * 1e6).toLocaleString('en')} µs`;
}

export function percent(fraction: number): string {
	return `${(fraction * 100).toFixed(1)}%`;
}

/** Colours and dash patterns by VM (Okabe-Ito, as the other VM views), so colour is never alone. */
export const VM_COLOURS = [
	'var(--oi-blue)',
	'var(--oi-vermillion)',
	'var(--oi-bluish-green)',
	'var(--oi-reddish-purple)',
	'var(--oi-orange)',
	'var(--oi-sky-blue)',
	'var(--oi-yellow)'
];
export const VM_PATTERNS = ['solid', 'hatch', 'dots', 'cross'] as const;
