/** The 16550 UART alone: registers, input queue, IER/IIR interrupts, loopback. */
import { describe, expect, it } from 'vitest';
import { detachedHost } from '../../src/lib/sim/devices/device';
import { Uart16550 } from '../../src/lib/sim/devices/uart16550';
import { EventQueue } from '../../src/lib/sim/machine/events';

const RBR = 0,
	THR = 0,
	IER = 1,
	IIR = 2,
	FCR = 2,
	LCR = 3,
	MCR = 4,
	LSR = 5,
	MSR = 6,
	SCR = 7;

function uart() {
	const out: number[] = [];
	const irq: boolean[] = [];
	const host = detachedHost({
		consoleOut: (b) => out.push(b),
		events: new EventQueue(),
		// The output drives the interrupt line it was given (PLIC source 10 on virt).
		raiseIrq: (n, high) => irq.push(n === 10 && high)
	});
	const u = new Uart16550(host, 10);
	const w = (off: number, v: number) => expect(u.write(off, 1, v)).toBe(true);
	const r = (off: number) => u.read(off, 1);
	const line = () => irq.at(-1) ?? false;
	return { u, out, irq, w, r, line };
}

describe('UART 16550', () => {
	it('THR goes to the console; LSR says THRE|TEMT, and DR while input waits', () => {
		const { u, out, w, r } = uart();
		w(THR, 0x41);
		expect(out).toEqual([0x41]);
		expect(r(LSR)).toBe(0x60);
		u.feed([0x68, 0x69]);
		expect(r(LSR)).toBe(0x61);
		expect([r(RBR), r(RBR)]).toEqual([0x68, 0x69]);
		expect(r(LSR)).toBe(0x60);
		expect(r(RBR)).toBe(0); // empty: reads 0
	});

	it('DLAB switches offsets 0 and 1 to the divisor latch', () => {
		const { u, out, w, r } = uart();
		w(IER, 0x01);
		w(LCR, 0x83);
		w(0, 0x0c);
		w(1, 0x00);
		expect(out).toEqual([]); // the divisor write did not transmit
		u.feed([0x7a]);
		expect([r(0), r(1)]).toEqual([0x0c, 0x00]);
		w(LCR, 0x03);
		expect([r(LCR), r(IER), r(RBR)]).toEqual([0x03, 0x01, 0x7a]);
	});

	it('IIR: no interrupt with IER = 0; FIFO bits follow FCR', () => {
		const { u, w, r, line } = uart();
		u.feed([1]);
		expect(r(IIR)).toBe(0x01);
		expect(line()).toBe(false);
		w(FCR, 0x07);
		expect(r(IIR)).toBe(0xc1);
		expect(r(LSR)! & 1).toBe(1); // a FIFO reset drops nothing the terminal fed
	});

	it('received-data interrupt: raised while input is queued, lowered when it is read', () => {
		const { u, w, r, line, irq } = uart();
		w(IER, 0x01);
		expect(line()).toBe(false);
		u.feed([0x31, 0x32]);
		expect(line()).toBe(true);
		expect(r(IIR)).toBe(0x04);
		r(RBR);
		expect(line()).toBe(true);
		r(RBR);
		expect(line()).toBe(false);
		expect(r(IIR)).toBe(0x01);
		expect(irq).toEqual([true, false]); // only changes are signalled
	});

	it('THR-empty interrupt: on enabling ETBEI and after each byte; reading IIR or writing THR clears it', () => {
		const { w, r, line } = uart();
		w(IER, 0x02);
		expect(line()).toBe(true);
		expect(r(IIR)).toBe(0x02);
		expect(line()).toBe(false);
		expect(r(IIR)).toBe(0x01);
		w(THR, 0x41);
		expect(line()).toBe(true);
		w(IER, 0x00);
		expect(line()).toBe(false);
	});

	it('received data outranks THR empty in IIR', () => {
		const { u, w, r } = uart();
		w(IER, 0x03);
		u.feed([9]);
		expect(r(IIR)).toBe(0x04);
		r(RBR);
		expect(r(IIR)).toBe(0x02);
	});

	it('loopback: THR bytes come back on RBR, MSR mirrors MCR, nothing reaches the console', () => {
		const { out, w, r } = uart();
		w(MCR, 0x10 | 0x03);
		w(THR, 0x55);
		expect(out).toEqual([]);
		expect(r(RBR)).toBe(0x55);
		expect(r(MSR)).toBe(0x30);
		w(MCR, 0x00);
		expect(r(MSR)).toBe(0xb0);
	});

	it('SCR keeps a byte; snapshot and restore keep registers and input', () => {
		const { u, w, r } = uart();
		w(SCR, 0xa5);
		w(IER, 0x01);
		u.feed([1, 2, 3]);
		const snap = structuredClone(u.snapshot());
		r(RBR);
		w(SCR, 0);
		u.restore(snap);
		expect([r(SCR), r(RBR), r(RBR), r(RBR)]).toEqual([0xa5, 1, 2, 3]);
		expect(u.receive()).toBeUndefined();
	});

	it('restore sets the interrupt line without signalling it (the PLIC restores its own view)', () => {
		const { u, w, irq, line } = uart();
		w(IER, 0x01);
		u.feed([1]);
		const snap = structuredClone(u.snapshot());
		u.receive();
		expect(irq).toEqual([true, false]);
		u.restore(snap);
		expect(irq).toEqual([true, false]);
		expect(line()).toBe(false);
		u.receive(); // the restored state knew the line was high: taking the byte lowers it
		expect(irq).toEqual([true, false, false]);
	});
});
