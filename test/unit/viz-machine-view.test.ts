/**
 * What the playground adapter gives the CSR and memory views with each view: CSRs with their values
 * before the last step, the memory window (fixed or following a register, only the visible rows),
 * the last access, and register edits that stay in the session's history.
 */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { createLocalSession } from '../../src/lib/sim/session';
import { groupCsrs } from '../../src/lib/viz/machine/csr-groups';
import { BYTES_PER_ROW, VISIBLE_ROWS, memoryRows } from '../../src/lib/viz/machine/memory-rows';
import { EXAMPLES } from '../../src/routes/playground/examples';
import { DEFAULT_MACHINE_OPTIONS, PlaygroundMachine } from '../../src/routes/playground/machine-adapter';

async function loaded(id: string) {
	const source = EXAMPLES.find((e) => e.id === id)!.source;
	const r = assemble(source, { file: 'program.s' });
	expect(r.errors).toEqual([]);
	const m = new PlaygroundMachine(createLocalSession());
	expect(await m.load(r.program, DEFAULT_MACHINE_OPTIONS)).toEqual([]);
	return m;
}

async function steps(m: PlaygroundMachine, n: number) {
	for (let i = 0; i < n; i++) await m.step();
	return m.view();
}

const value = (csrs: readonly { name: string; value: number }[], name: string) =>
	csrs.find((c) => c.name === name)?.value;

describe('the machine view for the CSR view', () => {
	it('gives the CSRs and their values before the last step, so the trap is marked', async () => {
		const m = await loaded('trap');
		const first = await m.view();
		expect(first.csrsBefore).toEqual([]); // nothing to compare with just after load
		// la t0 (two), csrw mtvec, li s0; then ecall: the trap.
		await steps(m, 4);
		const v = await steps(m, 1);
		expect(value(v.csrs, 'mcause')).toBe(11);
		expect(value(v.csrsBefore, 'mcause')).toBe(0);
		const trap = groupCsrs(v.csrs, v.csrsBefore).find((g) => g.id === 'trap')!;
		const changed = trap.rows.filter((r) => r.changed).map((r) => r.name);
		expect(changed).toEqual(['mcause', 'mepc']);
		expect(trap.rows.find((r) => r.name === 'mcause')!.reading).toBe('11 environment call from M-mode');
		// Viewing again without a step keeps the marks (they belong to the last step).
		expect((await m.view()).csrsBefore).toEqual(v.csrsBefore);
		// Steps made without a view between them (a run) count as one: since the last view.
		const run = await steps(m, 3);
		expect(value(run.csrsBefore, 'mepc')).toBe(value(v.csrs, 'mepc'));
		await m.dispose();
	});
});

describe('the machine view for the memory view', () => {
	it('reads only the visible rows, from a fixed start or around a followed register', async () => {
		const m = await loaded('call');
		let v = await m.view();
		expect(v.memoryWindow).toMatchObject({ start: 0x8000_0000, inRam: true, follow: 'none' });
		expect(v.memoryWindow.bytes.length).toBe(VISIBLE_ROWS * BYTES_PER_ROW);
		expect(v.ram).toEqual({ start: 0x8000_0000, end: 0x8010_0000 });

		m.setMemoryWindow(v.memoryWindow.start, 'sp');
		// la sp (two), li a0, call (two), addi sp,sp,-8, sw ra,4(sp).
		v = await steps(m, 7);
		const sp = v.x[2] >>> 0;
		expect(v.memoryWindow.follow).toBe('sp');
		expect(v.memoryWindow.start).toBe(sp - (sp % 16) - 32);
		expect(v.lastAccess).toEqual({ va: sp + 4, pa: sp + 4, size: 4, write: true });
		const rows = memoryRows(
			v.memoryWindow.start,
			v.memoryWindow.bytes,
			v.ram,
			v.memoryWindow.inRam,
			v.lastAccess
		);
		const stored = rows.flatMap((r) => r.cells).filter((c) => c.accessed);
		expect(stored.map((c) => c.text)).toEqual(['14', '00', '00', '80']); // ra = 0x80000014

		// Past the end of RAM: the session says not all of it is RAM.
		m.setMemoryWindow(0x800f_fff0, 'none');
		v = await m.view();
		expect(v.memoryWindow).toMatchObject({ start: 0x800f_fff0, inRam: false });
		await m.dispose();
	});
});

describe('register edits', () => {
	it('change x and pc, and stay when stepping back and forward over them', async () => {
		const m = await loaded('loop');
		await steps(m, 3); // li a0,0; li t0,1; li t1,10
		await m.setRegister(10, 0x2a);
		expect((await m.view()).x[10]).toBe(0x2a);
		expect((await steps(m, 1)).x[10]).toBe(0x2b); // add a0,a0,t0
		await m.stepBack();
		expect((await m.view()).x[10]).toBe(0x2a);
		expect((await steps(m, 1)).x[10]).toBe(0x2b);
		await m.setRegister(32, 0x8000_0000);
		expect((await m.view()).pc).toBe(0x8000_0000);
		await m.dispose();
	});
});
