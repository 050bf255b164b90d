/**
 * The vCPU schedulers in the real hypervisor, on the teaching kernel: the metrics computed from the
 * events agree with the hypervisor's own accounting to the cycle; a cap holds; affinity pins; and
 * switching policy or weights on the running system is deterministic and survives snapshots.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildHost, type HostSpec } from '../../src/lib/sim/hv/host';
import { observeSchedule } from '../../src/lib/sim/hv/sched/observe';
import type { SchedOptions } from '../../src/lib/sim/hv/sched/core';

const KERNEL = 'static/guest/kernel.elf';
const images = new Map([[KERNEL, new Uint8Array(readFileSync(KERNEL))]]);
const MiB = 1 << 20;

type VmSpec = HostSpec['vms'][number];
const vm = (name: string, programs: string[], extra: Partial<VmSpec> = {}): VmSpec => ({
	name,
	image: KERNEL,
	memory: 16 * MiB,
	vcpus: 1,
	programs,
	...extra
});

function host(harts: number, scheduler: SchedOptions, vms: VmSpec[]) {
	const h = buildHost({ host: { harts, ram: 128 * MiB, scheduler }, vms }, images);
	return { ...h, watch: observeSchedule(h.hv) };
}

describe('schedulers in the hypervisor', () => {
	it('run, steal and blocked from the events match the hypervisor’s own cycle counts', () => {
		const { machine, hv, watch } = host(1, { policy: 'credit', period: 2_000_000 }, [
			vm('hog', ['spin']),
			vm('sleepy', ['sleeper'])
		]);
		expect(machine.run(400_000_000)).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		const r = watch.report();
		r.vms.forEach((v, i) => {
			expect(v.run).toBe(hv.vm(i).s.vcpus[0].cycles);
			expect(v.run + v.steal + v.blocked).toBe(v.lifetime);
		});
		const sleepy = r.vms[1];
		expect(sleepy.blocked).toBeGreaterThan(0);
		expect(sleepy.wakeups).toBeGreaterThan(0);
		expect(r.host.utilisation[0]).toBeLessThanOrEqual(1);
		expect(hv.s.sched.decisions).toBeGreaterThan(0);
	});

	it('a VM capped at 30% of the pCPU gets no more, beside a hog that takes the rest', () => {
		const period = 1_000_000;
		const { machine, watch } = host(1, { policy: 'credit', period }, [
			vm('capped', ['spin', 'spin'], { cap: 30 }),
			vm('free', ['spin', 'spin'])
		]);
		machine.run(8_000_000);
		const r = watch.report();
		const T = r.host.elapsed[0];
		expect(r.vms[0].run).toBeLessThanOrEqual(0.3 * (T + period) + 1000);
		expect(r.vms[0].run).toBeGreaterThan(0.2 * T);
		expect(r.vms[1].run).toBeGreaterThan(0.6 * T);
	});

	it('a VM with affinity [1] runs on pCPU 1 only', () => {
		const seen = new Set<number>();
		const { machine, watch } = host(2, { policy: 'rr' }, [
			vm('pinned', ['spin'], { affinity: [1] }),
			vm('a', ['spin']),
			vm('b', ['spin'])
		]);
		const off = machine.hooks.report.add((e) => {
			if (e.kind === 'sched-decision' && e.vm === 0 && e.state === 'running')
				seen.add(e.pcpu as number);
		});
		machine.run(6_000_000);
		off();
		expect([...seen]).toEqual([1]);
		expect(watch.report().vms[0].migrations).toBe(0);
	});

	it('switching policy and weights while running is deterministic and undone by a snapshot', () => {
		const change = (h: ReturnType<typeof host>) => {
			h.hv.setScheduler({ policy: 'stride' });
			h.hv.setVmParams(0, { weight: 768 });
		};
		const a = host(1, { policy: 'rr' }, [vm('one', ['spin']), vm('two', ['spin'])]);
		a.machine.run(2_000_000);
		const snap = a.machine.snapshot();
		change(a);
		a.machine.run(3_000_000);
		const after = structuredClone(a.hv.s.sched);
		expect(after.policy).toBe('stride');
		const shareAfter = a.watch.report().vms.map((v) => v.run);

		a.machine.restore(snap);
		expect(a.hv.s.sched.policy).toBe('rr');
		expect(a.hv.s.sched.params[0].weight).toBe(256);
		change(a);
		a.machine.run(3_000_000);
		expect(a.hv.s.sched).toEqual(after);

		// The same changes on a fresh host at the same point give the same schedule.
		const b = host(1, { policy: 'rr' }, [vm('one', ['spin']), vm('two', ['spin'])]);
		b.machine.run(2_000_000);
		change(b);
		b.machine.run(3_000_000);
		expect(b.hv.s.sched).toEqual(after);
		expect(b.watch.report().vms.map((v) => v.run)).toEqual(shareAfter);
	});

	it('refuses parameters that do not fit the host, naming them', () => {
		const { hv } = host(2, {}, [vm('one', ['hello'])]);
		expect(() => hv.setVmParams(0, { affinity: [2] })).toThrow(/affinity: pCPU 2 does not exist/);
		expect(() => hv.setVmParams(0, { weight: 0 })).toThrow(/weight must be 1 or more/);
		expect(() => hv.setScheduler({ quantum: 10 })).toThrow(/quantum must be 1000 cycles or more/);
	});
});

describe('quanta on a guest that never leaves the fast path', () => {
	it('two CPU-bound VMs on one pCPU alternate every quantum, to within an exit’s cost', () => {
		// batch's inner loop has no system call, CSR or page fault: only the quantum's timer interrupt
		// takes the pCPU from it (taken at a slice's entry, which must then end the slice).
		const quantum = 100_000;
		const { machine, watch } = host(1, { policy: 'rr', quantum }, [
			vm('one', ['batch']),
			vm('two', ['batch'])
		]);
		const stints: number[] = [];
		let since = -1;
		const off = machine.hooks.report.add((e) => {
			if (e.kind !== 'sched-decision' || e.reason === 'quantum-renewed') return;
			if (e.state === 'running') since = e.cycle;
			else if (since >= 0) {
				stints.push(e.cycle - since);
				since = -1;
			}
		});
		machine.run(30_000_000);
		off();
		expect(stints.length).toBeGreaterThan(100);
		expect(Math.max(...stints)).toBeLessThanOrEqual(quantum + 2000);
		const [a, b] = watch.report().vms;
		expect(Math.abs(a.run - b.run)).toBeLessThanOrEqual(quantum + 2000);
	});
});
