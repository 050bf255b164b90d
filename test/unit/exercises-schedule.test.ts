/**
 * The `vcpu-schedule` generator: 200 seeds at each difficulty, every answer the hypervisor's
 * scheduler gave checked against a one-pCPU scheduler written here from the rules the problem states
 * (round-robin: a line, first come first served; stride: lowest pass, pass += cycles × 65536 /
 * weight, a woken vCPU starts no lower than the lowest pass competing), without the simulator's code.
 */
import { describe, expect, it } from 'vitest';
import { DIFFICULTIES, deriveSeed, type Answer } from '../../src/lib/sim/exercises';
import {
	IDLE,
	makeScheduleSetup,
	scheduleGenerator,
	solveSchedule,
	type ScheduleSetup
} from '../../src/lib/sim/exercises/schedule';

const SEEDS = 200;
const seeds = (label: string) => Array.from({ length: SEEDS }, (_, i) => deriveSeed(i, label));

interface RefVcpu {
	burst: number;
	sleep: number;
	weight: number;
	state: 'ready' | 'running' | 'blocked';
	left: number;
	wakeAt: number;
	seq: number;
	pass: number;
	/** Cycles charged to its pass so far while running (charged at every moment, as the host does). */
	charged: number;
	steal: number;
	picks: number;
}

/** The schedule on one pCPU up to `until`: who runs then, and each vCPU's steal and picks before it. */
function reference(t: ScheduleSetup, until: number) {
	const stride = t.policy === 'stride';
	const v: RefVcpu[] = t.vms.map((x, i) => ({
		burst: x.work.burst,
		sleep: x.work.sleep,
		weight: x.weight,
		state: 'ready',
		left: x.work.burst,
		wakeAt: -1,
		seq: i + 1,
		pass: 0,
		charged: 0,
		steal: 0,
		picks: 0
	}));
	let seq = v.length;
	let now = 0;
	let run = -1;
	let sliceEnd = 0;
	const charge = (i: number) => {
		if (stride) v[i].pass += ((now - v[i].charged) * 65536) / v[i].weight;
		v[i].charged = now;
	};
	const best = () => {
		let b = -1;
		for (let i = 0; i < v.length; i++) {
			if (v[i].state !== 'ready') continue;
			const rank = (k: number) => (stride ? v[k].pass : 0);
			if (b < 0 || rank(i) < rank(b) || (rank(i) === rank(b) && v[i].seq < v[b].seq)) b = i;
		}
		return b;
	};
	const pick = () => {
		const b = best();
		if (b < 0) return;
		run = b;
		v[b].state = 'running';
		v[b].charged = now;
		v[b].picks++;
		sliceEnd = now + t.quantum;
	};
	pick();
	while (now < until) {
		let next = until;
		if (run >= 0) next = Math.min(next, sliceEnd, now + v[run].left);
		for (const x of v) if (x.wakeAt >= 0) next = Math.min(next, x.wakeAt);
		for (const x of v) if (x.state === 'ready') x.steal += next - now;
		if (run >= 0) v[run].left -= next - now;
		now = next;
		// Wakes first, in VM order; a woken vCPU's pass is raised to the lowest competing pass.
		for (const [i, x] of v.entries())
			if (x.wakeAt >= 0 && x.wakeAt <= now) {
				x.wakeAt = -1;
				x.state = 'ready';
				x.seq = ++seq;
				if (stride) {
					const floor = Math.min(
						...v.filter((o, k) => k !== i && o.state !== 'blocked').map((o) => o.pass)
					);
					if (floor !== Infinity) x.pass = Math.max(x.pass, floor);
				}
			}
		if (run >= 0) {
			const x = v[run];
			charge(run);
			if (x.left <= 0) {
				x.state = 'blocked';
				x.left = x.burst;
				x.wakeAt = now + x.sleep;
				run = -1;
			} else if (now >= sliceEnd) {
				const b = best();
				if (b >= 0 && (stride ? v[b].pass : 0) <= (stride ? x.pass : 0)) {
					x.state = 'ready';
					x.seq = ++seq;
					run = -1;
				} else sliceEnd = now + t.quantum;
			}
		}
		if (run < 0 && now < until) pick();
	}
	return { running: run, vcpus: v };
}

function value(a: Answer | undefined): number {
	if (a?.kind === 'number') return a.value;
	if (a?.kind === 'choice') return a.correct;
	throw new Error('not a number or choice');
}

describe('vcpu-schedule', () => {
	for (const difficulty of DIFFICULTIES)
		it(`${SEEDS} seeds, ${difficulty}: the hypervisor's scheduler agrees with a reference scheduler`, () => {
			const policies = new Set<string>();
			for (const seed of seeds(`sched-${difficulty}`)) {
				const t = makeScheduleSetup(seed, difficulty);
				policies.add(t.policy);
				const a = solveSchedule(t);
				const at = reference(t, t.at);
				const names = [...t.vms.map((x) => x.name), IDLE];
				expect(names[value(a.running.answer)], `seed ${seed}: running at ${t.at}`).toBe(
					names[at.running < 0 ? t.vms.length : at.running]
				);
				const end = reference(t, t.end);
				expect(value(a.steal.answer), `seed ${seed}: steal`).toBe(end.vcpus[t.focus].steal);
				expect(value(a.picks.answer), `seed ${seed}: picks`).toBe(end.vcpus[t.focus].picks);
				const sum = t.vms.reduce((s, x) => s + (t.policy === 'rr' ? 1 : x.weight), 0);
				const own = t.policy === 'rr' ? 1 : t.vms[t.focus].weight;
				expect(value(a.entitled.answer)).toBe(Math.round((own / sum) * 100));
			}
			expect([...policies]).toEqual([difficulty === 'hard' ? 'stride' : 'rr']);
		});

	it('asks about a moment strictly inside a slice, and the problem states its rules', () => {
		const p = scheduleGenerator.generate(7, 'medium', {});
		expect(p.context.lines.join(' ')).toContain('joins the back of the line');
		expect(p.context.tables[0].rows.length).toBe(4);
		expect(Object.keys(p.answers).sort()).toEqual(['entitled', 'picks', 'running', 'steal']);
		expect(JSON.parse(JSON.stringify(p))).toEqual(p);
	});
});
