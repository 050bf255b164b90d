/**
 * A bare machine for one exercise: assembly source assembled at an address, loaded into a small RAM,
 * no firmware (M-mode is the program's own), the hart's state set as the problem says. Generators
 * answer their questions by running it, and the tests' reference computations never touch it.
 */
import { Mode } from '../hart/causes';
import type { Hart } from '../hart/hart';
import { updateWindows } from '../hart/paging';
import { assemble } from '../isa/asm';
import { Machine } from '../machine/machine';

export interface BareOptions {
	/** Where the code starts (default 0x8000_0000). */
	base?: number;
	misaligned?: 'emulate' | 'trap';
}

export interface FirstTrap {
	/** mcause/scause as written (interrupt bit included). */
	cause: number;
	tval: number;
	epc: number;
	/** The mode the trap went to. */
	to: Mode;
}

export interface Bare {
	machine: Machine;
	/** Label → address, from the assembler. */
	labels: Map<string, number>;
	/** Address of each source line's first instruction (1-based line → address). */
	lineAddress: Map<number, number>;
}

/** Assemble `source` (throws on an error: generators write their own code) and load it. */
export function bareMachine(source: string, opts: BareOptions = {}): Bare {
	const { program, errors } = assemble(source, { base: opts.base ?? 0x8000_0000, file: 'exercise.s' });
	if (errors.length) throw new Error(`exercise code does not assemble: ${errors[0].message}`);
	const machine = new Machine({ ramMiB: 1, firmware: 'none', misaligned: opts.misaligned ?? 'emulate' });
	machine.load(program);
	const labels = new Map(program.symbols.map((x) => [x.name, x.addr >>> 0]));
	const lineAddress = new Map<number, number>();
	for (const row of program.lines)
		if (!lineAddress.has(row.line)) lineAddress.set(row.line, row.addr >>> 0);
	return { machine, labels, lineAddress };
}

/** Put the hart in `mode` as if firmware had left it there (windows follow the mode). */
export function enterMode(h: Hart, mode: Mode): void {
	h.mode = mode;
	// Firmware grants S and U all of memory through PMP before dropping below M (§3.7.1).
	if (mode !== Mode.Machine) h.openPmp();
	updateWindows(h);
}

/** Record the first trap the hart takes from now on. */
export function watchFirstTrap(h: Hart): { get: () => FirstTrap | undefined } {
	let first: FirstTrap | undefined;
	h.hooks.trap.add((cause, tval, epc) => {
		first ??= { cause: cause >>> 0, tval, epc, to: h.mode };
	});
	return { get: () => first };
}

export const MODE_LETTER: Record<Mode, string> = {
	[Mode.User]: 'U',
	[Mode.Supervisor]: 'S',
	[Mode.Machine]: 'M'
};
