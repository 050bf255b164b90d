/**
 * A host built from a scenario: the machine (its harts and RAM), the hypervisor with the scenario's
 * costs, quantum and faults, and every VM created and started from its image. Browser-safe (no Node):
 * the caller reads the image files and passes their bytes, so the CLI, the tests, the benchmarks and the
 * session build hosts the same way.
 */
import { BootProgramsError, patchBootPrograms } from '../guest/boot-programs';
import { ElfError, loadElf } from '../isa/elf';
import { Machine, type Engine } from '../machine/machine';
import type { HvCosts } from './costs';
import { Hypervisor, type Fault } from './hypervisor';
import { checkParams, type SchedOptions } from './sched/core';
import { DEFAULT_VM_PARAMS } from './scheduler';
import type { Technique, VmDiskConfig } from './vm';
import { DiskModelError, diskPreset, validateDiskModel, type DiskModel } from '../devices/media';
import { hddCapacity } from '../devices/media/hdd';
import type { IoPolicy } from './io/disk-queue';

/** What a host needs to know (a parsed scenario has these fields). */
export interface HostSpec {
	host: {
		harts: number;
		ram: number;
		scheduler?: SchedOptions;
		disks?: readonly { name: string; size: number; model: string | Record<string, unknown> }[];
		'io-scheduler'?: IoPolicy;
		/** The switch: bandwidth in bits/s, latency and ageing in nanoseconds, queue in frames. */
		switch?: { bandwidth: number; latency: number; queue: number; ageing: number };
	};
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
		disks?: readonly VmDiskConfig[];
		nics?: readonly { mac: string; ip?: number }[];
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
	onConsole?: (vm: number, byte: number) => void,
	engine?: Engine
): Host {
	const hostDisks = spec.host.disks ?? [];
	const models = hostDisks.map((d, i) => diskModel(d.model, d.size, `host.disks[${i}].model`));
	const machine = new Machine({
		ramMiB: spec.host.ram / (1024 * 1024),
		harts: spec.host.harts,
		engine,
		...(hostDisks.length > 0 && { disks: hostDisks.map((d) => ({ image: new Uint8Array(d.size) })) })
	});
	const hv = new Hypervisor(machine, {
		disks: hostDisks.map((d, i) => ({ name: d.name, model: models[i] })),
		ioScheduler: spec.host['io-scheduler'],
		costs: spec.costs,
		quantum: spec.scheduler?.quantum,
		scheduler: spec.host.scheduler,
		faults: spec.faults,
		onConsole,
		net: {
			...(spec.host.switch && { switch: switchConfig(spec.host.switch, machine.cpuHz) }),
			reservations: Object.fromEntries(
				spec.vms.flatMap((v) =>
					(v.nics ?? []).flatMap((n) => (n.ip === undefined ? [] : [[n.mac, n.ip]]))
				)
			)
		}
	});
	placeBases(hv, spec, images);
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
				sched,
				disks: v.disks?.map((d) =>
					d.base === undefined ? d : { ...d, base: baseName(d.base, d.on) }
				),
				...(v.nics && { nics: v.nics.map((n) => ({ mac: n.mac })) })
			});
		} catch (e) {
			// The disk layer names the field itself (`vms[2].disks[0].size: … does not fit on d0`).
			const own = e instanceof RangeError && /^(vms\[\d+\]\.disks\[\d+\][.\w]*): /.exec(e.message);
			if (own) throw new HostError(own[1], e.message.slice(own[0].length));
			if (e instanceof ElfError || e instanceof RangeError || e instanceof BootProgramsError)
				throw new HostError(path, e.message);
			throw e;
		}
	});
	spec.vms.forEach((_, i) => hv.start(i));
	return { machine, hv };
}

/** The scenario's switch on the machine's clock: its durations from nanoseconds to cycles. */
function switchConfig(
	s: NonNullable<HostSpec['host']['switch']>,
	hz: number
): { bandwidth: number; latency: number; queue: number; ageing: number } {
	const cycles = (ns: number) => Math.round((ns * hz) / 1e9);
	return { bandwidth: s.bandwidth, latency: cycles(s.latency), queue: s.queue, ageing: cycles(s.ageing) };
}

/** A base image on a host disk: each disk a clone's overlay lives on holds its own copy of the base. */
const baseName = (path: string, on: string) => `${path}@${on}`;

/** Put every base image the VMs' cow disks name on the host disk they name, once each. */
function placeBases(hv: Hypervisor, spec: HostSpec, images: ReadonlyMap<string, Uint8Array>): void {
	const placed = new Set<string>();
	spec.vms.forEach((v, i) =>
		v.disks?.forEach((d, j) => {
			if (d.base === undefined) return;
			const name = baseName(d.base, d.on);
			if (placed.has(name)) return;
			const bytes = images.get(d.base);
			const path = `vms[${i}].disks[${j}].base`;
			if (!bytes) throw new HostError(path, `no image ${d.base}`);
			try {
				hv.disks.layer.addBase(name, d.on, bytes);
			} catch (e) {
				if (e instanceof RangeError) throw new HostError(path, e.message);
				throw e;
			}
			placed.add(name);
		})
	);
}

/** A scenario's disk model: a preset by name, or a table over its kind's preset, checked; fits `size`. */
function diskModel(model: string | Record<string, unknown>, size: number, path: string): DiskModel {
	let m: DiskModel;
	try {
		if (typeof model === 'string') m = diskPreset(model);
		else {
			const over = model as Partial<DiskModel>;
			m = { ...diskPreset(over.kind === 'ssd' ? 'ssd' : 'hdd'), ...over } as DiskModel;
			validateDiskModel(m);
		}
	} catch (e) {
		if (e instanceof DiskModelError) throw new HostError(path, e.message.replace(/^model\.?:? ?/, ''));
		throw e;
	}
	if (m.kind === 'hdd' && size / 512 > hddCapacity(m))
		throw new HostError(
			path,
			`the drive holds ${hddCapacity(m)} sectors (${Math.floor((hddCapacity(m) * 512) / 2 ** 20)} MiB), less than the disk's ${size / 512}`
		);
	return m;
}
