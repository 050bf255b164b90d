/** The bus: RAM views, the MMIO range map, unmapped accesses, and the virt devices on it. */
import { describe, expect, it } from 'vitest';
import { Bus } from '../../src/lib/sim/bus/bus';
import { CODE_BREAK, CODE_WATCH, Ram } from '../../src/lib/sim/bus/ram';
import { detachedHost, type Device, type DeviceHost } from '../../src/lib/sim/devices/device';
import { TestFinisher } from '../../src/lib/sim/devices/test-finisher';
import { Uart16550 } from '../../src/lib/sim/devices/uart16550';
import { EventQueue } from '../../src/lib/sim/machine/events';
import type { StopReason } from '../../src/lib/sim/machine/stop';

function host() {
	const out: number[] = [];
	const stops: StopReason[] = [];
	const h: DeviceHost = detachedHost({
		stop: (r) => stops.push(r),
		consoleOut: (b) => out.push(b),
		events: new EventQueue()
	});
	return { h, out, stops };
}

describe('RAM', () => {
	it('is little-endian through every view, at any alignment', () => {
		const bus = new Bus(new Ram(4096));
		bus.write(0x8000_0000, 4, 0x11223344);
		expect(bus.ram.u8.slice(0, 4)).toEqual(Uint8Array.of(0x44, 0x33, 0x22, 0x11));
		expect(bus.read(0x8000_0001, 2)).toBe(0x2233);
		bus.write(0x8000_0003, 4, 0xaabbccdd);
		expect(bus.read(0x8000_0004, 4)).toBe(0x00aabbcc);
		expect(bus.ram.i32[0] >>> 0).toBe(0xdd223344);
	});

	it('rejects sizes that are not whole pages', () => {
		expect(() => new Ram(1000)).toThrow(RangeError);
	});

	it('a store into a decoded word clears it; breakpoints survive; watchers are called', () => {
		const ram = new Ram(4096);
		const bus = new Bus(ram);
		ram.code[1] = 7;
		bus.write(0x8000_0004, 1, 0);
		expect(ram.code[1]).toBe(0);
		ram.setBreak(0x8000_0008, true);
		bus.write(0x8000_0008, 4, 1);
		expect(ram.code[2]).toBe(CODE_BREAK);
		const seen: number[] = [];
		ram.watch(0x8000_0010, (w) => seen.push(w));
		expect(ram.code[4]).toBe(CODE_WATCH);
		bus.write(0x8000_000e, 4, -1); // straddles into the watched word
		expect(seen).toEqual([4]);
		ram.code[5] = 3;
		ram.noteDecoded(5);
		ram.flushDecoded();
		expect([ram.code[2], ram.code[4], ram.code[5]]).toEqual([CODE_BREAK, CODE_WATCH, 0]);
	});
});

describe('MMIO map', () => {
	const dev = (name: string): Device & { log: string[] } => {
		const log: string[] = [];
		return {
			name,
			log,
			read: (o, s) => (log.push(`r${o}/${s}`), 0xab),
			write: (o, s, v) => (log.push(`w${o}/${s}=${v}`), true)
		};
	};

	it('routes accesses to the device with offsets relative to its base', () => {
		const bus = new Bus(new Ram(4096));
		const d = dev('d');
		bus.map(0x1000, 0x100, d);
		expect(bus.read(0x1010, 4)).toBe(0xab);
		bus.write(0x10ff, 1, 5);
		expect(d.log).toEqual(['r16/4', 'w255/1=5']);
		expect(bus.faulted).toBe(false);
	});

	it('unmapped addresses and accesses past a device end fault', () => {
		const bus = new Bus(new Ram(4096));
		bus.map(0x1000, 0x100, dev('d'));
		bus.read(0x2000, 4);
		expect(bus.faulted).toBe(true);
		bus.write(0x10fe, 4, 0);
		expect(bus.faulted).toBe(true);
		bus.read(0x8000_1000, 1); // one past RAM
		expect(bus.faulted).toBe(true);
	});

	it('refuses overlapping ranges', () => {
		const bus = new Bus(new Ram(4096));
		bus.map(0x1000, 0x100, dev('a'));
		expect(() => bus.map(0x10f0, 0x100, dev('b'))).toThrow(/overlaps a/);
		expect(() => bus.map(0x7fff_ff00, 0x200, dev('c'))).toThrow(/overlaps RAM/);
	});
});

describe('SiFive test finisher', () => {
	it('0x5555 passes, 0x3333 | code << 16 fails with code, 0x7777 resets, others are ignored', () => {
		const { h, stops } = host();
		const f = new TestFinisher(h);
		f.write(0, 4, 0x1234);
		f.write(0, 4, 0x5555);
		f.write(0, 4, (42 << 16) | 0x3333);
		f.write(0, 4, 0x7777);
		expect(stops).toEqual([
			{ kind: 'exited', code: 0, by: 'finisher' },
			{ kind: 'exited', code: 42, by: 'finisher' },
			{ kind: 'reset', by: 'finisher' }
		]);
	});
	it('takes 16-bit writes as QEMU does (OpenSBI powers off with sh): status is the low half, code 0', () => {
		const { h, stops } = host();
		const f = new TestFinisher(h);
		f.write(0, 1, 0x55); // a byte is not a valid size: ignored
		f.write(0, 2, 0x5555);
		f.write(0, 2, 0x7777);
		f.write(0, 2, 0x3333);
		expect(stops).toEqual([
			{ kind: 'exited', code: 0, by: 'finisher' },
			{ kind: 'reset', by: 'finisher' },
			{ kind: 'exited', code: 0, by: 'finisher' }
		]);
	});
});

describe('16550 UART', () => {
	it('THR writes go to the console; LSR says THRE|TEMT; RBR pops input with DR', () => {
		const { h, out } = host();
		const u = new Uart16550(h);
		u.write(0, 1, 0x41);
		expect(out).toEqual([0x41]);
		expect(u.read(5, 1)).toBe(0x60);
		u.feed([0x61, 0x62]);
		expect(u.read(5, 1)).toBe(0x61);
		expect([u.read(0, 1), u.read(0, 1), u.read(0, 1)]).toEqual([0x61, 0x62, 0]);
		expect(u.read(5, 1)).toBe(0x60);
	});
	it('DLAB switches offsets 0/1 to the divisor latch; scratch and IER keep values', () => {
		const { h, out } = host();
		const u = new Uart16550(h);
		u.write(3, 1, 0x80);
		u.write(0, 1, 0x03);
		u.write(1, 1, 0x00);
		expect(out).toEqual([]);
		expect(u.read(0, 1)).toBe(3);
		u.write(3, 1, 0x03);
		u.write(1, 1, 0x01);
		u.write(7, 1, 0x5a);
		expect([u.read(1, 1), u.read(3, 1), u.read(7, 1)]).toEqual([1, 3, 0x5a]);
		expect(u.read(2, 1)! & 1).toBe(1); // IIR: no interrupt pending
	});
});
