/**
 * What a session loads, made into a Program: given as one, assembled from source, or read from ELF
 * bytes (for RAM of `ramMiB`). Errors come back as messages (FILE:LINE:COL: … for assembly), never
 * as exceptions.
 */
import { assemble, formatError } from '../isa/asm/index';
import { ElfError, loadElf } from '../isa/elf';
import type { Program } from '../isa/program';
import type { LoadInput } from './types';

export function programFrom(input: LoadInput, ramMiB: number): Program | { errors: string[] } {
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
