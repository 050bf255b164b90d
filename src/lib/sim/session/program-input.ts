/**
 * What a session loads, made into a machine: a Program (given, assembled from source, or read from
 * ELF bytes) on the bare machine, or a scenario's host with its hypervisor and VMs. Errors come back
 * as messages (FILE:LINE:COL: … for assembly, `path: problem` for a scenario), never as exceptions.
 */
import { buildHost, HostError } from '../hv/host';
import type { Hypervisor } from '../hv/hypervisor';
import { assemble, formatError } from '../isa/asm/index';
import { ElfError, loadElf } from '../isa/elf';
import type { Program } from '../isa/program';
import { Machine, type Engine } from '../machine/machine';
import { parseScenario, ScenarioError } from '../scenario';
import type { LoadInput, SessionMachineOptions } from './types';

/** A loadable machine: the program its views name symbols from, and how to build it (again, on reset). */
export interface Start {
	program: Program;
	create(consoleOut: (byte: number) => void): { machine: Machine; hv?: Hypervisor };
}

export function programFrom(input: LoadInput, ramMiB: number): Program | { errors: string[] } {
	if ('scenario' in input) return { errors: ['a scenario is not a program'] };
	if ('program' in input) return input.program;
	if ('asm' in input) {
		const r = assemble(input.asm, { file: input.file ?? 'program.s' });
		return r.errors.length ? { errors: r.errors.map(formatError) } : r.program;
	}
	try {
		return loadElf(input.elf, { ramSize: ramMiB * 1024 * 1024 });
	} catch (e) {
		if (e instanceof ElfError) return { errors: [e.message] };
		throw e;
	}
}

export function programStart(input: LoadInput, o: SessionMachineOptions): Start | { errors: string[] } {
	const program = programFrom(input, o.ramMiB ?? 16);
	if ('errors' in program) return program;
	return {
		program,
		create: (consoleOut) => {
			const machine = new Machine({
				ramMiB: o.ramMiB ?? 16,
				harts: o.harts,
				misaligned: o.misaligned,
				htif: o.htif,
				engine: o.engine,
				consoleOut
			});
			machine.stopOnSpin = o.stopOnSpin ?? false;
			machine.load(program);
			return { machine };
		}
	};
}

/**
 * A scenario's host. Console bytes are kept as vm × 256 + byte, so the session's console (cut back to
 * a checkpoint's length when stepping back) still knows whose each byte is.
 */
export function scenarioStart(
	input: {
		scenario: string;
		images: Record<string, Uint8Array>;
		baseDir?: string;
	},
	engine?: Engine
): Start | { errors: string[] } {
	try {
		const scenario = parseScenario(input.scenario, { baseDir: input.baseDir });
		const images = new Map(Object.entries(input.images));
		const first = images.get(scenario.vms[0].image);
		if (!first) return { errors: [`vms[0].image: no image ${scenario.vms[0].image}`] };
		// Built here, so every problem with the images is reported by load; reset builds it again.
		let sink: (code: number) => void = () => {};
		let built: ReturnType<typeof buildHost> | undefined = buildHost(
			scenario,
			images,
			(vm, b) => sink(vm * 256 + b),
			engine
		);
		return {
			program: loadElf(first),
			create: (consoleOut) => {
				const host =
					built ?? buildHost(scenario, images, (vm, b) => consoleOut(vm * 256 + b), engine);
				if (built) sink = consoleOut;
				built = undefined;
				return host;
			}
		};
	} catch (e) {
		if (e instanceof ScenarioError) return { errors: e.problems.map((p) => `${p.path}: ${p.message}`) };
		if (e instanceof HostError || e instanceof ElfError) return { errors: [e.message] };
		throw e;
	}
}

/** The console of a scenario: each VM's lines as `[name] line`, in the order they were completed. */
export function prefixedConsole(bytes: readonly number[], names: readonly string[]): string {
	const partial = names.map(() => '');
	let out = '';
	for (const code of bytes) {
		const vm = code >>> 8;
		const ch = code & 0xff;
		if (ch === 10) {
			out += `[${names[vm]}] ${partial[vm]}\n`;
			partial[vm] = '';
		} else partial[vm] += String.fromCharCode(ch);
	}
	names.forEach((name, vm) => {
		if (partial[vm] !== '') out += `[${name}] ${partial[vm]}`;
	});
	return out;
}
