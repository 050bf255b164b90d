/**
 * The schedule's metrics as a pure function of 'sched-decision' events (hv/sched/metrics.ts): a
 * hand-written event list and what it must give, Jain's index, the latency statistics, and the
 * entitlements' water-filling under each policy.
 */
import { describe, expect, it } from 'vitest';
import {
	SchedMetrics,
	entitlements,
	jain,
	latencyStats,
	type SchedDecision
} from '../../src/lib/sim/hv/sched/metrics';
import { DEFAULT_VM_PARAMS } from '../../src/lib/sim/hv/scheduler';

const ev = (
	cycle: number,
	vm: number,
	state: SchedDecision['state'],
	reason: SchedDecision['reason'],
	pcpu = 0
): SchedDecision => ({
	cycle,
	vm,
	vcpu: 0,
	pcpu,
	state,
	reason,
	migrated: false
});

describe('schedule metrics', () => {
	it('adds up a hand-written schedule', () => {
		const m = new SchedMetrics(1);
		// vm0 runs 0..400, blocks until woken at 700, runs at 900 (latency 200) until 1000.
		// vm1 waits 0..400, runs 400..900, waits to 1000.
		for (const e of [
			ev(0, 0, 'ready', 'started'),
			ev(0, 1, 'ready', 'started'),
			ev(0, 0, 'running', 'next-in-turn'),
			ev(400, 0, 'blocked', 'blocked'),
			ev(400, 1, 'running', 'next-in-turn'),
			ev(700, 0, 'ready', 'woken'),
			ev(900, 1, 'ready', 'quantum-expired'),
			ev(900, 0, 'running', 'next-in-turn')
		])
			m.add(e);
		const r = m.report([1000], ['a', 'b'], [0.5, 0.5]);
		expect(r.vms.map((v) => [v.run, v.steal, v.blocked, v.lifetime])).toEqual([
			[500, 200, 300, 1000],
			[500, 500, 0, 1000]
		]);
		expect([r.vms[0].latencyMean, r.vms[0].latencyP95, r.vms[0].latencyMax, r.vms[0].wakeups]).toEqual([
			200, 200, 200, 1
		]);
		expect(r.vms.map((v) => [v.share, v.switches])).toEqual([
			[0.5, 2],
			[0.5, 1]
		]);
		expect(r.host).toEqual({ utilisation: [1], fairness: 1, elapsed: [1000] });
		// Asking again changes nothing; a vCPU stopped at 950 lived 950 cycles.
		expect(m.report([1000], ['a', 'b'], [0.5, 0.5])).toEqual(r);
		m.add(ev(950, 1, 'off', 'stopped'));
		expect(m.report([1000], ['a', 'b'], [0.5, 0.5]).vms[1].lifetime).toBe(950);
	});

	it('starts from the scheduler’s state when it attaches late', () => {
		const m = new SchedMetrics(1, 100);
		m.seed([
			{
				vm: 0,
				vcpu: 0,
				state: 'running',
				pcpu: 0,
				since: 50,
				seq: 0,
				charged: 0,
				sliceEnd: 0,
				credit: 0,
				boost: false,
				pass: 0
			}
		]);
		const r = m.report([300], ['a'], [1]);
		expect([r.vms[0].run, r.vms[0].lifetime, r.host.utilisation[0]]).toEqual([200, 200, 1]);
	});

	it('Jain’s index and latency statistics', () => {
		expect(jain([1, 1, 1, 1])).toBe(1);
		expect(jain([1, 0, 0, 0])).toBe(0.25);
		expect(jain([])).toBe(1);
		const s = latencyStats(Array.from({ length: 20 }, (_, i) => i + 1));
		expect(s).toEqual({ count: 20, mean: 10.5, p95: 19, max: 20 });
	});

	it('entitlements: weights shared out, none above what its vCPUs or cap can use', () => {
		const p = (o: Partial<typeof DEFAULT_VM_PARAMS>) => ({ ...DEFAULT_VM_PARAMS, ...o });
		const vms = [
			{ vcpus: 1, params: p({ weight: 768 }) },
			{ vcpus: 1, params: p({ weight: 256, cap: 10, priority: 2 }) },
			{ vcpus: 2, params: p({ weight: 256, priority: 1 }) }
		];
		// Two pCPUs. rr: per vCPU, 1:1:2. credit: weights 3:1:1, the first can use only one pCPU (0.5),
		// the second is capped at 10% of one (0.05); the rest goes to the third.
		expect(entitlements('rr', vms, 2)).toEqual([0.25, 0.25, 0.5]);
		expect(entitlements('credit', vms, 2)).toEqual([0.5, 0.05, 0.45]);
		expect(entitlements('stride', vms, 2)).toEqual([0.5, 0.25, 0.25]);
		// priority: level 2 first (vm1, one vCPU: 0.5), then level 1 (vm2: the other 0.5), vm0 nothing.
		expect(entitlements('priority', vms, 2)).toEqual([0, 0.5, 0.5]);
	});
});
