/**
 * The teaching kernel through the session interface, as a page uses it: it boots and runs the
 * default programs with the output boot-checks.ts expects, and any pc maps to its C source line and
 * function (issue 7's source-level stepping), from the ELF's DWARF line table.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOOT_CHECKS, checkBoot } from '../../src/lib/sim/guest/boot-checks';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { createLocalSession } from '../../src/lib/sim/session';

const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
/** The unpatched image runs the default set, which the first check describes. */
const defaultCheck = BOOT_CHECKS[0];

describe('teaching kernel through the session', () => {
	it('boots, runs the boot programs and shuts down through the SBI', async () => {
		const s = createLocalSession();
		expect((await s.load({ elf: kernel }, { historyCapBytes: 8 << 20 })).ok).toBe(true);
		const r = await s.runUntil({ maxInstructions: 300_000_000 });
		expect(r.stop).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		const out = await s.console();
		expect(defaultCheck.title).toMatch(/^default set/);
		expect(checkBoot(defaultCheck, out), out).toEqual([]);
		await s.dispose();
	});

	it('maps pcs to C source lines and functions, in the kernel and at a breakpoint', async () => {
		const s = createLocalSession();
		await s.load({ elf: kernel });
		const start = await s.source();
		expect(start.symbol).toBe('_start');
		expect(start.file).toBe('kernel/start.S');

		const program = loadElf(kernel);
		const kmain = program.symbols.find((x) => x.name === 'kmain')!;
		expect(await s.setBreakpoint(kmain.addr, true)).toBe(true);
		const r = await s.runUntil({ maxInstructions: 1_000_000 });
		expect(r.reason).toBe('breakpoint');
		const here = await s.source();
		expect(here).toMatchObject({ pc: kmain.addr, file: 'kernel/main.c', symbol: 'kmain', offset: 0 });
		expect(here.line).toBeGreaterThan(0);
		// The line is the one that opens kmain in the served source.
		const text = readFileSync('src/lib/sim/guest/kernel/main.c', 'utf8').split('\n');
		expect(text[here.line! - 1]).toContain('kmain');
		await s.dispose();
	});

	it('maps an assembled program to its source lines', async () => {
		const s = createLocalSession();
		await s.load({ asm: '_start:\n\tli a0, 1\n\tli a1, 2\nloop: j loop\n', file: 'demo.s' });
		await s.step(2);
		expect(await s.source()).toMatchObject({ file: 'demo.s', line: 4, symbol: 'loop', offset: 0 });
		await s.dispose();
	});
});
