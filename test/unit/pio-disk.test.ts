/**
 * The teaching PIO disk at register level, with a fake host: a command's status sequence, sectors
 * read and written one word at a time, every error code, a snapshot taken mid-transfer, and random
 * register traffic that never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import './fast-check-seed';
import { detachedHost, type AccessSize } from '../../src/lib/sim/devices/device';
import {
	PIO_CMD,
	PIO_E,
	PIO_ID,
	PIO_MAX_COUNT,
	PIO_REG,
	PIO_STATUS,
	PioDisk,
	type PioDiskOptions
} from '../../src/lib/sim/devices/pio-disk';
import { DiskImage } from '../../src/lib/sim/devices/virtio/disk-image';
import { EventQueue } from '../../src/lib/sim/machine/events';

const IRQ = 9;
const { busy: BUSY, ready: READY, drq: DRQ, err: ERR, irq: IRQP } = PIO_STATUS;

function rig(sectors = 64, o: PioDiskOptions = {}) {
	const events = new EventQueue();
	let now = 0;
	const lines: boolean[] = [];
	const host = detachedHost({ events, now: () => now, raiseIrq: (line, level) => (lines[line] = level) });
	const bytes = new Uint8Array(sectors * 512);
	for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 9)) & 0xff;
	const image = new DiskImage('d', bytes);
	const dev = new PioDisk(host, image, IRQ, o);
	const rd = (off: number) => dev.read(off, 4);
	const wr = (off: number, v: number) => dev.write(off, 4, v);
	/** Let the clock run to the next event (the end of BUSY). */
	const settle = () => {
		while (events.size > 0) events.runDue((now = events.nextCycle()));
	};
	return { dev, image, events, lines, rd, wr, settle, at: () => now };
}

type Rig = ReturnType<typeof rig>;

function readSectors(r: Rig, sector: number, count: number): Uint8Array {
	r.wr(PIO_REG.sector, sector);
	r.wr(PIO_REG.count, count);
	r.wr(PIO_REG.command, PIO_CMD.read);
	r.settle();
	r.rd(PIO_REG.status); // as a driver polls: this acknowledges the completion
	const out = new Uint8Array(count * 512);
	const v = new DataView(out.buffer);
	for (let w = 0; w < count * 128; w++) v.setUint32(w * 4, r.rd(PIO_REG.data), true);
	return out;
}

describe('PIO disk registers', () => {
	it('identifies itself and its capacity', () => {
		const r = rig(100);
		expect(r.rd(PIO_REG.id)).toBe(PIO_ID);
		const id = new Uint8Array(4);
		new DataView(id.buffer).setUint32(0, PIO_ID, true);
		expect(new TextDecoder().decode(id)).toBe('PIOD');
		expect(r.rd(PIO_REG.capacity)).toBe(100);
		expect(r.rd(PIO_REG.status)).toBe(READY);
		expect(r.rd(PIO_REG.features)).toBe(2);
		expect(rig(8, { readonly: true }).rd(PIO_REG.features)).toBe(3);
	});

	it('reads sectors one word at a time: BUSY, then DRQ for count × 128 words, then READY', () => {
		const r = rig();
		r.wr(PIO_REG.sector, 5);
		r.wr(PIO_REG.count, 3);
		r.wr(PIO_REG.command, PIO_CMD.read);
		expect(r.rd(PIO_REG.status)).toBe(BUSY);
		expect(r.rd(PIO_REG.command)).toBe(PIO_CMD.read);
		r.settle();
		expect(r.at()).toBe(2000 + 3 * 50); // the default fixed timing
		expect(r.rd(PIO_REG.status)).toBe(DRQ | IRQP);
		expect(r.rd(PIO_REG.status)).toBe(DRQ); // reading STATUS acknowledged the interrupt
		const got = new Uint8Array(3 * 512);
		const v = new DataView(got.buffer);
		for (let w = 0; w < 3 * 128; w++) {
			expect(r.rd(PIO_REG.status) & DRQ).toBe(DRQ);
			v.setUint32(w * 4, r.rd(PIO_REG.data), true);
		}
		expect(got).toEqual(r.image.bytes().slice(5 * 512, 8 * 512));
		expect(r.rd(PIO_REG.status)).toBe(READY);
		expect(r.dev.counters()).toMatchObject({ commands: 1, dataAccesses: 384, read: 1536, errors: 0 });
	});

	it('writes sectors: DRQ at once, BUSY after the last word, the bytes in the store at completion', () => {
		const r = rig();
		const data = Uint8Array.from({ length: 1024 }, (_, i) => (i * 13) & 0xff);
		const before = r.image.bytes().slice(10 * 512, 12 * 512);
		r.wr(PIO_REG.sector, 10);
		r.wr(PIO_REG.count, 2);
		r.wr(PIO_REG.command, PIO_CMD.write);
		expect(r.rd(PIO_REG.status)).toBe(DRQ);
		const v = new DataView(data.buffer);
		for (let w = 0; w < 256; w++) r.wr(PIO_REG.data, v.getUint32(w * 4, true));
		expect(r.rd(PIO_REG.status)).toBe(BUSY);
		expect(r.image.bytes().slice(10 * 512, 12 * 512)).toEqual(before);
		r.settle();
		expect(r.rd(PIO_REG.status)).toBe(READY | IRQP);
		expect(r.image.bytes().slice(10 * 512, 12 * 512)).toEqual(data);
		expect(readSectors(r, 10, 2)).toEqual(data);
	});

	it('flushes: BUSY, then READY, and the store hears it', () => {
		const r = rig();
		let flushed = 0;
		r.image.listeners.push({ flushed: () => flushed++ });
		r.wr(PIO_REG.command, PIO_CMD.flush);
		expect(r.rd(PIO_REG.status)).toBe(BUSY);
		r.settle();
		expect(flushed).toBe(1);
		expect(r.rd(PIO_REG.status)).toBe(READY | IRQP);
	});

	it('raises its line at completion only while IRQ_ENABLE is set, and drops it when STATUS is read', () => {
		const r = rig();
		r.wr(PIO_REG.irqEnable, 1);
		r.wr(PIO_REG.command, PIO_CMD.flush);
		expect(r.lines[IRQ]).toBe(false);
		r.settle();
		expect(r.lines[IRQ]).toBe(true);
		r.rd(PIO_REG.status);
		expect(r.lines[IRQ]).toBe(false);
		r.wr(PIO_REG.irqEnable, 0);
		r.wr(PIO_REG.command, PIO_CMD.flush);
		r.settle();
		expect(r.lines[IRQ]).toBe(false);
		r.wr(PIO_REG.irqEnable, 1); // still pending: enabling it now raises the line
		expect(r.lines[IRQ]).toBe(true);
	});
});

describe('PIO disk errors', () => {
	const cases: [string, (r: Rig) => void, number][] = [
		['past the end', (r) => (r.wr(PIO_REG.sector, 63), r.wr(PIO_REG.count, 2)), PIO_E.range],
		['count 0', (r) => r.wr(PIO_REG.count, 0), PIO_E.badCount],
		['count too large', (r) => r.wr(PIO_REG.count, PIO_MAX_COUNT + 1), PIO_E.badCount]
	];
	for (const [what, setup, code] of cases)
		it(`refuses a read ${what} (ERROR ${code}) and touches nothing`, () => {
			const r = rig();
			setup(r);
			r.wr(PIO_REG.command, PIO_CMD.read);
			expect(r.rd(PIO_REG.status)).toBe(READY | ERR);
			expect(r.rd(PIO_REG.error)).toBe(code);
			expect(r.events.size).toBe(0);
			// The next good command clears ERR.
			expect(readSectors(r, 0, 1)).toEqual(r.image.bytes().slice(0, 512));
			expect(r.rd(PIO_REG.status)).toBe(READY);
			expect(r.rd(PIO_REG.error)).toBe(PIO_E.none);
		});

	it('refuses a write to a read-only disk, and an unknown command', () => {
		const r = rig(64, { readonly: true });
		r.wr(PIO_REG.count, 1);
		r.wr(PIO_REG.command, PIO_CMD.write);
		expect([r.rd(PIO_REG.status), r.rd(PIO_REG.error)]).toEqual([READY | ERR, PIO_E.readonly]);
		r.wr(PIO_REG.command, 99);
		expect([r.rd(PIO_REG.status), r.rd(PIO_REG.error)]).toEqual([READY | ERR, PIO_E.badCommand]);
	});

	it('bad accesses set ERR and ERROR, answer 0, and leave the command in progress alone', () => {
		const r = rig();
		r.wr(PIO_REG.sector, 2);
		r.wr(PIO_REG.count, 1);
		r.wr(PIO_REG.command, PIO_CMD.read);
		const bad: [() => unknown, number][] = [
			[() => r.dev.read(PIO_REG.id, 1), PIO_E.badAccess],
			[() => r.dev.read(PIO_REG.id + 2, 2), PIO_E.badAccess],
			[() => r.dev.write(PIO_REG.sector, 2, 1), PIO_E.badAccess],
			[() => r.rd(0x800), PIO_E.badAccess],
			[() => r.wr(0x7fc, 1), PIO_E.badAccess],
			[() => r.wr(PIO_REG.capacity, 1), PIO_E.readonlyRegister],
			[() => r.wr(PIO_REG.status, 0), PIO_E.readonlyRegister],
			[() => r.rd(PIO_REG.data), PIO_E.noData], // still BUSY
			[() => r.wr(PIO_REG.sector, 7), PIO_E.busy],
			[() => r.wr(PIO_REG.command, PIO_CMD.read), PIO_E.busy]
		];
		for (const [access, code] of bad) {
			const v = access();
			expect(v === 0 || v === true).toBe(true);
			expect(r.rd(PIO_REG.error)).toBe(code);
			expect(r.rd(PIO_REG.status) & (ERR | BUSY)).toBe(ERR | BUSY);
		}
		expect(r.rd(PIO_REG.sector)).toBe(2);
		r.settle();
		r.wr(PIO_REG.data, 1); // a write during a read: the wrong direction
		expect(r.rd(PIO_REG.error)).toBe(PIO_E.noData);
		const got = new Uint8Array(512);
		for (let w = 0; w < 128; w++) new DataView(got.buffer).setUint32(w * 4, r.rd(PIO_REG.data), true);
		expect(got).toEqual(r.image.bytes().slice(1024, 1536));
		expect(r.rd(PIO_REG.status)).toBe(READY | ERR | IRQP);
	});

	it('reset abandons a command: its completion never lands', () => {
		const r = rig();
		const before = r.image.bytes().slice();
		r.wr(PIO_REG.count, 1);
		r.wr(PIO_REG.command, PIO_CMD.write);
		for (let w = 0; w < 128; w++) r.wr(PIO_REG.data, 0xdeadbeef);
		expect(r.rd(PIO_REG.status)).toBe(BUSY);
		r.wr(PIO_REG.command, PIO_CMD.reset);
		expect(r.rd(PIO_REG.status)).toBe(READY);
		r.settle();
		expect(r.image.bytes()).toEqual(before);
		expect(r.rd(PIO_REG.status)).toBe(READY);
	});
});

describe('PIO disk snapshots', () => {
	it('a snapshot taken mid-transfer restores to the same transfer, and is plain data', () => {
		const r = rig();
		const want = r.image.bytes().slice(20 * 512, 24 * 512);
		r.wr(PIO_REG.sector, 20);
		r.wr(PIO_REG.count, 4);
		r.wr(PIO_REG.command, PIO_CMD.read);
		r.settle();
		r.rd(PIO_REG.status);
		const first = new Uint32Array(1000);
		for (let w = 0; w < 300; w++) first[w] = r.rd(PIO_REG.data);
		const snap = r.dev.snapshot();
		expect(structuredClone(snap)).toEqual(snap);
		for (let w = 300; w < 512; w++) first[w] = r.rd(PIO_REG.data);
		expect(r.rd(PIO_REG.status)).toBe(READY);

		// Into a fresh device (as a restored machine builds its devices anew).
		const b = rig();
		b.dev.restore(snap);
		expect(b.rd(PIO_REG.status)).toBe(DRQ);
		const rest = new Uint32Array(512);
		rest.set(first.subarray(0, 300));
		for (let w = 300; w < 512; w++) rest[w] = b.rd(PIO_REG.data);
		expect(new Uint8Array(rest.buffer)).toEqual(want);
		expect(b.rd(PIO_REG.status)).toBe(READY);
	});

	it('a snapshot taken while BUSY completes from the restored event queue', () => {
		const r = rig();
		const data = new Uint8Array(512).fill(0xab);
		r.wr(PIO_REG.count, 1);
		r.wr(PIO_REG.sector, 3);
		r.wr(PIO_REG.command, PIO_CMD.write);
		for (let w = 0; w < 128; w++) r.wr(PIO_REG.data, 0xabababab);
		const snap = { dev: r.dev.snapshot(), events: r.events.snapshot() };
		const b = rig();
		b.events.restore(snap.events);
		b.dev.restore(snap.dev);
		b.settle();
		expect(b.image.bytes().slice(3 * 512, 4 * 512)).toEqual(data);
		expect(b.rd(PIO_REG.status)).toBe(READY | IRQP);
		b.dev.reset();
		expect(b.rd(PIO_REG.status)).toBe(READY);
		expect(b.dev.counters().commands).toBe(0);
	});
});

describe('PIO disk fuzz', () => {
	const regs = Object.values(PIO_REG);
	const access = fc.record({
		write: fc.boolean(),
		offset: fc.oneof(fc.constantFrom(...regs), fc.integer({ min: 0, max: 0xfff })),
		size: fc.constantFrom<AccessSize>(1, 2, 4, 4, 4),
		value: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 0xffff_ffff })),
		settle: fc.integer({ min: 0, max: 9 })
	});

	it('random register accesses never throw, and the state stays plain data within its bounds', () => {
		fc.assert(
			fc.property(fc.array(access, { maxLength: 300 }), (ops) => {
				const r = rig(16);
				for (const op of ops) {
					if (op.write) expect(r.dev.write(op.offset, op.size, op.value)).toBe(true);
					else expect(typeof r.dev.read(op.offset, op.size)).toBe('number');
					if (op.settle === 0) r.settle();
					const s = r.dev.snapshot();
					expect(s.buffer.length).toBeLessThanOrEqual(PIO_MAX_COUNT * 512);
					const st = r.dev.status();
					// Exactly one of READY, BUSY and DRQ.
					expect([READY, BUSY, DRQ].filter((b) => st & b)).toHaveLength(1);
				}
				r.settle();
				expect(structuredClone(r.dev.snapshot())).toEqual(r.dev.snapshot());
			})
		);
	});
});
