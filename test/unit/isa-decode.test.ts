import { describe, expect, it } from 'vitest';
import { decode, immB, immI, immJ, immS, immU, rd, rs1, rs2 } from '../../src/lib/sim/isa/decode';
import { INSNS } from '../../src/lib/sim/isa/instructions';

describe('instruction table', () => {
	it('has unique names and every match lies inside its mask', () => {
		expect(new Set(INSNS.map((i) => i.name)).size).toBe(INSNS.length);
		for (const i of INSNS) expect(i.match & ~i.mask, i.name).toBe(0);
	});

	it('decodes every match word back to its own entry', () => {
		for (const i of INSNS) expect(decode(i.match)?.name, i.name).toBe(i.name);
	});
});

describe('decode', () => {
	it('extracts fields and immediates', () => {
		const w = 0xfff50513 | 0; // addi a0,a0,-1
		expect(decode(w)?.name).toBe('addi');
		expect([rd(w), rs1(w), immI(w)]).toEqual([10, 10, -1]);
		expect(immS(0xfea12e23 | 0)).toBe(-4); // sw a0,-4(sp)
		expect(rs2(0xfea12e23 | 0)).toBe(10);
		expect(immB(0xfe0008e3 | 0)).toBe(-16); // beqz zero,.-16
		expect(immJ(0x0080006f)).toBe(8); // j .+8
		expect(immJ(0xfe1ff06f | 0)).toBe(-32); // j .-32
		expect(immU(0x800002b7 | 0)).toBe(0x80000000 | 0); // lui t0,0x80000
	});

	it('prefers fence.tso over fence and rejects unknown words', () => {
		expect(decode(0x8330000f | 0)?.name).toBe('fence.tso');
		expect(decode(0x0ff0000f)?.name).toBe('fence');
		expect(decode(0)).toBeUndefined();
		expect(decode(-1)).toBeUndefined();
		expect(decode(0x4000)).toBeUndefined(); // a compressed encoding
	});
});
