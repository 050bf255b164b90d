/**
 * The random programs of the `trace-program` exercise, as structured data first (so the tests can run
 * them in a reference interpreter of their own) and as assembly text second (what the simulator runs).
 */
import { Prng } from './prng';
import type { Difficulty } from './types';

export type AluName = 'add' | 'sub' | 'xor' | 'and' | 'or' | 'sll' | 'srl' | 'mul';
export type BranchName = 'beq' | 'bne' | 'blt' | 'bge';

export type Op =
	| { op: 'li'; rd: string; imm: number }
	| { op: 'addi'; rd: string; rs1: string; imm: number }
	| { op: 'alu'; name: AluName; rd: string; rs1: string; rs2: string }
	| { op: 'branch'; name: BranchName; rs1: string; rs2: string; target: string }
	| { op: 'bnez'; rs1: string; target: string }
	| { op: 'j'; target: string }
	| { op: 'label'; name: string }
	/** An instruction that always traps when it runs: a load from address 0 or an ecall. */
	| { op: 'trap'; text: string };

export interface TraceProgram {
	ops: Op[];
	/** Register the value question asks about. */
	reg: string;
	/** Labels of the blocks the ordering question asks about, in the order they appear in the text. */
	blocks: string[];
}

const REGS = ['a0', 'a1', 'a2', 'a3', 't1', 't2'];
const ALU: AluName[] = ['add', 'sub', 'xor', 'and', 'or', 'sll', 'srl', 'mul'];

function randomOp(p: Prng, hard: boolean): Op {
	const rd = p.pick(REGS);
	const rs1 = p.pick(REGS);
	if (p.chance(0.35)) return { op: 'addi', rd, rs1, imm: p.int(-40, 40) };
	const names = hard ? ALU : ALU.filter((n) => n !== 'mul' && n !== 'sll' && n !== 'srl');
	return { op: 'alu', name: p.pick(names), rd, rs1, rs2: p.pick(REGS) };
}

export function makeProgram(seed: number, difficulty: Difficulty): TraceProgram {
	const p = new Prng(seed);
	const hard = difficulty === 'hard';
	const ops: Op[] = REGS.slice(0, 4).map((rd) => ({ op: 'li', rd, imm: p.int(-20, 50) }));
	ops.push({ op: 'li', rd: 't1', imm: p.int(0, 7) }, { op: 'li', rd: 't2', imm: p.int(1, 9) });
	for (let k = 0; k < p.int(2, 4); k++) ops.push(randomOp(p, hard));
	if (difficulty !== 'easy') {
		// A counted loop: t0 from N down to 0, the body run N times.
		ops.push({ op: 'li', rd: 't0', imm: p.int(2, 5) }, { op: 'label', name: 'loop' });
		for (let k = 0; k < p.int(1, 2); k++) ops.push(randomOp(p, false));
		ops.push({ op: 'addi', rd: 't0', rs1: 't0', imm: -1 }, { op: 'bnez', rs1: 't0', target: 'loop' });
	}
	// A forward branch over a short block: taken or not depends on the values so far.
	ops.push({
		op: 'branch',
		name: p.pick(['beq', 'bne', 'blt', 'bge']),
		rs1: p.pick(REGS),
		rs2: p.pick(REGS),
		target: 'skip'
	});
	ops.push(randomOp(p, hard));
	if (hard && p.chance(0.6)) ops.push({ op: 'trap', text: p.pick(['lw t1, 0(zero)', 'ecall']) });
	ops.push(randomOp(p, hard), { op: 'label', name: 'skip' });
	const blocks: string[] = [];
	if (difficulty !== 'easy') {
		// Three blocks reached by jumps, laid out in a different order than they run.
		const names = ['alpha', 'beta', 'gamma'];
		const runOrder = p.shuffle(names);
		const textOrder = p.shuffle(names);
		ops.push({ op: 'j', target: runOrder[0] });
		for (const name of textOrder) {
			const next = runOrder[runOrder.indexOf(name) + 1] ?? 'done';
			ops.push({ op: 'label', name }, randomOp(p, hard));
			if (hard && p.chance(0.25)) ops.push({ op: 'trap', text: 'ecall' });
			ops.push({ op: 'j', target: next });
		}
		blocks.push(...textOrder);
	}
	for (let k = 0; k < p.int(1, 2); k++) ops.push(randomOp(p, hard));
	ops.push({ op: 'label', name: 'done' });
	const written = new Set(ops.flatMap((o) => ('rd' in o ? [o.rd] : [])));
	return { ops, reg: p.pick(REGS.filter((r) => written.has(r))), blocks };
}

function opText(o: Op): string {
	switch (o.op) {
		case 'li':
			return `li ${o.rd}, ${o.imm}`;
		case 'addi':
			return `addi ${o.rd}, ${o.rs1}, ${o.imm}`;
		case 'alu':
			return `${o.name} ${o.rd}, ${o.rs1}, ${o.rs2}`;
		case 'branch':
			return `${o.name} ${o.rs1}, ${o.rs2}, ${o.target}`;
		case 'bnez':
			return `bnez ${o.rs1}, ${o.target}`;
		case 'j':
			return `j ${o.target}`;
		case 'label':
			return `${o.name}:`;
		case 'trap':
			return o.text;
	}
}

/** The program as assembly, one op per line (line n+1 is ops[n]; `done: j done` ends it). */
export function programSource(t: TraceProgram): string {
	const lines = t.ops.map((o) => (o.op === 'label' ? opText(o) : `\t${opText(o)}`));
	lines[lines.length - 1] = 'done:\tj done';
	return lines.join('\n') + '\n';
}
