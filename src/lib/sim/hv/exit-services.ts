/**
 * What the hypervisor does for exit handling (exits.ts ExitHost): the guest's counters, shadow fills
 * and flushes with the isolation check on every fill, blocking a vCPU, SBI calls, and the counters
 * and events of each. One object per hypervisor; its state is the hypervisor's (HvState).
 */
import type { ExitHost } from './exits';
import type { Breach, Hypervisor } from './hypervisor';
import type { GuestCounters, VcpuState } from './vcpu';
import type { Vm } from './vm';

export class ExitServices implements ExitHost {
	constructor(private readonly hv: Hypervisor) {}

	crash(vm: Vm, reason: string): void {
		this.hv.crash(vm, reason);
	}

	counters(vm: Vm, cpu: VcpuState): GuestCounters {
		const h = cpu.hart >= 0 ? this.hv.m.harts[cpu.hart] : undefined;
		return {
			cycle: () => cpu.cycles + (h ? h.cycles - cpu.enterCycles : 0),
			time: () => this.hv.m.time() - vm.s.timeOffset,
			instret: () => cpu.instret + (h ? h.instret - cpu.enterInstret : 0)
		};
	}

	flushShadows(vm: Vm, cpu: VcpuState, va?: number): void {
		for (const sh of cpu.shadows) {
			if (va === undefined) this.hv.shadows.flush(sh);
			else this.hv.shadows.flushPage(sh, va);
			if (cpu.hart >= 0) this.hv.m.harts[cpu.hart].sfenceVma(va, sh.asid);
		}
		vm.s.counters.shadowFlushes++;
		this.hv.report('shadow-flush', vm.id, { vcpu: cpu.index, va: va ?? 0, all: va === undefined });
	}

	fillShadow(
		vm: Vm,
		cpu: VcpuState,
		va: number,
		gpa: number,
		rwx: number,
		dirty: boolean,
		level: number
	): boolean {
		// The injected XSA-148-class bug: a guest megapage's frame number is taken as a host one, not
		// translated through the guest map (Xen trusted PV guests' superpage PTEs the same way).
		const trusted = level > 0 && this.hv.faults.has('unchecked-shadow-ppn');
		const pa = trusted
			? (gpa & ~0xfff) >>> 0
			: vm.map.backing(gpa, vm.id, (g, p) => this.frameAllocated(vm.id, g, p));
		if (pa < 0) {
			this.hv.crash(vm, 'host RAM exhausted (no frame for its memory)');
			return false;
		}
		// The isolation invariant, checked on every fill: a VM's shadow points only at its own frames.
		const owner = this.hv.frames.ownerOf(pa);
		if (owner !== vm.id) this.breach(vm.id, va, pa, owner);
		const sh = cpu.shadows[vm.s.technique === 'tvm' ? 1 : cpu.vmode];
		if (!this.hv.shadows.fill(sh, va, pa, rwx, dirty)) {
			this.hv.crash(vm, 'host RAM exhausted (no frame for a shadow table)');
			return false;
		}
		// The real TLB may hold this page's previous (read-only) shadow entry.
		if (cpu.hart >= 0) this.hv.m.harts[cpu.hart].mmu.sfenceVma(va, sh.asid);
		vm.s.counters.shadowFills++;
		this.hv.report('shadow-fill', vm.id, {
			vcpu: cpu.index,
			va: va >>> 0,
			gpa,
			pa,
			rwx,
			vmode: cpu.vmode
		});
		return true;
	}

	/** The isolation invariant failed: `vm` reaches frame `pa` of `owner` (or sees its old bytes). */
	breach(vm: number, va: number, pa: number, owner: number): void {
		const b: Breach = { vm, va: va >>> 0, pa, owner, cycle: this.hv.m.cycles };
		this.hv.s.breaches.push(b);
		const v = this.hv.vms[vm] as Vm | undefined;
		if (v) v.s.counters.breaches++;
		this.hv.report('isolation-breach', vm, { va: b.va, pa, owner });
	}

	block(vm: Vm, cpu: VcpuState): void {
		cpu.status = 'blocked';
		this.hv.report('vcpu-block', vm.id, { vcpu: cpu.index, deadline: cpu.deadline });
		// No virtual device raises interrupts yet: with every vCPU waiting and no timer armed, nothing
		// can ever wake this VM. Say so, instead of idling the harts forever.
		const dead = vm.s.vcpus.every(
			(c) =>
				c.status === 'stopped' ||
				(c.status === 'blocked' && c.deadline < 0 && (c.csr.sip & c.csr.sie) === 0)
		);
		if (dead)
			this.hv.crash(vm, 'deadlock: every vCPU waits in WFI with no timer armed and nothing to wake it');
	}

	sbiCall(vm: Vm, cpu: VcpuState, x: Int32Array): void {
		vm.sbi.call({ hartId: cpu.index, x });
	}

	reflected(vm: Vm, cpu: VcpuState, cause: number, tval: number, epc: number): void {
		vm.s.counters.reflected++;
		this.hv.report('reflected-trap', vm.id, { vcpu: cpu.index, cause, tval: tval >>> 0, epc });
	}

	frameAllocated(vm: number, gpa: number, pa: number): void {
		this.hv.vms[vm].s.counters.framesAllocated++;
		this.hv.report('frame-alloc', vm, { gpa, pa });
	}
}
