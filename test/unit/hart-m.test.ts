/** M extension (unprivileged chapter 7): edge cases from §7.2 Table 7.1 and a BigInt reference. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { a0, a1, a2, run } from './hart-harness';

const MUL = 0x02c58533; // mul a0,a1,a2
const MULH = 0x02c59533; // mulh a0,a1,a2
const MULHSU = 0x02c5a533; // mulhsu a0,a1,a2
const MULHU = 0x02c5b533; // mulhu a0,a1,a2
const DIV = 0x02c5c533; // div a0,a1,a2
const DIVU = 0x02c5d533; // divu a0,a1,a2
const REM = 0x02c5e533; // rem a0,a1,a2
const REMU = 0x02c5f533; // remu a0,a1,a2

const exec = (word: number, x: number, y: number) => run([word], { [a1]: x, [a2]: y }).x(a0);
const MIN = -2147483648;

describe('division edge cases (§7.2 Table 7.1)', () => {
	it('division by zero: quotient all ones, remainder the dividend', () => {
		expect(exec(DIV, 42, 0)).toBe(-1);
		expect(exec(DIVU, 42, 0)).toBe(-1);
		expect(exec(REM, -42, 0)).toBe(-42);
		expect(exec(REMU, 42, 0)).toBe(42);
		expect(exec(DIV, MIN, 0)).toBe(-1);
	});
	it('signed overflow: -2^31 / -1 = -2^31, remainder 0', () => {
		expect(exec(DIV, MIN, -1)).toBe(MIN);
		expect(exec(REM, MIN, -1)).toBe(0);
	});
	it('rounds toward zero; the remainder has the sign of the dividend', () => {
		expect(exec(DIV, -7, 2)).toBe(-3);
		expect(exec(REM, -7, 2)).toBe(-1);
		expect(exec(DIV, 7, -2)).toBe(-3);
		expect(exec(REM, 7, -2)).toBe(1);
		expect(exec(DIVU, -7, 2)).toBe(0x7ffffffc);
		expect(exec(REMU, -7, 2)).toBe(1);
	});
	it('multiply high halves', () => {
		expect(exec(MULH, -1, -1)).toBe(0);
		expect(exec(MULHU, -1, -1)).toBe(-2);
		expect(exec(MULHSU, -1, -1)).toBe(-1);
		expect(exec(MULH, MIN, MIN)).toBe(0x40000000);
		expect(exec(MUL, 0x10000, 0x10000)).toBe(0);
	});
});

const s = (v: number) => BigInt(v | 0);
const u = (v: number) => BigInt(v >>> 0);
const lo32 = (v: bigint) => Number(BigInt.asIntN(32, v));
const hi32 = (v: bigint) => Number(BigInt.asIntN(32, v >> 32n));
const reference: [string, number, (x: number, y: number) => number][] = [
	['mul', MUL, (x, y) => lo32(s(x) * s(y))],
	['mulh', MULH, (x, y) => hi32(s(x) * s(y))],
	['mulhsu', MULHSU, (x, y) => hi32(s(x) * u(y))],
	['mulhu', MULHU, (x, y) => hi32(u(x) * u(y))],
	['div', DIV, (x, y) => (y === 0 ? -1 : x === MIN && y === -1 ? MIN : lo32(s(x) / s(y)))],
	['divu', DIVU, (x, y) => (y === 0 ? -1 : lo32(u(x) / u(y)))],
	['rem', REM, (x, y) => (y === 0 ? x : x === MIN && y === -1 ? 0 : lo32(s(x) % s(y)))],
	['remu', REMU, (x, y) => (y === 0 ? x : lo32(u(x) % u(y)))]
];

describe('agrees with a BigInt reference on random operands', () => {
	const operand = fc.oneof(
		fc.integer({ min: MIN, max: 2147483647 }),
		fc.constantFrom(0, 1, -1, MIN, 0x7fffffff, 0xffff, 0x10000)
	);
	for (const [name, word, ref] of reference)
		it(name, () => {
			fc.assert(
				fc.property(operand, operand, (x, y) => exec(word, x, y) === ref(x, y)),
				{ numRuns: 300 }
			);
		});
});
