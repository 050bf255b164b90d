/**
 * The scenario file format, as zod schemas, with messages written for the person editing the file:
 * each names what was expected and what was found. Unknown keys are errors at every level so a typo
 * (`memroy:`) is reported instead of silently falling back to a default.
 *
 * Rules that span fields (unique VM names, total memory) are in parse.ts: zod skips an object's own
 * checks once any field inside it failed, and those problems should be reported alongside the rest.
 */
import { z } from 'zod';
import { EXIT_REASONS, type ExitCostName } from '../hv/costs';
import type { Fault } from '../hv/hypervisor';
import { POLICIES } from '../hv/scheduler';
import { IO_POLICIES } from '../hv/io/disk-queue';
import { DISK_PRESETS } from '../devices/media';
import { formatSize, GiB, KiB, MiB, parseSize } from './sizes';
import { guestIp, macProblem } from './mac';
import { parseDuration, parseRate } from './rates';
import type { ScenarioFault, Technique } from './types';

export const TECHNIQUES = ['trap-and-emulate', 'tvm'] as const satisfies readonly Technique[];
export const FAULTS = ['unchecked-shadow-ppn', 'unzeroed-frames'] as const satisfies readonly ScenarioFault[];
export const COST_NAMES = ['exit', ...EXIT_REASONS] as const satisfies readonly ExitCostName[];

// The scenario's fault names are the hypervisor's: this line stops compiling if the two lists drift.
const _sameFaults: [Fault, ScenarioFault] extends [ScenarioFault, Fault] ? true : never = true;

/** 2048 MiB is Machine's limit (machine/machine.ts), 2 GiB a VM's (hv/vm-boot.ts); the 4 MiB floor is the format's. */
export const HOST_RAM = { min: 4 * MiB, max: 2048 * MiB, default: 128 * MiB } as const;
export const VM_MEMORY_MAX = 2 * GiB;
/** Guest memory is mapped in whole pages. */
export const PAGE = 4 * KiB;
export const DEFAULT_QUANTUM = 100_000;
/** The hypervisor refuses shorter slices (a timer interrupt every few instructions teaches nothing). */
export const MIN_QUANTUM = 1000;
/** Xen's range for a domain's weight. */
export const WEIGHT = { min: 1, max: 65535 } as const;
/** A cap is a percentage of one pCPU: a VM of 4 vCPUs on 8 harts could use at most 400. */
export const CAP_MAX = 800;
export const PRIORITY_MAX = 99;
export const HARTS_MAX = 8;
/** The kernel keeps at most 31 characters of a boot program's name (kernel/main.c, take_name). */
export const PROGRAM_NAME_MAX = 31;

const NAME = /^[a-z0-9-]+$/;

/** A value as the message quotes it: YAML's `key:` with nothing after it reads as null. */
export function show(value: unknown): string {
	if (value === undefined || value === null) return 'nothing';
	if (typeof value === 'string') return `'${value}'`;
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a mapping';
	return String(value);
}

const NOUNS: Record<string, string> = {
	string: 'a string',
	number: 'a number',
	int: 'a whole number',
	boolean: 'true or false',
	object: 'a mapping',
	array: 'a list'
};

/** Messages for the issues no schema words itself: missing fields, wrong types, unknown options. */
export const issueMessage: z.core.$ZodErrorMap = (iss) => {
	// Only a missing key gives a schema undefined: YAML has no undefined to write.
	if (iss.input === undefined) return 'required field is missing';
	if (iss.code === 'invalid_type')
		return `expected ${NOUNS[iss.expected] ?? iss.expected}, got ${show(iss.input)}`;
	if (iss.code === 'invalid_value')
		return `expected one of ${iss.values.map((v) => show(v)).join(', ')}, got ${show(iss.input)}`;
	return undefined;
};

/** One message for every way a number can miss the range, so a field never gets two. */
function wholeNumber(min: number, max?: number) {
	const want =
		max !== undefined
			? `a whole number from ${min} to ${max}`
			: min === 0
				? 'a whole number, 0 or more'
				: min === 1
					? 'a positive whole number'
					: `a whole number, ${min} or more`;
	const error = (iss: { input: unknown }) =>
		iss.input === undefined ? undefined : `expected ${want}, got ${show(iss.input)}`;
	const n = z.int({ error }).min(min, { error });
	return max === undefined ? n : n.max(max, { error });
}

/** Lower-case letters, digits and '-' only, with one message for whichever rule it breaks. */
function name(what: string, maxLength = Infinity) {
	return z.string().check((ctx) => {
		const v = ctx.value;
		const why = !NAME.test(v)
			? `${show(v)} is not a valid ${what}: use lower-case letters, digits and '-'`
			: v.length > maxLength
				? `${show(v)} is longer than ${maxLength} characters`
				: undefined;
		if (why) ctx.issues.push({ code: 'custom', message: why, input: v });
	});
}

/** A size in bytes from `32 MiB` or a plain integer, `range` checked against the parsed size. */
function size(range: (bytes: number) => string | undefined) {
	return z
		.custom<string | number>((v) => typeof v === 'string' || typeof v === 'number', {
			error: (iss) =>
				iss.input === undefined ? undefined : `expected a size like '32 MiB', got ${show(iss.input)}`
		})
		.transform((v, ctx) => {
			let bytes: number;
			try {
				bytes = parseSize(v);
			} catch (e) {
				ctx.issues.push({
					code: 'custom',
					message: e instanceof Error ? e.message : String(e),
					input: v
				});
				return z.NEVER;
			}
			const why =
				range(bytes) ??
				(bytes % PAGE !== 0
					? `${formatSize(bytes)} is not a multiple of ${formatSize(PAGE)}`
					: undefined);
			if (why) {
				ctx.issues.push({ code: 'custom', message: why, input: v });
				return z.NEVER;
			}
			return bytes;
		});
}

export const vmMemory = size((b) =>
	b === 0
		? 'a VM needs some memory'
		: b > VM_MEMORY_MAX
			? `${formatSize(b)} is more than the ${formatSize(VM_MEMORY_MAX)} a VM may have`
			: undefined
);

export const hostRam = size((b) =>
	b < HOST_RAM.min || b > HOST_RAM.max
		? `host RAM must be from ${formatSize(HOST_RAM.min)} to ${formatSize(HOST_RAM.max)}, got ${formatSize(b)}`
		: undefined
).default(HOST_RAM.default);

/** An optional section: `costs:` with every entry commented out reads as null, and means "none". */
function section<T extends z.ZodType>(schema: T) {
	return z.preprocess((v) => (v === null ? undefined : v), schema);
}

/** A host's physical disks are bounded by RAM in the browser: their bytes are held there. */
export const HOST_DISK_MAX = 1 * GiB;
/** A VM has QEMU virt's eight virtio-mmio slots. */
export const VM_DISKS_MAX = 8;
export const VDISK_KINDS = ['minidisk', 'thin', 'cow'] as const;
/** How a VM sees its disk: a virtio-blk, or the teaching PIO disk (one per VM). */
export const DISK_BUSES = ['virtio', 'pio'] as const;
export const DISK_MODELS = [
	'hdd',
	'ssd',
	...(Object.keys(DISK_PRESETS) as (keyof typeof DISK_PRESETS)[])
] as const;

const diskSize = size((b) =>
	b === 0
		? 'a disk needs some space'
		: b > HOST_DISK_MAX
			? `${formatSize(b)} is more than the ${formatSize(HOST_DISK_MAX)} a disk may have`
			: undefined
);

/**
 * host.disks[i].model: a preset's name, or a table of parameters over the preset of its kind
 * (`{ kind: hdd, rpm: 5400 }`); hv/host.ts checks the table with the model's own validation.
 */
const diskModel = z.union([z.enum(DISK_MODELS), z.looseObject({ kind: z.enum(['hdd', 'ssd']) })]);

const hostDisk = z.strictObject({
	name: name('disk name'),
	size: diskSize,
	model: diskModel.default('hdd')
});

/** vms[i].disks[j]: a virtual disk on a host disk (`on`); a cow disk's size defaults to its base's. */
const vmDisk = z.strictObject({
	kind: z.enum(VDISK_KINDS),
	on: name('disk name'),
	size: diskSize.optional(),
	serial: z.string().max(20, { error: 'a serial is at most 20 bytes (virtio-blk GET_ID)' }).optional(),
	base: z.string().min(1, { error: 'must not be empty' }).optional(),
	readonly: z.boolean().default(false),
	bus: z.enum(DISK_BUSES).optional()
});

/** A value read by `parse` (a rate, a duration), its message when it throws. */
function measured(parse: (v: string | number) => number, check: (n: number) => string | undefined) {
	return z.union([z.string(), z.number()]).transform((v, ctx) => {
		let n: number;
		try {
			n = parse(v);
		} catch (e) {
			ctx.addIssue({ code: 'custom', message: (e as Error).message });
			return z.NEVER;
		}
		const problem = check(n);
		if (problem) {
			ctx.addIssue({ code: 'custom', message: problem });
			return z.NEVER;
		}
		return n;
	});
}

/** host.switch: the virtual switch's links (hv/net/switch.ts); durations in nanoseconds. */
export const SWITCH_QUEUE_MAX = 4096;
const hostSwitch = z.strictObject({
	bandwidth: measured(parseRate, (b) =>
		b < 1000 || b > 100e9 ? 'a link speed from 1 kbit/s to 100 Gbit/s' : undefined
	).default(100_000_000),
	latency: measured(parseDuration, (ns) => (ns > 1e9 ? 'a latency of at most 1 s' : undefined)).default(
		50_000
	),
	queue: wholeNumber(1, SWITCH_QUEUE_MAX).default(64),
	ageing: measured(parseDuration, (ns) =>
		ns < 1000 ? 'an ageing time of at least 1 us' : undefined
	).default(300e9)
});

/** vms[i].nics[j]: a virtio-net on the host's switch; absent mac: one derived from the VM's name. */
export const VM_NICS_MAX = 4;
const vmNic = z.strictObject({
	ip: z
		.string()
		.transform((t, ctx) => {
			const ip = guestIp(t);
			if (typeof ip === 'string') {
				ctx.addIssue({ code: 'custom', message: ip });
				return z.NEVER;
			}
			return ip;
		})
		.optional(),
	mac: z
		.string()
		.superRefine((m, ctx) => {
			const problem = macProblem(m);
			if (problem) ctx.addIssue({ code: 'custom', message: problem });
		})
		.optional()
});

const vm = z.strictObject({
	name: name('VM name'),
	image: z.string().min(1, { error: 'must not be empty' }),
	memory: vmMemory,
	vcpus: wholeNumber(1, 4).default(1),
	technique: z.enum(TECHNIQUES).default('trap-and-emulate'),
	programs: z.array(name('program name', PROGRAM_NAME_MAX)).optional(),
	// Absent: the scheduler's defaults (weight 256, no cap, priority 0, any pCPU), applied by hv/host.ts.
	weight: wholeNumber(WEIGHT.min, WEIGHT.max).optional(),
	cap: wholeNumber(0, CAP_MAX).optional(),
	priority: wholeNumber(0, PRIORITY_MAX).optional(),
	affinity: z
		.array(wholeNumber(0, HARTS_MAX - 1))
		.min(1, { error: 'must name at least one pCPU' })
		.optional(),
	disks: z
		.array(vmDisk)
		.max(VM_DISKS_MAX, { error: `a VM has at most ${VM_DISKS_MAX} disks` })
		.optional(),
	nics: z
		.array(vmNic)
		.max(VM_NICS_MAX, { error: `a VM has at most ${VM_NICS_MAX} network cards` })
		.optional()
});

/** host.scheduler: quantum absent means the top-level `scheduler.quantum` (parse.ts fills it in). */
const hostScheduler = z.strictObject({
	policy: z.enum(POLICIES).default('rr'),
	quantum: wholeNumber(MIN_QUANTUM).optional(),
	period: wholeNumber(1).optional()
});

export const scenarioSchema = z.strictObject({
	name: z.string().refine((v) => v.trim() !== '', { error: 'must not be empty' }),
	host: section(
		z
			.strictObject({
				harts: wholeNumber(1, HARTS_MAX).default(1),
				ram: hostRam,
				scheduler: section(hostScheduler.optional()),
				disks: section(z.array(hostDisk).optional()),
				'io-scheduler': z.enum(IO_POLICIES).optional(),
				switch: section(hostSwitch.optional())
			})
			.prefault({})
	),
	seed: wholeNumber(0).default(0),
	vms: z.array(vm).min(1, { error: 'at least one VM is required' }),
	faults: section(z.array(z.enum(FAULTS)).default([])),
	costs: section(z.partialRecord(z.enum(COST_NAMES), wholeNumber(0)).default({})),
	scheduler: section(z.strictObject({ quantum: wholeNumber(1).default(DEFAULT_QUANTUM) }).prefault({}))
});
