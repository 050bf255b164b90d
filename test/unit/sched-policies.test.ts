/**
 * Each vCPU scheduling policy against a schedule worked out by hand, on the model host of
 * src/lib/sim/hv/sched/model.ts (exact cycles: the scheduler is deterministic). Each case says how the numbers
 * come about, so a reader can check them with pencil and paper.
 */
import { describe, expect, it } from 'vitest';
import { STRIDE1 } from '../../src/lib/sim/hv/sched/stride';
import { HOG, SchedModel } from '../../src/lib/sim/hv/sched/model';

const Q = 1000;

describe('round-robin', () => {
	it('three hogs on one pCPU take turns a quantum each, first come first served', () => {
		const m = new SchedModel(1, { policy: 'rr', quantum: Q }, [
			{ work: [HOG] },
			{ work: [HOG] },
			{ work: [HOG] }
		]).run(6000);
		expect(m.trace(1)).toEqual([
			'1000 vm0.0 ready quantum-expired',
			'1000 vm1.0 running@0 next-in-turn',
			'2000 vm1.0 ready quantum-expired',
			'2000 vm2.0 running@0 next-in-turn',
			'3000 vm2.0 ready quantum-expired',
			'3000 vm0.0 running@0 next-in-turn',
			'4000 vm0.0 ready quantum-expired',
			'4000 vm1.0 running@0 next-in-turn',
			'5000 vm1.0 ready quantum-expired',
			'5000 vm2.0 running@0 next-in-turn',
			'6000 vm2.0 ready quantum-expired',
			'6000 vm0.0 running@0 next-in-turn'
		]);
		// Each ran 2 of the 6 quanta and waited the other 4.
		for (const v of m.report().vms)
			expect([v.run, v.steal, v.blocked, v.lifetime]).toEqual([2000, 4000, 0, 6000]);
	});

	it('a lone vCPU has its quantum renewed, and a VM with two vCPUs gets two shares', () => {
		const lone = new SchedModel(1, { policy: 'rr', quantum: Q }, [{ work: [HOG] }]).run(2500);
		expect(lone.trace(1)).toEqual([
			'1000 vm0.0 running@0 quantum-renewed',
			'2000 vm0.0 running@0 quantum-renewed'
		]);
		const m = new SchedModel(1, { policy: 'rr', quantum: Q }, [
			{ work: [HOG, HOG] },
			{ work: [HOG] }
		]).run(9000);
		expect(m.report().vms.map((v) => v.run)).toEqual([6000, 3000]);
		expect(m.report().vms.map((v) => v.entitled)).toEqual([2 / 3, 1 / 3]);
	});

	it('on two pCPUs the ready vCPU migrates to the pCPU that frees first; affinity pins it', () => {
		const m = new SchedModel(2, { policy: 'rr', quantum: Q }, [
			{ work: [HOG] },
			{ work: [HOG] },
			{ work: [HOG] }
		]).run(2000);
		// At 1000 pCPU 0 preempts vm0 for vm2; pCPU 1 preempts vm1 and takes vm0, which ran on 0.
		expect(m.trace(1)).toEqual([
			'1000 vm0.0 ready quantum-expired',
			'1000 vm2.0 running@0 next-in-turn',
			'1000 vm1.0 ready quantum-expired',
			'1000 vm0.0 running@1 next-in-turn',
			'2000 vm2.0 ready quantum-expired',
			'2000 vm1.0 running@0 next-in-turn',
			'2000 vm0.0 ready quantum-expired',
			'2000 vm2.0 running@1 next-in-turn'
		]);
		expect(m.events.filter((e) => e.migrated).map((e) => `${e.cycle} vm${e.vm}`)).toEqual([
			'1000 vm0',
			'2000 vm1',
			'2000 vm2'
		]);
		// vm0 may use pCPU 0 only, so it never moves and runs every other quantum there (5000); vm1
		// and vm2 share the other 15000 cycles, vm1 first to pCPU 1 and so one quantum ahead.
		const pinned = new SchedModel(2, { policy: 'rr', quantum: Q }, [
			{ work: [HOG], params: { affinity: [0] } },
			{ work: [HOG] },
			{ work: [HOG] }
		]).run(10_000);
		const r = pinned.report();
		expect(r.vms.map((v) => v.run)).toEqual([5000, 8000, 7000]);
		expect(
			pinned.events.filter((e) => e.vm === 0 && e.state === 'running').every((e) => e.pcpu === 0)
		).toBe(true);
		expect(r.host.utilisation).toEqual([1, 1]);
	});
});

describe('strict priority', () => {
	it('the higher priority runs first and preempts a lower one the moment it wakes', () => {
		// vm1 (priority 5) runs 500 cycles, sleeps 1800; vm0 (priority 0) is a hog.
		const m = new SchedModel(1, { policy: 'priority', quantum: Q }, [
			{ work: [HOG] },
			{ work: [{ burst: 500, sleep: 1800 }], params: { priority: 5 } }
		]).run(3000);
		expect(m.trace(1)).toEqual([
			'500 vm1.0 blocked blocked',
			'500 vm0.0 running@0 highest-priority',
			'1500 vm0.0 running@0 quantum-renewed',
			'2300 vm1.0 ready woken',
			'2300 vm0.0 ready preempted',
			'2300 vm1.0 running@0 highest-priority',
			'2800 vm1.0 blocked blocked',
			'2800 vm0.0 running@0 highest-priority'
		]);
		const [hog, sleeper] = m.report().vms;
		expect([hog.run, hog.steal]).toEqual([2000, 1000]);
		expect([sleeper.run, sleeper.blocked, sleeper.latencyMax, sleeper.wakeups]).toEqual([
			1000, 2000, 0, 1
		]);
	});

	it('a busy higher priority starves the lower (that is the policy)', () => {
		const m = new SchedModel(1, { policy: 'priority', quantum: Q }, [
			{ work: [HOG] },
			{ work: [HOG], params: { priority: 1 } }
		]).run(50_000);
		expect(m.report().vms.map((v) => v.run)).toEqual([0, 50_000]);
		expect(m.report().vms.map((v) => v.entitled)).toEqual([0, 1]);
	});
});

describe('credit', () => {
	it('weights 512 and 256 give 2000 and 1000 cycles of every 3000-cycle period', () => {
		// Capacity 3000 per period: credits 2000 and 1000. Both UNDER: turns; vm1 burns its 1000 and
		// goes OVER, so vm0 runs alone until its credit is gone; the refill at 3000 starts it again.
		const m = new SchedModel(1, { policy: 'credit', quantum: Q, period: 3000 }, [
			{ work: [HOG], params: { weight: 512 } },
			{ work: [HOG], params: { weight: 256 } }
		]).run(6000);
		expect(m.trace()).toEqual([
			'0 vm0.0 ready started',
			'0 vm1.0 ready started',
			'0 vm0.0 running@0 under',
			'1000 vm0.0 ready quantum-expired',
			'1000 vm1.0 running@0 under',
			'2000 vm1.0 ready credit-exhausted',
			'2000 vm0.0 running@0 under',
			'3000 vm0.0 ready quantum-expired',
			'3000 vm1.0 running@0 under',
			'4000 vm1.0 ready credit-exhausted',
			'4000 vm0.0 running@0 under',
			'5000 vm0.0 running@0 quantum-renewed',
			'6000 vm0.0 ready quantum-expired',
			'6000 vm1.0 running@0 under'
		]);
		expect(m.report().vms.map((v) => v.run)).toEqual([4000, 2000]);
		expect(m.report().vms.map((v) => v.entitled)).toEqual([2 / 3, 1 / 3]);
	});

	it('a cap of 25% holds a VM to a quarter of one pCPU even when the pCPU would idle', () => {
		// Period 4000: the capped VM's credit is 1000 per period. It runs 1000, is parked until the
		// refill at 4000, and the pCPU idles meanwhile.
		const m = new SchedModel(1, { policy: 'credit', quantum: Q, period: 4000 }, [
			{ work: [HOG], params: { cap: 25 } }
		]).run(12_000);
		expect(m.trace()).toEqual([
			'0 vm0.0 ready started',
			'0 vm0.0 running@0 under',
			'1000 vm0.0 ready credit-exhausted',
			'4000 vm0.0 running@0 under',
			'5000 vm0.0 ready credit-exhausted',
			'8000 vm0.0 running@0 under',
			'9000 vm0.0 ready credit-exhausted',
			'12000 vm0.0 running@0 under'
		]);
		const r = m.report();
		expect([r.vms[0].run, r.vms[0].steal, r.vms[0].entitled]).toEqual([3000, 9000, 0.25]);
		expect(r.host.utilisation).toEqual([0.25]);
	});

	it('a vCPU woken from blocking with credit left is BOOSTed past a running hog', () => {
		const m = new SchedModel(1, { policy: 'credit', quantum: Q, period: 30_000 }, [
			{ work: [HOG] },
			{ work: [{ burst: 200, sleep: 1500 }] }
		]).run(2500);
		expect(m.trace(1)).toEqual(
			[
				'1000 vm0.0 ready quantum-expired',
				'1000 vm1.0 running@0 under',
				'1200 vm1.0 blocked blocked',
				'1200 vm0.0 running@0 under',
				'2200 vm0.0 running@0 quantum-renewed',
				'2700 vm1.0 ready woken'
			].slice(0, 5)
		);
		m.run(3000);
		expect(m.trace(2600)).toEqual([
			'2700 vm1.0 ready woken',
			'2700 vm0.0 ready preempted',
			'2700 vm1.0 running@0 boosted',
			'2900 vm1.0 blocked blocked',
			'2900 vm0.0 running@0 under'
		]);
		expect(m.report().vms[1].latencyMax).toBe(0);
	});
});

describe('stride', () => {
	it('tickets 300 and 100 share a pCPU 3:1, the lowest pass running', () => {
		const m = new SchedModel(1, { policy: 'stride', quantum: Q }, [
			{ work: [HOG], params: { weight: 300 } },
			{ work: [HOG], params: { weight: 100 } }
		]).run(8000);
		// Passes after a quantum: vm0 +1000·STRIDE1/300, vm1 +1000·STRIDE1/100 (three times as far).
		expect(m.state.vcpus.map((e) => e.pass)).toEqual([(6000 * STRIDE1) / 300, (2000 * STRIDE1) / 100]);
		expect(m.trace(1)).toEqual([
			'1000 vm0.0 ready quantum-expired',
			'1000 vm1.0 running@0 lowest-pass',
			'2000 vm1.0 ready quantum-expired',
			'2000 vm0.0 running@0 lowest-pass',
			'3000 vm0.0 running@0 quantum-renewed',
			'4000 vm0.0 ready quantum-expired',
			'4000 vm1.0 running@0 lowest-pass',
			'5000 vm1.0 ready quantum-expired',
			'5000 vm0.0 running@0 lowest-pass',
			'6000 vm0.0 running@0 quantum-renewed',
			'7000 vm0.0 running@0 quantum-renewed',
			'8000 vm0.0 ready quantum-expired',
			'8000 vm1.0 running@0 lowest-pass'
		]);
		expect(m.report().vms.map((v) => v.run)).toEqual([6000, 2000]);
	});
});

describe('switching while running', () => {
	it('from rr to priority: the higher priority takes the pCPU at the next decision', () => {
		const m = new SchedModel(1, { policy: 'rr', quantum: Q }, [{ work: [HOG] }, { work: [HOG] }]).run(
			500
		);
		m.sched.setParams(1, { priority: 3 });
		m.sched.setPolicy({ policy: 'priority' });
		m.run(5000);
		expect(m.trace(500)).toEqual([
			'500 vm0.0 ready preempted',
			'500 vm1.0 running@0 highest-priority',
			'1500 vm1.0 running@0 quantum-renewed',
			'2500 vm1.0 running@0 quantum-renewed',
			'3500 vm1.0 running@0 quantum-renewed',
			'4500 vm1.0 running@0 quantum-renewed'
		]);
		expect(m.state.policy).toBe('priority');
	});
});
