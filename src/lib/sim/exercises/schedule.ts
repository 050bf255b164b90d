/**
 * Generator `vcpu-schedule`: a few VMs, each one vCPU with a known workload (CPU-bound, or bursts of
 * work between sleeps), share one pCPU under round-robin (easy, medium) or stride scheduling with
 * weights (hard). The hypervisor's own scheduler (hv/sched/core.ts with its policies) runs them on
 * the model host of hv/sched/model.ts, and the answers are read off it: which VM runs at a moment,
 * a VM's steal time, how often it was picked, and the share it is entitled to.
 */
import { HOG, SchedModel, type ModelVm, type Workload } from '../hv/sched/model';
import type { PolicyName } from '../hv/scheduler';
import { Prng } from './prng';
import type { Difficulty, GeneratedProblem, Generator, Solved } from './types';

const NAMES = ['web', 'db', 'batch', 'mail', 'kernel', 'render', 'cache', 'game'];
export const IDLE = 'none: the pCPU is idle';

export interface ScheduleVm {
	name: string;
	work: Workload;
	weight: number;
}

export interface ScheduleSetup {
	policy: PolicyName;
	quantum: number;
	vms: ScheduleVm[];
	/** The question's moment on the pCPU (never a decision's cycle). */
	at: number;
	/** The end of the run the steal and picks questions are about. */
	end: number;
	/** The VM those questions are about. */
	focus: number;
}

function workload(p: Prng): Workload {
	return { burst: p.pick([500, 1000, 1500, 2500]), sleep: p.pick([2000, 3000, 4000, 6000]) };
}

export function makeScheduleSetup(seed: number, difficulty: Difficulty): ScheduleSetup {
	const p = new Prng(seed);
	const policy: PolicyName = difficulty === 'hard' ? 'stride' : 'rr';
	const quantum = p.pick(difficulty === 'easy' ? [1000, 2000] : [1000, 1500, 2000]);
	const n = difficulty === 'easy' ? 3 : 4;
	const sleepers = difficulty === 'easy' ? 1 : p.int(1, 2);
	const names = p.sample(NAMES, n);
	const kinds = p.shuffle([...Array(n).keys()].map((i) => i < sleepers));
	const vms = names.map((name, i) => ({
		name,
		work: kinds[i] ? workload(p) : HOG,
		weight: policy === 'stride' ? p.pick([128, 256, 512]) : 256
	}));
	const end = quantum * p.int(8, 12);
	const setup = { policy, quantum, vms, at: 0, end, focus: p.int(0, n - 1) };
	// A moment inside a slice: between two decisions on the pCPU, so "running at" has one answer.
	const moments = [...new Set(runModel(setup, end).events.map((e) => e.cycle))].sort((a, b) => a - b);
	const gaps = moments.slice(1).flatMap((c, i) => (c - moments[i] >= 2 ? [[moments[i], c]] : []));
	const [from, to] = gaps.length ? p.pick(gaps.slice(Math.floor(gaps.length / 3))) : [0, end];
	setup.at = from + Math.floor((to - from) / 2);
	return setup;
}

export function runModel(t: ScheduleSetup, until: number): SchedModel {
	const vms: ModelVm[] = t.vms.map((v) => ({
		name: v.name,
		params: { weight: v.weight },
		work: [v.work]
	}));
	return new SchedModel(1, { policy: t.policy, quantum: t.quantum }, vms).run(until);
}

function describe(w: Workload): string {
	return w.burst === Infinity
		? 'CPU-bound: always ready, never sleeps'
		: `runs ${w.burst.toLocaleString('en')} cycles, then sleeps ${w.sleep.toLocaleString('en')} cycles, again and again`;
}

export function solveSchedule(t: ScheduleSetup): Record<string, Solved> {
	const options = [...t.vms.map((v) => v.name), IDLE];
	const atModel = runModel(t, t.at);
	const r = atModel.running[0];
	const running = r ? r.ref.vm : t.vms.length;
	const last = atModel.events.filter((e) => e.state === 'running' && e.pcpu === 0).at(-1);
	const full = runModel(t, t.end);
	const report = full.report();
	const v = t.vms[t.focus];
	const m = report.vms[t.focus];
	const picks = full.events.filter(
		(e) => e.vm === t.focus && e.state === 'running' && e.reason !== 'quantum-renewed' && e.cycle < t.end
	).length;
	const pct = Math.round(m.entitled * 100);
	const weights = t.vms.map((x) => x.weight);
	return {
		running: {
			answer: { kind: 'choice', options, correct: running },
			explain: last
				? `The pCPU's last decision before cycle ${t.at.toLocaleString('en')} was at cycle ${last.cycle.toLocaleString('en')}: ${t.vms[last.vm].name} ${last.reason === 'quantum-renewed' ? 'got another quantum (nobody was waiting)' : 'was picked'}${r ? '' : ', and the pCPU has been idle since'}.`
				: 'Nothing has run yet.'
		},
		steal: {
			answer: { kind: 'number', value: m.steal, base: 'dec' },
			explain: `${v.name} was ready but not running for ${m.steal.toLocaleString('en')} cycles of the first ${t.end.toLocaleString('en')}: it ran ${m.run.toLocaleString('en')} and was blocked (asleep) ${m.blocked.toLocaleString('en')}, which add up to its lifetime.`
		},
		picks: {
			answer: { kind: 'number', value: picks, base: 'dec' },
			explain: `${v.name} was put on the pCPU ${picks} time${picks === 1 ? '' : 's'} before cycle ${t.end.toLocaleString('en')}.`
		},
		entitled: {
			answer: { kind: 'number', value: pct, base: 'dec' },
			explain:
				t.policy === 'rr'
					? `Round-robin ignores weights: each of the ${t.vms.length} vCPUs is entitled to 1/${t.vms.length} of the pCPU, ${pct}%.`
					: `Stride divides the pCPU in proportion to tickets (weights): ${v.weight} / (${weights.join(' + ')}) = ${pct}%.`
		}
	};
}

export const scheduleGenerator: Generator = {
	name: 'vcpu-schedule',
	questions: ['running', 'steal', 'picks', 'entitled'],
	generate(seed, difficulty): GeneratedProblem {
		const t = makeScheduleSetup(seed, difficulty);
		const policy =
			t.policy === 'rr'
				? `round-robin with a quantum of ${t.quantum.toLocaleString('en')} cycles`
				: `stride scheduling with a quantum of ${t.quantum.toLocaleString('en')} cycles (the lowest pass value runs; running ${t.quantum.toLocaleString('en')} cycles adds ${t.quantum.toLocaleString('en')} × 65536 / weight to a vCPU's pass; a vCPU that wakes starts no lower than the lowest pass of those competing)`;
		return {
			facts: {
				policy: t.policy,
				at: t.at.toLocaleString('en'),
				end: t.end.toLocaleString('en'),
				vm: t.vms[t.focus].name,
				quantum: t.quantum.toLocaleString('en')
			},
			context: {
				lines: [
					`One pCPU runs ${t.vms.length} VMs of one vCPU each under ${policy}.`,
					'All vCPUs are ready at cycle 0, in the order listed. A vCPU that becomes ready joins the back of the line; at a slice end the running vCPU goes behind any that woke at that same moment, and it keeps the pCPU for another quantum if nobody is waiting. A vCPU that finishes its burst sleeps at once and gives the pCPU away. Switching costs nothing.'
				],
				tables: [
					{
						caption: 'The VMs',
						columns: t.policy === 'stride' ? ['VM', 'workload', 'weight'] : ['VM', 'workload'],
						rows: t.vms.map((v) =>
							t.policy === 'stride'
								? [v.name, describe(v.work), String(v.weight)]
								: [v.name, describe(v.work)]
						)
					}
				]
			},
			answers: solveSchedule(t)
		};
	}
};
