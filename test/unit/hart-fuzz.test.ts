/** Random words never make the interpreter throw: every guest behaviour is architectural. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSNS } from '../../src/lib/sim/isa/instructions';
import { Machine } from '../../src/lib/sim/machine/machine';
import { words32 } from './hart-harness';

/** Mostly real instructions (a table entry with random operand bits), some arbitrary words. */
const word = fc.oneof(
	fc.integer({ min: 0, max: 0xffffffff }),
	fc
		.tuple(fc.constantFrom(...INSNS), fc.integer({ min: 0, max: 0xffffffff }))
		.map(([i, r]) => (i.match | (r & ~i.mask)) >>> 0)
);
/** Register values: anything, or addresses in RAM and near the devices. */
const value = fc.oneof(
	fc.integer({ min: -2147483648, max: 2147483647 }),
	fc.integer({ min: 0x8000_0000, max: 0x8000_2000 }).map((v) => v | 0),
	fc.constantFrom(0x0010_0000, 0x1000_0000, 0x1000_0005, 0)
);

describe('executing random 32-bit words', () => {
	it('never throws, whatever the words and registers', () => {
		const m = new Machine({ ramMiB: 1 });
		fc.assert(
			fc.property(
				fc.array(word, { minLength: 1, maxLength: 64 }),
				fc.array(value, { minLength: 32, maxLength: 32 }),
				fc.oneof(
					fc.integer({ min: 0, max: 0xffffffff }),
					fc.integer({ min: 0x8000_0000, max: 0x8000_0100 })
				),
				(words, regs, mtvec) => {
					m.load({
						entry: 0x8000_0000,
						segments: [
							{
								addr: 0x8000_0000,
								data: words32(words),
								memSize: 4096,
								flags: { read: true, write: true, exec: true }
							}
						],
						symbols: [],
						lines: []
					});
					m.hart.x.set(regs);
					m.hart.x[0] = 0;
					m.hart.mtvec = mtvec | 0;
					const why = m.run(500);
					expect(['budget', 'trap-loop', 'exited', 'reset']).toContain(why.kind);
					expect(m.hart.x[0]).toBe(0);
				}
			),
			{ numRuns: 2000 }
		);
	});
});
