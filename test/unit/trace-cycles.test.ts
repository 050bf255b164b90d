/** Retire subscribers see the cycle clock exactly as each instruction leaves it. */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { Machine } from '../../src/lib/sim/machine/machine';

describe('cycle clock at retire', () => {
	it('advances by the cost of each instruction and ends where the machine ends', () => {
		const { program, errors } = assemble(
			'_start:\n\tli t0, 50\n1:\taddi t0, t0, -1\n\tmul t1, t0, t0\n\tbnez t0, 1b\n\tj .\n'
		);
		expect(errors).toEqual([]);
		const m = new Machine({ ramMiB: 1 });
		m.load(program);
		const seen: number[] = [];
		m.onRetire = () => seen.push(m.hart.cycles);
		m.run(1 + 50 * 3 + 1);
		expect(seen.length).toBe(152);
		for (let i = 1; i < seen.length; i++) expect(seen[i], `step ${i}`).toBeGreaterThan(seen[i - 1]);
		expect(seen.at(-1)).toBe(m.cycles);
	});
});
