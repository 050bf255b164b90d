/** The CLINT on the machine: mtime from the cycle clock, mtimecmp → MTIP as an event, msip → MSIP. */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/lib/sim/machine/machine';
import { RAM, words32 } from './hart-harness';

const CLINT = 0x0200_0000;
const MTIME = CLINT + 0xbff8;
const MTIMECMP = CLINT + 0x4000;
const MTIP = 1 << 7;
const MSIP = 1 << 3;
const NOP = 0x00000013;

/** A machine running nops, 10 cycles per mtime tick (100 MHz core, 10 MHz timebase). */
function machine() {
	const m = new Machine({ ramMiB: 1 });
	m.load({
		entry: RAM,
		segments: [
			{
				addr: RAM,
				data: words32(Array(1024).fill(NOP).concat([0xffdff06f])),
				memSize: 8192,
				flags: { read: true, write: true, exec: true }
			}
		],
		symbols: [],
		lines: []
	});
	return m;
}
const r32 = (m: Machine, a: number) => m.bus.read(a, 4);
const w32 = (m: Machine, a: number, v: number) => m.bus.write(a, 4, v);

describe('CLINT', () => {
	it('mtime counts timebase ticks derived from cycles, readable as two halves', () => {
		const m = machine();
		m.run(1000); // 1000 one-cycle nops
		expect(r32(m, MTIME)).toBe(100);
		expect(r32(m, MTIME + 4)).toBe(0);
		expect(m.time()).toBe(100);
	});

	it('no timer interrupt is pending after reset', () => {
		const m = machine();
		m.run(500);
		expect(m.hart.mip & MTIP).toBe(0);
		expect([r32(m, MTIMECMP), r32(m, MTIMECMP + 4)]).toEqual([0xffffffff, 0xffffffff]);
	});

	it('MTIP rises when mtime reaches mtimecmp (an event, not a poll) and falls when it moves on', () => {
		const m = machine();
		w32(m, MTIMECMP + 4, 0);
		w32(m, MTIMECMP, 50); // cycle 500
		expect(m.hart.mip & MTIP).toBe(0);
		m.run(499);
		expect(m.hart.mip & MTIP).toBe(0);
		m.run(1);
		expect(m.hart.mip & MTIP).toBe(MTIP);
		w32(m, MTIMECMP, 80);
		expect(m.hart.mip & MTIP).toBe(0);
		m.run(300);
		expect(m.hart.mip & MTIP).toBe(MTIP);
	});

	it('an mtimecmp already in the past raises MTIP at once', () => {
		const m = machine();
		m.run(100);
		w32(m, MTIMECMP + 4, 0);
		w32(m, MTIMECMP, 3);
		expect(m.hart.mip & MTIP).toBe(MTIP);
	});

	it('msip bit 0 drives MSIP', () => {
		const m = machine();
		w32(m, CLINT, 1);
		expect([m.hart.mip & MSIP, r32(m, CLINT)]).toEqual([MSIP, 1]);
		w32(m, CLINT, 0);
		expect(m.hart.mip & MSIP).toBe(0);
	});

	it('software may write mtime; the clock keeps ticking from there', () => {
		const m = machine();
		m.run(100);
		w32(m, MTIME, 5000);
		m.run(100);
		expect(r32(m, MTIME)).toBe(5010);
	});

	it('only aligned 32-bit accesses are accepted', () => {
		const m = machine();
		m.bus.read(MTIME, 1);
		expect(m.bus.faulted).toBe(true);
		m.bus.write(MTIMECMP + 2, 4, 0);
		expect(m.bus.faulted).toBe(true);
	});

	it('loading a program resets the CLINT and its pending timer', () => {
		const m = machine();
		w32(m, MTIMECMP + 4, 0);
		w32(m, MTIMECMP, 10);
		w32(m, CLINT, 1);
		m.load({
			entry: RAM,
			segments: [
				{
					addr: RAM,
					data: words32([NOP]),
					memSize: 4,
					flags: { read: true, write: false, exec: true }
				}
			],
			symbols: [],
			lines: []
		});
		expect([r32(m, CLINT), r32(m, MTIMECMP), m.events.size]).toEqual([0, 0xffffffff, 0]);
	});

	it('snapshots keep the timer: restoring and re-running raises MTIP at the same cycle', () => {
		const m = machine();
		w32(m, MTIMECMP + 4, 0);
		w32(m, MTIMECMP, 60);
		m.run(100);
		const snap = m.snapshot();
		m.run(600);
		expect(m.hart.mip & MTIP).toBe(MTIP);
		m.restore(snap);
		expect(m.hart.mip & MTIP).toBe(0);
		m.run(499);
		expect(m.hart.mip & MTIP).toBe(0);
		m.run(1);
		expect(m.hart.mip & MTIP).toBe(MTIP);
	});

	it('WFI with nothing pending lets the clock run to the next event, then the interrupt is taken', () => {
		const m = new Machine({ ramMiB: 1 });
		// wfi ; nop ; nop …, handler (mtvec) at RAM + 0x100
		const words = [0x10500073, ...Array(100).fill(NOP)];
		m.load({
			entry: RAM,
			segments: [
				{
					addr: RAM,
					data: words32(words),
					memSize: 4096,
					flags: { read: true, write: true, exec: true }
				}
			],
			symbols: [],
			lines: []
		});
		m.hart.mtvec = RAM + 0x100;
		m.hart.mie = MTIP;
		m.hart.mstatus |= 1 << 3;
		w32(m, MTIMECMP + 4, 0);
		w32(m, MTIMECMP, 1000); // cycle 10 000
		m.run(2);
		expect(m.cycles).toBeGreaterThanOrEqual(10_000);
		expect(m.cycles).toBeLessThan(10_000 + 20);
		expect(m.hart.mcause >>> 0).toBe(0x8000_0007);
		expect(m.hart.mepc >>> 0).toBe(RAM + 4);
		expect(m.instret).toBe(2); // the wfi and the handler's first nop
	});

	it('WFI with no event to wait for is a NOP', () => {
		const m = new Machine({ ramMiB: 1 });
		m.load({
			entry: RAM,
			segments: [
				{
					addr: RAM,
					data: words32([0x10500073, NOP]),
					memSize: 8,
					flags: { read: true, write: false, exec: true }
				}
			],
			symbols: [],
			lines: []
		});
		m.run(1);
		expect([m.hart.pc, m.cycles]).toEqual([RAM + 4, 2]);
	});
});
