/** A parsed scenario: one host machine and the VMs it runs (the file format is in schema.ts). */
import type { ExitCostName } from '../hv/costs';
import type { PolicyName } from '../hv/scheduler';

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
	/** Proportional share under the credit and stride policies; absent: 256. */
	weight?: number;
	/** Most it may use under credit, in percent of one pCPU; absent or 0: no cap. */
	cap?: number;
	/** Under the priority policy a higher number runs first; absent: 0. */
	priority?: number;
	/** The pCPUs its vCPUs may run on; absent: any. */
	affinity?: number[];
	/** Its virtual disks, one virtio-blk each from the lowest slot; absent: none. */
	disks?: ScenarioVdisk[];
	/** Its network cards, each a virtio-net on the host's switch after its disks' slots; absent: none. */
	nics?: ScenarioNic[];
}

/** A NIC; parse.ts fills in the default MAC (derived from the VM's name and the NIC's index). */
export interface ScenarioNic {
	mac: string;
	/** The address the outside network's DHCP server keeps for it (10.0.2.x); absent: the pool's next. */
	ip?: number;
}

/** The host's virtual switch: link speed (bits/s), latency and MAC ageing (nanoseconds), queue (frames). */
export interface ScenarioSwitch {
	bandwidth: number;
	latency: number;
	queue: number;
	ageing: number;
}

/** A virtual disk (hv/vdisk): a fixed extent, blocks allocated on first write, or an overlay on `base`. */
export interface ScenarioVdisk {
	kind: 'minidisk' | 'thin' | 'cow';
	/** The host disk it lives on. */
	on: string;
	/** Bytes; absent only for cow (the base's size). */
	size?: number;
	serial?: string;
	/** cow: the base image, resolved like `image`. */
	base?: string;
	readonly: boolean;
	/** virtio (a virtio-blk in the next slot; absent means this) or pio (the teaching PIO disk; one per VM). */
	bus?: 'virtio' | 'pio';
}

/** A physical disk of the host: a preset name, or a table of parameters over its kind's preset. */
export interface ScenarioDisk {
	name: string;
	size: number;
	model: string | ({ kind: 'hdd' | 'ssd' } & Record<string, unknown>);
}

/** The vCPU scheduler: its policy, a slice in cycles, and credit's accounting period in cycles. */
export interface ScenarioScheduler {
	policy: PolicyName;
	quantum: number;
	period: number;
}

export interface Scenario {
	name: string;
	/** harts: physical harts; ram: bytes; scheduler: absent, round-robin with `scheduler.quantum`. */
	host: {
		harts: number;
		ram: number;
		scheduler?: ScenarioScheduler;
		/** Physical disks; absent: none. */
		disks?: ScenarioDisk[];
		/** How requests of several VMs share a disk; absent: fifo. */
		'io-scheduler'?: 'fifo' | 'fair';
		/** The virtual switch; absent: none, or its defaults when a VM has a NIC. */
		switch?: ScenarioSwitch;
	};
	seed: number;
	vms: ScenarioVm[];
	faults: ScenarioFault[];
	/** Only the costs the scenario sets; the hypervisor's defaults fill the rest. */
	costs: Partial<Record<ExitCostName, number>>;
	/** quantum: cycles of a pCPU per vCPU turn (host.scheduler.quantum, when given, wins). */
	scheduler: { quantum: number };
}
