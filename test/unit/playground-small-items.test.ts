/**
 * The smaller things of issue 20, item 7: ELF errors that say what to do, mapping symbols kept out
 * of the disassembly, breakpoints in the link, and a damaged link told apart from no link.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadElf, ElfError } from '../../src/lib/sim/isa/elf';
import { symbolizer, rowsAround } from '../../src/lib/viz/machine/disassembly';
import { elfAdvice } from '../../src/routes/playground/elf-advice';
import { decodeSession, encodeSession, isDamagedLink } from '../../src/routes/playground/share';

function elfError(bytes: Uint8Array): string {
	try {
		loadElf(bytes, { ramSize: 16 << 20 });
	} catch (e) {
		if (e instanceof ElfError) return e.message;
		throw e;
	}
	return '';
}

const KERNEL = new Uint8Array(readFileSync('static/guest/kernel.elf'));

describe('ELF errors say what to do', () => {
	it('a 64-bit ELF: build for RV32 with the flags', () => {
		const elf64 = KERNEL.slice();
		elf64[4] = 2;
		expect(elfAdvice(elfError(elf64), 16)).toBe(
			'This is a 64-bit ELF; vmscope runs 32-bit RISC-V: build with riscv64-unknown-elf-gcc -march=rv32ima_zicsr -mabi=ilp32.'
		);
	});

	it('not an ELF, another processor, linked outside RAM', () => {
		expect(elfAdvice(elfError(new TextEncoder().encode('int main() {}\n'.repeat(8))), 16)).toMatch(
			/^This is not an ELF file/
		);
		const x86 = KERNEL.slice();
		x86[18] = 62;
		x86[19] = 0;
		expect(elfAdvice(elfError(x86), 16)).toMatch(/^This ELF is for another processor, not RISC-V/);
		const user = new Uint8Array(readFileSync('static/guest/user/hello.elf'));
		expect(elfAdvice(elfError(user), 16)).toMatch(/link it at 0x80000000 or above .* within the 16 MiB/);
	});
});

describe('mapping symbols', () => {
	it('are neither labels nor branch targets in the disassembly', () => {
		const kernel = loadElf(KERNEL);
		expect(kernel.symbols.some((s) => s.name.startsWith('$x'))).toBe(true);
		const sym = symbolizer(kernel);
		const rows = rowsAround(kernel, kernel.entry, () => 0x0000006f, sym, 0, 40);
		for (const r of rows) {
			expect(r.label ?? '').not.toMatch(/^\$/);
			expect(r.text).not.toContain('$x');
		}
		expect(sym.symbolize?.(kernel.entry)).not.toMatch(/^\$/);
	});
});

describe('the link', () => {
	it('keeps the breakpoint markers, and old links without them still open', async () => {
		const hash = await encodeSession({ source: 'nop\nnop\n', options: { ramMiB: 1 }, breakpoints: [2] });
		expect(await decodeSession(hash)).toEqual({
			source: 'nop\nnop\n',
			options: { ramMiB: 1 },
			breakpoints: [2]
		});
		const old = await encodeSession({ source: 'nop\n', options: { ramMiB: 1 } });
		expect((await decodeSession(old))?.breakpoints).toBeUndefined();
	});

	it('tells a damaged link from no link', async () => {
		const hash = await encodeSession({ source: 'nop\n'.repeat(50), options: { ramMiB: 1 } });
		expect(await isDamagedLink(hash)).toBe(false);
		expect(await isDamagedLink(hash.slice(0, hash.length - 10))).toBe(true);
		expect(await isDamagedLink('')).toBe(false);
		expect(await isDamagedLink('#section')).toBe(false);
	});
});

describe('the page-walk view on a TLB hit', () => {
	it('says the latest translation hit the TLB instead of leaving the old walk unexplained', async () => {
		const { PlaygroundMachine, DEFAULT_MACHINE_OPTIONS } =
			await import('../../src/routes/playground/machine-adapter');
		const { createLocalSession } = await import('../../src/lib/sim/session');
		const { EXAMPLES } = await import('../../src/routes/playground/examples');
		const { assemble } = await import('../../src/lib/sim/isa/asm/index');
		const src = EXAMPLES.find((e) => e.id === 'paging')!.source;
		const program = assemble(src).program;
		const m = new PlaygroundMachine(createLocalSession());
		expect(await m.load(program, DEFAULT_MACHINE_OPTIONS)).toEqual([]);
		const supervisor = program.symbols.find((s) => s.name === 'supervisor')!.addr;
		// li s2; lw (a walk for VA 0x00401120); addi; sw to the same page: a TLB hit, no walk.
		let v = await m.view();
		for (let i = 0; i < 200 && v.pc !== supervisor; i++) {
			await m.step();
			v = await m.view();
		}
		for (let i = 0; i < 4; i++) await m.step();
		v = await m.view();
		expect(v.lastAccess?.va).toBe(0x00401124);
		expect(v.pageWalk?.va).toBe(0x00401120);
		expect(v.tlbHit).toBe(0x00401124);
	});
});
