/**
 * Differential test against GNU binutils: seeded random programs — every instruction syntax of the
 * table and the pseudo-instructions, random registers, immediates, CSRs, fence sets, AMO orderings,
 * labels near and far (so some branches must take the long form) — must assemble to GNU's bytes.
 * The seeds are fixed, so a failure reproduces; the corpus tests say *what* is covered, this one
 * shakes out operand combinations nobody thought to write down.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, formatError } from '../../src/lib/sim/isa/asm';
import { binutilsMissing, firstDifference, gnuBuild } from '../asm-corpus/gnu';
import { randomProgram } from '../asm-corpus/random';

const missing = binutilsMissing();
if (missing) console.warn(`asm differential tests skipped: ${missing}`);

describe.skipIf(missing !== undefined)(
	`random programs vs GNU binutils${missing ? ` (skipped: ${missing})` : ''}`,
	() => {
		for (const seed of Array.from({ length: 16 }, (_, i) => i + 1)) {
			it(`seed ${seed}`, () => {
				const source = randomProgram(seed, 1500);
				const { program, errors } = assemble(source, { file: `random-${seed}.s` });
				expect(errors.map(formatError)).toEqual([]);
				const gnu = gnuBuild(source, program);
				for (const seg of program.segments) {
					const theirs = gnu.sections.get(seg.name!)!;
					expect(theirs.addr, seg.name).toBe(seg.addr);
					const diff = firstDifference(seg.data, theirs.data);
					if (diff) {
						// Name the source line of the first differing word.
						const at = Number(/offset 0x([0-9a-f]+)/.exec(diff)![1]) + seg.addr;
						const row = [...program.lines].reverse().find((l) => l.addr <= at);
						expect(
							diff,
							`seed ${seed}: line ${row?.line}: ${source.split('\n')[(row?.line ?? 1) - 1]}`
						).toBeUndefined();
					}
				}
			});
		}
	}
);

describe('random program generator', () => {
	it('is deterministic', () => {
		expect(randomProgram(9, 50)).toBe(randomProgram(9, 50));
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 1000 }), (s) => randomProgram(s, 20).includes('_start:')),
			{ numRuns: 20 }
		);
	});
});
