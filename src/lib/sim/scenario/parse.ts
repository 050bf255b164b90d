/**
 * Reading a scenario file: YAML, then the schema, then the rules that span fields. Every problem is
 * collected before throwing, so one run of `vmscope run` shows the author everything to fix.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { resolvePath } from './paths';
import { DEFAULT_PERIOD } from '../hv/sched/core';
import { hostRam, issueMessage, scenarioSchema, vmMemory } from './schema';
import { formatSize } from './sizes';
import { defaultMac } from './mac';
import { netProblems } from './net-problems';
import type { Scenario } from './types';

export interface ScenarioProblem {
	/** Where in the file: `vms[1].memory`, or `line 3, column 5` for YAML syntax. */
	path: string;
	message: string;
}

export class ScenarioError extends Error {
	constructor(
		readonly problems: ScenarioProblem[],
		/** The file the scenario came from, when the caller said (parseScenario's `source`). */
		readonly source?: string
	) {
		super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
		this.name = 'ScenarioError';
	}
}

export interface ParseScenarioOptions {
	/** The scenario file's directory: relative `image` paths are resolved against it. */
	baseDir?: string;
	/** The scenario file's name, kept on a ScenarioError for the caller's messages. */
	source?: string;
}

/** `vms[1].memory` from zod's ['vms', 1, 'memory']. */
export function formatPath(path: readonly PropertyKey[]): string {
	let out = '';
	for (const key of path)
		out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
	return out || '(top level)';
}

/** Parse and check a scenario; throws ScenarioError listing every problem found. */
export function parseScenario(text: string, opts: ParseScenarioOptions = {}): Scenario {
	const lines = new LineCounter();
	// prettyErrors off: the position comes from linePos below, not appended to the message with an excerpt.
	const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
	if (doc.errors.length > 0) {
		// The tree after a syntax error is a guess; checking it would report problems that are not there.
		const problems = doc.errors.map((e) => {
			const { line, col } = lines.linePos(e.pos[0]);
			// yaml's own wording names its API (parseAllDocuments), which means nothing to the file's author.
			const message =
				e.code === 'MULTIPLE_DOCS' ? 'a scenario is one YAML document; this is a second' : e.message;
			return { path: `line ${line}, column ${col}`, message };
		});
		throw new ScenarioError(problems, opts.source);
	}
	let raw: unknown;
	try {
		raw = doc.toJS();
	} catch (e) {
		// yaml refuses aliases that expand beyond its limit (a "billion laughs" file) only here.
		if (!(e instanceof ReferenceError)) throw e;
		throw new ScenarioError([{ path: '(top level)', message: e.message }], opts.source);
	}
	const result = scenarioSchema.safeParse(raw, { error: issueMessage });
	const problems = [
		...(result.success ? [] : result.error.issues.flatMap(problemsOf)),
		...crossFieldProblems(raw)
	];
	if (!result.success || problems.length > 0) throw new ScenarioError(problems, opts.source);
	const { baseDir } = opts;
	const { scheduler, ...host } = result.data.host;
	return {
		...result.data,
		// host.scheduler stays absent when not written, so a scenario without it reads as before.
		host: scheduler
			? {
					...host,
					scheduler: {
						policy: scheduler.policy,
						quantum: scheduler.quantum ?? result.data.scheduler.quantum,
						period: scheduler.period ?? DEFAULT_PERIOD
					}
				}
			: host,
		vms: result.data.vms.map(withMacs).map((vm) =>
			baseDir === undefined
				? vm
				: {
						...vm,
						image: resolvePath(baseDir, vm.image),
						...(vm.disks && {
							disks: vm.disks.map((d) =>
								d.base === undefined ? d : { ...d, base: resolvePath(baseDir, d.base) }
							)
						})
					}
		)
	};
}

/** Each NIC with its MAC: as written, or the default derived from the VM's name and the NIC's index. */
function withMacs<V extends { name: string; nics?: { mac?: string; ip?: number }[] }>(vm: V) {
	const { nics, ...rest } = vm;
	return nics === undefined
		? rest
		: {
				...rest,
				nics: nics.map((n, j) => ({
					mac: n.mac ?? defaultMac(vm.name, j),
					...(n.ip !== undefined && { ip: n.ip })
				}))
			};
}

function problemsOf(issue: z.core.$ZodIssue): ScenarioProblem[] {
	// One problem per unknown key, each at its own path, as a typo is found and fixed one key at a time.
	if (issue.code === 'unrecognized_keys')
		return issue.keys.map((key) => ({
			path: formatPath([...issue.path, key]),
			message: 'unknown field'
		}));
	return [{ path: formatPath(issue.path), message: issue.message }];
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Unique names and memory that fits, read from the raw tree so they are reported even when some other
 * field failed (zod would skip them). A field that is itself wrong is left to the schema's report.
 */
function crossFieldProblems(raw: unknown): ScenarioProblem[] {
	if (!isRecord(raw) || !Array.isArray(raw.vms)) return [];
	const vms: unknown[] = raw.vms;
	const problems: ScenarioProblem[] = [];
	const firstWithName = new Map<string, number>();
	vms.forEach((vm, i) => {
		if (!isRecord(vm) || typeof vm.name !== 'string') return;
		const first = firstWithName.get(vm.name);
		if (first === undefined) firstWithName.set(vm.name, i);
		else
			problems.push({
				path: `vms[${i}].name`,
				message: `'${vm.name}' is already the name of vms[${first}]`
			});
	});

	const host = raw.host ?? {}; // null: the section is empty (schema.ts)
	problems.push(...schedulerProblems(host, raw.scheduler, vms));
	problems.push(...diskProblems(host, vms));
	problems.push(...netProblems(vms));
	const ram = isRecord(host) ? hostRam.safeParse(host.ram) : undefined;
	const memories = vms.map((vm) => (isRecord(vm) ? vmMemory.safeParse(vm.memory) : undefined));
	if (ram?.success && vms.length > 0 && memories.every((m) => m?.success)) {
		const total = memories.reduce((sum, m) => sum + (m?.data ?? 0), 0);
		if (total > ram.data)
			problems.push({
				path: 'vms',
				message: `the VMs' memory (${formatSize(total)}) exceeds host RAM (${formatSize(ram.data)}); overcommit is not supported`
			});
	}
	return problems;
}

const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * The scheduler's rules across fields: a quantum given in both places, a period shorter than the
 * quantum, an affinity naming a pCPU the host lacks, a cap more than the VM's vCPUs could use.
 */
function schedulerProblems(host: unknown, top: unknown, vms: unknown[]): ScenarioProblem[] {
	const problems: ScenarioProblem[] = [];
	const harts = isRecord(host) && host.harts !== undefined ? host.harts : 1;
	const sched = isRecord(host) && isRecord(host.scheduler) ? host.scheduler : {};
	const topQuantum = isRecord(top) ? top.quantum : undefined;
	if (isWhole(sched.quantum) && isWhole(topQuantum) && sched.quantum !== topQuantum)
		problems.push({
			path: 'host.scheduler.quantum',
			message: `${sched.quantum} disagrees with scheduler.quantum (${topQuantum}); give the quantum once`
		});
	const quantum = isWhole(sched.quantum) ? sched.quantum : isWhole(topQuantum) ? topQuantum : undefined;
	if (isWhole(sched.period) && quantum !== undefined && sched.period < quantum)
		problems.push({
			path: 'host.scheduler.period',
			message: `an accounting period of ${sched.period} cycles is shorter than the quantum (${quantum})`
		});
	vms.forEach((vm, i) => {
		if (!isRecord(vm)) return;
		if (isWhole(harts) && Array.isArray(vm.affinity))
			vm.affinity.forEach((p: unknown, j) => {
				if (isWhole(p) && p >= harts && p < 8)
					problems.push({
						path: `vms[${i}].affinity[${j}]`,
						message: `pCPU ${p} does not exist: the host has ${harts} hart${harts === 1 ? '' : 's'} (0 to ${harts - 1})`
					});
			});
		const vcpus = vm.vcpus === undefined ? 1 : vm.vcpus;
		if (isWhole(vm.cap) && isWhole(vcpus) && vcpus >= 1 && vm.cap > 100 * vcpus && vm.cap <= 800)
			problems.push({
				path: `vms[${i}].cap`,
				message: `${vm.cap}% is more than its ${vcpus} vCPU${vcpus === 1 ? '' : 's'} can use (${100 * vcpus}%)`
			});
	});
	return problems;
}

/** Disk names unique, every virtual disk on a host disk that exists, a size or a base as its kind needs. */
function diskProblems(host: unknown, vms: unknown[]): ScenarioProblem[] {
	const problems: ScenarioProblem[] = [];
	const disks = isRecord(host) && Array.isArray(host.disks) ? host.disks : [];
	const names = new Map<string, number>();
	disks.forEach((d: unknown, i) => {
		if (!isRecord(d) || typeof d.name !== 'string') return;
		const first = names.get(d.name);
		if (first === undefined) names.set(d.name, i);
		else
			problems.push({
				path: `host.disks[${i}].name`,
				message: `'${d.name}' is already the name of host.disks[${first}]`
			});
	});
	vms.forEach((vm, i) => {
		if (!isRecord(vm) || !Array.isArray(vm.disks)) return;
		let pio = -1;
		vm.disks.forEach((d: unknown, j) => {
			if (!isRecord(d)) return;
			const path = `vms[${i}].disks[${j}]`;
			if (d.bus === 'pio' && pio >= 0)
				problems.push({
					path: `${path}.bus`,
					message: `a VM has one PIO disk at most (vms[${i}].disks[${pio}] is one)`
				});
			else if (d.bus === 'pio') pio = j;
			if (typeof d.on === 'string' && !names.has(d.on))
				problems.push({
					path: `${path}.on`,
					message:
						names.size === 0
							? `no host disk '${d.on}': the host has no disks (add host.disks)`
							: `no host disk '${d.on}' (host.disks: ${[...names.keys()].join(', ')})`
				});
			if (d.kind === 'cow' && d.base === undefined)
				problems.push({ path: `${path}.base`, message: 'a cow disk needs a base image to overlay' });
			if (d.kind !== 'cow' && d.base !== undefined)
				problems.push({
					path: `${path}.base`,
					message: `only a cow disk has a base, not a ${String(d.kind)}`
				});
			if ((d.kind === 'minidisk' || d.kind === 'thin') && d.size === undefined)
				problems.push({ path: `${path}.size`, message: `a ${d.kind} needs a size` });
		});
	});
	return problems;
}
