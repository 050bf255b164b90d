/** What a student may type as a register's new value (the register view's editor). */
import { describe, expect, it } from 'vitest';
import { describeEdit, parseWord } from '../../src/lib/viz/machine/format';

const value = (t: string) => {
	const r = parseWord(t);
	return r.ok ? r.value : r.error;
};

describe('register values typed by a student', () => {
	it('accept hex, unsigned and signed decimal, as a 32-bit pattern', () => {
		expect(value('0x2a')).toBe(42);
		expect(value('0X8000_0000')).toBe(0x8000_0000);
		expect(value('0x0000000000ff')).toBe(255); // leading zeros do not count as width
		expect(value(' 42 ')).toBe(42);
		expect(value('4294967295')).toBe(0xffff_ffff);
		expect(value('-1')).toBe(0xffff_ffff);
		expect(value('-2147483648')).toBe(0x8000_0000);
		expect(value('+7')).toBe(7);
	});

	it('refuse what does not fit or is not a number, saying why', () => {
		expect(value('0x123456789')).toBe('More than 32 bits: at most 8 hex digits.');
		expect(value('4294967296')).toBe('Above 4294967295, the largest 32-bit value.');
		expect(value('-2147483649')).toBe('Below -2147483648, the smallest 32-bit value.');
		expect(value('forty')).toBe('Not a number: type hex (0x2a) or decimal (42, -1).');
		expect(value('')).toMatch(/^Not a number/);
		expect(value('0x')).toMatch(/^Not a number/);
		expect(value('1.5')).toMatch(/^Not a number/);
	});
});

describe('the status line after an edit', () => {
	it('names the register both ways, or pc, with the value in hex', () => {
		expect(describeEdit(10, 42)).toBe('Set a0 (x10) to 0x0000002a.');
		expect(describeEdit(32, 0x8000_0010)).toBe('Set pc to 0x80000010.');
	});
});
