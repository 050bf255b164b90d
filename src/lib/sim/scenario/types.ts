/** A parsed scenario: one host machine and the VMs it runs (the file format is in schema.ts). */
import type { ExitCostName } from '../hv/costs';

export type { ExitCostName };

/**
 * How a VM's kernel is virtualised. 'trap-and-emulate': the kernel runs in the real U-mode and every
 * privileged instruction it executes traps to the hypervisor. 'tvm': the kernel stays in S-mode with
 * mstatus TVM, TW and TSR set, so only satp and SFENCE.VMA, WFI and SRET trap.
 */
export type Technique = 'trap-and-emulate' | 'tvm';

/** Bugs a scenario may plant in the hypervisor, for lessons that show what they break. */
export type ScenarioFault = 'unchecked-shadow-ppn' | 'unzeroed-frames';

export interface ScenarioVm {
	name: string;
	/** Resolved against the scenario's directory when parseScenario was given one, else as written. */
	image: string;
	/** Guest RAM in bytes. */
	memory: number;
	vcpus: number;
	technique: Technique;
	/** Boot programs for the teaching kernel; absent: the kernel's own list. */
	programs?: string[];
}

export interface Scenario {
	name: string;
	/** harts: physical harts; ram: bytes. */
	host: { harts: number; ram: number };
	seed: number;
	vms: ScenarioVm[];
	faults: ScenarioFault[];
	/** Only the costs the scenario sets; the hypervisor's defaults fill the rest. */
	costs: Partial<Record<ExitCostName, number>>;
	/** quantum: instructions per vCPU turn. */
	scheduler: { quantum: number };
}
