/**
 * Properties of the vCPU schedulers over long runs of random hosts (the model host of
 * src/lib/sim/hv/sched/model.ts; fast-check, seeded by fast-check-seed.ts):
 *   - every vCPU's run + steal + blocked is its lifetime, and no pCPU is busier than its time;
 *   - weights are respected: hogs under credit or stride get shares within a stated tolerance of
 *     weight / total weight;
 *   - a capped VM never runs more than its cap (plus at most one period's grant and one short slice);
 *   - nobody starves under credit: a ready vCPU waits at most a bounded time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_SLICE } from '../../src/lib/sim/hv/sched/credit';
import { POLICIES } from '../../src/lib/sim/hv/scheduler';
import './fast-check-seed';
import { HOG, SchedModel, type ModelVm, type Workload } from '../../src/lib/sim/hv/sched/model';

const Q = 1000;

const workload: fc.Arbitrary<Workload> = fc.oneof(
	fc.constant(HOG),
	fc.record({ burst: fc.integer({ min: 50, max: 5000 }), sleep: fc.integer({ min: 50, max: 20_000 }) })
);

const vm: fc.Arbitrary<ModelVm> = fc.record({
	work: fc.array(workload, { minLength: 1, maxLength: 2 }),
	params: fc.record({
		weight: fc.integer({ min: 1, max: 1024 }),
		cap: fc.oneof(fc.constant(0), fc.integer({ min: 5, max: 100 })),
		priority: fc.integer({ min: 0, max: 3 })
	})
});

describe('scheduler properties', () => {
	it('run + steal + blocked is each vCPU’s lifetime; shares and utilisation are fractions', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...POLICIES),
				fc.integer({ min: 1, max: 4 }),
				fc.array(vm, { minLength: 1, maxLength: 8 }),
				(policy, pcpus, vms) => {
					const m = new SchedModel(pcpus, { policy, quantum: Q, period: 10 * Q }, vms).run(200_000);
					const r = m.report();
					for (const v of r.vms) {
						expect(v.run + v.steal + v.blocked).toBe(v.lifetime);
						expect(v.lifetime).toBe(200_000 * v.vcpus.length);
						for (const c of v.vcpus) expect(c.run + c.steal + c.blocked).toBe(c.lifetime);
					}
					for (const u of r.host.utilisation) expect(u).toBeLessThanOrEqual(1);
					expect(r.vms.reduce((n, v) => n + v.share, 0)).toBeLessThanOrEqual(1 + 1e-9);
					expect(r.host.fairness).toBeGreaterThan(0);
				}
			),
			{ numRuns: 60 }
		);
	});

	// Tolerance: over 400 quanta, each hog's share is within 0.02 (stride) or 0.03 (credit) of
	// weight / total weight, for weights within a factor of 8 of each other. Stride's error is at most
	// about a quantum per vCPU; credit's, a quantum of overrun per period, carried as debt.
	for (const [policy, tolerance] of [
		['stride', 0.02],
		['credit', 0.03]
	] as const)
		it(`${policy}: hogs share one pCPU in proportion to their weights (±${tolerance})`, () => {
			fc.assert(
				fc.property(
					fc.array(fc.integer({ min: 64, max: 512 }), { minLength: 2, maxLength: 5 }),
					(weights) => {
						const vms = weights.map((weight) => ({ work: [HOG], params: { weight } }));
						const r = new SchedModel(1, { policy, quantum: Q, period: 10 * Q }, vms)
							.run(400 * Q)
							.report();
						const total = weights.reduce((a, b) => a + b, 0);
						r.vms.forEach((v, i) => {
							expect(Math.abs(v.share - weights[i] / total)).toBeLessThanOrEqual(tolerance);
							expect(Math.abs(v.share - v.entitled)).toBeLessThanOrEqual(tolerance);
						});
					}
				),
				{ numRuns: 40 }
			);
		});

	it('credit: a capped VM never runs more than its cap', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 3 }),
				fc.array(vm, { minLength: 1, maxLength: 6 }),
				fc.integer({ min: 2, max: 20 }),
				(pcpus, vms, periodQuanta) => {
					const period = periodQuanta * Q;
					const T = 300_000;
					const m = new SchedModel(pcpus, { policy: 'credit', quantum: Q, period }, vms).run(T);
					m.report().vms.forEach((v, i) => {
						const cap = vms[i].params?.cap ?? 0;
						if (cap === 0) return;
						// One grant per refill, the first at the start: at most cap% of (T + period), and the one
						// short slice that may overrun a credit smaller than MIN_SLICE.
						expect(v.run).toBeLessThanOrEqual((cap / 100) * (T + period) + MIN_SLICE);
					});
				}
			),
			{ numRuns: 60 }
		);
	});

	it('credit: no runnable vCPU starves', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 4 }),
				fc.array(fc.integer({ min: 64, max: 1024 }), { minLength: 1, maxLength: 12 }),
				(pcpus, weights) => {
					const period = 10 * Q;
					const vms = weights.map((weight) => ({ work: [HOG], params: { weight } }));
					const m = new SchedModel(pcpus, { policy: 'credit', quantum: Q, period }, vms).run(
						300_000
					);
					// The longest a hog waits ready: a vCPU whose credit per period is less than a quantum runs a
					// whole quantum and then owes it, so it is UNDER once every ceil(quantum / share) periods;
					// add the period the others spend their credit first, the rest of the one it went OVER in,
					// and a turn of each of them.
					const total = weights.reduce((a, b) => a + b, 0);
					const bounds = weights.map((w) => {
						const share = Math.min(period, (period * pcpus * w) / total);
						return (Math.ceil(Q / share) + 2) * period + weights.length * Q;
					});
					const since = new Map<number, number>();
					for (const e of m.events) {
						if (e.state === 'ready') since.set(e.vm, e.cycle);
						if (e.state === 'running' && since.has(e.vm)) {
							expect(e.cycle - since.get(e.vm)!).toBeLessThanOrEqual(bounds[e.vm]);
							since.delete(e.vm);
						}
					}
					for (const [vm, t] of since) expect(300_000 - t).toBeLessThanOrEqual(bounds[vm]);
					for (const v of m.report().vms) expect(v.run).toBeGreaterThan(0);
				}
			),
			{ numRuns: 40 }
		);
	});
});
