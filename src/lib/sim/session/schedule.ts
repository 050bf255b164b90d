/**
 * The session's record of a scenario's schedule: every 'sched-decision' the scheduler made since
 * load, in order, as the timeline and the live metrics need them. It follows the session's history:
 * a checkpoint remembers the record's length, restoring one cuts the record back to it, and the
 * deterministic replay forward reports the same decisions again, so the record always describes the
 * past of the state shown (never a future that was undone).
 *
 * Metrics are recomputed from the record on demand (hv/sched/metrics.ts), seeded with the
 * scheduler's state at load, so the figures a page shows equal what `vmscope run --report` prints
 * for the same run.
 */
import type { Hypervisor } from '../hv/hypervisor';
import { decision, hostEntitlements } from '../hv/sched/observe';
import { SchedMetrics, type SchedDecision, type SchedReport } from '../hv/sched/metrics';
import type { PolicyName, SchedEntry, SchedReason, VmSchedParams } from '../hv/scheduler';
import type { ReportedEvent } from '../machine/machine';

/** One stretch of a vCPU on a pCPU: from the decision that ran it to the one that took it off. */
export interface ScheduleSlice {
	pcpu: number;
	vm: number;
	vcpu: number;
	start: number;
	/** The cycle it ended, or the pCPU's clock now while it still runs (`open`). */
	end: number;
	open: boolean;
	/** Why it was chosen to run (woken, boosted, quantum-expired, ...). */
	why: SchedReason;
	/** Why it stopped running (blocked, preempted, credit-exhausted, ...), or null while open. */
	endWhy: SchedReason | null;
	migrated: boolean;
}

/** A change of policy or of a VM's parameters, drawn as a mark on the timeline. */
export interface ScheduleConfigMark {
	cycle: number;
	/** -1: the host's policy; else the VM. */
	vm: number;
	fields: Record<string, unknown>;
}

/** A stretch of time a vCPU spent waiting: ready but not running (steal), or blocked. */
export interface ScheduleWait {
	vm: number;
	vcpu: number;
	state: 'ready' | 'blocked';
	start: number;
	end: number;
}

export interface ScheduleView {
	pcpus: number;
	/** Each pCPU's clock now. */
	now: number[];
	/** The first cycle the slices cover (older slices were left out, see `omitted`). */
	from: number;
	slices: ScheduleSlice[];
	/** Each vCPU's stretches of steal and blocked time from `from` on. */
	waits: ScheduleWait[];
	configs: ScheduleConfigMark[];
	/** Decisions since load. */
	decisions: number;
	/** Slices older than `from` that the view left out. */
	omitted: number;
	policy: PolicyName;
	quantum: number;
	period: number;
	/** Each VM's weight, cap, priority and affinity now, by VM index. */
	params: VmSchedParams[];
}

/** Most slices a view carries (the newest): enough for any zoom a page offers, cheap to post. */
export const VIEW_SLICES = 4000;

export class ScheduleRecord {
	private decisions: SchedDecision[] = [];
	private configs: ScheduleConfigMark[] = [];
	private readonly seed: SchedEntry[];
	private readonly origin: number;
	private readonly off: () => void;

	constructor(private readonly hv: Hypervisor) {
		this.seed = structuredClone(hv.s.sched.vcpus);
		this.origin = Math.min(...hv.m.harts.map((h) => h.cycles));
		this.off = hv.m.hooks.report.add((ev) => this.note(ev));
	}

	/** What a checkpoint keeps to cut the record back to it. */
	get mark(): { decisions: number; configs: number } {
		return { decisions: this.decisions.length, configs: this.configs.length };
	}

	cut(mark: { decisions: number; configs: number }): void {
		this.decisions.length = Math.min(this.decisions.length, mark.decisions);
		this.configs.length = Math.min(this.configs.length, mark.configs);
	}

	dispose(): void {
		this.off();
	}

	report(): SchedReport {
		const hv = this.hv;
		const metrics = new SchedMetrics(hv.m.harts.length, this.origin);
		metrics.seed(this.seed);
		for (const d of this.decisions) metrics.add(d);
		return metrics.report(
			hv.m.harts.map((h) => h.cycles),
			hv.vmList.map((v) => v.name),
			hostEntitlements(hv)
		);
	}

	view(limit = VIEW_SLICES): ScheduleView {
		const hv = this.hv;
		const now = hv.m.harts.map((h) => h.cycles);
		const slices = slicesOf(this.seed, this.decisions, now);
		const omitted = Math.max(0, slices.length - limit);
		const kept = omitted > 0 ? slices.slice(omitted) : slices;
		const from = omitted > 0 ? Math.min(...kept.map((s) => s.start)) : this.origin;
		return {
			pcpus: now.length,
			now,
			from,
			slices: kept,
			waits: waitsOf(this.seed, this.decisions, Math.max(...now)).filter((w) => w.end > from),
			configs: this.configs.map((c) => ({ ...c, fields: { ...c.fields } })),
			decisions: this.decisions.length,
			omitted,
			policy: hv.s.sched.policy,
			quantum: hv.s.sched.quantum,
			period: hv.s.sched.period,
			params: hv.vmList.map((v) => structuredClone(hv.s.sched.params[v.id]))
		};
	}

	private note(ev: ReportedEvent): void {
		if (ev.kind === 'sched-decision') this.decisions.push(decision(ev));
		else if (ev.kind === 'sched-config') {
			const fields: Record<string, unknown> = { ...ev };
			for (const k of ['kind', 'cycle', 'vm', 'hart']) delete fields[k];
			this.configs.push({ cycle: ev.cycle, vm: ev.vm ?? -1, fields });
		}
	}
}

/** The running stretches in a decision list, each closed by the vCPU's next decision. */
export function slicesOf(
	seed: readonly SchedEntry[],
	decisions: readonly SchedDecision[],
	now: readonly number[]
): ScheduleSlice[] {
	const out: ScheduleSlice[] = [];
	const running = new Map<string, ScheduleSlice>();
	const key = (vm: number, vcpu: number) => `${vm}.${vcpu}`;
	for (const e of seed)
		if (e.state === 'running' && e.pcpu >= 0) {
			const s = slice(e.pcpu, e.vm, e.vcpu, e.since, 'started', false);
			running.set(key(e.vm, e.vcpu), s);
			out.push(s);
		}
	for (const d of decisions) {
		const k = key(d.vm, d.vcpu);
		const open = running.get(k);
		if (open && (d.state !== 'running' || d.pcpu !== open.pcpu)) {
			open.end = Math.max(open.start, d.cycle);
			open.open = false;
			open.endWhy = d.reason;
			running.delete(k);
		}
		if (d.state === 'running' && !running.has(k)) {
			const s = slice(d.pcpu, d.vm, d.vcpu, d.cycle, d.reason, d.migrated);
			running.set(k, s);
			out.push(s);
		}
	}
	for (const s of running.values()) s.end = Math.max(s.start, now[s.pcpu] ?? s.start);
	return out;
}

function slice(
	pcpu: number,
	vm: number,
	vcpu: number,
	start: number,
	why: SchedReason,
	migrated: boolean
): ScheduleSlice {
	return { pcpu, vm, vcpu, start, end: start, open: true, why, endWhy: null, migrated };
}

/** The stretches each vCPU spent ready (not running) or blocked, each closed by its next decision. */
export function waitsOf(
	seed: readonly SchedEntry[],
	decisions: readonly SchedDecision[],
	now: number
): ScheduleWait[] {
	const out: ScheduleWait[] = [];
	const open = new Map<string, ScheduleWait>();
	const key = (vm: number, vcpu: number) => `${vm}.${vcpu}`;
	const begin = (vm: number, vcpu: number, state: string, at: number) => {
		if (state !== 'ready' && state !== 'blocked') return;
		const w: ScheduleWait = { vm, vcpu, state, start: at, end: at };
		open.set(key(vm, vcpu), w);
		out.push(w);
	};
	for (const e of seed) begin(e.vm, e.vcpu, e.state, e.since);
	for (const d of decisions) {
		const k = key(d.vm, d.vcpu);
		const w = open.get(k);
		if (w && w.state === d.state) continue;
		if (w) {
			w.end = Math.max(w.start, d.cycle);
			open.delete(k);
		}
		begin(d.vm, d.vcpu, d.state, d.cycle);
	}
	for (const w of open.values()) w.end = Math.max(w.start, now);
	return out;
}
