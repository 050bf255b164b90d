/** The Machine: loading, budgets, stepping, breakpoints, the retire hook, the cycle clock. */
import { describe, expect, it } from 'vitest';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { Machine } from '../../src/lib/sim/machine/machine';
import { readFileSync } from 'node:fs';
import { a0, a1, RAM, words32 } from './hart-harness';

// addi a0,a0,1 ; addi a0,a0,2 ; ebreak... no: a loop `addi a0,a0,1 ; j .-4`
const LOOP = [0x00150513 /* addi a0,a0,1 */, 0xffdff06f /* j .-4 */];

function loaded(words: number[], opts = {}) {
	const m = new Machine({ ramMiB: 1, ...opts });
	m.load({
		entry: RAM,
		segments: [
			{ addr: RAM, data: words32(words), memSize: 4096, flags: { read: true, write: true, exec: true } }
		],
		symbols: [],
		lines: []
	});
	return m;
}

describe('Machine', () => {
	it('runs a budget of instructions and resumes where it stopped', () => {
		const m = loaded(LOOP);
		expect(m.run(10)).toEqual({ kind: 'budget' });
		expect(m.hart.x[a0]).toBe(5);
		expect(m.step()).toEqual({ kind: 'budget' });
		expect(m.hart.x[a0]).toBe(6);
		expect(m.instret).toBe(11);
	});

	it('stops at a breakpoint before the instruction, and resumes through it', () => {
		const m = loaded(LOOP);
		m.addBreakpoint(RAM + 4);
		expect(m.run(100)).toEqual({ kind: 'breakpoint', pc: RAM + 4, hart: 0 });
		expect(m.hart.x[a0]).toBe(1);
		expect(m.run(100)).toEqual({ kind: 'breakpoint', pc: RAM + 4, hart: 0 });
		expect(m.hart.x[a0]).toBe(2);
		expect(m.instret).toBe(3);
		m.removeBreakpoint(RAM + 4);
		expect(m.run(100)).toEqual({ kind: 'budget' });
	});

	it('calls onRetire once per retired instruction with pc, bits, rd and the value written', () => {
		const m = loaded(LOOP);
		const seen: [number, number, number, number][] = [];
		m.onRetire = (pc, bits, rd, value) => seen.push([pc, bits, rd, value]);
		m.run(3);
		expect(seen).toEqual([
			[RAM, 0x00150513, a0, 1],
			[RAM + 4, 0xffdff06f, 0, 0],
			[RAM, 0x00150513, a0, 2]
		]);
		m.onRetire = undefined;
		m.run(3);
		expect(seen.length).toBe(3);
	});

	it('does not report trapping instructions as retired', () => {
		const m = loaded([0x00000073 /* ecall */]);
		m.hart.mtvec = RAM + 0x100;
		let n = 0;
		m.onRetire = () => n++;
		m.run(1);
		expect([n, m.instret, m.hart.traps]).toEqual([0, 0, 1]);
	});

	it('charges cycles from the cost table and derives mtime from them', () => {
		const m = loaded(LOOP, { costs: { alu: 3, jump: 5 }, cpuHz: 1000, timebaseHz: 100 });
		m.run(4);
		expect(m.cycles).toBe(16);
		expect(m.time()).toBe(1);
	});

	it('dispatches device events when the cycle clock reaches them, between instructions', () => {
		const m = loaded(LOOP);
		const fired: number[] = [];
		m.events.on('tick', () => {
			fired.push(m.cycles);
			if (fired.length < 3) m.events.schedule(m.cycles + 100, 'tick');
		});
		m.events.schedule(50, 'tick');
		expect(m.run(1000)).toEqual({ kind: 'budget' });
		expect(fired.length).toBe(3);
		// LOOP alternates 1-cycle addi and 2-cycle jal: an event fires on the instruction that reaches
		// its cycle, so at most 1 cycle late.
		expect(fired[0] - 50).toBeGreaterThanOrEqual(0);
		expect(fired[0] - 50).toBeLessThanOrEqual(1);
		expect(fired[1] - fired[0]).toBeGreaterThanOrEqual(100);
		expect(fired[1] - fired[0]).toBeLessThanOrEqual(101);
		expect(m.instret).toBe(1000);
	});

	it('restoring a snapshot also forgets instructions decoded from code modified since', () => {
		// addi a0,a0,1 ; sw a2,0(a1) ; j .-8 — the store turns the addi into addi a0,a0,16
		const m = loaded([0x00150513, 0x00c5a023, 0xff9ff06f]);
		Object.assign(m.hart.x, { [a1]: RAM, 12: 0x01050513 });
		const snap = m.snapshot();
		m.run(4);
		expect(m.hart.x[a0]).toBe(17);
		m.restore(snap);
		expect(m.hart.x[a0]).toBe(0);
		m.run(4);
		expect(m.hart.x[a0]).toBe(17);
	});

	it('restoring a snapshot and running again replays exactly', () => {
		const m = new Machine({ ramMiB: 1 });
		m.load(loadElf(new Uint8Array(readFileSync('test/programs/sort.elf')), { ramSize: 1 << 20 }));
		m.run(5_000);
		const snap = structuredClone(m.snapshot());
		m.run(20_000);
		const after = { x: Array.from(m.hart.x), pc: m.hart.pc, cycles: m.cycles, ram: m.ram.u8.slice() };
		m.run(10_000);
		m.restore(snap);
		expect(m.instret).toBe(5_000);
		m.run(20_000);
		expect({ x: Array.from(m.hart.x), pc: m.hart.pc, cycles: m.cycles, ram: m.ram.u8.slice() }).toEqual(
			after
		);
	});

	it('runs a compiled program to its finisher exit, with UART output', () => {
		const m = new Machine();
		m.load(loadElf(new Uint8Array(readFileSync('test/programs/hello.elf'))));
		expect(m.run()).toEqual({ kind: 'exited', code: 0, by: 'finisher' });
		expect(m.consoleText()).toBe('Hello from RV32 on vmscope!\n');
	});

	it('refuses programs outside RAM and bad RAM sizes', () => {
		const m = new Machine({ ramMiB: 1 });
		expect(() =>
			m.load({
				entry: 0,
				segments: [
					{
						addr: 0x1000,
						data: new Uint8Array(4),
						memSize: 4,
						flags: { read: true, write: false, exec: true }
					}
				],
				symbols: [],
				lines: []
			})
		).toThrow(/outside RAM/);
		expect(() => new Machine({ ramMiB: 0 })).toThrow(RangeError);
	});

	it('feeds UART input to the guest', () => {
		// lui a1,0x10000 ; lbu a0,0(a1)
		const m = loaded([0x100005b7, 0x0005c503]);
		m.uart.feed([0x7a]);
		m.run(2);
		expect(m.hart.x[a0]).toBe(0x7a);
	});
});

describe('slicing independence is a property of the machine', () => {
	// A device at an unused address that, on each store, schedules its completion 7 cycles later (a
	// disk or NIC will do the same); the completion records the cycle it ran at.
	const PROBE = 0x1000_8000;
	function withProbe() {
		const { program, errors } = assemble(
			`_start:	li t0, ${PROBE}
	li t1, 30
loop:	sw t1, 0(t0)
	addi t2, zero, 25
spin:	addi t2, t2, -1
	bnez t2, spin
	addi t1, t1, -1
	bnez t1, loop
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
`,
			{ base: RAM }
		);
		expect(errors).toEqual([]);
		const m = new Machine({ ramMiB: 1 });
		const fired: number[] = [];
		const stored: number[] = [];
		m.events.on('probe.done', () => fired.push(m.cycles));
		m.bus.map(PROBE, 0x100, {
			name: 'probe',
			read: () => 0,
			write: () => {
				stored.push(m.cycles);
				m.events.schedule(m.cycles + 7, 'probe.done');
				return true;
			}
		});
		m.load(program);
		return { m, fired, stored };
	}

	it('an event a device schedules mid-slice, sooner than the slice assumed, runs on its cycle', () => {
		const { m, fired, stored } = withProbe();
		expect(m.run(1e6).kind).toBe('exited');
		expect(stored).toHaveLength(30);
		// Each completion runs at the first instruction boundary at or after its cycle (cost ≤ 2 per step).
		fired.forEach((c, i) => {
			expect(c).toBeGreaterThanOrEqual(stored[i] + 7);
			expect(c).toBeLessThan(stored[i] + 7 + 8);
		});
	});

	it('gives the same events whether the run is whole or cut anywhere', () => {
		const whole = withProbe();
		whole.m.run(1e6);
		for (const cut of [1, 3, 17, 100]) {
			const split = withProbe();
			while (split.m.run(cut).kind === 'budget');
			expect(split.fired).toEqual(whole.fired);
			expect(split.m.hart.cycles).toBe(whole.m.hart.cycles);
		}
	});
});

describe('the test finisher on the machine', () => {
	it("powers off on OpenSBI's 16-bit store of 0x5555 (it spun forever before)", () => {
		const { program, errors } = assemble(
			`_start:	li t0, 0x100000
	li t1, 0x5555
	sh t1, 0(t0)
spin:	j spin
`,
			{ base: RAM }
		);
		expect(errors).toEqual([]);
		const m = new Machine({ ramMiB: 1 });
		m.load(program);
		expect(m.run(1000)).toEqual({ kind: 'exited', code: 0, by: 'finisher' });
	});
});
