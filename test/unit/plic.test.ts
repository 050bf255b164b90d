/** The PLIC alone: priorities, pending, enables, thresholds, claim/complete, MEIP/SEIP per context. */
import { describe, expect, it } from 'vitest';
import { detachedHost } from '../../src/lib/sim/devices/device';
import { Plic, UART0_IRQ } from '../../src/lib/sim/devices/plic';
import { EventQueue } from '../../src/lib/sim/machine/events';

const MEIP = 1 << 11;
const SEIP = 1 << 9;
const PRIORITY = (src: number) => 4 * src;
const PENDING = 0x1000;
const ENABLE = (ctx: number, word = 0) => 0x2000 + 0x80 * ctx + 4 * word;
const THRESHOLD = (ctx: number) => 0x20_0000 + 0x1000 * ctx;
const CLAIM = (ctx: number) => 0x20_0004 + 0x1000 * ctx;

/** A PLIC for `harts` harts whose interrupt outputs land in a mip word per hart. */
function plic(harts = 1) {
	const mip = new Array(harts).fill(0);
	const host = detachedHost({
		events: new EventQueue(),
		setInterrupt: (hart, bit, level) => {
			mip[hart] = level ? mip[hart] | bit : mip[hart] & ~bit;
		}
	});
	const p = new Plic(host, harts);
	const w = (off: number, v: number) => expect(p.write(off, 4, v)).toBe(true);
	const r = (off: number) => p.read(off, 4);
	return { p, mip, w, r };
}

describe('PLIC', () => {
	it('a raised source is pending; with priority 0 it never interrupts', () => {
		const { p, mip, w, r } = plic();
		w(ENABLE(0), 1 << UART0_IRQ);
		p.setSource(UART0_IRQ, true);
		expect(r(PENDING)).toBe(1 << UART0_IRQ);
		expect(mip[0]).toBe(0);
		expect(r(CLAIM(0))).toBe(0); // nothing claimable at priority 0
		w(PRIORITY(UART0_IRQ), 1);
		expect(mip[0]).toBe(MEIP);
	});

	it('claim returns the source, clears pending and lowers MEIP; complete lets a still-high line in again', () => {
		const { p, mip, w, r } = plic();
		w(PRIORITY(UART0_IRQ), 3);
		w(ENABLE(0), 1 << UART0_IRQ);
		p.setSource(UART0_IRQ, true);
		expect(mip[0]).toBe(MEIP);
		expect(r(CLAIM(0))).toBe(UART0_IRQ);
		expect(r(PENDING)).toBe(0);
		expect(mip[0]).toBe(0);
		// Still high, but the gateway sends no new request until the completion.
		p.setSource(UART0_IRQ, true);
		expect(r(PENDING)).toBe(0);
		w(CLAIM(0), UART0_IRQ);
		expect(r(PENDING)).toBe(1 << UART0_IRQ);
		expect(mip[0]).toBe(MEIP);
		// Lowered and completed: nothing more.
		expect(r(CLAIM(0))).toBe(UART0_IRQ);
		p.setSource(UART0_IRQ, false);
		w(CLAIM(0), UART0_IRQ);
		expect(r(PENDING)).toBe(0);
		expect(mip[0]).toBe(0);
	});

	it('a pending bit is cleared only by a claim, not by the line dropping', () => {
		const { p, w, r } = plic();
		w(PRIORITY(5), 1);
		w(ENABLE(0), 1 << 5);
		p.setSource(5, true);
		p.setSource(5, false);
		expect(r(PENDING)).toBe(1 << 5);
		expect(r(CLAIM(0))).toBe(5);
	});

	it('claim picks the highest priority; ties go to the lowest id; sources above 31 work', () => {
		const { p, w, r } = plic();
		for (const src of [3, 7, 40, 95]) p.setSource(src, true);
		w(ENABLE(0, 0), (1 << 3) | (1 << 7));
		w(ENABLE(0, 1), 1 << (40 - 32));
		w(ENABLE(0, 2), 1 << (95 - 64));
		w(PRIORITY(3), 2);
		w(PRIORITY(7), 2);
		w(PRIORITY(40), 5);
		w(PRIORITY(95), 5);
		expect(r(PENDING + 4)).toBe(1 << 8);
		expect(r(PENDING + 8)).toBe((1 << 31) >>> 0);
		expect([r(CLAIM(0)), r(CLAIM(0)), r(CLAIM(0)), r(CLAIM(0)), r(CLAIM(0))]).toEqual([40, 95, 3, 7, 0]);
	});

	it('the threshold masks priorities at or below it', () => {
		const { p, mip, w, r } = plic();
		w(PRIORITY(2), 4);
		w(ENABLE(0), 1 << 2);
		w(THRESHOLD(0), 4);
		p.setSource(2, true);
		expect(mip[0]).toBe(0);
		expect(r(CLAIM(0))).toBe(0);
		w(THRESHOLD(0), 3);
		expect(mip[0]).toBe(MEIP);
		expect(r(THRESHOLD(0))).toBe(3);
	});

	it('priorities and thresholds are 3 bits (WARL), source 0 does not exist, pending is read-only', () => {
		const { w, r } = plic();
		w(PRIORITY(1), 0xff);
		expect(r(PRIORITY(1))).toBe(7);
		w(PRIORITY(0), 5);
		expect(r(PRIORITY(0))).toBe(0);
		w(ENABLE(0), 0xffffffff);
		expect(r(ENABLE(0))).toBe(0xfffffffe);
		w(THRESHOLD(0), 9);
		expect(r(THRESHOLD(0))).toBe(1);
		w(PENDING, 0xffff);
		expect(r(PENDING)).toBe(0);
	});

	it('contexts: 2·hart is M (MEIP), 2·hart+1 is S (SEIP), each with its own enables', () => {
		const { p, mip, w, r } = plic(2);
		w(PRIORITY(UART0_IRQ), 1);
		w(ENABLE(1), 1 << UART0_IRQ); // hart 0 S
		w(ENABLE(2), 1 << UART0_IRQ); // hart 1 M
		p.setSource(UART0_IRQ, true);
		expect(mip).toEqual([SEIP, MEIP]);
		expect(r(CLAIM(2))).toBe(UART0_IRQ); // hart 1 wins the claim; the interrupt is gone for both
		expect(mip).toEqual([0, 0]);
		expect(r(CLAIM(1))).toBe(0);
		// Completing from a context that does not enable the source is ignored.
		w(CLAIM(0), UART0_IRQ);
		expect(r(PENDING)).toBe(0);
		w(CLAIM(2), UART0_IRQ);
		expect(mip).toEqual([SEIP, MEIP]);
	});

	it('only aligned 32-bit accesses; snapshot and restore keep the state', () => {
		const { p, w, r } = plic();
		expect(p.read(0x28, 1)).toBeUndefined();
		expect(p.write(0x2a, 4, 1)).toBe(false);
		w(PRIORITY(9), 6);
		w(ENABLE(1), 1 << 9);
		p.setSource(9, true);
		const snap = structuredClone(p.snapshot());
		expect(r(CLAIM(1))).toBe(9);
		p.restore(snap);
		expect(r(PENDING)).toBe(1 << 9);
		expect(r(CLAIM(1))).toBe(9);
	});
});
