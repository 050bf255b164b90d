/**
 * The mechanics every policy shares: one ready set ordered by the policy's rank (then first come,
 * first served), placement of a vCPU that becomes ready (its last pCPU if idle, else another idle
 * one it may run on, else, when the policy lets it preempt, the pCPU running the lowest-ranked
 * vCPU), affinity, migration, slices, and a 'sched-decision' event for every decision with its
 * reason. The state is the hypervisor's (HvState.sched), read through `state()` on every call so a
 * restored snapshot is what is decided on; this object holds nothing of its own.
 *
 * The hypervisor calls it at the few places a vCPU changes hands: ready (started, woken, resumed),
 * leave (blocked in WFI, paused, stopped), check (at each exit of a running vCPU: its slice, a
 * preemption, its credit) and pick (a pCPU is free).
 */
import {
	DEFAULT_VM_PARAMS,
	POLICIES,
	type PolicyName,
	type SchedEntry,
	type SchedReason,
	type SchedState,
	type SchedVcpuState,
	type Scheduler,
	type VcpuRef,
	type VmSchedParams
} from '../scheduler';
import { credit } from './credit';
import { strictPriority } from './priority';
import { roundRobin } from './rr';
import { stride } from './stride';

export const SCHEDULERS: Record<PolicyName, Scheduler> = {
	rr: roundRobin,
	credit,
	priority: strictPriority,
	stride
};

/** What the scheduler asks of the hypervisor. */
export interface SchedHost {
	/** A pCPU's clock in cycles; -1: the hart the hypervisor runs on now. */
	now(pcpu: number): number;
	/** Is the pCPU in its idle loop? */
	idle(pcpu: number): boolean;
	/** Make the pCPU enter the hypervisor at its next instruction. */
	kick(pcpu: number): void;
	readonly reporting: boolean;
	/** Report an event stamped with `cycle` on `pcpu`'s clock (-1: the current hart). */
	emit(kind: string, vm: number, fields: Record<string, unknown>, pcpu: number, cycle: number): void;
}

export interface SchedOptions {
	policy?: PolicyName;
	quantum?: number;
	period?: number;
}

export const DEFAULT_PERIOD = 3_000_000; // 30 ms at 100 MHz: Xen credit's accounting period

export function newSchedState(pcpus: number, opts: SchedOptions = {}): SchedState {
	return {
		policy: opts.policy ?? 'rr',
		quantum: Math.max(1000, opts.quantum ?? 100_000),
		period: opts.period ?? DEFAULT_PERIOD,
		pcpus,
		params: [],
		vcpus: [],
		seq: 0,
		nextRefill: 0,
		tickle: new Array<boolean>(pcpus).fill(false),
		decisions: 0,
		started: false
	};
}

/** Throws RangeError naming the parameter that is out of range. */
export function checkParams(p: VmSchedParams, pcpus: number): void {
	if (!Number.isInteger(p.weight) || p.weight < 1)
		throw new RangeError(`weight must be 1 or more, got ${p.weight}`);
	if (!Number.isInteger(p.cap) || p.cap < 0) throw new RangeError(`cap must be 0 or more, got ${p.cap}`);
	if (!Number.isInteger(p.priority))
		throw new RangeError(`priority must be a whole number, got ${p.priority}`);
	if (p.affinity !== null) {
		if (p.affinity.length === 0) throw new RangeError('affinity must name at least one pCPU');
		for (const c of p.affinity)
			if (!Number.isInteger(c) || c < 0 || c >= pcpus)
				throw new RangeError(`affinity: pCPU ${c} does not exist (the host has ${pcpus})`);
	}
}

/** Why a policy change cannot be made (a RangeError naming the field). */
export function checkPolicy(opts: SchedOptions): void {
	if (opts.policy !== undefined && !POLICIES.includes(opts.policy))
		throw new RangeError(`policy must be one of ${POLICIES.join(', ')}, got ${String(opts.policy)}`);
	if (opts.quantum !== undefined && !(Number.isInteger(opts.quantum) && opts.quantum >= 1000))
		throw new RangeError(`quantum must be 1000 cycles or more, got ${opts.quantum}`);
	if (opts.period !== undefined && !(Number.isInteger(opts.period) && opts.period >= 1))
		throw new RangeError(`period must be a positive whole number of cycles, got ${opts.period}`);
}

export class VcpuScheduler {
	constructor(
		private readonly state: () => SchedState,
		private readonly host: SchedHost
	) {}

	get s(): SchedState {
		return this.state();
	}

	get policy(): Scheduler {
		return SCHEDULERS[this.s.policy];
	}

	addVm(vm: number, vcpus: number, params: Partial<VmSchedParams> = {}): void {
		const s = this.s;
		const p = { ...DEFAULT_VM_PARAMS, ...params };
		checkParams(p, s.pcpus);
		s.params[vm] = { ...p, affinity: p.affinity ? [...p.affinity] : null };
		for (let i = 0; i < vcpus; i++)
			if (!s.vcpus.some((e) => e.vm === vm && e.vcpu === i))
				s.vcpus.push({
					vm,
					vcpu: i,
					state: 'off',
					pcpu: -1,
					since: 0,
					seq: 0,
					charged: 0,
					sliceEnd: 0,
					credit: 0,
					boost: false,
					pass: 0
				});
	}

	entry(ref: VcpuRef): SchedEntry {
		const e = this.s.vcpus.find((v) => v.vm === ref.vm && v.vcpu === ref.vcpu);
		if (!e) throw new Error(`no vCPU ${ref.vm}.${ref.vcpu} in the scheduler`);
		return e;
	}

	/** A vCPU may run: it joins the ready set and a pCPU is found for it. */
	ready(ref: VcpuRef, why: SchedReason): void {
		const s = this.s;
		const e = this.entry(ref);
		if (e.state === 'ready' || e.state === 'running') return;
		const now = this.host.now(-1);
		e.state = 'ready';
		e.seq = ++s.seq;
		e.since = now;
		this.policy.ready(s, e, why);
		this.report(e, why, -1, now);
		this.place(e);
	}

	/** A vCPU stops competing: blocked in WFI, or off (paused, stopped). */
	leave(ref: VcpuRef, to: 'blocked' | 'off', why: SchedReason): void {
		const e = this.entry(ref);
		if (e.state === to) return;
		const now = this.host.now(e.state === 'running' ? e.pcpu : -1);
		if (e.state === 'running') {
			this.charge(e, now);
			this.policy.sliceDone(this.s, e);
		}
		e.state = to;
		e.since = now;
		this.report(e, why, e.pcpu, now);
	}

	/**
	 * At an exit of the vCPU running on `pcpu`: must it give the pCPU away? The reason if so (it is
	 * back in the ready set and the caller switches it out), undefined if it goes on.
	 */
	check(pcpu: number): SchedReason | undefined {
		const s = this.s;
		const e = s.vcpus.find((v) => v.state === 'running' && v.pcpu === pcpu);
		if (!e) return undefined;
		const pol = this.policy;
		const now = this.host.now(pcpu);
		this.charge(e, now);
		if (pol.tick(s, now)) this.kickIdle();
		if (!pol.eligible(s, e)) return this.preempt(e, 'credit-exhausted', now);
		if (!this.allowed(e, pcpu)) return this.preempt(e, 'affinity-changed', now);
		const tickled = s.tickle[pcpu];
		s.tickle[pcpu] = false;
		if (now >= e.sliceEnd) {
			pol.sliceDone(s, e);
			const best = this.best(pcpu);
			if (best && pol.rank(s, best) <= pol.rank(s, e))
				return this.preempt(e, pol.expiredReason(s, e), now);
			e.sliceEnd = now + pol.slice(s, e);
			s.decisions++;
			this.report(e, 'quantum-renewed', pcpu, now);
			return undefined;
		}
		if (tickled) {
			const best = this.best(pcpu);
			if (best && pol.rank(s, best) < pol.rank(s, e)) return this.preempt(e, 'preempted', now);
		}
		return undefined;
	}

	/** The vCPU `pcpu` runs next (now running there), or undefined to idle. */
	pick(pcpu: number): VcpuRef | undefined {
		const s = this.s;
		const pol = this.policy;
		const now = this.host.now(pcpu);
		if (!s.started) {
			s.started = true;
			pol.init(s, now);
		}
		if (pol.tick(s, now)) this.kickIdle();
		const e = this.best(pcpu);
		s.tickle[pcpu] = false;
		if (!e) return undefined;
		const migrated = e.pcpu >= 0 && e.pcpu !== pcpu;
		e.state = 'running';
		e.pcpu = pcpu;
		e.since = now;
		e.charged = now;
		e.sliceEnd = now + pol.slice(s, e);
		s.decisions++;
		this.report(e, pol.pickReason(s, e), pcpu, now, migrated);
		return { vm: e.vm, vcpu: e.vcpu };
	}

	/** Host cycle at which the vCPU's slice ends (its pCPU's timer is set for it). */
	sliceEnd(ref: VcpuRef): number {
		return this.entry(ref).sliceEnd;
	}

	/** Host cycle of the next decision no guest event will cause (a parked vCPU's refill). */
	nextEvent(): number {
		return this.policy.nextEvent(this.s);
	}

	/** Switch policy (and, optionally, quantum and period) on the running system. */
	setPolicy(opts: SchedOptions): void {
		const s = this.s;
		checkPolicy(opts);
		const now = this.host.now(-1);
		s.policy = opts.policy ?? s.policy;
		s.quantum = opts.quantum ?? s.quantum;
		s.period = opts.period ?? s.period;
		s.started = true;
		this.policy.init(s, now);
		for (const e of s.vcpus) if (e.state === 'running') e.charged = Math.max(e.charged, now);
		this.config(-1, { policy: s.policy, quantum: s.quantum, period: s.period }, now);
		this.redecide();
	}

	/** Change a VM's weight, cap, priority or affinity on the running system. */
	setParams(vm: number, params: Partial<VmSchedParams>): void {
		const s = this.s;
		const p = { ...s.params[vm], ...params };
		checkParams(p, s.pcpus);
		s.params[vm] = { ...p, affinity: p.affinity ? [...p.affinity] : null };
		this.config(vm, { ...s.params[vm] }, this.host.now(-1));
		this.redecide();
	}

	// ---- inside ---------------------------------------------------------------------------------

	private charge(e: SchedEntry, now: number): void {
		const ran = now - e.charged;
		if (ran > 0) this.policy.charge(this.s, e, ran);
		e.charged = Math.max(e.charged, now);
	}

	private preempt(e: SchedEntry, why: SchedReason, now: number): SchedReason {
		const s = this.s;
		this.policy.sliceDone(s, e);
		e.state = 'ready';
		e.seq = ++s.seq;
		e.since = now;
		s.decisions++;
		this.report(e, why, e.pcpu, now);
		// Its own pCPU takes another; an idle one it may run on takes it.
		const idle = [...Array(s.pcpus).keys()].find(
			(p) => p !== e.pcpu && this.allowed(e, p) && this.host.idle(p)
		);
		if (idle !== undefined) this.host.kick(idle);
		return why;
	}

	private allowed(e: SchedEntry, pcpu: number): boolean {
		const a = this.s.params[e.vm].affinity;
		return a === null || a.includes(pcpu);
	}

	/** The ready vCPU that should run on `pcpu`: lowest rank, then longest waiting. */
	private best(pcpu: number): SchedEntry | undefined {
		const s = this.s;
		const pol = this.policy;
		let best: SchedEntry | undefined;
		let bestRank = Infinity;
		for (const e of s.vcpus) {
			if (e.state !== 'ready' || !this.allowed(e, pcpu) || !pol.eligible(s, e)) continue;
			const r = pol.rank(s, e);
			if (!best || r < bestRank || (r === bestRank && e.seq < best.seq)) {
				best = e;
				bestRank = r;
			}
		}
		return best;
	}

	/** Find a pCPU for a vCPU that became ready. */
	private place(e: SchedEntry): void {
		const s = this.s;
		const pcpus = [...Array(s.pcpus).keys()].filter((p) => this.allowed(e, p));
		const idle = pcpus.filter((p) => this.host.idle(p));
		if (idle.length > 0) {
			this.host.kick(idle.includes(e.pcpu) ? e.pcpu : idle[0]);
			return;
		}
		const pol = this.policy;
		if (!pol.preemptsOnWake || !pol.eligible(s, e)) return;
		const mine = pol.rank(s, e);
		let target = -1;
		let worst = mine;
		for (const p of pcpus) {
			const r = s.vcpus.find((v) => v.state === 'running' && v.pcpu === p);
			if (r && pol.rank(s, r) > worst) {
				worst = pol.rank(s, r);
				target = p;
			}
		}
		if (target < 0) return;
		s.tickle[target] = true;
		this.host.kick(target);
	}

	/** After a refill: idle pCPUs look again (a parked vCPU may run). */
	private kickIdle(): void {
		for (let p = 0; p < this.s.pcpus; p++) if (this.host.idle(p)) this.host.kick(p);
	}

	/** After a change of policy or parameters: every pCPU decides again at its next exit. */
	private redecide(): void {
		const s = this.s;
		for (let p = 0; p < s.pcpus; p++) {
			s.tickle[p] = true;
			this.host.kick(p);
		}
	}

	private report(e: SchedEntry, reason: SchedReason, pcpu: number, cycle: number, migrated = false): void {
		if (!this.host.reporting) return;
		const state: SchedVcpuState = e.state;
		this.host.emit(
			'sched-decision',
			e.vm,
			{ vcpu: e.vcpu, pcpu: pcpu >= 0 ? pcpu : e.pcpu, state, reason, migrated },
			pcpu,
			cycle
		);
	}

	private config(vm: number, fields: Record<string, unknown>, cycle: number): void {
		if (this.host.reporting) this.host.emit('sched-config', vm, fields, -1, cycle);
	}
}
