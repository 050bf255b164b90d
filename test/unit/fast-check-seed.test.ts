/** The fast-check seed is fixed for the whole suite, and a failing property names it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FC_SEED } from './fast-check-seed';

describe('fast-check runs are seeded', () => {
	it('every property uses the configured seed', () => {
		const expected = process.env.FC_SEED ? Number(process.env.FC_SEED) : DEFAULT_FC_SEED;
		expect(fc.readConfigureGlobal().seed).toBe(expected);
	});

	it('two runs of the same property draw the same values', () => {
		const draw = () => fc.sample(fc.integer(), { numRuns: 5, seed: fc.readConfigureGlobal().seed });
		expect(draw()).toEqual(draw());
	});

	it('a failing property reports the seed, so it can be replayed', () => {
		let message = '';
		try {
			fc.assert(fc.property(fc.nat(), (n) => n < 0));
		} catch (e) {
			message = (e as Error).message;
		}
		expect(message).toContain(`seed: ${fc.readConfigureGlobal().seed}`);
	});
});
