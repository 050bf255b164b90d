/**
 * The session's views of a hypervisor's VMs: plain data for the page (state, vCPUs with their virtual
 * mode, registers and virtual CSRs, counters). A vCPU on a hart shows the hart's registers, which are
 * its own while it runs; under TVM its S CSRs are the hart's too.
 */
import type { Hypervisor } from '../hv/hypervisor';
import { saveSupervisor } from '../hv/tvm';
import { VS, type VcpuState } from '../hv/vcpu';
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

function vcpuView(hv: Hypervisor, vm: Vm, c: VcpuState): VcpuView {
	const on = hv.s.pcpus[c.hart]?.current;
	const live =
		c.status === 'running' && on?.vm === vm.id && on.vcpu === c.index ? hv.m.harts[c.hart] : undefined;
	let cpu = c;
	if (live && vm.s.technique === 'tvm') {
		cpu = structuredClone(c);
		saveSupervisor(live, cpu, live.mode);
	}
	return {
		index: c.index,
		status: c.status,
		hart: c.hart,
		vmode: cpu.vmode === VS ? 'vS' : 'vU',
		pc: live ? live.pc >>> 0 : c.pc >>> 0,
		x: live ? Array.from(live.x) : [...c.x],
		csr: { ...cpu.csr },
		cycles: c.cycles + (live ? live.cycles - c.enterCycles : 0),
		instret: c.instret + (live ? live.instret - c.enterInstret : 0)
	};
}
