/** A extension (unprivileged chapter 8): LR/SC reservations and AMOs, aligned words only. */
import { describe, expect, it } from 'vitest';
import { a0, a1, a2, DATA, peek32, poke32, RAM, run, trapOf } from './hart-harness';

const LR = 0x1005a52f; // lr.w a0,(a1)
const SC = 0x18c5a52f; // sc.w a0,a2,(a1)
const init = (v: number) => (m: import('../../src/lib/sim/machine/machine').Machine) => poke32(m, DATA, v);

describe('LR/SC (§8.2)', () => {
	it('LR then SC to the same address succeeds (rd = 0) and stores', () => {
		const r = run([LR, SC], { [a1]: DATA, [a2]: 99 }, 2, {}, init(5));
		expect(r.x(a0)).toBe(0);
		expect(peek32(r.m, DATA)).toBe(99);
	});
	it('SC without a reservation fails (rd = 1) and does not store', () => {
		const r = run([SC], { [a1]: DATA, [a2]: 99 }, 1, {}, init(5));
		expect(r.x(a0)).toBe(1);
		expect(peek32(r.m, DATA)).toBe(5);
	});
	it('SC to an address other than the reserved one fails', () => {
		// lr.w a0,(a1) ; addi a1,a1,4 ; sc.w a0,a2,(a1)
		const r = run([LR, 0x00458593, SC], { [a1]: DATA, [a2]: 99 }, 3);
		expect(r.x(a0)).toBe(1);
		expect(peek32(r.m, DATA + 4)).toBe(0);
	});
	it('a second SC fails: the first one consumed the reservation', () => {
		const r = run([LR, SC, SC], { [a1]: DATA, [a2]: 7 }, 3);
		expect(r.x(a0)).toBe(1);
	});
	it('misaligned LR raises load address-misaligned; misaligned SC store/AMO address-misaligned', () => {
		expect(trapOf(run([LR], { [a1]: DATA + 2 }).m)).toEqual({ cause: 4, tval: DATA + 2, epc: RAM });
		expect(trapOf(run([SC], { [a1]: DATA + 1 }).m)).toEqual({ cause: 6, tval: DATA + 1, epc: RAM });
	});
});

describe('AMOs (§8.4): rd gets the old value, memory the result', () => {
	const cases: [string, number, number, number, number][] = [
		['amoswap.w', 0x08c5a52f, 5, 9, 9],
		['amoadd.w', 0x00c5a52f, 0x7fffffff, 1, 0x80000000],
		['amoxor.w', 0x20c5a52f, 0xff00, 0x0ff0, 0xf0f0],
		['amoand.w', 0x60c5a52f, 0xff00, 0x0ff0, 0x0f00],
		['amoor.w', 0x40c5a52f, 0xff00, 0x0ff0, 0xfff0],
		['amomin.w', 0x80c5a52f, -5, 3, -5 >>> 0],
		['amomax.w', 0xa0c5a52f, -5, 3, 3],
		['amominu.w', 0xc0c5a52f, -5, 3, 3],
		['amomaxu.w', 0xe0c5a52f, -5, 3, -5 >>> 0],
		['amoadd.w.aqrl', 0x06c5a52f, 1, 2, 3]
	];
	for (const [name, word, old, src, result] of cases)
		it(name, () => {
			const r = run([word], { [a1]: DATA, [a2]: src }, 1, {}, init(old));
			expect(r.x(a0)).toBe(old | 0);
			expect(peek32(r.m, DATA)).toBe(result >>> 0);
		});

	it('a misaligned AMO raises store/AMO address-misaligned (cause 6)', () => {
		const r = run([0x00c5a52f /* amoadd.w a0,a2,(a1) */], { [a1]: DATA + 2, [a0]: 3 });
		expect(trapOf(r.m)).toEqual({ cause: 6, tval: DATA + 2, epc: RAM });
		expect(r.x(a0)).toBe(3);
	});
	it('an AMO outside RAM raises store/AMO access fault; LR outside RAM load access fault', () => {
		expect(trapOf(run([0x00c5a52f], { [a1]: 0x1000_0000 }).m)).toEqual({
			cause: 7,
			tval: 0x1000_0000,
			epc: RAM
		});
		expect(trapOf(run([LR], { [a1]: 0x40 }).m)).toEqual({ cause: 5, tval: 0x40, epc: RAM });
	});
});
