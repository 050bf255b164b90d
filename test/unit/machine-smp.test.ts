/** Several harts on one machine: start state, deterministic interleaving, LR/SC across harts. */
import { describe, expect, it } from 'vitest';
import { Machine, type MachineOptions } from '../../src/lib/sim/machine/machine';
import { a0, a1, a2, DATA, peek32, RAM, words32 } from './hart-harness';

const LOOP = [0x00160613 /* addi a2,a2,1 */, 0xffdff06f /* j .-4 */];

function machine(words: number[], opts: MachineOptions) {
	const m = new Machine({ ramMiB: 1, ...opts });
	m.load({
		entry: RAM,
		segments: [
			{ addr: RAM, data: words32(words), memSize: 8192, flags: { read: true, write: true, exec: true } }
		],
		symbols: [],
		lines: []
	});
	return m;
}

describe('several harts', () => {
	it('all start at the entry with a0 = mhartid, and mhartid reads their number', () => {
		const m = machine([0xf1402573 /* csrr a0,mhartid */, ...LOOP], { harts: 4 });
		expect(m.harts.map((h) => h.x[a0])).toEqual([0, 1, 2, 3]);
		m.run(40);
		expect(m.harts.map((h) => h.x[a0])).toEqual([0, 1, 2, 3]);
	});

	it('interleave in quanta by cycles: equal work gives equal progress, and runs are repeatable', () => {
		const run = () => {
			const m = machine(LOOP, { harts: 3, quantum: 10 });
			m.run(3000);
			return m.harts.map((h) => [h.x[a2], h.instret, h.cycles]);
		};
		const first = run();
		expect(first.map(([n]) => n)).toEqual([500, 500, 500]);
		expect(run()).toEqual(first);
	});

	it("another hart's turn drops a reservation, so an SC after it fails (and the next try succeeds)", () => {
		// lr.w a0,(a1) ; addi a2,a2,1 ×k … ; sc.w a0,a2,(a1): with quantum 1 the other hart runs between
		const m = machine([0x1005a52f /* lr.w a0,(a1) */, 0x18c5a52f /* sc.w a0,a2,(a1) */, ...LOOP], {
			harts: 2,
			quantum: 1
		});
		for (const h of m.harts) [h.x[a1], h.x[a2]] = [DATA, 7];
		m.run(4); // hart 0 lr, hart 1 lr, hart 0 sc (fails), hart 1 sc (fails)
		expect(m.harts.map((h) => h.x[a0])).toEqual([1, 1]);
		const solo = machine([0x1005a52f, 0x18c5a52f, ...LOOP], { harts: 2, quantum: 2 });
		for (const h of solo.harts) [h.x[a1], h.x[a2]] = [DATA, 7];
		solo.run(2); // hart 0 runs lr and sc in one quantum
		expect(solo.harts[0].x[a0]).toBe(0);
		expect(peek32(solo, DATA)).toBe(7);
	});

	it('a budget counts the steps of all harts', () => {
		const m = machine(LOOP, { harts: 2 });
		expect(m.run(100)).toEqual({ kind: 'budget' });
		expect(m.instret).toBe(100);
	});

	it('refuses 0 or more than 8 harts', () => {
		expect(() => new Machine({ ramMiB: 1, harts: 0 })).toThrow(RangeError);
		expect(() => new Machine({ ramMiB: 1, harts: 9 })).toThrow(RangeError);
	});
});

describe('a waiting hart does not run ahead (WFI with several harts)', () => {
	it('a hart in WFI wakes at the time of the IPI, not at a far-off timer another hart half-wrote', async () => {
		const { assemble } = await import('../../src/lib/sim/isa/asm/index');
		// Hart 0 rewrites its 64-bit mtimecmp as OpenSBI does on RV32 (high word all ones, low, high),
		// leaving a compare far in the future; then it works a while and sends hart 1 an IPI (msip).
		// Hart 1 waits in WFI for it. Before the fix its clock jumped to that far compare.
		const { program, errors } = assemble(
			`_start:	csrr a0, mhartid
	bnez a0, secondary
	li t0, 0x2004000          # mtimecmp of hart 0
	li t1, -1
	sw t1, 4(t0)
	li t1, 0x100
	sw t1, 0(t0)
	li t1, 0x10
	sw t1, 4(t0)              # 0x10_0000_0100 ticks: hours ahead
	li t2, 3000
work:	addi t2, t2, -1
	bnez t2, work
	csrr s0, mcycle
	la t3, sent
	sw s0, 0(t3)
	li t0, 0x2000004          # msip of hart 1
	li t1, 1
	sw t1, 0(t0)
wait:	la t3, woke
	lw t4, 0(t3)
	beqz t4, wait
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
secondary:
	li t0, 8                  # mie.MSIE
	csrw mie, t0
sleep:	wfi
	csrr t0, mip
	andi t0, t0, 8
	beqz t0, sleep
	csrr s1, mcycle
	la t3, woke
	sw s1, 0(t3)
idle:	j idle
	.align 4
sent:	.word 0
woke:	.word 0
`,
			{ base: RAM }
		);
		expect(errors).toEqual([]);
		for (const quantum of [1, 100, 1000]) {
			const m = new Machine({ ramMiB: 1, harts: 2, quantum });
			m.load(program);
			expect(m.run(200_000)).toEqual({ kind: 'exited', code: 0, by: 'finisher' });
			const at = (name: string) => program.symbols.find((s) => s.name === name)!.addr;
			const sent = m.bus.read(at('sent'), 4) >>> 0;
			const woke = m.bus.read(at('woke'), 4) >>> 0;
			expect(woke).toBeGreaterThanOrEqual(sent);
			// Woken within a turn of the IPI: hart 0 runs at most a quantum (≤ 2 cycles a step) past it.
			expect(woke - sent).toBeLessThan(2 * quantum + 100);
		}
	});
});
