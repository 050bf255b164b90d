/**
 * boot-programs.ts on the committed kernel image: it finds `boot_programs` where the ELF's
 * symbol table says, reads the default list, and patches a copy without touching any other byte.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	BootProgramsError,
	findBootPrograms,
	GUEST_PROGRAMS,
	patchBootPrograms,
	readBootPrograms
} from '../../src/lib/sim/guest/boot-programs';

const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));

describe('boot_programs in static/guest/kernel.elf', () => {
	it('is a 256-byte array in the .bootprogs section, inside the kernel', () => {
		const at = findBootPrograms(kernel);
		expect(at.size).toBe(256);
		expect(at.address).toBeGreaterThanOrEqual(0x8020_0000);
		expect(at.address % 4096).toBe(0); // alone on its page (kernel.ld)
		expect(at.offset + at.size).toBeLessThanOrEqual(kernel.length);
	});

	it('defaults to the five programs of the issue (parent and the scheduling workloads run only when asked for)', () => {
		expect(readBootPrograms(kernel)).toEqual(['hello', 'sleeper', 'spin', 'memtouch', 'faulty']);
		expect([...GUEST_PROGRAMS].sort()).toEqual(
			[
				...readBootPrograms(kernel),
				'parent',
				'hog',
				'interactive',
				'batch',
				'diskcheck',
				'diskbench',
				'diskown',
				'ping',
				'udpserver',
				'udpclient',
				'pingpeer',
				'udpflood'
			].sort()
		);
	});

	it('patches a copy and changes only the array', () => {
		const patched = patchBootPrograms(kernel, ['spin', 'spin', 'hello']);
		expect(readBootPrograms(patched)).toEqual(['spin', 'spin', 'hello']);
		expect(readBootPrograms(kernel)).toEqual(['hello', 'sleeper', 'spin', 'memtouch', 'faulty']);
		const { offset, size } = findBootPrograms(kernel);
		const want = new Uint8Array(size);
		want.set(new TextEncoder().encode('spin\0spin\0hello\0'));
		expect(patched.subarray(offset, offset + size)).toEqual(want);
		const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
		expect(same(patched.subarray(0, offset), kernel.subarray(0, offset))).toBe(true);
		expect(same(patched.subarray(offset + size), kernel.subarray(offset + size))).toBe(true);
	});

	it('an empty list is an array of zeros', () => {
		expect(readBootPrograms(patchBootPrograms(kernel, []))).toEqual([]);
	});

	it('rejects names it cannot encode and lists that do not fit', () => {
		expect(() => patchBootPrograms(kernel, [''])).toThrow(BootProgramsError);
		expect(() => patchBootPrograms(kernel, ['a b'])).toThrow(/bad program name/);
		expect(() => patchBootPrograms(kernel, ['x\0y'])).toThrow(/bad program name/);
		expect(() => patchBootPrograms(kernel, Array(52).fill('hello'))).toThrow(/does not fit/);
		expect(readBootPrograms(patchBootPrograms(kernel, Array(42).fill('hello')))).toHaveLength(42);
	});

	it('rejects files that are not the kernel', () => {
		expect(() => findBootPrograms(new Uint8Array(100))).toThrow(/not an ELF/);
		const user = new Uint8Array(readFileSync('static/guest/user/hello.elf'));
		expect(() => findBootPrograms(user)).toThrow(/no symbol boot_programs/);
		expect(() => findBootPrograms(kernel.subarray(0, 4000))).toThrow(BootProgramsError);
	});
});
