/**
 * The hypervisor: TypeScript that owns M-mode, as the SBI firmware does on the bare machine. Every
 * trap of every hart reaches it through the hart's one trap router (MachineSoftware), and it runs
 * several VMs by trap-and-emulate: guest kernels and guest user code in the real U-mode, behind shadow
 * page tables (exits.ts says which instructions trap and why that is enough). Its state is plain data
 * (HvState) in the machine's snapshot, so stepping back works across exits, and host RAM holds its
 * tables, so the RAM snapshot has them too. A guest that misbehaves stops its own VM, never this.
 *
 *   const hv = new Hypervisor(machine, { costs, scheduler: { policy, quantum, period }, faults, onConsole });
 *   const alpha = hv.create({ name: 'alpha', image, memory: 32 << 20, vcpus: 1 });
 *   hv.start(alpha); machine.run(…);
 *   hv.vm(alpha).s.status, .counters, .consoleText()
 *   hv.setScheduler({ policy: 'credit' }); hv.setVmParams(alpha, { weight: 512, cap: 50 });
 */
import { Interrupt, Mode } from '../hart/causes';
import type { Hart, MachineResume, MachineSoftware, MachineTrap } from '../hart/hart';
import type { Machine } from '../machine/machine';
import type { StopReason } from '../machine/stop';
import { DEFAULT_HV_COSTS, type ExitReason, type HvCosts } from './costs';
import { HYPERVISOR, HostFrames, newFrames, type FramesState } from './frames';
import { handleExit } from './exits';
import { ExitServices } from './exit-services';
import { bootVm, createVmState } from './vm-boot';
import { account, enterIdle } from './pcpu';
import { vmPlatform } from './vm-platform';
import { saveSupervisor } from './tvm';
import type { SchedState, VcpuRef, VmSchedParams } from './scheduler';
import { newSchedState, VcpuScheduler, type SchedOptions } from './sched/core';
import { dispatch, schedHost } from './dispatch';
import { ShadowTables } from './shadow';
import { VS, VU, type VcpuState } from './vcpu';
import { Vm, type VmConfig, type VmState, type VmStatus } from './vm';
import { HostDisks, type HostDiskOptions, type HostDisksState } from './host-disks';
import { HostNet, type HostNetOptions, type HostNetState } from './host-net';
import { virtioReset } from './vm-disks';
import './events';

export type Fault = 'unchecked-shadow-ppn' | 'unzeroed-frames';

export interface HypervisorOptions extends HostDiskOptions {
	/** The virtual switch the VMs' NICs plug into. */
	net?: HostNetOptions;
	costs?: Partial<HvCosts>;
	/** A vCPU's turn on a pCPU, in cycles (default 100,000: 1 ms at 100 MHz). */
	quantum?: number;
	/** The vCPU scheduler's policy, quantum (overrides `quantum`) and credit's accounting period. */
	scheduler?: SchedOptions;
	/** Injected faults (off by default): see README "Isolation". */
	faults?: readonly Fault[];
	/** Each byte a VM prints (its UART or its SBI console). */
	onConsole?: (vm: number, byte: number) => void;
}

/** What each pCPU runs: a vCPU, or the hypervisor's idle loop (null). */
interface PcpuState {
	current: VcpuRef | null;
	/** The mtimecmp programmed for it (mtime ticks; -1: none, so the state stays JSON-clean). */
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
	sched: SchedState;
	/** Host-physical address of the idle loop (`wfi; j .-4`, run in S-mode with paging off). */
	idle: number;
	breaches: Breach[];
	/** The physical disks' allocation, the VMs' virtual disks and the I/O queues. */
	disks: HostDisksState;
	/** The virtual switch, its uplink to the outside network and the frames on their way. */
	net: HostNetState;
}

const WFI = 0x10500073;
const JUMP_BACK_4 = 0xffdff06f; // jal x0, -4

export class Hypervisor implements MachineSoftware {
	s: HvState;
	readonly costs: HvCosts;
	readonly faults: ReadonlySet<Fault>;
	frames: HostFrames;
	readonly shadows: ShadowTables;
	readonly services = new ExitServices(this);
	/** The live VMs (internal: pcpu.ts, virtual-irq.ts and vm-platform.ts read it). */
	vms: Vm[] = [];
	private readonly configs: VmConfig[] = [];
	readonly cyclesPerTick: number;
	readonly disks: HostDisks;
	readonly net: HostNet;

	constructor(
		readonly m: Machine,
		readonly opts: HypervisorOptions = {}
	) {
		this.costs = { ...DEFAULT_HV_COSTS, ...opts.costs };
		this.faults = new Set(opts.faults ?? []);
		this.cyclesPerTick = m.cpuHz / m.timebaseHz;
		this.s = this.powerOn();
		this.frames = new HostFrames(
			m.ram,
			this.s.frames,
			!this.faults.has('unzeroed-frames'),
			(f, owner, previous) => this.services.breach(owner, 0, this.frames.addr(f), previous)
		);
		this.shadows = new ShadowTables(this.frames);
		this.disks = new HostDisks(() => this.s.disks, m.disks, opts, this.diskOwner, m.cpuHz);
		this.net = new HostNet(() => this.s.net, this.netOwner, m.cpuHz, opts.net);
		this.s.idle = this.frames.alloc(HYPERVISOR);
		m.ram.write(this.s.idle - m.ram.base, 4, WFI);
		m.ram.write(this.s.idle - m.ram.base + 4, 4, JUMP_BACK_4);
		m.components.register('hv', this);
		m.quiescent = () => m.harts.every((h) => h.pc - this.s.idle >= 0 && h.pc - this.s.idle < 8);
		m.adoptMachineSoftware(this);
		for (const h of m.harts) {
			h.reset(this.s.idle, Mode.Supervisor);
			enterIdle(this, h);
		}
	}

	/** A vCPU's slice in cycles (the scheduler's quantum). */
	get quantum(): number {
		return this.s.sched.quantum;
	}

	private powerOn(): HvState {
		return {
			frames: newFrames(this.m.ram.size),
			vms: [],
			pcpus: this.m.harts.map(() => ({ current: null, timer: -1 })),
			sched: newSchedState(this.m.harts.length, {
				...this.opts.scheduler,
				quantum: this.opts.scheduler?.quantum ?? this.opts.quantum
			}),
			idle: -1,
			breaches: [],
			disks: HostDisks.newState(this.opts, this.m.disks),
			net: HostNet.newState(this.opts.net ?? {})
		};
	}

	// ---- VM operations ------------------------------------------------------------------------

	/** Create a VM (state 'created'); throws RangeError naming what does not fit. */
	create(config: VmConfig): number {
		const id = this.s.vms.length;
		const disks = this.disks.create(id, config.disks ?? []);
		let state: VmState;
		try {
			state = createVmState(this, id, config);
		} catch (e) {
			this.disks.release(id);
			throw e;
		}
		state.disks = disks;
		if (config.nics?.length)
			state.nics = this.net.create(
				id,
				config.name,
				config.nics.map((n) => n.mac)
			);
		this.sched.addVm(id, config.vcpus, config.sched);
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
		// The run ended when the last VM stopped; a VM started again (reset, or a new one) goes on with it.
		if (this.m.exited?.kind === 'exited') this.m.exited = undefined;
		this.setStatus(vm, 'running');
		this.enqueue(vm, vm.s.vcpus[0], 'started');
	}

	pause(id: number, reason?: string): void {
		const vm = this.vms[id];
		if (vm.s.status !== 'running') return;
		this.setStatus(vm, 'paused', reason);
		// Those on a pCPU leave it at their next exit (kicked), and say so then.
		for (const cpu of vm.s.vcpus)
			if (cpu.status === 'runnable') this.sched.leave({ vm: id, vcpu: cpu.index }, 'off', 'paused');
		this.kickVm(vm);
	}

	resume(id: number): void {
		const vm = this.vms[id];
		if (vm.s.status !== 'paused') return;
		// Paused for disk space: it runs again only once its writes fit (retryWaiting resumes it).
		if (vm.s.waitingForSpace) return this.disks.retryWaiting();
		this.setStatus(vm, 'running', '');
		for (const cpu of vm.s.vcpus) {
			const ref = { vm: id, vcpu: cpu.index };
			// One still on its pCPU (paused and resumed before its exit) just runs on.
			if (cpu.status === 'running' && this.sched.entry(ref).state === 'running') continue;
			if (cpu.status === 'runnable' || cpu.status === 'running') this.enqueue(vm, cpu, 'resumed');
		}
	}

	/** Power-cycle a VM: its memory is given back and its image boots again. */
	resetVm(id: number): void {
		const vm = this.vms[id];
		this.stopVcpus(vm);
		this.releaseVm(vm);
		const state = createVmState(this, id, this.configs[id]);
		// Its disks keep their contents across a power cycle; requests in flight are dropped.
		state.disks = vm.s.disks;
		if (vm.s.nics) state.nics = vm.s.nics;
		state.counters = vm.s.counters;
		state.status = vm.s.status;
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
		this.disks.release(id);
		this.net.release(id);
		// Its virtual disks are gone: a restore of a later state must not look for them.
		vm.s.disks = [];
		vm.s.virtio = undefined;
		vm.s.pio = undefined;
		vm.s.destroyed = true;
	}

	private releaseVm(vm: Vm): void {
		// Its vCPUs leave their pCPUs now (their registers are not worth saving); a pCPU elsewhere was
		// kicked by stopVcpus and finds nothing of this VM at its next exit.
		for (const p of this.s.pcpus) if (p.current?.vm === vm.id) p.current = null;
		for (const cpu of vm.s.vcpus) {
			cpu.status = 'stopped';
			this.sched.leave({ vm: vm.id, vcpu: cpu.index }, 'off', 'stopped');
		}
		for (const cpu of vm.s.vcpus) for (const sh of cpu.shadows) this.shadows.destroy(sh);
		virtioReset(vm.virtio);
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
		for (const cpu of vm.s.vcpus)
			if (cpu.status !== 'running') {
				cpu.status = 'stopped';
				this.sched.leave({ vm: vm.id, vcpu: cpu.index }, 'off', 'stopped');
			}
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
			account(vm, cpu, h);
			// The mode the guest left from (under TVM a delegated trap may have moved vU to vS unseen).
			const vmodeBefore = vm.s.technique === 'tvm' ? (t.from === Mode.Supervisor ? VS : VU) : cpu.vmode;
			if (vm.s.technique === 'tvm') saveSupervisor(h, cpu, t.from);
			cpu.pc = t.epc;
			if (!t.interrupt) {
				try {
					reason = handleExit(this.services, vm, cpu, h.x, t);
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
				{
					reason,
					cause: t.interrupt ? (0x8000_0000 | t.cause) >>> 0 : t.cause,
					pc: t.epc,
					cost,
					vcpu: ref.vcpu,
					vmode: vmodeBefore,
					bits: t.interrupt ? 0 : t.bits >>> 0
				},
				h
			);
		} else h.cycles += this.costs.exit;
		for (const id of this.pendingReset) this.resetVm(id);
		this.pendingReset.clear();
		// An exit whose cost crosses the next device event ends the slice, so the event is on time.
		if (h.cycles >= this.m.events.nextCycle()) this.m.endSlice();
		return this.schedule(h);
	}

	private hostInterrupt(h: Hart, code: number): void {
		// The timer is reprogrammed below (schedule); an IPI is a kick: clear it.
		if (code === Interrupt.MachineSoftware) this.m.clint.write(4 * h.hartId, 4, 0);
	}

	/** Decide what `h` runs next and enter it (internal: dispatch.ts). */
	schedule(h: Hart): MachineResume {
		return dispatch(this, h);
	}

	/** A vCPU may run: started, woken from WFI, or its VM resumed. */
	enqueue(vm: Vm, cpu: VcpuState, why: 'started' | 'woken' | 'resumed' = 'woken'): void {
		cpu.status = 'runnable';
		if (!vm.running) return;
		this.sched.ready({ vm: vm.id, vcpu: cpu.index }, why);
	}

	/** Switch the vCPU scheduler's policy, quantum or period on the running system. */
	setScheduler(opts: SchedOptions): void {
		this.sched.setPolicy(opts);
	}

	/** Change a VM's weight, cap, priority or affinity on the running system. */
	setVmParams(id: number, params: Partial<VmSchedParams>): void {
		this.sched.setParams(id, params);
	}

	/** An IPI to a pCPU (CLINT msip), so the hypervisor runs there at its next instruction. */
	kick(hart: number): void {
		if (hart === this.inside) return;
		this.m.clint.write(4 * hart, 4, 1);
		this.m.endSlice();
	}

	private kickVm(vm: Vm): void {
		for (const cpu of vm.s.vcpus) if (cpu.status === 'running' && cpu.hart >= 0) this.kick(cpu.hart);
	}

	readonly sched = new VcpuScheduler(() => this.s.sched, schedHost(this));

	/** A pCPU's hart; -1: the one the hypervisor runs on now (or the machine's running one). */
	hartAt(p: number): Hart {
		return this.m.harts[p >= 0 ? p : this.inside >= 0 ? this.inside : this.m.running];
	}

	report(kind: string, vm: number, fields: Record<string, unknown>, h?: Hart): void {
		if (!this.m.reporting) return;
		const hart = h ?? this.m.harts[this.m.running];
		this.m.report({ kind, cycle: hart.cycles, hart: hart.hartId, vm, ...fields });
	}

	// ---- the VMs' hosts -------------------------------------------------------------------------

	readonly vmHost = ((hv: Hypervisor) => ({
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
		frameAllocated: (vm: number, gpa: number, pa: number) => this.services.frameAllocated(vm, gpa, pa),
		platform: (vm: Vm) => vmPlatform(this, vm),
		now: () => this.m.cycles,
		get disks() {
			return hv.disks.vmHost;
		},
		get net() {
			return hv.net.vmHost;
		}
	}))(this);

	private readonly netOwner = ((hv: Hypervisor) => ({
		get vms() {
			return hv.vms;
		},
		get events() {
			return hv.m.events;
		},
		report: (kind: string, vm: number, fields: Record<string, unknown>) => hv.report(kind, vm, fields),
		// No virtual interrupt controller yet, so the NIC's interrupt cannot be delivered; WFI may return
		// at any time (privileged §3.3.3), so the hypervisor wakes the VM's blocked vCPUs instead, and
		// the guest's idle loop polls the card as it would after the interrupt.
		wake: (vm: number) => {
			const v = hv.vms[vm];
			for (const cpu of v?.s.vcpus ?? []) if (cpu.status === 'blocked') hv.enqueue(v, cpu, 'woken');
		}
	}))(this);

	private readonly diskOwner = ((hv: Hypervisor) => ({
		get vms() {
			return hv.vms;
		},
		get events() {
			return hv.m.events;
		},
		now: () => hv.m.cycles,
		pauseForSpace: (vm: number, reason: string) => {
			if (hv.vms[vm].s.status !== 'running') return;
			hv.pause(vm, reason);
			hv.vms[vm].s.waitingForSpace = true;
		},
		resumeFromSpace: (vm: number) => {
			hv.vms[vm].s.waitingForSpace = false;
			hv.resume(vm);
		},
		stopVm: (vm: number, reason: string) => hv.crash(hv.vms[vm], reason)
	}))(this);
	private readonly pendingReset = new Set<number>();

	// ---- Lifecycle ------------------------------------------------------------------------------

	snapshot(): HvState {
		for (const vm of this.vms) vm.sync();
		this.net.sync();
		return structuredClone(this.s);
	}

	restore(state: unknown): void {
		this.s = structuredClone(state as HvState);
		this.frames.s = this.s.frames;
		this.disks.restored();
		this.net.restored();
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
