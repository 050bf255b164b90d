/**
 * The session's views of a hypervisor's VMs: plain data for the page (state, vCPUs with their virtual
 * mode, registers and virtual CSRs, counters). A vCPU on a hart shows the hart's registers, which are
 * its own while it runs; under TVM its S CSRs are the hart's too.
 */
import type { Hypervisor } from '../hv/hypervisor';
import { saveSupervisor } from '../hv/tvm';
import { VS, VU, type VcpuState, type VirtualCsrs } from '../hv/vcpu';
import type { Hart } from '../hart/hart';
import { Mode } from '../hart/causes';
import type { Vm } from '../hv/vm';
import type { VcpuView, VmView } from './types';

export function vmsOf(hv: Hypervisor): VmView[] {
	const use = hv.frameUse();
	return hv.vmList.map((vm) => ({
		id: vm.id,
		name: vm.name,
		status: vm.s.status,
		...(vm.s.reason !== undefined ? { reason: vm.s.reason } : {}),
		...(vm.s.exitCode !== undefined ? { exitCode: vm.s.exitCode } : {}),
		technique: vm.s.technique,
		memory: vm.s.memory,
		frames: use.vm[vm.id] ?? 0,
		vcpus: vm.s.vcpus.map((c) => vcpuView(hv, vm, c)),
		counters: structuredClone(vm.s.counters)
	}));
}

/** The hart a vCPU is on right now, if it is running. */
export function liveHart(hv: Hypervisor, vm: Vm, c: VcpuState): Hart | undefined {
	const on = hv.s.pcpus[c.hart]?.current;
	return c.status === 'running' && on?.vm === vm.id && on.vcpu === c.index ? hv.m.harts[c.hart] : undefined;
}

/** A vCPU's virtual CSRs as the guest would read them now (under TVM a running one's are the hart's). */
export function liveCsrs(hv: Hypervisor, vm: Vm, c: VcpuState): VirtualCsrs {
	const live = liveHart(hv, vm, c);
	if (!live || vm.s.technique !== 'tvm') return { ...c.csr };
	const cpu = structuredClone(c);
	saveSupervisor(live, cpu, live.mode);
	return cpu.csr;
}

/** Guest instructions a VM has retired so far, over all its vCPUs, counting the ones running now. */
export function guestRetired(hv: Hypervisor, vmId: number): number {
	const vm = hv.vmList[vmId];
	if (!vm) return 0;
	let n = 0;
	for (const c of vm.s.vcpus) {
		const live = liveHart(hv, vm, c);
		n += c.instret + (live ? live.instret - c.enterInstret : 0);
	}
	return n;
}

/** Under TVM a trap delegated from vU enters vS without an exit: the hart's mode says which it is in. */
export function liveVmode(vm: Vm, c: VcpuState, live: Hart | undefined): number {
	return live && vm.s.technique === 'tvm' ? (live.mode === Mode.Supervisor ? VS : VU) : c.vmode;
}

function vcpuView(hv: Hypervisor, vm: Vm, c: VcpuState): VcpuView {
	const live = liveHart(hv, vm, c);
	return {
		index: c.index,
		status: c.status,
		hart: c.hart,
		vmode: liveVmode(vm, c, live) === VS ? 'vS' : 'vU',
		pc: live ? live.pc >>> 0 : c.pc >>> 0,
		x: live ? Array.from(live.x) : [...c.x],
		csr: { ...liveCsrs(hv, vm, c) },
		cycles: c.cycles + (live ? live.cycles - c.enterCycles : 0),
		instret: c.instret + (live ? live.instret - c.enterInstret : 0)
	};
}
