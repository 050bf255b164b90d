/**
 * The vCPU scheduler (core.ts) on a model host, without guests: pCPUs on one clock and
 * vCPUs whose workload is known (a hog that always runs, or one that runs a burst and then sleeps),
 * so a schedule can be worked out by hand to the cycle. Every pCPU passes through the hypervisor at
 * every moment something happens (a slice ends, a burst ends, a sleeper wakes, a refill is due),
 * which is what the real hypervisor does at the exits those moments cause. The policy tests work
 * schedules out on it by hand, and the scheduling exercises (exercises/schedule.ts) ask about it.
 */
import { newSchedState, VcpuScheduler, type SchedHost, type SchedOptions } from './core';
import { SchedMetrics, entitlements, type SchedDecision } from './metrics';
import type { SchedState, VcpuRef, VmSchedParams } from '../scheduler';

/** burst: cycles it runs before it blocks (Infinity: a hog); sleep: cycles it then stays blocked. */
export interface Workload {
	burst: number;
	sleep: number;
}

export const HOG: Workload = { burst: Infinity, sleep: 0 };

export interface ModelVm {
	name?: string;
	params?: Partial<VmSchedParams>;
	work: Workload[];
}

interface Vcpu {
	ref: VcpuRef;
	work: Workload;
	left: number;
	wakeAt: number;
}

export class SchedModel {
	t = 0;
	/** A pCPU was kicked (an IPI): every pCPU passes through the hypervisor now, as at an exit. */
	private kicked = false;
	readonly state: SchedState;
	readonly sched: VcpuScheduler;
	readonly events: SchedDecision[] = [];
	readonly running: (Vcpu | null)[];
	private readonly vcpus: Vcpu[] = [];
	readonly metrics: SchedMetrics;

	constructor(
		readonly pcpus: number,
		opts: SchedOptions,
		readonly vms: ModelVm[]
	) {
		this.state = newSchedState(pcpus, opts);
		this.running = new Array<Vcpu | null>(pcpus).fill(null);
		const host: SchedHost = {
			now: () => this.t,
			idle: (p) => this.running[p] === null,
			kick: () => void (this.kicked = true),
			reporting: true,
			emit: (kind, vm, fields, _p, cycle) => {
				if (kind !== 'sched-decision') return;
				const ev = { cycle, vm, ...fields } as SchedDecision;
				this.events.push(ev);
				this.metrics.add(ev);
			}
		};
		this.metrics = new SchedMetrics(pcpus);
		this.sched = new VcpuScheduler(() => this.state, host);
		vms.forEach((vm, i) => {
			this.sched.addVm(i, vm.work.length, vm.params);
			vm.work.forEach((work, v) =>
				this.vcpus.push({ ref: { vm: i, vcpu: v }, work, left: work.burst, wakeAt: -1 })
			);
		});
		for (const c of this.vcpus) this.sched.ready(c.ref, 'started');
		this.dispatchAll();
	}

	/** Run the model until cycle `end`. */
	run(end: number): this {
		let sameMoment = 0;
		while (this.t < end || this.kicked) {
			sameMoment = this.kicked ? sameMoment + 1 : 0;
			if (sameMoment > 100) throw new Error(`the scheduler kicks forever at ${this.t}`);
			const next = this.kicked ? this.t : Math.min(end, this.nextMoment());
			this.kicked = false;
			const dt = next - this.t;
			for (const c of this.running) if (c) c.left -= dt;
			this.t = next;
			for (const c of this.vcpus)
				if (c.wakeAt >= 0 && c.wakeAt <= this.t) {
					c.wakeAt = -1;
					this.sched.ready(c.ref, 'woken');
				}
			this.dispatchAll();
		}
		return this;
	}

	/** The figures so far, with each VM's entitlement under the current policy. */
	report() {
		const s = this.state;
		const ent = entitlements(
			s.policy,
			this.vms.map((v, i) => ({ vcpus: v.work.length, params: s.params[i] })),
			s.pcpus
		);
		return this.metrics.report(
			this.running.map(() => this.t),
			this.vms.map((v, i) => v.name ?? `vm${i}`),
			ent
		);
	}

	/** The decisions as `cycle vm state reason` lines, the form the hand-worked schedules take. */
	trace(from = 0): string[] {
		return this.events
			.filter((e) => e.cycle >= from)
			.map(
				(e) =>
					`${e.cycle} vm${e.vm}.${e.vcpu} ${e.state}${e.state === 'running' ? `@${e.pcpu}` : ''} ${e.reason}`
			);
	}

	private nextMoment(): number {
		let next = Infinity;
		for (const c of this.running)
			if (c) next = Math.min(next, this.sched.sliceEnd(c.ref), this.t + c.left);
		for (const c of this.vcpus) if (c.wakeAt >= 0) next = Math.min(next, c.wakeAt);
		next = Math.min(next, this.sched.nextEvent());
		// Nothing will happen again (every vCPU parked for good): jump to the end.
		return next <= this.t ? this.t + 1 : next;
	}

	private dispatchAll(): void {
		for (let p = 0; p < this.pcpus; p++) {
			const c = this.running[p];
			if (c && c.left <= 0) {
				this.sched.leave(c.ref, 'blocked', 'blocked');
				c.left = c.work.burst;
				c.wakeAt = this.t + c.work.sleep;
				this.running[p] = null;
			} else if (c && this.sched.check(p) !== undefined) this.running[p] = null;
			if (!this.running[p]) {
				const ref = this.sched.pick(p);
				this.running[p] = ref
					? this.vcpus.find((v) => v.ref.vm === ref.vm && v.ref.vcpu === ref.vcpu)!
					: null;
			}
		}
	}
}
