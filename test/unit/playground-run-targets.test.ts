/** Run to function's list (issue 20, item 7) and the user programs the site serves for the kernel. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { runTargets } from '../../src/routes/playground/run-targets';
import { USER_PROGRAMS, describeSpace } from '../../src/routes/playground/address-space';

describe('run targets', () => {
	it('lists the kernel’s functions, then each user program’s as program:function', () => {
		const kernel = loadElf(new Uint8Array(readFileSync('static/guest/kernel.elf')));
		const hello = loadElf(new Uint8Array(readFileSync('static/guest/user/hello.elf')), {
			ramBase: 0,
			ramSize: 2 ** 32
		});
		const targets = runTargets(kernel, new Map([['hello', hello]]));
		const names = targets.map((t) => t.name);
		expect(names).toContain('kmain');
		expect(names).toContain('sys_write');
		const main = targets.find((t) => t.name === 'hello:main');
		expect(main?.user).toBe('hello');
		expect(main?.addr).toBe(hello.symbols.find((s) => s.name === 'main')!.addr);
		expect(names.indexOf('kmain')).toBeLessThan(names.indexOf('hello:main'));
		expect(new Set(names).size).toBe(names.length);
	});
});

describe('the kernel’s user programs', () => {
	it('are the ELF files the site ships, and the ones the kernel embeds', () => {
		const shipped = readdirSync('static/guest/user')
			.filter((f) => f.endsWith('.elf'))
			.map((f) => f.replace(/\.elf$/, ''));
		expect([...USER_PROGRAMS].sort()).toEqual(shipped.sort());
		const embedded = [
			...readFileSync('src/lib/sim/guest/kernel/programs.S', 'utf8').matchAll(/^\tprogram (\w+)$/gm)
		].map((m) => m[1]);
		expect([...USER_PROGRAMS]).toEqual(embedded);
	});

	it('the views say which addresses they show', () => {
		expect(describeSpace({ virtual: true, satp: 0x800803ff }, 0)).toBe(
			'Virtual addresses (U-mode), translated through the page table of satp 0x800803ff (Sv32).'
		);
		expect(describeSpace({ virtual: false, satp: 0 }, 3)).toBe(
			'Physical addresses: M-mode does not translate.'
		);
		expect(describeSpace({ virtual: false, satp: 0 }, 1)).toBe(
			'Physical addresses: satp is Bare, so S-mode does not translate.'
		);
	});
});
