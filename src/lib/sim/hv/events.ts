/**
 * The hypervisor's trace events: their payloads (declaration merging into TraceEventMap) and their
 * kinds, registered on the 'hypervisor' layer so the hub, exporters and filters know them. Each
 * carries `vm`, the VM's index.
 */
import { registerEventKind } from '../trace/events';
import type { ExitReason } from './costs';
import type { PolicyName, SchedReason, SchedVcpuState } from './scheduler';
import type { VmStatus } from './vm';
import type { DropReason, FrameStage } from './net/switch';

declare module '../trace/events' {
	interface TraceEventMap {
		/** vmode: the virtual mode it left from (0 vU, 1 vS); bits: the trapping instruction (0 for interrupts). */
		'vm-exit': {
			reason: ExitReason;
			cause: number;
			pc: number;
			cost: number;
			vcpu: number;
			vmode: number;
			bits: number;
		};
		'vm-entry': { vcpu: number; pc: number; vmode: number };
		'vm-state': { name: string; from: VmStatus; to: VmStatus; reason: string };
		'reflected-trap': { vcpu: number; cause: number; tval: number; epc: number };
		'injected-interrupt': { vcpu: number; code: number; epc: number };
		'shadow-fill': { vcpu: number; va: number; gpa: number; pa: number; rwx: number; vmode: number };
		'shadow-flush': { vcpu: number; va: number; all: boolean };
		'frame-alloc': { gpa: number; pa: number };
		'isolation-breach': { va: number; pa: number; owner: number };
		'vcpu-block': { vcpu: number; deadline: number };
		/**
		 * The vCPU scheduler decided about a vCPU: the state it is in now (running on `pcpu`, ready,
		 * blocked, off), why, and whether it moved to another pCPU to run (sched/core.ts).
		 */
		'sched-decision': {
			vcpu: number;
			pcpu: number;
			state: SchedVcpuState;
			reason: SchedReason;
			migrated: boolean;
		};
		/**
		 * A frame's trip through the virtual switch (net/switch.ts): sent by the NIC on `from`,
		 * switched (to its ports, or flooded), queued on, dropped at, or delivered to `port`.
		 */
		'net-frame': {
			stage: FrameStage;
			id: number;
			port: number;
			from: number;
			src: string;
			dst: string;
			length: number;
			flooded: boolean;
			reason?: DropReason;
		};
		/** The scheduler's policy or a VM's parameters changed (vm -1: the host's policy). */
		'sched-config': {
			policy?: PolicyName;
			quantum?: number;
			period?: number;
			weight?: number;
			cap?: number;
			priority?: number;
			affinity?: number[] | null;
		};
	}
}

const KINDS: [string, string][] = [
	['vm-exit', 'a guest left for the hypervisor (reason, cost in cycles)'],
	['vm-entry', 'a vCPU was put on a pCPU'],
	['vm-state', 'a VM changed state (created, running, paused, shut down, crashed)'],
	['reflected-trap', 'a trap forwarded to the guest kernel (its own page fault, a system call)'],
	['injected-interrupt', 'a virtual interrupt delivered to the guest kernel'],
	['shadow-fill', 'a shadow page table entry filled from the guest tables and the guest map'],
	['shadow-flush', "a vCPU's shadow tables emptied (SFENCE.VMA, satp write)"],
	['frame-alloc', 'a host frame given to a VM on first touch'],
	['isolation-breach', 'a guest mapping reached a frame its VM does not own'],
	['vcpu-block', 'a vCPU waits for an interrupt (WFI)'],
	['sched-decision', 'the vCPU scheduler ran, preempted, blocked or woke a vCPU, and why'],
	['sched-config', "the scheduler's policy or a VM's weight, cap, priority or affinity changed"],
	['net-frame', 'a frame was sent, switched, queued, dropped or delivered by the virtual switch']
];
for (const [kind, describe] of KINDS) registerEventKind(kind, 'hypervisor', describe);
