/** Checking answers: every equivalent spelling is accepted, near misses are rejected and say why. */
import { describe, expect, it } from 'vitest';
import {
	generateSet,
	grade,
	gradeSet,
	numberSpellings,
	parseNumber,
	parseSeed,
	type Answer
} from '../../src/lib/sim/exercises';
import { exercises } from '../../src/lib/exercises/catalog';

const num = (value: number, mistakes: { value: number; why: string }[] = []): { answer: Answer } => ({
	answer: { kind: 'number', value, base: 'hex', mistakes }
});

describe('numbers', () => {
	it('reads hex, binary, decimal, separators and negatives', () => {
		expect(parseNumber('0x8000_0000')).toBe(0x8000_0000);
		expect(parseNumber(' 0X80000000 ')).toBe(0x8000_0000);
		expect(parseNumber('2147483648')).toBe(0x8000_0000);
		expect(parseNumber('2,147,483,648')).toBe(0x8000_0000);
		expect(parseNumber('0b1010')).toBe(10);
		expect(parseNumber('-1')).toBe(-1);
		expect(parseNumber('0x')).toBeUndefined();
		expect(parseNumber('12z')).toBeUndefined();
	});

	it('accepts every spelling of the same address', () => {
		const q = num(0x8000_0000);
		for (const s of [
			'0x8000_0000',
			'0x80000000',
			'2147483648',
			'0x80000000 ',
			'-2147483648',
			'0b10000000000000000000000000000000'
		])
			expect(grade(q, s).correct, s).toBe(true);
		for (const s of numberSpellings(0x8000_0000)) expect(grade(q, s).correct, s).toBe(true);
	});

	it('rejects near misses, and says why when the mistake is known', () => {
		const q = num(0x805448de, [{ value: 0x80544000, why: 'add the page offset' }]);
		expect(grade(q, '0x805448df').correct).toBe(false);
		expect(grade(q, '0x805448d').correct).toBe(false);
		expect(grade(q, '0x80544000')).toMatchObject({
			correct: false,
			blank: false,
			message: 'add the page offset'
		});
		expect(grade(q, 'banana')).toMatchObject({ correct: false, blank: true });
		expect(grade(q, '')).toMatchObject({ correct: false, blank: true });
	});

	it('a register value may be given signed or unsigned, but not off by one', () => {
		const q: { answer: Answer } = { answer: { kind: 'number', value: -5, base: 'dec' } };
		expect(grade(q, '-5').correct).toBe(true);
		expect(grade(q, '0xfffffffb').correct).toBe(true);
		expect(grade(q, '4294967291').correct).toBe(true);
		expect(grade(q, '-4').correct).toBe(false);
		expect(grade(q, '5').correct).toBe(false);
	});
});

describe('choices and orderings', () => {
	const choice: { answer: Answer } = {
		answer: {
			kind: 'choice',
			options: ['M-mode', 'S-mode'],
			correct: 1,
			mistakes: [{ value: 0, why: 'medeleg bit 8 is 1' }]
		}
	};
	const multi: { answer: Answer } = {
		answer: { kind: 'multi', options: ['V', 'R', 'W'], correct: [0, 2] }
	};
	const order: { answer: Answer } = {
		answer: { kind: 'order', items: ['a', 'b', 'c'], correct: [2, 0, 1] }
	};

	it('one choice by index or by its text', () => {
		expect(grade(choice, 1).correct).toBe(true);
		expect(grade(choice, 's-mode').correct).toBe(true);
		expect(grade(choice, 0)).toMatchObject({ correct: false, message: 'medeleg bit 8 is 1' });
		expect(grade(choice, 7).blank).toBe(true);
	});

	it('several choices: all and only the right ones, in any order', () => {
		expect(grade(multi, [2, 0]).correct).toBe(true);
		expect(grade(multi, 'W, V').correct).toBe(true);
		expect(grade(multi, [0]).message).toContain('missing: W');
		expect(grade(multi, [0, 1, 2]).message).toContain('should not be picked: R');
		const none: { answer: Answer } = { answer: { kind: 'multi', options: ['x'], correct: [] } };
		expect(grade(none, []).correct).toBe(true);
	});

	it('an ordering: every item once, in the right order', () => {
		expect(grade(order, [2, 0, 1]).correct).toBe(true);
		expect(grade(order, 'c, a, b').correct).toBe(true);
		expect(grade(order, [2, 1, 0])).toMatchObject({
			correct: false,
			message: expect.stringContaining('Position 2')
		});
		expect(grade(order, [2, 0]).blank).toBe(true);
		expect(grade(order, [2, 2, 1]).blank).toBe(true);
	});
});

describe('problem sets', () => {
	it('a seed is a number or any text, hashed', () => {
		expect(parseSeed('42')).toBe(42);
		expect(parseSeed('0x2a')).toBe(42);
		expect(parseSeed('Ada Lovelace')).toBe(parseSeed('Ada Lovelace'));
		expect(parseSeed('Ada Lovelace')).not.toBe(parseSeed('Alan Turing'));
	});

	it('the answer key scores full marks, and a set of blanks zero, for every exercise', () => {
		for (const def of exercises)
			for (const seed of [1, 2, 3, 99, 12345]) {
				const set = generateSet(def, seed);
				const key = Object.fromEntries(
					set.problems.flatMap((p) =>
						p.questions.map((q) => {
							const a = q.answer;
							const r =
								a.kind === 'number'
									? `0x${(a.value >>> 0).toString(16)}`
									: a.kind === 'choice'
										? a.correct
										: a.correct;
							return [q.key, r];
						})
					)
				);
				const full = gradeSet(set, key);
				expect(full.score, `${def.slug} seed ${seed}`).toBe(full.total);
				expect(full.total).toBeGreaterThanOrEqual(2);
				expect(gradeSet(set, {}).score).toBe(0);
			}
	});
});
