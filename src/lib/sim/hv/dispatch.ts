/**
 * Dispatching a pCPU: at every exit (and when its idle loop is woken) the hypervisor decides what the
 * hart runs next. The vCPU on it leaves if it blocked or its VM stopped; guest timers fire; the
 * scheduler (sched/core.ts) says whether the vCPU goes on; a free pCPU takes the next ready vCPU or
 * idles; then pending virtual interrupts are injected and the hart's timer is set.
 */
import type { Hart, MachineResume } from '../hart/hart';
import type { Hypervisor } from './hypervisor';
import { enterGuest, enterIdle, programTimer, switchIn, switchOut } from './pcpu';
import type { SchedHost } from './sched/core';
import { deliverInterrupts, fireTimers } from './virtual-irq';

export function dispatch(hv: Hypervisor, h: Hart): MachineResume {
	const slot = hv.s.pcpus[h.hartId];
	let ref = slot.current;
	if (ref) {
		const vm = hv.vms[ref.vm];
		const cpu = vm.s.vcpus[ref.vcpu];
		// A vCPU that blocked, or whose VM paused or stopped, leaves before any timer is looked at,
		// so a wake-up it receives now is seen as one.
		if (!vm.running || cpu.status !== 'running') {
			switchOut(hv, h, vm, cpu);
			if (cpu.status === 'running') cpu.status = vm.s.status === 'paused' ? 'runnable' : 'stopped';
			if (cpu.status === 'blocked') hv.sched.leave(ref, 'blocked', 'blocked');
			else if (cpu.status !== 'runnable' || !vm.running)
				hv.sched.leave(ref, 'off', vm.s.status === 'paused' ? 'paused' : 'stopped');
			ref = null;
		}
	}
	fireTimers(hv);
	if (ref && hv.sched.check(h.hartId) !== undefined) {
		const vm = hv.vms[ref.vm];
		switchOut(hv, h, vm, vm.s.vcpus[ref.vcpu]);
		vm.s.vcpus[ref.vcpu].status = 'runnable';
		ref = null;
	}
	if (!ref) {
		const next = hv.sched.pick(h.hartId);
		if (!next) return enterIdle(hv, h);
		switchIn(hv, h, next);
		ref = next;
	}
	const vm = hv.vms[ref.vm];
	const cpu = vm.s.vcpus[ref.vcpu];
	cpu.quantumEnd = hv.sched.sliceEnd(ref);
	deliverInterrupts(hv, vm, cpu);
	if (!vm.running) return dispatch(hv, h); // delivering crashed it (a trap loop)
	programTimer(hv, h, cpu);
	return enterGuest(hv, h, vm, cpu);
}

/** The scheduler's view of the hypervisor: the pCPUs' clocks, idleness, IPIs and events. */
export function schedHost(hv: Hypervisor): SchedHost {
	return {
		now: (p) => hv.hartAt(p).cycles,
		idle: (p) => hv.s.pcpus[p].current === null,
		kick: (p) => hv.kick(p),
		get reporting() {
			return hv.m.reporting;
		},
		emit: (kind, vm, fields, p, cycle) =>
			hv.m.report({ kind, cycle, hart: hv.hartAt(p).hartId, vm, ...fields })
	};
}
