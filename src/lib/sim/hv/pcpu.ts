/**
 * What each pCPU runs, and the world switch: a vCPU's registers onto a hart and off it, entering the
 * guest (the real U-mode, on the shadow of its virtual mode) or the hypervisor's idle loop, and the
 * pCPU's timer (CLINT mtimecmp), set to its next reason to look again: the end of the running vCPU's
 * quantum, or a guest timer deadline it watches.
 */
import { Mode } from '../hart/causes';
import { MIP_MTIP } from '../hart/csr-bits';
import type { Hart, MachineResume } from '../hart/hart';
import { makeSatp } from '../mmu';
import type { Hypervisor } from './hypervisor';
import type { VcpuRef } from './scheduler';
import { clearSupervisor, loadSupervisor } from './tvm';
import { VS, type VcpuState } from './vcpu';
import type { Vm } from './vm';

const CLINT_MTIMECMP = 0x4000;
/** mstatus MPRV, SUM, MXR: cleared while a guest runs (its shadow encodes the guest's own). */
const GUEST_CLEARED = (1 << 17) | (1 << 18) | (1 << 19);

export function switchIn(hv: Hypervisor, h: Hart, ref: VcpuRef): void {
	const cpu = hv.vms[ref.vm].s.vcpus[ref.vcpu];
	h.x.set(cpu.x);
	cpu.status = 'running';
	cpu.hart = h.hartId;
	cpu.enterCycles = h.cycles;
	cpu.enterInstret = h.instret;
	// Another vCPU's shadows (or this one's, since emptied) may be in this hart's TLB.
	h.sfenceVma(undefined, undefined);
	hv.s.pcpus[h.hartId].current = { ...ref };
	hv.report('vm-entry', ref.vm, { vcpu: ref.vcpu, pc: cpu.pc, vmode: cpu.vmode }, h);
}

export function switchOut(hv: Hypervisor, h: Hart, _vm: Vm, cpu: VcpuState): void {
	cpu.x = Array.from(h.x);
	cpu.cycles += h.cycles - cpu.enterCycles;
	hv.s.pcpus[h.hartId].current = null;
}

/** Resume the guest: real U-mode on the shadow of its virtual mode, M's counters hidden. */
export function enterGuest(hv: Hypervisor, h: Hart, vm: Vm, cpu: VcpuState): MachineResume {
	const tvm = vm.s.technique === 'tvm';
	const sh = cpu.shadows[tvm ? VS : cpu.vmode];
	const ppn = hv.shadows.rootPpn(sh);
	if (ppn < 0) {
		hv.crash(vm, 'host RAM exhausted (no frame for a shadow table)');
		return hv.schedule(h);
	}
	h.satp = makeSatp(sh.asid, ppn) | 0;
	if (tvm) return { pc: cpu.pc, mode: loadSupervisor(h, cpu) };
	clearSupervisor(h);
	h.mstatus &= ~GUEST_CLEARED;
	return { pc: cpu.pc, mode: Mode.User };
}

/** The idle loop: S-mode, paging off, WFI until the hypervisor's timer or an IPI. */
export function enterIdle(hv: Hypervisor, h: Hart): MachineResume {
	h.satp = 0;
	clearSupervisor(h); // no TW for the idle loop's WFI, nothing of a guest's S state delegated
	h.openPmp();
	programTimer(hv, h, undefined);
	h.pc = hv.s.idle;
	return { pc: hv.s.idle, mode: Mode.Supervisor };
}

/** Set the pCPU's mtimecmp to its next reason to run: quantum end, a guest deadline it watches. */
export function programTimer(hv: Hypervisor, h: Hart, cpu: VcpuState | undefined): void {
	// A parked vCPU (a capped VM out of credit) may run at the scheduler's next refill.
	let next = Math.ceil(hv.sched.nextEvent() / hv.cyclesPerTick);
	if (cpu) {
		next = Math.min(next, Math.ceil(cpu.quantumEnd / hv.cyclesPerTick));
		if (cpu.deadline >= 0) next = Math.min(next, cpu.deadline);
	}
	for (const vm of hv.vms)
		if (vm.running)
			for (const c of vm.s.vcpus)
				if (c.status === 'blocked' && c.deadline >= 0 && (c.hart === h.hartId || c.hart < 0))
					next = Math.min(next, c.deadline);
	const slot = hv.s.pcpus[h.hartId];
	// A timer still pending (mtimecmp already passed) is moved even when the value is the same.
	const was = slot.timer < 0 ? Infinity : slot.timer;
	if (next === was && (h.mip & MIP_MTIP) === 0) return;
	const sooner = next < was;
	slot.timer = next === Infinity ? -1 : next;
	const at = CLINT_MTIMECMP + 8 * h.hartId;
	const v = next === Infinity ? 2 ** 64 - 1 : next;
	hv.m.clint.write(at + 4, 4, 0xffffffff);
	hv.m.clint.write(at, 4, v >>> 0);
	hv.m.clint.write(at + 4, 4, next === Infinity ? 0xffffffff : Math.floor(v / 2 ** 32) >>> 0);
	if (sooner) hv.m.endSlice();
}

/**
 * Count the guest's instructions since it last entered, in the mode it entered in: under
 * trap-and-emulate every mode change exits, so that is exact; under TVM a delegated trap from vU
 * enters vS without an exit, and those vS instructions count as vU until the next exit.
 */
export function account(vm: Vm, cpu: VcpuState, h: Hart): void {
	const n = h.instret - cpu.enterInstret;
	if (cpu.vmode === VS) vm.s.counters.instructionsS += n;
	else vm.s.counters.instructionsU += n;
	cpu.instret += n;
	cpu.enterInstret = h.instret;
}
