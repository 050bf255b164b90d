/**
 * With several harts the schedule is machine state (the current turn is in the snapshot), so cutting
 * a run into run() calls anywhere never changes the interleaving: run(a); run(b) is run(a + b).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadElf } from '../../src/lib/sim/isa/elf';
import type { Program } from '../../src/lib/sim/isa/program';
import { Machine, type MachineSnapshot } from '../../src/lib/sim/machine/machine';
import { createLocalSession } from '../../src/lib/sim/session/local';
import { decodeSnapshot, encodeSnapshot } from '../../src/lib/sim/trace/snapshot-file';
import { assembleOrThrow } from './trace-programs';

/** test/programs/smp.c: a spinlock on amoswap, LR/SC and AMO counters, then IPIs; 4 harts. */
const SMP = loadElf(new Uint8Array(readFileSync('test/programs/smp.elf')), { ramSize: 1 << 20 });

/**
 * Every hart: LR/SC increments and AMO adds on shared words, plain stores beside them, a CLINT
 * timer interrupt on hart 0 re-armed by its handler; all end in a loop (harts 2..4).
 */
const SHARED = assembleOrThrow(`
	.globl _start
_start:
	la t0, handler
	csrw mtvec, t0
	bnez a0, 1f
	li a5, 0x02004000        # mtimecmp of hart 0
	li t0, 700
	sw zero, 4(a5)
	sw t0, 0(a5)
	li t0, 0x80
	csrs mie, t0
	csrsi mstatus, 8
1:	la s0, shared
	li s1, 0
loop:
	lr.w t1, (s0)
	addi t1, t1, 1
	sc.w t2, t1, (s0)
	bnez t2, loop
	li t3, 1
	addi t6, s0, 4
	amoadd.w zero, t3, (t6)
	slli t4, a0, 2
	add t4, t4, s0
	sw s1, 8(t4)
	addi s1, s1, 1
	li t5, 3000
	blt s1, t5, loop
2:	j 2b
handler:
	lw t5, 0(a5)
	addi t5, t5, 911
	sw t5, 0(a5)
	mret
	.data
	.balign 4
shared:
	.space 64
`);

const SHARED_AT = SHARED.symbols.find((x) => x.name === 'shared')?.addr ?? NaN;

function machine(program: Program, harts: number, quantum: number): Machine {
	const m = new Machine({ ramMiB: 1, harts, quantum, consoleOut: () => {} });
	m.load(program);
	return m;
}

function expectSameState(a: MachineSnapshot, b: MachineSnapshot): void {
	expect(Buffer.from(a.ram).equals(Buffer.from(b.ram))).toBe(true);
	expect({ ...a, ram: null }).toEqual({ ...b, ram: null });
}

/** Run `total` steps in the given cuts (the rest in one go), stopping early if the machine ends. */
function runCut(m: Machine, total: number, cuts: number[]): void {
	let done = 0;
	for (const c of [...cuts, Infinity]) {
		const n = Math.min(c, total - done);
		if (n <= 0) break;
		// A run that ends at its budget took exactly n steps (interrupts are not steps, so counting
		// instret + traps here would take an interrupt for a step and end the cut run one step short).
		if (m.run(n).kind !== 'budget') break;
		done += n;
	}
}

describe('several harts, a run cut anywhere', () => {
	it('smp.c on 4 harts ends in the same state whole and cut at random budgets (property)', () => {
		const total = 200_000;
		const whole = machine(SMP, 4, 1000);
		runCut(whole, total, []);
		const want = whole.snapshot();
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 30 }),
				(cuts) => {
					const m = machine(SMP, 4, 1000);
					runCut(m, total, cuts);
					expectSameState(m.snapshot(), want);
				}
			),
			{ numRuns: 15 }
		);
	});

	it('shared atomics on 2 to 4 harts, any quantum (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 2, max: 4 }),
				fc.integer({ min: 1, max: 300 }),
				fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 40 }),
				(harts, quantum, cuts) => {
					const total = 30_000;
					const whole = machine(SHARED, harts, quantum);
					runCut(whole, total, []);
					const m = machine(SHARED, harts, quantum);
					runCut(m, total, cuts);
					expectSameState(m.snapshot(), whole.snapshot());
				}
			),
			{ numRuns: 40 }
		);
	});

	it('a snapshot (and its file) carries the turn: restored mid-quantum, the future is the same', () => {
		const a = machine(SHARED, 3, 100);
		a.run(12_345);
		const snap = a.snapshot();
		expect(snap.turn?.left).toBeGreaterThan(0);
		const b = machine(SHARED, 3, 100);
		b.restore(decodeSnapshot(encodeSnapshot(snap)).state); // through the snapshot file
		a.run(20_000);
		b.run(20_000);
		expectSameState(b.snapshot(), a.snapshot());
	});

	it('the session steps back N and forward N with 2 harts to the identical state (property)', async () => {
		const s = createLocalSession();
		await s.load({ program: SHARED }, { ramMiB: 1, harts: 2, checkpointInterval: 1500 });
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 12_000 }),
				fc.integer({ min: 1, max: 12_000 }),
				fc.option(fc.tuple(fc.nat(12_000), fc.nat(3000), fc.integer({ min: 0, max: 1 }))),
				async (at, n, edit) => {
					await s.reset();
					// An edit on either hart (its loop counter s1) and to the shared words, on the way.
					if (edit && edit[0] < at) {
						await s.step(edit[0]);
						await s.setRegister(edit[2], 9, edit[1]);
						await s.writeMemory(SHARED_AT + 8, Uint8Array.of(edit[1] & 255, 1, 2, 3));
					}
					await s.step(at - (await s.status()).position);
					const here = Buffer.from(await s.saveSnapshot()).toString('base64');
					const r = await s.stepBack(n);
					expect(r.position).toBe(Math.max(0, at - n));
					await s.step(at - r.position);
					expect(Buffer.from(await s.saveSnapshot()).toString('base64')).toBe(here);
				}
			),
			{ numRuns: 25 }
		);
	});
});
