/**
 * What the schedule gave each VM, computed from the scheduler's 'sched-decision' events alone (so a
 * trace file, a live session and the command line get the same numbers): per vCPU and per VM the
 * time running, ready but not running (steal), and blocked; context switches and migrations;
 * wake-to-run latency (from a 'woken' event to the vCPU running); the share of the host's pCPU time
 * received against the share its parameters entitle it to; per pCPU utilisation, and Jain's
 * fairness index. Every vCPU's run + steal + blocked is its lifetime (the time it was not off), by
 * construction and checked by test/unit/sched-properties.test.ts.
 *
 * Times are in cycles of each pCPU's own clock. The harts' clocks differ by a little (the machine
 * runs the one furthest behind), so an event may carry an earlier cycle than the last one of the same
 * vCPU (woken on one pCPU, run on another); time never runs backwards for a vCPU here, it is held.
 */
import type { PolicyName, SchedEntry, SchedReason, SchedVcpuState, VmSchedParams } from '../scheduler';

/** A 'sched-decision' event, as the trace carries it. */
export interface SchedDecision {
	cycle: number;
	vm: number;
	vcpu: number;
	pcpu: number;
	state: SchedVcpuState;
	reason: SchedReason;
	migrated: boolean;
}

export interface LatencyStats {
	/** Wake-ups that were followed by a run. */
	count: number;
	mean: number;
	/** Nearest-rank 95th percentile. */
	p95: number;
	max: number;
}

export interface VcpuMetrics {
	vcpu: number;
	run: number;
	steal: number;
	blocked: number;
	lifetime: number;
	switches: number;
	migrations: number;
	latency: LatencyStats;
}

export interface VmMetrics {
	name: string;
	run: number;
	steal: number;
	blocked: number;
	lifetime: number;
	/** Fraction of the host's total pCPU time it ran. */
	share: number;
	/** Fraction it is entitled to (entitlements()). */
	entitled: number;
	latencyMean: number;
	latencyP95: number;
	latencyMax: number;
	wakeups: number;
	switches: number;
	migrations: number;
	vcpus: VcpuMetrics[];
}

export interface SchedReport {
	vms: VmMetrics[];
	host: {
		/** Per pCPU: the fraction of its time a vCPU ran on it. */
		utilisation: number[];
		/** Jain's index over the VMs' shares, each against its entitlement (1: perfectly fair). */
		fairness: number;
		/** Per pCPU: cycles observed. */
		elapsed: number[];
	};
}

interface Track {
	vm: number;
	vcpu: number;
	state: SchedVcpuState;
	since: number;
	/** When it last became live (not off), for its lifetime; -1 while off. */
	liveSince: number;
	lifetime: number;
	run: number;
	steal: number;
	blocked: number;
	pcpu: number;
	/** Cycle of the wake-up not yet followed by a run; -1: none. */
	woken: number;
	latencies: number[];
	switches: number;
	migrations: number;
}

export class SchedMetrics {
	private tracks: Track[] = [];
	private busy: number[];

	/** `origin`: the host cycle observation starts at (0: from power-on). */
	constructor(
		readonly pcpus: number,
		readonly origin = 0
	) {
		this.busy = new Array<number>(pcpus).fill(0);
	}

	/** Start from the scheduler's state as it is (for an observer that attaches after VMs started). */
	seed(entries: readonly SchedEntry[]): void {
		for (const e of entries) {
			const t = this.track(e.vm, e.vcpu);
			const since = Math.max(this.origin, e.since);
			t.state = e.state;
			t.since = since;
			t.pcpu = e.pcpu;
			t.liveSince = e.state === 'off' ? -1 : since;
		}
	}

	add(ev: SchedDecision): void {
		const t = this.track(ev.vm, ev.vcpu);
		const now = close(t, ev.cycle, this.busy);
		const was = t.state;
		if (was === 'off' && ev.state !== 'off') t.liveSince = now;
		if (was !== 'off' && ev.state === 'off') {
			t.lifetime += now - t.liveSince;
			t.liveSince = -1;
		}
		t.state = ev.state;
		if (ev.state === 'running') {
			if (was !== 'running') t.switches++;
			if (ev.migrated) t.migrations++;
			if (t.woken >= 0) t.latencies.push(now - t.woken);
			t.woken = -1;
			t.pcpu = ev.pcpu;
		} else if (ev.state === 'ready') {
			if (ev.reason === 'woken') t.woken = now;
		} else t.woken = -1;
	}

	/**
	 * The figures up to `end` (each pCPU's clock now), without changing what was gathered, so a live
	 * view may ask every frame. `names` and `entitled` are by VM index.
	 */
	report(end: readonly number[], names: readonly string[], entitled: readonly number[]): SchedReport {
		const busy = [...this.busy];
		const last = Math.max(this.origin, ...end);
		const tracks = this.tracks.map((t) => {
			const c = { ...t, latencies: [...t.latencies] };
			const now = close(c, c.state === 'running' ? (end[c.pcpu] ?? last) : last, busy);
			if (c.liveSince >= 0) c.lifetime += now - c.liveSince;
			return c;
		});
		const elapsed = end.map((e) => Math.max(0, e - this.origin));
		const total = elapsed.reduce((a, b) => a + b, 0);
		const vms: VmMetrics[] = names.map((name, vm) => {
			const mine = tracks.filter((t) => t.vm === vm).sort((a, b) => a.vcpu - b.vcpu);
			const sum = (f: (t: Track) => number) => mine.reduce((n, t) => n + f(t), 0);
			const latency = latencyStats(mine.flatMap((t) => t.latencies));
			const run = sum((t) => t.run);
			return {
				name,
				run,
				steal: sum((t) => t.steal),
				blocked: sum((t) => t.blocked),
				lifetime: sum((t) => t.lifetime),
				share: total > 0 ? run / total : 0,
				entitled: entitled[vm] ?? 0,
				latencyMean: latency.mean,
				latencyP95: latency.p95,
				latencyMax: latency.max,
				wakeups: latency.count,
				switches: sum((t) => t.switches),
				migrations: sum((t) => t.migrations),
				vcpus: mine.map((t) => ({
					vcpu: t.vcpu,
					run: t.run,
					steal: t.steal,
					blocked: t.blocked,
					lifetime: t.lifetime,
					switches: t.switches,
					migrations: t.migrations,
					latency: latencyStats(t.latencies)
				}))
			};
		});
		return {
			vms,
			host: {
				utilisation: elapsed.map((e, p) => (e > 0 ? busy[p] / e : 0)),
				fairness: jain(vms.filter((v) => v.entitled > 0).map((v) => v.share / v.entitled)),
				elapsed
			}
		};
	}

	private track(vm: number, vcpu: number): Track {
		let t = this.tracks.find((k) => k.vm === vm && k.vcpu === vcpu);
		if (!t) {
			t = {
				vm,
				vcpu,
				state: 'off',
				since: this.origin,
				liveSince: -1,
				lifetime: 0,
				run: 0,
				steal: 0,
				blocked: 0,
				pcpu: -1,
				woken: -1,
				latencies: [],
				switches: 0,
				migrations: 0
			};
			this.tracks.push(t);
		}
		return t;
	}
}

/** Add the time since the last event to the state it was in; the (held) time now. */
function close(t: Track, cycle: number, busy: number[]): number {
	const now = Math.max(t.since, cycle);
	const d = now - t.since;
	if (t.state === 'running') {
		t.run += d;
		if (t.pcpu >= 0 && t.pcpu < busy.length) busy[t.pcpu] += d;
	} else if (t.state === 'ready') t.steal += d;
	else if (t.state === 'blocked') t.blocked += d;
	t.since = now;
	return now;
}

export function latencyStats(samples: readonly number[]): LatencyStats {
	if (samples.length === 0) return { count: 0, mean: 0, p95: 0, max: 0 };
	const sorted = [...samples].sort((a, b) => a - b);
	const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
	return {
		count: sorted.length,
		mean,
		p95: sorted[Math.ceil(0.95 * sorted.length) - 1],
		max: sorted[sorted.length - 1]
	};
}

/** Jain's fairness index (Σx)² / (n·Σx²): 1 when all are equal, 1/n when one has everything. */
export function jain(xs: readonly number[]): number {
	if (xs.length === 0) return 1;
	const sum = xs.reduce((a, b) => a + b, 0);
	const squares = xs.reduce((a, b) => a + b * b, 0);
	return squares > 0 ? (sum * sum) / (xs.length * squares) : 1;
}

export interface EntitlementVm {
	vcpus: number;
	params: VmSchedParams;
}

/**
 * The fraction of the host's pCPU time each VM is entitled to if every VM were always runnable:
 * the host's capacity shared out by the policy's weights (rr: one per vCPU; credit and stride: the
 * VM's weight; priority: everything to the highest level first, its vCPUs alike), no VM given more
 * than its vCPUs (on the pCPUs its affinity allows) or, under credit, its cap can use, and what one
 * cannot use shared among the rest (water-filling).
 */
export function entitlements(policy: PolicyName, vms: readonly EntitlementVm[], pcpus: number): number[] {
	const most = vms.map((v) => {
		const usable = Math.min(v.vcpus, v.params.affinity?.length ?? pcpus, pcpus);
		const cap = policy === 'credit' && v.params.cap > 0 ? v.params.cap / 100 : Infinity;
		return Math.min(usable, cap) / pcpus;
	});
	const out = vms.map(() => 0);
	if (policy !== 'priority') {
		const weight = (i: number) => (policy === 'rr' ? vms[i].vcpus : vms[i].params.weight);
		fill(out, most, [...vms.keys()], weight, 1);
		return out;
	}
	let left = 1;
	const levels = [...new Set(vms.map((v) => v.params.priority))].sort((a, b) => b - a);
	for (const level of levels) {
		const members = [...vms.keys()].filter((i) => vms[i].params.priority === level);
		left -= fill(out, most, members, (i) => vms[i].vcpus, left);
	}
	return out;
}

/** Share `capacity` among `members` by weight, none above its `most`; returns what was given. */
function fill(
	out: number[],
	most: readonly number[],
	members: number[],
	weight: (i: number) => number,
	capacity: number
): number {
	let left = capacity;
	let open = [...members];
	while (open.length > 0 && left > 1e-12) {
		const w = open.reduce((n, i) => n + weight(i), 0);
		const over = open.filter((i) => out[i] + (left * weight(i)) / w >= most[i]);
		if (over.length === 0) {
			for (const i of open) out[i] += (left * weight(i)) / w;
			return capacity;
		}
		for (const i of over) {
			left -= most[i] - out[i];
			out[i] = most[i];
		}
		open = open.filter((i) => !over.includes(i));
	}
	return capacity - left;
}
