/**
 * A host built from a scenario: the machine (its harts and RAM), the hypervisor with the scenario's
 * costs, quantum and faults, and every VM created and started from its image. Browser-safe (no Node):
 * the caller reads the image files and passes their bytes, so the CLI, the tests, the benchmarks and the
 * session build hosts the same way.
 */
import { BootProgramsError, patchBootPrograms } from '../guest/boot-programs';
import { ElfError, loadElf } from '../isa/elf';
import { Machine } from '../machine/machine';
import type { HvCosts } from './costs';
import { Hypervisor, type Fault } from './hypervisor';
import { checkParams, type SchedOptions } from './sched/core';
import { DEFAULT_VM_PARAMS } from './scheduler';
import type { Technique } from './vm';

/** What a host needs to know (a parsed scenario has these fields). */
export interface HostSpec {
	host: { harts: number; ram: number; scheduler?: SchedOptions };
	vms: readonly {
		name: string;
		image: string;
		memory: number;
		vcpus: number;
		technique?: Technique;
		programs?: readonly string[];
		weight?: number;
		cap?: number;
		priority?: number;
		affinity?: readonly number[];
	}[];
	faults?: readonly Fault[];
	costs?: Partial<HvCosts>;
	scheduler?: { quantum?: number };
}

export class HostError extends Error {
	constructor(
		readonly path: string,
		message: string
	) {
		super(`${path}: ${message}`);
	}
}

export interface Host {
	machine: Machine;
	hv: Hypervisor;
}

/**
 * Build and start the host. `images` gives each VM's image bytes by its `image` path. Throws HostError
 * naming the scenario field (`vms[1].image: …`) when an image is not a usable ELF or does not fit.
 */
export function buildHost(
	spec: HostSpec,
	images: ReadonlyMap<string, Uint8Array>,
	onConsole?: (vm: number, byte: number) => void
): Host {
	const machine = new Machine({ ramMiB: spec.host.ram / (1024 * 1024), harts: spec.host.harts });
	const hv = new Hypervisor(machine, {
		costs: spec.costs,
		quantum: spec.scheduler?.quantum,
		scheduler: spec.host.scheduler,
		faults: spec.faults,
		onConsole
	});
	spec.vms.forEach((v, i) => {
		const path = `vms[${i}].image`;
		let bytes = images.get(v.image);
		if (!bytes) throw new HostError(path, `no image ${v.image}`);
		try {
			if (v.programs) bytes = patchBootPrograms(bytes, v.programs);
			const image = loadElf(bytes);
			const sched = {
				...(v.weight !== undefined && { weight: v.weight }),
				...(v.cap !== undefined && { cap: v.cap }),
				...(v.priority !== undefined && { priority: v.priority }),
				...(v.affinity !== undefined && { affinity: [...v.affinity] })
			};
			try {
				checkParams({ ...DEFAULT_VM_PARAMS, ...sched }, spec.host.harts);
			} catch (e) {
				// "affinity: pCPU 3 does not exist" names its own field: the path is the VM's.
				if (e instanceof RangeError) throw new HostError(`vms[${i}]`, e.message);
				throw e;
			}
			hv.create({
				name: v.name,
				image,
				memory: v.memory,
				vcpus: v.vcpus,
				technique: v.technique,
				sched
			});
		} catch (e) {
			if (e instanceof ElfError || e instanceof RangeError || e instanceof BootProgramsError)
				throw new HostError(path, e.message);
			throw e;
		}
	});
	spec.vms.forEach((_, i) => hv.start(i));
	return { machine, hv };
}
