/**
 * Virtual interrupts: a guest's timer firing (its SBI set_timer deadline passed in host time), a
 * virtual interrupt raised (which wakes a vCPU blocked in WFI once it is enabled, §3.3.3), and the
 * injection of the highest-priority enabled one into the guest kernel before it runs again.
 */
import { MIP_SEIP, MIP_SSIP, MIP_STIP } from '../hart/csr-bits';
import { reflect } from './exits';
import type { Hypervisor } from './hypervisor';
import { VS, type VcpuState } from './vcpu';
import type { Vm } from './vm';

/** Guest timers whose deadline has passed raise the guest's STIP (and wake a vCPU waiting in WFI). */
export function fireTimers(hv: Hypervisor): void {
	const now = hv.m.time();
	for (const vm of hv.vms) {
		if (vm.s.status !== 'running' && vm.s.status !== 'paused') continue;
		for (const cpu of vm.s.vcpus)
			if (cpu.deadline >= 0 && now >= cpu.deadline) {
				cpu.deadline = -1;
				setPending(hv, vm, cpu, MIP_STIP, true);
			}
	}
}

/** Set or clear a virtual interrupt; a vCPU blocked in WFI wakes when it becomes enabled. */
export function setPending(hv: Hypervisor, vm: Vm, cpu: VcpuState, bit: number, level: boolean): void {
	cpu.csr.sip = level ? cpu.csr.sip | bit : cpu.csr.sip & ~bit;
	// Under TVM a vCPU on a hart keeps its live sip in that hart's mip (tvm.ts), which the next exit
	// saves over cpu.csr.sip: a bit set from another hart (its timer fired there) must go there too.
	if (vm.s.technique === 'tvm' && cpu.status === 'running' && cpu.hart >= 0) {
		const h = hv.m.harts[cpu.hart];
		h.mip = level ? h.mip | bit : h.mip & ~bit;
	}
	if (!level) return;
	if (cpu.status === 'blocked' && cpu.csr.sip & cpu.csr.sie) hv.enqueue(vm, cpu, 'woken');
	else if (cpu.status === 'running' && cpu.hart >= 0) hv.kick(cpu.hart);
}

/** Inject the highest pending virtual interrupt the guest has enabled (§3.1.9 order: SEI, SSI, STI). */
export function deliverInterrupts(hv: Hypervisor, vm: Vm, cpu: VcpuState): void {
	const pending = cpu.csr.sip & cpu.csr.sie;
	if (pending === 0) return;
	if (cpu.vmode === VS && (cpu.csr.sstatus & 2) === 0) return;
	const code = pending & MIP_SEIP ? 9 : pending & MIP_SSIP ? 1 : 5;
	vm.s.counters.injected++;
	hv.report('injected-interrupt', vm.id, { vcpu: cpu.index, code, epc: cpu.pc });
	reflect(cpu, code, 0, true);
}
