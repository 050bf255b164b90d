/** The interpreter's op numbers (a const enum, for speed) must be the instruction table's ids + 1. */
import { describe, expect, it } from 'vitest';
import { CODE_BREAK, CODE_WATCH } from '../../src/lib/sim/bus/ram';
import { INSNS } from '../../src/lib/sim/isa/instructions';
import { costsByOp, DEFAULT_COSTS } from '../../src/lib/sim/machine/costs';

// The const enum is erased for the type checker but compiled to an object; read it as one.
const { Op } = (await import('../../src/lib/sim/hart/execute')) as unknown as {
	Op: Record<string, number>;
};

describe('Op enum', () => {
	it('names every table instruction with id + 1', () => {
		const ops = Op;
		for (const insn of INSNS)
			expect(ops[insn.name.toUpperCase().replace(/\./g, '_')], insn.name).toBe(insn.id + 1);
		expect(ops.BRANCH_MISALIGNED).toBe(INSNS.length + 1);
	});
	it('markers agree with bus/ram.ts and fit below them', () => {
		expect(Op.MARK_BREAK).toBe(CODE_BREAK);
		expect(Op.MARK_WATCH).toBe(CODE_WATCH);
		expect(Op.FETCH_FAULT).toBeLessThan(CODE_BREAK);
	});
	it('the cost table charges nothing for undecoded words and markers', () => {
		const c = costsByOp(DEFAULT_COSTS);
		expect([c[0], c[CODE_BREAK], c[CODE_WATCH]]).toEqual([0, 0, 0]);
		expect(c[Op.DIV]).toBe(DEFAULT_COSTS.div);
		expect(c[Op.LW]).toBe(DEFAULT_COSTS.load);
	});
});
