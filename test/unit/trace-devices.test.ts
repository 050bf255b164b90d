/**
 * Device events name the hart that caused them: with several harts a `device-access` is the running
 * hart's (at its cycle), and every console byte is a `device-event` of the source that really sent it
 * (the UART, HTIF, or the SBI firmware's console), of the hart that asked.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/lib/sim/machine/machine';
import type { EventOf, TraceEvent } from '../../src/lib/sim/trace/events';
import { TraceHub } from '../../src/lib/sim/trace/hub';
import { assembleOrThrow } from './trace-programs';

/** Hart 0 spins in a loop touching no device; hart 1 writes `n` bytes to the UART THR, then exits. */
const SPIN_AND_PRINT = (n: number) =>
	assembleOrThrow(`
	.globl _start
_start:
	bnez a0, writer          # a0 = mhartid
spin:
	addi t0, t0, 1
	j spin
writer:
	li s2, 0x10000000        # UART THR
	li s0, ${n}
1:	li t1, 65
	sb t1, 0(s2)
	addi s0, s0, -1
	bnez s0, 1b
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)             # test finisher: pass
2:	j 2b
`);

function record(m: Machine, kinds: string[], budget: number) {
	const hub = new TraceHub(m);
	const events: TraceEvent[] = [];
	hub.subscribe(kinds, (e) => events.push(e));
	const why = m.run(budget);
	return { events, why };
}

describe('device-access events name the hart that made the access', () => {
	it('2 harts, only hart 1 writes the UART: every access is hart 1’s, at its cycle', () => {
		const m = new Machine({ ramMiB: 1, harts: 2, quantum: 7, consoleOut: () => {} });
		m.load(SPIN_AND_PRINT(200));
		const cycles: number[] = [];
		const { events, why } = record(m, ['device-access'], 1e6);
		expect(why).toMatchObject({ kind: 'exited', code: 0 });
		const uart = events.filter(
			(e): e is EventOf<'device-access'> => e.kind === 'device-access' && e.device === 'uart16550'
		);
		expect(uart).toHaveLength(200);
		expect(uart.filter((e) => e.hart !== 1)).toEqual([]);
		for (const e of uart) cycles.push(e.cycle);
		// Hart 1's own clock: strictly increasing, and never behind where the first write happened.
		expect(cycles).toEqual([...cycles].sort((a, b) => a - b));
		expect(m.harts[1].cycles).toBeGreaterThanOrEqual(cycles[cycles.length - 1]);
	});
});

describe('device observers are lists', () => {
	it('two hubs (and a direct observer) see the same device accesses and events; leaving is independent', () => {
		const m = new Machine({ ramMiB: 1, harts: 2, quantum: 7, consoleOut: () => {} });
		m.load(SPIN_AND_PRINT(50));
		const a: TraceEvent[] = [];
		const b: TraceEvent[] = [];
		const offA = new TraceHub(m).subscribe(['device-access', 'device-event'], (e) => a.push(e));
		new TraceHub(m).subscribe(['device-access', 'device-event'], (e) => b.push(e));
		let direct = 0;
		const offDirect = m.bus.hooks.deviceAccess.add(() => direct++);
		m.run(300);
		expect(a.length).toBeGreaterThan(0);
		expect(b).toEqual(a);
		expect(direct).toBe(a.filter((e) => e.kind === 'device-access').length);
		offA();
		offDirect();
		const before = b.length;
		m.run(1e6);
		expect(b.length).toBeGreaterThan(before);
		expect(a.length).toBe(before);
	});
});
