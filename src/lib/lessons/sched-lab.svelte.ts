/**
 * Lesson 03's live host: a scenario whose VMs share pCPUs, the actions a student takes (run for a
 * while, change the policy or a VM's weight, cap or priority on the running host, jump to a moment
 * of the timeline, Back) and the schedule and metrics drawn after each one. Every figure comes from
 * the session (its schedule record and the metrics `vmscope run --report` computes); a change is an
 * edit of the session's history, so Back over it undoes it.
 */
import { createBrowserSession } from '$lib/session-client';
import type { PolicyName } from '$lib/sim/hv/scheduler';
import type { SchedReport, ScheduleView, Session } from '$lib/sim/session';
import { HZ, time } from '$lib/viz/sched/sched-words';
import { loadScenario } from './scenario-session';

export const POLICY_NAMES: readonly PolicyName[] = ['rr', 'credit', 'priority', 'stride'];

/** The form: what the student is about to apply (strings, as typed). */
export interface SchedDraft {
	policy: PolicyName;
	quantum: string;
	vms: { weight: string; cap: string; priority: string }[];
}

/** One point of the live charts: each VM's figures at a moment. */
export interface MetricSample {
	cycle: number;
	share: number[];
	steal: number[];
}

/** Longest single run an action may take (steps), so a stuck guest cannot hang the page. */
const MAX_STEPS = 400_000_000;

export class SchedLab {
	status = $state('Not started.');
	busy = $state(false);
	started = $state(false);
	names = $state<string[]>([]);
	view = $state<ScheduleView | null>(null);
	report = $state<SchedReport | null>(null);
	draft = $state<SchedDraft>({ policy: 'credit', quantum: '', vms: [] });
	/** Why the draft cannot be applied, by field ('quantum', 'weight-1', ...). */
	errors = $state<Record<string, string>>({});
	samples = $state<MetricSample[]>([]);
	console = $state('');
	cycle = $state(0);
	private session: Session | undefined;
	/** Position before each action, so Back returns exactly there. */
	private undo: { position: number; what: string }[] = [];
	private position = 0;

	constructor(
		private readonly scenario: string,
		private readonly images: Record<string, string>
	) {}

	get canGoBack(): boolean {
		return this.undo.length > 0 && !this.busy;
	}

	async start(): Promise<void> {
		if (this.busy) return;
		this.busy = true;
		this.status = 'Fetching the guest images…';
		try {
			this.session ??= createBrowserSession().session;
			await loadScenario(this.session, this.scenario, this.images);
			this.undo = [];
			this.samples = [];
			this.names = (await this.session.vms()).map((v) => v.name);
			this.started = true;
			await this.refresh(true);
			this.status = `Started: ${this.names.length} VMs sharing ${this.view?.pcpus ?? 0} pCPU(s); no time has passed.`;
		} catch (e) {
			this.status = `Could not start the scenario: ${(e as Error).message}`;
		} finally {
			this.busy = false;
		}
	}

	/** Let simulated time pass: `ms` milliseconds of the machine's clock. */
	run(ms: number): Promise<void> {
		return this.act(`${ms} ms of simulated time`, async (s) => {
			const r = await s.runUntil({
				cycle: this.cycle + Math.round((ms * HZ) / 1000),
				maxInstructions: MAX_STEPS
			});
			return r.reason === 'cycle' || r.reason === 'budget' ? '' : ` (stopped: ${r.reason})`;
		});
	}

	/** Move the session to a moment of the timeline (a slice's start). */
	goTo(cycle: number): Promise<void> {
		return this.act(`to ${time(cycle)}`, async (s) => {
			await s.goToCycle(cycle);
			return '';
		});
	}

	/** Make the draft's changes on the running host: one edit per changed setting. */
	async apply(): Promise<void> {
		const v = this.view;
		if (!v) return;
		const errors: Record<string, string> = {};
		const d = this.draft;
		const quantum = Number(d.quantum);
		if (!/^\d+$/.test(d.quantum.trim()) || quantum < 1000)
			errors.quantum = 'a whole number of cycles, 1000 or more';
		const params = d.vms.map((p, vm) => {
			const n = (k: 'weight' | 'cap' | 'priority', min: number) => {
				const t = p[k].trim();
				if (!/^-?\d+$/.test(t) || Number(t) < min)
					errors[`${k}-${vm}`] = `a whole number, ${min} or more`;
				return Number(t);
			};
			return { weight: n('weight', 1), cap: n('cap', 0), priority: n('priority', -1000) };
		});
		this.errors = errors;
		if (Object.keys(errors).length) {
			this.status = 'Nothing changed: fix the fields marked.';
			return;
		}
		const changes: string[] = [];
		await this.act(
			'the change',
			async (s) => {
				if (d.policy !== v.policy || quantum !== v.quantum) {
					await s.setScheduler({ policy: d.policy, quantum });
					changes.push(`policy ${d.policy}, quantum ${quantum.toLocaleString('en')} cycles`);
				}
				for (const [vm, p] of params.entries()) {
					const now = v.params[vm];
					const diff = Object.fromEntries(
						(['weight', 'cap', 'priority'] as const)
							.filter((k) => p[k] !== now[k])
							.map((k) => [k, p[k]])
					);
					if (Object.keys(diff).length === 0) continue;
					await s.setVmSched(vm, diff);
					changes.push(
						`${this.names[vm]}: ${Object.entries(diff)
							.map(([k, x]) => `${k} ${x}`)
							.join(', ')}`
					);
				}
				return changes.length ? `: ${changes.join('; ')}` : ': nothing was different';
			},
			true
		);
	}

	async back(): Promise<void> {
		const s = this.session;
		const last = this.undo.at(-1);
		if (!s || this.busy || !last) return;
		this.busy = true;
		try {
			this.undo.pop();
			const now = (await s.status()).position;
			if (last.position < now) await s.stepBack(now - last.position);
			else if (last.position > now) await s.step(last.position - now);
			await this.refresh(true);
			this.samples = this.samples.filter((p) => p.cycle <= this.cycle);
			this.status = `Back to before ${last.what}, at ${time(this.cycle)}.`;
		} catch (e) {
			this.status = `Could not go back: ${(e as Error).message}`;
		} finally {
			this.busy = false;
		}
	}

	/**
	 * One action, remembered for Back. A change made at position p is part of the state at p, so the
	 * way back from a change goes one step further, to just before it.
	 */
	private async act(what: string, fn: (s: Session) => Promise<string>, edit = false): Promise<void> {
		const s = this.session;
		if (!s || this.busy) return;
		this.busy = true;
		try {
			const before = (await s.status()).position;
			const note = await fn(s);
			this.undo.push({ position: edit ? Math.max(0, before - 1) : before, what });
			await this.refresh(edit);
			this.status = `${edit ? 'Applied' : 'Ran'} ${what}${note}; now at ${time(this.cycle)}.`;
		} catch (e) {
			this.status = `${what}: ${(e as Error).message}`;
		} finally {
			this.busy = false;
		}
	}

	async dispose(): Promise<void> {
		await this.session?.dispose();
		this.session = undefined;
	}

	/** Read the views; with `form`, the draft follows the host's settings again. */
	private async refresh(form = false): Promise<void> {
		const s = this.session!;
		const [view, report, regs, out, st] = await Promise.all([
			s.schedule(),
			s.schedReport(),
			s.registers(0),
			s.console(),
			s.status()
		]);
		this.view = view;
		this.report = report;
		this.console = out;
		this.position = st.position;
		this.cycle = Math.min(...(view?.now ?? [regs.cycles]));
		if (view && (form || this.draft.vms.length !== view.params.length)) {
			this.draft = {
				policy: view.policy,
				quantum: String(view.quantum),
				vms: view.params.map((p) => ({
					weight: String(p.weight),
					cap: String(p.cap),
					priority: String(p.priority)
				}))
			};
			this.errors = {};
		}
		if (report && !this.samples.some((p) => p.cycle === this.cycle))
			this.samples = [
				...this.samples.filter((p) => p.cycle < this.cycle),
				{
					cycle: this.cycle,
					share: report.vms.map((v) => v.share),
					steal: report.vms.map((v) => v.steal)
				}
			];
	}
}
