/**
 * The hypervisor: TypeScript that owns M-mode, as the SBI firmware does on the bare machine. Every
 * trap of every hart reaches it through the hart's one trap router (MachineSoftware), and it runs
 * several VMs by trap-and-emulate: guest kernels and guest user code in the real U-mode, behind shadow
 * page tables (exits.ts says which instructions trap and why that is enough). Its state is plain data
 * (HvState) in the machine's snapshot, so stepping back works across exits, and host RAM holds its
 * tables, so the RAM snapshot has them too. A guest that misbehaves stops its own VM, never this.
 *
 *   const hv = new Hypervisor(machine, { costs, quantum, faults, onConsole });
 *   const alpha = hv.create({ name: 'alpha', image, memory: 32 << 20, vcpus: 1 });
 *   hv.start(alpha); machine.run(…);
 *   hv.vm(alpha).s.status, .counters, .consoleText()
 */
import { Interrupt, Mode } from '../hart/causes';
import { MIP_MSIP, MIP_MTIP, MIP_SEIP, MIP_SSIP, MIP_STIP } from '../hart/csr-bits';
import type { Hart, MachineResume, MachineSoftware, MachineTrap } from '../hart/hart';
import type { Machine } from '../machine/machine';
import type { StopReason } from '../machine/stop';
import type { SbiPlatform } from '../firmware/sbi';
import { makeSatp } from '../mmu';
import { DEFAULT_HV_COSTS, type ExitReason, type HvCosts } from './costs';
import { HYPERVISOR, HostFrames, newFrames, type FramesState } from './frames';
import { handleExit, reflect, type ExitHost } from './exits';
import { bootVm, createVmState } from './vm-boot';
import { roundRobin, type SchedulerState, type VcpuRef } from './scheduler';
import { ShadowTables } from './shadow';
import { VS, type GuestCounters, type VcpuState } from './vcpu';
import { Vm, type VmConfig, type VmState, type VmStatus } from './vm';
import './events';

export type Fault = 'unchecked-shadow-ppn' | 'unzeroed-frames';

export interface HypervisorOptions {
	costs?: Partial<HvCosts>;
	/** A vCPU's turn on a pCPU, in cycles (default 100,000: 1 ms at 100 MHz). */
	quantum?: number;
	/** Injected faults (off by default): see README "Isolation". */
	faults?: readonly Fault[];
	/** Each byte a VM prints (its UART or its SBI console). */
	onConsole?: (vm: number, byte: number) => void;
}

/** What each pCPU runs: a vCPU, or the hypervisor's idle loop (null). */
interface PcpuState {
	current: VcpuRef | null;
	/** The mtimecmp programmed for it (mtime ticks; Infinity: none). */
	timer: number;
}

export interface Breach {
	vm: number;
	va: number;
	pa: number;
	/** The frame's owner: a VM index, -2 for the hypervisor, -1 for a free frame. */
	owner: number;
	cycle: number;
}

/** Everything the hypervisor knows, as plain data. */
export interface HvState {
	frames: FramesState;
	vms: VmState[];
	pcpus: PcpuState[];
	sched: SchedulerState;
	/** Host-physical address of the idle loop (`wfi; j .-4`, run in S-mode with paging off). */
	idle: number;
	breaches: Breach[];
}

const CLINT_MTIMECMP = 0x4000;
const WFI = 0x10500073;
const JUMP_BACK_4 = 0xffdff06f; // jal x0, -4

export class Hypervisor implements MachineSoftware, ExitHost {
	s: HvState;
	readonly costs: HvCosts;
	readonly quantum: number;
	readonly faults: ReadonlySet<Fault>;
	frames: HostFrames;
	readonly shadows: ShadowTables;
	private vms: Vm[] = [];
	private readonly configs: VmConfig[] = [];
	private readonly cyclesPerTick: number;

	constructor(
		readonly m: Machine,
		readonly opts: HypervisorOptions = {}
	) {
		this.costs = { ...DEFAULT_HV_COSTS, ...opts.costs };
		this.quantum = Math.max(1000, opts.quantum ?? 100_000);
		this.faults = new Set(opts.faults ?? []);
		this.cyclesPerTick = m.cpuHz / m.timebaseHz;
		this.s = this.powerOn();
		this.frames = new HostFrames(
			m.ram,
			this.s.frames,
			!this.faults.has('unzeroed-frames'),
			(f, owner, previous) => this.breach(owner, 0, this.frames.addr(f), previous)
		);
		this.shadows = new ShadowTables(this.frames);
		this.s.idle = this.frames.alloc(HYPERVISOR);
		m.ram.write(this.s.idle - m.ram.base, 4, WFI);
		m.ram.write(this.s.idle - m.ram.base + 4, 4, JUMP_BACK_4);
		m.components.register('hv', this);
		m.adoptMachineSoftware(this);
		for (const h of m.harts) {
			h.reset(this.s.idle, Mode.Supervisor);
			this.enterIdle(h);
		}
	}

	private powerOn(): HvState {
		return {
			frames: newFrames(this.m.ram.size),
			vms: [],
			pcpus: this.m.harts.map(() => ({ current: null, timer: Infinity })),
			sched: { queue: [] },
			idle: -1,
			breaches: []
		};
	}

	// ---- VM operations ------------------------------------------------------------------------

	/** Create a VM (state 'created'); throws RangeError naming what does not fit. */
	create(config: VmConfig): number {
		const id = this.s.vms.length;
		const state = createVmState(this, id, config);
		this.configs[id] = config;
		this.s.vms.push(state);
		this.vms[id] = new Vm(state, config, this.frames, this.vmHost);
		bootVm(this.vms[id]);
		this.setStatus(this.vms[id], 'created');
		return id;
	}

	vm(id: number): Vm {
		return this.vms[id];
	}

	get vmList(): readonly Vm[] {
		return this.vms;
	}

	/** Start a created VM: vCPU 0 boots its image in vS. */
	start(id: number): void {
		const vm = this.vms[id];
		if (vm.s.status !== 'created') return;
		vm.s.timeOffset = this.m.time();
		this.setStatus(vm, 'running');
		this.enqueue(vm, vm.s.vcpus[0], 'runnable');
	}

	pause(id: number): void {
		const vm = this.vms[id];
		if (vm.s.status !== 'running') return;
		this.setStatus(vm, 'paused');
		roundRobin.remove(this.s.sched, (v) => v.vm === id);
		this.kickVm(vm);
	}

	resume(id: number): void {
		const vm = this.vms[id];
		if (vm.s.status !== 'paused') return;
		this.setStatus(vm, 'running');
		for (const cpu of vm.s.vcpus)
			if (cpu.status === 'runnable' || cpu.status === 'running') this.enqueue(vm, cpu, 'runnable');
	}

	/** Power-cycle a VM: its memory is given back and its image boots again. */
	resetVm(id: number): void {
		const vm = this.vms[id];
		this.stopVcpus(vm);
		this.releaseVm(vm);
		const state = createVmState(this, id, this.configs[id]);
		state.counters = vm.s.counters;
		this.s.vms[id] = state;
		this.vms[id] = new Vm(state, this.configs[id], this.frames, this.vmHost);
		bootVm(this.vms[id]);
		this.setStatus(this.vms[id], 'created');
		this.start(id);
	}

	/** Stop a VM for good and give back all its frames (their bytes stay until a frame is reused). */
	destroy(id: number): void {
		const vm = this.vms[id];
		if (vm.s.status === 'running' || vm.s.status === 'paused' || vm.s.status === 'created')
			this.finish(vm, 'shut-down', 0);
		this.releaseVm(vm);
	}

	private releaseVm(vm: Vm): void {
		for (const cpu of vm.s.vcpus) for (const sh of cpu.shadows) this.shadows.destroy(sh);
		for (const t of vm.map.tableFrames()) this.frames.release(t);
		this.frames.releaseAll(vm.id);
	}

	private setStatus(vm: Vm, to: VmStatus, reason?: string): void {
		const from = vm.s.status;
		vm.s.status = to;
		if (reason !== undefined) vm.s.reason = reason;
		this.report('vm-state', vm.id, { name: vm.name, from, to, reason: reason ?? '' });
	}

	/** A VM stops: crashed (with the reason) or shut down (with its exit code). */
	private finish(vm: Vm, to: 'shut-down' | 'crashed', code: number, reason?: string): void {
		if (vm.s.status === 'shut-down' || vm.s.status === 'crashed') return;
		vm.s.exitCode = code;
		this.setStatus(vm, to, reason);
		this.stopVcpus(vm);
		if (this.vms.every((v) => v.s.status === 'shut-down' || v.s.status === 'crashed')) {
			const failed = this.vms.some((v) => v.s.status === 'crashed' || (v.s.exitCode ?? 0) !== 0);
			const why: StopReason = { kind: 'exited', code: failed ? 1 : 0, by: 'sbi' };
			for (const h of this.m.harts) h.stop(why);
		}
	}

	private stopVcpus(vm: Vm): void {
		roundRobin.remove(this.s.sched, (v) => v.vm === vm.id);
		for (const cpu of vm.s.vcpus) if (cpu.status !== 'running') cpu.status = 'stopped';
		this.kickVm(vm);
	}

	crash(vm: Vm, reason: string): void {
		this.finish(vm, 'crashed', 1, reason);
	}

	// ---- the trap router's hook ------------------------------------------------------------------

	trap(h: Hart, t: MachineTrap): MachineResume {
		this.inside = h.hartId;
		try {
			return this.exit(h, t);
		} finally {
			this.inside = -1;
		}
	}

	/** The hart the hypervisor is running on now (-1: none): it needs no IPI to look again. */
	private inside = -1;

	private exit(h: Hart, t: MachineTrap): MachineResume {
		const ref = this.s.pcpus[h.hartId].current;
		let reason: ExitReason = 'interrupt';
		if (t.interrupt) this.hostInterrupt(h, t.cause);
		if (ref) {
			const vm = this.vms[ref.vm];
			const cpu = vm.s.vcpus[ref.vcpu];
			this.account(vm, cpu, h);
			cpu.pc = t.epc;
			if (!t.interrupt) {
				try {
					reason = handleExit(this, vm, cpu, h.x, t);
				} catch (e) {
					// A bug of ours must not take the other VMs down: this VM stops, and says why.
					this.crash(vm, `hypervisor error: ${e instanceof Error ? e.message : String(e)}`);
				}
			}
			const cost = this.costs.exit + this.costs[reason];
			h.cycles += cost;
			vm.s.counters.exits[reason]++;
			vm.s.counters.hvCycles += cost;
			this.report(
				'vm-exit',
				vm.id,
				{ reason, cause: t.interrupt ? (0x8000_0000 | t.cause) >>> 0 : t.cause, pc: t.epc, cost },
				h
			);
		} else h.cycles += this.costs.exit;
		for (const id of this.pendingReset) this.resetVm(id);
		this.pendingReset.clear();
		// An exit whose cost crosses the next device event ends the slice, so the event is on time.
		if (h.cycles >= this.m.events.nextCycle()) this.m.endSlice();
		return this.schedule(h);
	}

	/** Count the guest's instructions since it last entered (mode changes always exit, so one vmode). */
	private account(vm: Vm, cpu: VcpuState, h: Hart): void {
		const n = h.instret - cpu.enterInstret;
		if (cpu.vmode === VS) vm.s.counters.instructionsS += n;
		else vm.s.counters.instructionsU += n;
		cpu.instret += n;
		cpu.enterInstret = h.instret;
	}

	private hostInterrupt(h: Hart, code: number): void {
		// The timer is reprogrammed below (schedule); an IPI is a kick: clear it.
		if (code === Interrupt.MachineSoftware) this.m.clint.write(4 * h.hartId, 4, 0);
	}

	/** Decide what `h` runs next and enter it. */
	private schedule(h: Hart): MachineResume {
		const slot = this.s.pcpus[h.hartId];
		this.fireTimers();
		let ref = slot.current;
		if (ref) {
			const vm = this.vms[ref.vm];
			const cpu = vm.s.vcpus[ref.vcpu];
			const keep = vm.running && cpu.status === 'running';
			if (keep && h.cycles >= cpu.quantumEnd) {
				if (roundRobin.waiting(this.s.sched)) {
					this.switchOut(h, vm, cpu);
					this.enqueue(vm, cpu, 'runnable');
					ref = null;
				} else cpu.quantumEnd = h.cycles + this.quantum;
			} else if (!keep) {
				this.switchOut(h, vm, cpu);
				if (cpu.status === 'running') cpu.status = vm.s.status === 'paused' ? 'runnable' : 'stopped';
				ref = null;
			}
		}
		if (!ref) {
			const next = roundRobin.next(this.s.sched, h.hartId);
			if (!next) return this.enterIdle(h);
			this.switchIn(h, next);
			ref = next;
		}
		const vm = this.vms[ref.vm];
		const cpu = vm.s.vcpus[ref.vcpu];
		this.deliverInterrupts(vm, cpu);
		if (!vm.running) return this.schedule(h); // delivering crashed it (a trap loop)
		this.programTimer(h, cpu);
		return this.enterGuest(h, vm, cpu);
	}

	private switchIn(h: Hart, ref: VcpuRef): void {
		const cpu = this.vms[ref.vm].s.vcpus[ref.vcpu];
		h.x.set(cpu.x);
		cpu.status = 'running';
		cpu.hart = h.hartId;
		cpu.enterCycles = h.cycles;
		cpu.enterInstret = h.instret;
		cpu.quantumEnd = h.cycles + this.quantum;
		// Another vCPU's shadows (or this one's, since emptied) may be in this hart's TLB.
		h.sfenceVma(undefined, undefined);
		this.s.pcpus[h.hartId].current = { ...ref };
		this.report('vm-entry', ref.vm, { vcpu: ref.vcpu, pc: cpu.pc, vmode: cpu.vmode }, h);
	}

	private switchOut(h: Hart, _vm: Vm, cpu: VcpuState): void {
		cpu.x = Array.from(h.x);
		cpu.cycles += h.cycles - cpu.enterCycles;
		this.s.pcpus[h.hartId].current = null;
	}

	/** Resume the guest: real U-mode on the shadow of its virtual mode, M's counters hidden. */
	private enterGuest(h: Hart, vm: Vm, cpu: VcpuState): MachineResume {
		const sh = cpu.shadows[cpu.vmode];
		const ppn = this.shadows.rootPpn(sh);
		if (ppn < 0) {
			this.crash(vm, 'host RAM exhausted (no frame for a shadow table)');
			return this.schedule(h);
		}
		h.satp = makeSatp(sh.asid, ppn) | 0;
		h.mstatus &= ~((1 << 17) | (1 << 18) | (1 << 19)); // MPRV, SUM, MXR: the shadow encodes the guest's
		return { pc: cpu.pc, mode: Mode.User };
	}

	/** The idle loop: S-mode, paging off, WFI until the hypervisor's timer or an IPI. */
	private enterIdle(h: Hart): MachineResume {
		h.satp = 0;
		h.medeleg = h.mideleg = h.mcounteren = 0;
		h.mie = MIP_MTIP | MIP_MSIP;
		h.pmpaddr[0] = -1; // PMP: all of memory to S and U, as OpenSBI's last entry grants (§3.7.1)
		h.pmpcfg[0] = 0x1f;
		this.programTimer(h, undefined);
		h.pc = this.s.idle;
		return { pc: this.s.idle, mode: Mode.Supervisor };
	}

	/** Set the pCPU's mtimecmp to its next reason to run: quantum end, a guest deadline it watches. */
	private programTimer(h: Hart, cpu: VcpuState | undefined): void {
		let next = Infinity;
		if (cpu) {
			next = Math.ceil(cpu.quantumEnd / this.cyclesPerTick);
			if (cpu.deadline >= 0) next = Math.min(next, cpu.deadline);
		}
		for (const vm of this.vms)
			if (vm.running)
				for (const c of vm.s.vcpus)
					if (c.status === 'blocked' && c.deadline >= 0 && (c.hart === h.hartId || c.hart < 0))
						next = Math.min(next, c.deadline);
		const slot = this.s.pcpus[h.hartId];
		// A timer still pending (mtimecmp already passed) is moved even when the value is the same.
		if (next === slot.timer && (h.mip & MIP_MTIP) === 0) return;
		const sooner = next < slot.timer;
		slot.timer = next;
		const at = CLINT_MTIMECMP + 8 * h.hartId;
		const v = next === Infinity ? 2 ** 64 - 1 : next;
		this.m.clint.write(at + 4, 4, 0xffffffff);
		this.m.clint.write(at, 4, v >>> 0);
		this.m.clint.write(at + 4, 4, next === Infinity ? 0xffffffff : Math.floor(v / 2 ** 32) >>> 0);
		if (sooner) this.m.endSlice();
	}

	/** Guest timers whose deadline has passed raise the guest's STIP (and wake a vCPU waiting in WFI). */
	private fireTimers(): void {
		const now = this.m.time();
		for (const vm of this.vms) {
			if (vm.s.status !== 'running' && vm.s.status !== 'paused') continue;
			for (const cpu of vm.s.vcpus)
				if (cpu.deadline >= 0 && now >= cpu.deadline) {
					cpu.deadline = -1;
					this.setPending(vm, cpu, MIP_STIP, true);
				}
		}
	}

	/** Set or clear a virtual interrupt; a vCPU blocked in WFI wakes when it becomes enabled. */
	private setPending(vm: Vm, cpu: VcpuState, bit: number, level: boolean): void {
		cpu.csr.sip = level ? cpu.csr.sip | bit : cpu.csr.sip & ~bit;
		if (!level) return;
		if (cpu.status === 'blocked' && cpu.csr.sip & cpu.csr.sie) this.enqueue(vm, cpu, 'runnable');
		else if (cpu.status === 'running' && cpu.hart >= 0) this.kick(cpu.hart);
	}

	/** Inject the highest pending virtual interrupt the guest has enabled (§3.1.9 order: SEI, SSI, STI). */
	private deliverInterrupts(vm: Vm, cpu: VcpuState): void {
		const pending = cpu.csr.sip & cpu.csr.sie;
		if (pending === 0) return;
		if (cpu.vmode === VS && (cpu.csr.sstatus & 2) === 0) return;
		const code = pending & MIP_SEIP ? 9 : pending & MIP_SSIP ? 1 : 5;
		vm.s.counters.injected++;
		this.report('injected-interrupt', vm.id, { vcpu: cpu.index, code, epc: cpu.pc });
		reflect(cpu, code, 0, true);
	}

	private enqueue(vm: Vm, cpu: VcpuState, status: 'runnable'): void {
		cpu.status = status;
		if (!vm.running) return;
		roundRobin.enqueue(this.s.sched, { vm: vm.id, vcpu: cpu.index });
		// A pCPU in its idle loop takes it at once.
		const idle = this.s.pcpus.findIndex((p) => p.current === null);
		if (idle >= 0) this.kick(idle);
	}

	/** An IPI to a pCPU (CLINT msip), so the hypervisor runs there at its next instruction. */
	private kick(hart: number): void {
		if (hart === this.inside) return;
		this.m.clint.write(4 * hart, 4, 1);
		this.m.endSlice();
	}

	private kickVm(vm: Vm): void {
		for (const cpu of vm.s.vcpus) if (cpu.status === 'running' && cpu.hart >= 0) this.kick(cpu.hart);
	}

	// ---- ExitHost -------------------------------------------------------------------------------

	counters(vm: Vm, cpu: VcpuState): GuestCounters {
		const h = cpu.hart >= 0 ? this.m.harts[cpu.hart] : undefined;
		return {
			cycle: () => cpu.cycles + (h ? h.cycles - cpu.enterCycles : 0),
			time: () => this.m.time() - vm.s.timeOffset,
			instret: () => cpu.instret + (h ? h.instret - cpu.enterInstret : 0)
		};
	}

	flushShadows(vm: Vm, cpu: VcpuState, va?: number): void {
		for (const sh of cpu.shadows) {
			if (va === undefined) this.shadows.flush(sh);
			else this.shadows.flushPage(sh, va);
			if (cpu.hart >= 0) this.m.harts[cpu.hart].sfenceVma(va, sh.asid);
		}
		vm.s.counters.shadowFlushes++;
		this.report('shadow-flush', vm.id, { vcpu: cpu.index, va: va ?? 0, all: va === undefined });
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
		const trusted = level > 0 && this.faults.has('unchecked-shadow-ppn');
		const pa = trusted
			? (gpa & ~0xfff) >>> 0
			: vm.map.backing(gpa, vm.id, (g, p) => this.frameAllocated(vm.id, g, p));
		if (pa < 0) {
			this.crash(vm, 'host RAM exhausted (no frame for its memory)');
			return false;
		}
		// The isolation invariant, checked on every fill: a VM's shadow points only at its own frames.
		const owner = this.frames.ownerOf(pa);
		if (owner !== vm.id) this.breach(vm.id, va, pa, owner);
		const sh = cpu.shadows[cpu.vmode];
		if (!this.shadows.fill(sh, va, pa, rwx, dirty)) {
			this.crash(vm, 'host RAM exhausted (no frame for a shadow table)');
			return false;
		}
		// The real TLB may hold this page's previous (read-only) shadow entry.
		if (cpu.hart >= 0) this.m.harts[cpu.hart].mmu.sfenceVma(va, sh.asid);
		vm.s.counters.shadowFills++;
		this.report('shadow-fill', vm.id, { vcpu: cpu.index, va: va >>> 0, gpa, pa, rwx, vmode: cpu.vmode });
		return true;
	}

	/** The isolation invariant failed: `vm` reaches frame `pa` of `owner` (or sees its old bytes). */
	private breach(vm: number, va: number, pa: number, owner: number): void {
		const b: Breach = { vm, va: va >>> 0, pa, owner, cycle: this.m.cycles };
		this.s.breaches.push(b);
		const v = this.vms[vm] as Vm | undefined;
		if (v) v.s.counters.breaches++;
		this.report('isolation-breach', vm, { va: b.va, pa, owner });
	}

	block(vm: Vm, cpu: VcpuState): void {
		cpu.status = 'blocked';
		this.report('vcpu-block', vm.id, { vcpu: cpu.index, deadline: cpu.deadline });
	}

	sbiCall(vm: Vm, cpu: VcpuState, x: Int32Array): void {
		vm.sbi.call({ hartId: cpu.index, x });
	}

	reflected(vm: Vm, cpu: VcpuState, cause: number, tval: number, epc: number): void {
		vm.s.counters.reflected++;
		this.report('reflected-trap', vm.id, { vcpu: cpu.index, cause, tval: tval >>> 0, epc });
	}

	frameAllocated(vm: number, gpa: number, pa: number): void {
		this.vms[vm].s.counters.framesAllocated++;
		this.report('frame-alloc', vm, { gpa, pa });
	}

	private report(kind: string, vm: number, fields: Record<string, unknown>, h?: Hart): void {
		if (!this.m.reporting) return;
		const hart = h ?? this.m.harts[this.m.running];
		this.m.report({ kind, cycle: hart.cycles, hart: hart.hartId, vm, ...fields });
	}

	// ---- the VMs' hosts -------------------------------------------------------------------------

	private readonly vmHost = {
		consoleOut: (vm: number, b: number) => {
			this.vms[vm].output.push(b);
			this.opts.onConsole?.(vm, b);
		},
		stop: (vm: number, why: StopReason) => {
			const v = this.vms[vm];
			if (why.kind === 'reset') this.pendingReset.add(vm);
			else if (why.kind === 'exited')
				this.finish(v, 'shut-down', why.code, why.code !== 0 ? `exit code ${why.code}` : undefined);
		},
		frameAllocated: (vm: number, gpa: number, pa: number) => this.frameAllocated(vm, gpa, pa),
		platform: (vm: Vm) => this.platform(vm),
		now: () => this.m.cycles
	};
	private readonly pendingReset = new Set<number>();

	/** The SBI firmware's view when it serves a VM: the harts are its vCPUs. */
	private platform(vm: Vm): SbiPlatform {
		const cpu = (i: number) => vm.s.vcpus[i];
		return {
			hartCount: vm.config.vcpus,
			consoleWrite: (b) => this.vmHost.consoleOut(vm.id, b),
			consoleRead: () => vm.uart.receive(),
			readPhysical: (a, n) => vm.mem.read(a, n),
			writePhysical: (a, b) => vm.mem.write(a, b),
			setTimerCompare: (i, lo, hi) => {
				const at = hi * 2 ** 32 + lo + vm.s.timeOffset;
				cpu(i).deadline = at >= 2 ** 53 ? -1 : at;
			},
			setPending: (i, bit, level) => this.setPending(vm, cpu(i), bit, level),
			enableMachineTimer: () => {},
			hartRunning: (i) => cpu(i).status !== 'stopped',
			startHart: (i, addr, opaque) => {
				const c = cpu(i);
				c.x.fill(0);
				c.x[10] = i;
				c.x[11] = opaque | 0;
				c.pc = addr >>> 0;
				c.vmode = VS;
				c.csr.sstatus = c.csr.satp = 0;
				this.enqueue(vm, c, 'runnable');
			},
			stopHart: (i) => void (cpu(i).status = 'stopped'),
			isStartAddress: (a) => (a & 3) === 0 && vm.map.isRam(a, 4),
			flushTlb: (i) => this.flushShadows(vm, cpu(i)),
			fenceI: () => this.m.ram.flushDecoded(),
			shutdown: (code) => this.vmHost.stop(vm.id, { kind: 'exited', code, by: 'sbi' }),
			reboot: () => this.vmHost.stop(vm.id, { kind: 'reset', by: 'sbi' })
		};
	}

	// ---- Lifecycle ------------------------------------------------------------------------------

	snapshot(): HvState {
		for (const vm of this.vms) vm.sync();
		return structuredClone(this.s);
	}

	restore(state: unknown): void {
		this.s = structuredClone(state as HvState);
		this.frames.s = this.s.frames;
		this.vms = this.s.vms.map((s, i) => new Vm(s, this.configs[i], this.frames, this.vmHost));
	}

	/** Power-on: no VM runs (the VMs are created again by whoever configured them). */
	reset(): void {}

	/** Frames in use: by the VMs, and by the hypervisor's own tables. */
	frameUse(): { vm: number[]; hypervisor: number; free: number } {
		const vm = this.vms.map(() => 0);
		let hypervisor = 0;
		for (const o of this.s.frames.owner)
			if (o >= 0) vm[o]++;
			else if (o === HYPERVISOR) hypervisor++;
		return { vm, hypervisor, free: this.frames.available };
	}
}
