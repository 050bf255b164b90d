/**
 * The scheduler's scenario fields: `host.scheduler { policy, quantum, period }` and `vms[].weight`,
 * `cap`, `priority`, `affinity`. Absent, a scenario reads as before (the existing tests pin that);
 * present, they are filled in and checked, each problem naming its field.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/lib/sim/scenario';

const VM = (extra = '') => `  - { name: a, image: k.elf, memory: 4 MiB${extra} }\n`;

function problems(text: string): string[] {
	try {
		parseScenario(text);
	} catch (e) {
		if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
		throw e;
	}
	return [];
}

describe('scheduler fields in a scenario', () => {
	it('fills the policy, the quantum (from scheduler.quantum) and the period', () => {
		const s = parseScenario(
			`name: t\nhost:\n  harts: 2\n  scheduler: { policy: credit }\nscheduler: { quantum: 20000 }\nvms:\n${VM(', weight: 512, cap: 50, priority: 2, affinity: [1]')}`
		);
		expect(s.host.scheduler).toEqual({ policy: 'credit', quantum: 20000, period: 3_000_000 });
		expect(s.vms[0]).toMatchObject({ weight: 512, cap: 50, priority: 2, affinity: [1] });
		const rr = parseScenario(`name: t\nhost:\n  scheduler:\nvms:\n${VM()}`);
		expect(rr.host.scheduler).toBeUndefined();
		const plain = parseScenario(
			`name: t\nhost:\n  scheduler: { quantum: 5000, period: 50000 }\nvms:\n${VM()}`
		);
		expect(plain.host.scheduler).toEqual({ policy: 'rr', quantum: 5000, period: 50000 });
	});

	it('names each bad field', () => {
		expect(
			problems(`name: t\nhost:\n  scheduler: { policy: lottery, period: 0 }\nvms:\n${VM()}`)
		).toEqual([
			"host.scheduler.policy: expected one of 'rr', 'credit', 'priority', 'stride', got 'lottery'",
			'host.scheduler.period: expected a positive whole number, got 0'
		]);
		expect(problems(`name: t\nhost:\n  scheduler: { quantum: 999 }\nvms:\n${VM()}`)).toEqual([
			'host.scheduler.quantum: expected a whole number, 1000 or more, got 999'
		]);
		expect(
			problems(`name: t\nvms:\n${VM(', weight: 0, cap: 900, priority: 1.5, affinity: []')}`)
		).toEqual([
			'vms[0].weight: expected a whole number from 1 to 65535, got 0',
			'vms[0].cap: expected a whole number from 0 to 800, got 900',
			'vms[0].priority: expected a whole number from 0 to 99, got 1.5',
			'vms[0].affinity: must name at least one pCPU'
		]);
		expect(problems(`name: t\nvms:\n${VM(', weight: heavy')}`)).toEqual([
			"vms[0].weight: expected a whole number from 1 to 65535, got 'heavy'"
		]);
		expect(problems(`name: t\nhost:\n  scheduler: { sharing: fair }\nvms:\n${VM()}`)).toEqual([
			'host.scheduler.sharing: unknown field'
		]);
	});

	it('checks the rules across fields', () => {
		expect(
			problems(
				`name: t\nhost:\n  harts: 2\n  scheduler: { quantum: 10000, period: 5000 }\nscheduler: { quantum: 20000 }\nvms:\n${VM(', affinity: [0, 2], cap: 150')}`
			)
		).toEqual([
			'host.scheduler.quantum: 10000 disagrees with scheduler.quantum (20000); give the quantum once',
			'host.scheduler.period: an accounting period of 5000 cycles is shorter than the quantum (10000)',
			'vms[0].affinity[1]: pCPU 2 does not exist: the host has 2 harts (0 to 1)',
			'vms[0].cap: 150% is more than its 1 vCPU can use (100%)'
		]);
		expect(problems(`name: t\nvms:\n${VM(', vcpus: 2, cap: 150, affinity: [0]')}`)).toEqual([]);
	});
});
