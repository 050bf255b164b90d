/**
 * Watch a hypervisor's schedule: a SchedMetrics fed from the machine's reported events, seeded
 * with the scheduler's state as it is now (the VMs a host builds are already started), and a
 * report on demand with each VM's entitlement under the current policy and parameters.
 *
 *   const watch = observeSchedule(host.hv); machine.run(…); watch.report(); watch.stop();
 *
 * It follows one run forward: after the machine is restored to an earlier snapshot, start a new one
 * (the events it gathered belong to the future that was undone).
 */
import type { ReportedEvent } from '../../machine/machine';
import type { Hypervisor } from '../hypervisor';
import { entitlements, SchedMetrics, type SchedDecision, type SchedReport } from './metrics';

export interface ScheduleObserver {
	report(): SchedReport;
	stop(): void;
}

export function observeSchedule(hv: Hypervisor): ScheduleObserver {
	const harts = hv.m.harts;
	const metrics = new SchedMetrics(harts.length, Math.min(...harts.map((h) => h.cycles)));
	metrics.seed(hv.s.sched.vcpus);
	const stop = hv.m.hooks.report.add((ev) => {
		if (ev.kind === 'sched-decision') metrics.add(decision(ev));
	});
	return {
		report: () =>
			metrics.report(
				harts.map((h) => h.cycles),
				hv.vmList.map((v) => v.name),
				hostEntitlements(hv)
			),
		stop
	};
}

/** Each VM's entitled share under the hypervisor's current policy and parameters. */
export function hostEntitlements(hv: Hypervisor): number[] {
	const s = hv.s.sched;
	const vms = hv.vmList.map((v) => ({ vcpus: v.s.vcpus.length, params: s.params[v.id] }));
	return entitlements(s.policy, vms, s.pcpus);
}

/** A reported 'sched-decision' event as the metrics read it (defaults for fields it lacks). */
export function decision(ev: ReportedEvent): SchedDecision {
	const f = ev as ReportedEvent & Partial<SchedDecision>;
	return {
		cycle: ev.cycle,
		vm: f.vm ?? -1,
		vcpu: f.vcpu ?? 0,
		pcpu: f.pcpu ?? -1,
		state: f.state ?? 'off',
		reason: f.reason ?? 'stopped',
		migrated: f.migrated ?? false
	};
}
