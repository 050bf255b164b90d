/**
 * Device events name the hart that caused them: with several harts a `device-access` is the running
 * hart's (at its cycle), and every console byte is a `device-event` of the source that really sent it
 * (the UART, HTIF, or the SBI firmware's console), of the hart that asked.
 */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { Machine } from '../../src/lib/sim/machine/machine';
import { createLocalSession } from '../../src/lib/sim/session/local';
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

/** Console bytes as the session reports them (device-event, what 'tx'), from a program on 2 harts. */
async function consoleEvents(source: string, base = 0x8000_0000) {
	const { program, errors } = assemble(source, { base });
	expect(errors).toEqual([]);
	const s = createLocalSession();
	expect(await s.load({ program }, { ramMiB: 4, harts: 2 })).toMatchObject({ ok: true });
	const got: TraceEvent[] = [];
	await s.subscribe(['device-event'], (batch) => got.push(...batch));
	const r = await s.runUntil({});
	expect(r.reason).toBe('exited');
	return got.filter((e): e is EventOf<'device-event'> => e.kind === 'device-event' && e.what === 'tx');
}

const bytes = (events: EventOf<'device-event'>[]) =>
	String.fromCharCode(...events.map((e) => Number(e.value)));

describe('console bytes are device events of their true source and hart', () => {
	it('a UART THR write is a uart16550 tx of the hart that wrote it', async () => {
		const tx = await consoleEvents(`
	.globl _start
_start:
	bnez a0, writer
spin:	j spin
writer:
	li s2, 0x10000000
	li t1, 85                # 'U'
	sb t1, 0(s2)
	sb t1, 0(s2)
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
2:	j 2b
`);
		expect(tx.map((e) => [e.device, e.hart])).toEqual([
			['uart16550', 1],
			['uart16550', 1]
		]);
		expect(bytes(tx)).toBe('UU');
	});

	it('HTIF console bytes are htif tx events of the hart whose store completed tohost', async () => {
		const tx = await consoleEvents(`
	.globl _start
_start:
	bnez a0, writer
spin:	j spin
writer:
	la s0, tohost
	li t1, 72                # 'H'
	li t2, 0x01010000        # device 1, command 1 (console putchar)
	sw t1, 0(s0)
	sw t2, 4(s0)
	li t1, 1                 # exit 0
	sw t1, 0(s0)
	sw zero, 4(s0)
2:	j 2b
	.data
	.balign 8
tohost: .word 0, 0
fromhost: .word 0, 0
`);
		expect(tx.map((e) => [e.device, e.hart, e.value])).toEqual([['htif', 1, 72]]);
	});

	it('bytes the SBI firmware writes (DBCN, legacy putchar) are sbi tx events of the calling hart', async () => {
		const tx = await consoleEvents(
			`
	.globl _start
_start:	bnez a0, secondary
	li a0, 1
	la a1, secondary
	li a2, 0
	li a7, 0x48534D          # HSM hart_start(1, secondary, 0)
	li a6, 0
	ecall
spin:	j spin
secondary:
	li a0, 2
	la a1, msg
	li a2, 0
	li a7, 0x4442434E        # DBCN console_write(2, msg)
	li a6, 0
	ecall
	li a0, 33                # '!'
	li a7, 1                 # legacy console_putchar
	ecall
	li a0, 0
	li a1, 0
	li a7, 0x53525354        # SRST shutdown
	li a6, 0
	ecall
msg:	.ascii "hi"
`,
			0x8020_0000
		);
		expect(tx.map((e) => [e.device, e.hart])).toEqual([
			['sbi', 1],
			['sbi', 1],
			['sbi', 1]
		]);
		expect(bytes(tx)).toBe('hi!');
	});
});
