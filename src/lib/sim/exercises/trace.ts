/**
 * Generator `trace-program`: a short random program (straight-line code, a counted loop, a forward
 * branch, blocks reached by jumps, sometimes an instruction that traps). The simulator runs it in
 * M-mode with mtvec pointing at `done`, so the first trap ends the run there too; the answers are read
 * off the hart: a register, minstret, the first trap's mepc, and the order the blocks were entered.
 */
import { CAUSE_NAMES } from '../hart/causes';
import { registerNumber } from '../isa/registers';
import { bareMachine } from './bare';
import { makeProgram, programSource, type TraceProgram } from './trace-program';
import type { GeneratedProblem, Generator, Solved } from './types';

export interface TraceRun {
	value: number;
	retired: number;
	/** Source line (1-based) of the first trapping instruction, or 0. */
	trapLine: number;
	trapCause: number;
	/** Block labels in the order execution first reached them. */
	visits: string[];
}

export function runProgram(t: TraceProgram): TraceRun {
	const source = programSource(t);
	const { machine: m, labels, lineAddress } = bareMachine(source);
	const done = labels.get('done') ?? 0;
	const h = m.hart;
	h.mtvec = done;
	m.addBreakpoint(done);
	const blockAt = new Map(t.blocks.map((b) => [labels.get(b) ?? -1, b]));
	const visits: string[] = [];
	let trapEpc = -1;
	let trapCause = 0;
	const stopRetire = h.hooks.retire.add((pc) => {
		const b = blockAt.get(pc >>> 0);
		if (b !== undefined && !visits.includes(b)) visits.push(b);
	});
	const stopTrap = h.hooks.trap.add((cause, _tval, epc) => {
		if (trapEpc < 0) [trapEpc, trapCause] = [epc >>> 0, cause];
	});
	m.run(10_000);
	stopRetire();
	stopTrap();
	let trapLine = 0;
	for (const [line, addr] of lineAddress) if (addr === trapEpc) trapLine = line;
	return { value: h.x[registerNumber(t.reg) ?? 0], retired: h.instret, trapLine, trapCause, visits };
}

/** The trap candidates a student chooses among: every `trap` op's line, and "none". */
export function trapOptions(t: TraceProgram): { lines: number[]; options: string[] } {
	const lines = t.ops.flatMap((o, i) => (o.op === 'trap' ? [i + 1] : []));
	return {
		lines,
		options: [
			...lines.map((l) => `line ${l}: ${(t.ops[l - 1] as { text: string }).text}`),
			'no instruction traps'
		]
	};
}

export function solveTrace(t: TraceProgram): Record<string, Solved> {
	const r = runProgram(t);
	const answers: Record<string, Solved> = {
		value: {
			answer: {
				kind: 'number',
				value: r.value,
				base: 'dec',
				mistakes:
					r.value < 0
						? []
						: [
								{
									value: -r.value,
									why: 'Check the sign: follow each sub and negative immediate.'
								}
							]
			},
			explain: `The simulator stops at done with ${t.reg} = ${r.value} (0x${(r.value >>> 0).toString(16)}).`
		},
		retired: {
			answer: {
				kind: 'number',
				value: r.retired,
				base: 'dec',
				mistakes: [
					...(r.trapLine
						? [
								{
									value: r.retired + 1,
									why: 'An instruction that traps does not retire: minstret does not count it.'
								}
							]
						: []),
					{
						value: t.ops.filter((o) => o.op !== 'label').length - 1,
						why: 'That counts the lines of code; loops run some of them more than once, and a taken branch skips some.'
					}
				]
			},
			explain: `minstret reads ${r.retired} when the hart first reaches done.`
		}
	};
	const trap = trapOptions(t);
	if (trap.lines.length) {
		const correct = r.trapLine ? trap.lines.indexOf(r.trapLine) : trap.lines.length;
		answers.trap = {
			answer: { kind: 'choice', options: trap.options, correct },
			explain: r.trapLine
				? `Line ${r.trapLine} traps first (${CAUSE_NAMES[r.trapCause] ?? r.trapCause}); mtvec points at done, so the run ends there.`
				: 'No trapping instruction is reached: a branch skips it.'
		};
	}
	if (t.blocks.length && r.visits.length === t.blocks.length) {
		answers.order = {
			answer: {
				kind: 'order',
				items: [...t.blocks],
				correct: r.visits.map((v) => t.blocks.indexOf(v))
			},
			explain: `Execution enters ${r.visits.join(', then ')}.`
		};
	}
	return answers;
}

export const traceGenerator: Generator = {
	name: 'trace-program',
	questions: ['value', 'retired', 'trap', 'order'],
	generate(seed, difficulty): GeneratedProblem {
		const t = makeProgram(seed, difficulty);
		const code = programSource(t);
		return {
			facts: { reg: t.reg, blocks: t.blocks.join(', ') },
			context: {
				lines: [
					'The program below starts at 0x80000000 in M-mode, with every register zero. mtvec points at done, so a trap also ends the run at done.'
				],
				tables: [],
				code,
				data: t
			},
			answers: solveTrace(t)
		};
	}
};
