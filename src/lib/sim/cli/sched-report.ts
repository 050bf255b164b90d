/**
 * `vmscope run scenario.yaml --report` and `--report-json FILE`: what the vCPU scheduler gave each
 * VM (hv/sched/metrics.ts), as a table after the run and as JSON. The JSON's names are a fixed
 * interface (other tools read them): `{ scheduler, vms: [{ name, run, steal, blocked, share,
 * entitled, … }], host: { utilisation: [...], fairness } }`, times in cycles, shares as fractions of
 * the host's total pCPU time.
 */
import { textTable } from '../report/text-table';
import type { SchedState } from '../hv/scheduler';
import type { SchedReport } from '../hv/sched/metrics';

export interface ReportJson extends SchedReport {
	scheduler: { policy: string; quantum: number; period: number; pcpus: number; decisions: number };
}

export function reportJson(report: SchedReport, s: SchedState): ReportJson {
	const { policy, quantum, period, pcpus, decisions } = s;
	return { scheduler: { policy, quantum, period, pcpus, decisions }, ...report };
}

const COLUMNS = [
	'vm',
	'run',
	'steal',
	'blocked',
	'share',
	'entitled',
	'latency-mean',
	'latency-p95',
	'latency-max',
	'switches',
	'migrations'
] as const;

/** The table: a row per VM, then a line per pCPU's utilisation and one for fairness. */
export function reportTable(report: SchedReport, s: SchedState): string {
	const fraction = (x: number) => x.toFixed(3);
	// A VM never woken from blocking has no latency to show; '-' says so rather than a zero.
	const latency = (n: number, wakeups: number) => (wakeups > 0 ? String(Math.round(n)) : '-');
	const rows = report.vms.map((v) => [
		v.name,
		String(v.run),
		String(v.steal),
		String(v.blocked),
		fraction(v.share),
		fraction(v.entitled),
		latency(v.latencyMean, v.wakeups),
		latency(v.latencyP95, v.wakeups),
		latency(v.latencyMax, v.wakeups),
		String(v.switches),
		String(v.migrations)
	]);
	const out = [
		`scheduler: ${s.policy}, quantum ${s.quantum} cycles` +
			(s.policy === 'credit' ? `, period ${s.period} cycles` : '') +
			`, ${s.decisions} decisions`,
		...textTable(COLUMNS, rows)
	];
	report.host.utilisation.forEach((u, p) =>
		out.push(`host: pCPU ${p} utilisation ${fraction(u)} of ${report.host.elapsed[p]} cycles`)
	);
	out.push(`host: fairness ${fraction(report.host.fairness)} (Jain's index of share / entitled)`);
	return out.join('\n') + '\n';
}
