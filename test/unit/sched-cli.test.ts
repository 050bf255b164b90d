/**
 * `vmscope run scenario.yaml --report` and `--report-json FILE`: the table (a row per VM with the
 * columns other tools look for, host lines per pCPU and fairness), the JSON with its fixed names,
 * the VMs' prefixed output untouched, and the exit codes kept (2 for a bad option or scenario, 124
 * when the budget runs out, with the report still written).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, KERNEL } from './scenario-cli';

const { tmp, vmscope, scenario } = cliScratch('vmscope-schedcli-');

const shared = (scheduler: string, extra = '') =>
	scenario(
		'shared.yaml',
		`name: shared
host:
  harts: 2
  ram: 128 MiB
  scheduler: ${scheduler}
vms:
  - { name: sleepy, image: ${KERNEL}, memory: 16 MiB, programs: [sleeper], weight: 512 }
  - { name: spinner, image: ${KERNEL}, memory: 16 MiB, programs: [spin] }
  - { name: greeter, image: ${KERNEL}, memory: 16 MiB, programs: [hello]${extra} }
`
	);

describe('vmscope run --report', () => {
	it('prints a row per VM and the host lines after the run, the VMs’ lines still prefixed', () => {
		const r = vmscope(shared('{ policy: credit, quantum: 50000, period: 1000000 }'), '--report');
		expect(r.status, r.stderr).toBe(0);
		const lines = r.stdout.trimEnd().split('\n');
		const report = lines.filter((l) => !l.startsWith('['));
		expect(report[0]).toMatch(
			/^scheduler: credit, quantum 50000 cycles, period 1000000 cycles, \d+ decisions$/
		);
		const header = report[1].split(/\s+/);
		for (const c of ['vm', 'run', 'steal', 'blocked', 'share', 'entitled', 'latency-p95', 'switches'])
			expect(header).toContain(c);
		const rows = report.slice(2, 5).map((l) => l.split(/\s+/));
		expect(rows.map((r) => r[0])).toEqual(['sleepy', 'spinner', 'greeter']);
		const col = (name: string) => header.indexOf(name);
		// sleepy's weight is twice the others': half of the two pCPUs' worth, capped at its one vCPU.
		expect(rows.map((r) => r[col('entitled')])).toEqual(['0.500', '0.250', '0.250']);
		for (const row of rows) {
			const [run, steal, blocked] = ['run', 'steal', 'blocked'].map((c) => Number(row[col(c)]));
			expect(run).toBeGreaterThan(0);
			expect(steal + blocked).toBeGreaterThanOrEqual(0);
		}
		expect(Number(rows[0][col('blocked')])).toBeGreaterThan(0);
		expect(report.slice(5)).toEqual([
			expect.stringMatching(/^host: pCPU 0 utilisation 0\.\d{3} of \d+ cycles$/),
			expect.stringMatching(/^host: pCPU 1 utilisation 0\.\d{3} of \d+ cycles$/),
			expect.stringMatching(/^host: fairness [01]\.\d{3} \(Jain's index of share \/ entitled\)$/)
		]);
		expect(lines.some((l) => l.startsWith('[sleepy] sleeper: woke at tick'))).toBe(true);
	});

	it('--report-json writes the same figures with the fixed names, times in cycles, shares as fractions', () => {
		const out = join(tmp, 'report.json');
		const r = vmscope(shared('{ policy: stride }'), '--report-json', out);
		expect(r.status, r.stderr).toBe(0);
		expect(r.stdout.split('\n').every((l) => l === '' || l.startsWith('['))).toBe(true);
		const j = JSON.parse(readFileSync(out, 'utf8'));
		expect(j.scheduler).toMatchObject({ policy: 'stride', quantum: 100000, pcpus: 2 });
		expect(j.vms.map((v: { name: string }) => v.name)).toEqual(['sleepy', 'spinner', 'greeter']);
		for (const v of j.vms) {
			for (const k of ['run', 'steal', 'blocked', 'share', 'entitled', 'latencyP95', 'switches'])
				expect(typeof v[k], k).toBe('number');
			expect(v.run + v.steal + v.blocked).toBe(v.lifetime);
			expect(Number.isInteger(v.run)).toBe(true);
			expect(v.share).toBeGreaterThan(0);
			expect(v.share).toBeLessThan(1);
		}
		expect(j.host.utilisation).toHaveLength(2);
		expect(j.host.fairness).toBeGreaterThan(0);
		expect(j.host.fairness).toBeLessThanOrEqual(1);
		const total = j.host.elapsed.reduce((a: number, b: number) => a + b, 0);
		expect(j.vms[0].share).toBeCloseTo(j.vms[0].run / total, 12);
	});

	it('keeps the exit codes: 124 with the report when the budget ends, 2 for a bad option or field', () => {
		const budget = vmscope(shared('{ policy: rr }'), '--report', '--max-instructions', '200000');
		expect(budget.status).toBe(124);
		expect(budget.stdout).toMatch(/^vm +run +steal/m);

		const noFile = vmscope(shared('{ policy: rr }'), '--report-json');
		expect(noFile.status).toBe(2);
		expect(noFile.stderr).toMatch(/--report-json expects a file name/);

		const unwritable = vmscope(
			shared('{ policy: rr }'),
			'--report-json',
			join(tmp, 'no', 'such', 'dir.json')
		);
		expect(unwritable.status).toBe(2);
		expect(unwritable.stderr).toMatch(/cannot write .*dir\.json: ENOENT/);

		const bad = vmscope(shared('{ policy: fair, quantum: 10 }', ', affinity: [3], cap: -1'), '--report');
		expect(bad.status).toBe(2);
		expect(bad.stderr).toContain(
			"host.scheduler.policy: expected one of 'rr', 'credit', 'priority', 'stride', got 'fair'"
		);
		expect(bad.stderr).toContain('host.scheduler.quantum: expected a whole number, 1000 or more');
		expect(bad.stderr).toContain(
			'vms[2].affinity[0]: pCPU 3 does not exist: the host has 2 harts (0 to 1)'
		);
		expect(bad.stderr).toContain('vms[2].cap: expected a whole number from 0 to 800, got -1');
	});
});
