import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import './fast-check-seed';
import { REG, VIRTIO_MAGIC } from '../../src/lib/sim/devices/virtio/mmio';
import {
	VIRTIO_BLK_S_IOERR,
	VIRTIO_BLK_S_OK,
	VIRTIO_BLK_S_UNSUPP,
	VIRTIO_BLK_T_DISCARD,
	VIRTIO_BLK_T_FLUSH,
	VIRTIO_BLK_T_GET_ID,
	VIRTIO_BLK_T_IN,
	VIRTIO_BLK_T_OUT
} from '../../src/lib/sim/devices/virtio/blk';
import { emptyQueue, popChain } from '../../src/lib/sim/devices/virtio/virtqueue';
import type { DmaPort } from '../../src/lib/sim/devices/device';
import { Machine } from '../../src/lib/sim/machine/machine';
import { History } from '../../src/lib/sim/trace/history';
import { decodeSnapshot, encodeSnapshot } from '../../src/lib/sim/trace/snapshot-file';
import { virtTree } from '../../src/lib/sim/machine/device-tree';
import { parseRunOptions } from '../../src/lib/sim/cli/options';
import { BUF, Driver, F_EVENT_IDX, F_INDIRECT, blkHeader, machineWith, AVAIL } from './virtio-driver';

const HDR = BUF;
const DATA = BUF + 0x1000;
const STATUS = BUF + 0x3000;
const NEEDS_RESET = 64;

function disk(sectors = 64): Uint8Array {
	return Uint8Array.from({ length: sectors * 512 }, (_, i) => (i * 7 + (i >> 9)) & 0xff);
}

/** A three-descriptor request: header, data (len bytes, device-writable for reads), status. */
function request(d: Driver, type: number, sector: number, len: number, out?: Uint8Array): void {
	d.write(HDR, blkHeader(type, sector));
	if (out) d.write(DATA, out);
	d.write(STATUS, Uint8Array.of(0xee));
	const dataWritable = type === VIRTIO_BLK_T_OUT || type === VIRTIO_BLK_T_DISCARD ? 0 : 2;
	if (len > 0) {
		d.desc(0, HDR, 16, 1, 1);
		d.desc(1, DATA, len, 1 | dataWritable, 2);
	} else d.desc(0, HDR, 16, 1, 2);
	d.desc(2, STATUS, 1, 2);
	d.submit(0);
	d.drain();
}

const status = (d: Driver) => d.read(STATUS, 1)[0];

describe('virtio-mmio transport (virtio 1.2 §4.2.2)', () => {
	it('answers the register map: magic, version 2, device ids, features with VERSION_1', () => {
		const m = machineWith([{ image: disk() }]);
		const d = new Driver(m);
		expect(d.reg(REG.magic)).toBe(VIRTIO_MAGIC);
		expect(d.reg(REG.version)).toBe(2);
		expect(d.reg(REG.deviceId)).toBe(2);
		expect(new Driver(m, 1).reg(REG.deviceId)).toBe(0); // an empty slot, as on QEMU
		expect(new Driver(m, 7).reg(REG.magic)).toBe(VIRTIO_MAGIC);
		d.reg(REG.deviceFeaturesSel, 1);
		expect(d.reg(REG.deviceFeatures) & 1).toBe(1);
		d.reg(REG.deviceFeaturesSel, 0);
		const lo = d.reg(REG.deviceFeatures);
		expect(lo & F_INDIRECT && lo & F_EVENT_IDX && lo & (1 << 9)).toBeTruthy();
		expect(d.reg(REG.queueNumMax)).toBe(256);
		expect(m.bus.read(0x1000_1100, 4)).toBe(64); // capacity, low word
		expect(m.bus.read(0x1000_1114, 4)).toBe(512); // blk_size
		expect(d.reg(REG.shmLenLow)).toBe(0xffff_ffff);
	});

	it('maps no slot without disks, so the old map is unchanged', () => {
		const m = new Machine({ ramMiB: 1 });
		m.bus.read(0x1000_1000, 4);
		expect(m.bus.faulted).toBe(true);
	});

	it('refuses FEATURES_OK without VERSION_1 or with a feature it does not offer (§3.1.1)', () => {
		const d = new Driver(machineWith([{ image: disk() }]));
		expect(d.init(0, 0)).toBe(false);
		expect(d.init(1 << 31)).toBe(false);
		expect(d.init(0)).toBe(true);
		expect(d.reg(REG.status)).toBe(15);
		d.reg(REG.status, 0);
		expect(d.reg(REG.status)).toBe(0);
		expect(d.reg(REG.queueReady)).toBe(0);
	});

	it('sets DEVICE_NEEDS_RESET for a queue size not a power of two or above the maximum', () => {
		for (const num of [6, 512, 0]) {
			const d = new Driver(machineWith([{ image: disk() }]), 0, num);
			d.init();
			expect(d.reg(REG.status) & NEEDS_RESET).toBe(NEEDS_RESET);
			expect(d.reg(REG.queueReady)).toBe(0);
		}
	});

	it('raises PLIC source 1 on a used buffer and lowers it on InterruptACK', () => {
		const m = machineWith([{ image: disk() }]);
		const d = new Driver(m);
		d.init();
		request(d, VIRTIO_BLK_T_FLUSH, 0, 0);
		expect(d.reg(REG.interruptStatus)).toBe(1);
		const pendingBefore = m.bus.read(0x0c00_1000, 4);
		expect(pendingBefore & 2).toBe(2);
		d.reg(REG.interruptAck, 1);
		expect(d.reg(REG.interruptStatus)).toBe(0);
	});
});

describe('virtio-blk (§5.2)', () => {
	it('reads, writes, flushes and answers GET_ID', () => {
		const img = disk();
		const m = machineWith([{ image: img, serial: 'vmscope-disk-0' }]);
		const d = new Driver(m);
		expect(d.init(1 << 9)).toBe(true);
		request(d, VIRTIO_BLK_T_IN, 3, 1024);
		expect(status(d)).toBe(VIRTIO_BLK_S_OK);
		expect(d.read(DATA, 1024)).toEqual(img.subarray(3 * 512, 5 * 512));
		expect(d.used(0)).toEqual([0, 1025]);
		const pattern = Uint8Array.from({ length: 512 }, (_, i) => 255 - (i & 0xff));
		request(d, VIRTIO_BLK_T_OUT, 10, 512, pattern);
		expect(status(d)).toBe(VIRTIO_BLK_S_OK);
		expect(m.disks[0].bytes().subarray(5120, 5632)).toEqual(pattern);
		let flushed = 0;
		m.disks[0].listeners.push({ flushed: () => flushed++ });
		request(d, VIRTIO_BLK_T_FLUSH, 0, 0);
		expect([status(d), flushed]).toEqual([VIRTIO_BLK_S_OK, 1]);
		request(d, VIRTIO_BLK_T_GET_ID, 0, 20);
		expect(new TextDecoder().decode(d.read(DATA, 14))).toBe('vmscope-disk-0');
		expect(d.read(DATA + 14, 6)).toEqual(new Uint8Array(6));
		expect(d.usedIdx()).toBe(4);
	});

	it('completes a request only after the timing model says, as an event', () => {
		const m = machineWith([
			{
				image: disk(),
				timing: {
					name: 't',
					service: (_r, now) => now + 12345,
					reset() {},
					snapshot: () => null,
					restore() {}
				}
			}
		]);
		const d = new Driver(m);
		d.init();
		d.write(HDR, blkHeader(VIRTIO_BLK_T_IN, 0));
		d.desc(0, HDR, 16, 1, 1);
		d.desc(1, DATA, 512, 3, 2);
		d.desc(2, STATUS, 1, 2);
		d.submit(0);
		expect(d.usedIdx()).toBe(0);
		expect(m.events.nextCycle()).toBe(12345);
		m.events.runDue(12344);
		expect(d.usedIdx()).toBe(0);
		m.events.runDue(12345);
		expect(d.usedIdx()).toBe(1);
	});

	it('answers IOERR past the end, on a read-only write, outside memory; UNSUPP for an unknown type', () => {
		const m = machineWith([{ image: disk(8) }, { image: disk(8), readonly: true }]);
		const d = new Driver(m);
		d.init();
		request(d, VIRTIO_BLK_T_IN, 7, 1024);
		expect(status(d)).toBe(VIRTIO_BLK_S_IOERR);
		request(d, VIRTIO_BLK_T_IN, 2 ** 40, 512);
		expect(status(d)).toBe(VIRTIO_BLK_S_IOERR);
		request(d, VIRTIO_BLK_T_IN, 0, 100); // not whole sectors
		expect(status(d)).toBe(VIRTIO_BLK_S_IOERR);
		request(d, 99, 0, 0);
		expect(status(d)).toBe(VIRTIO_BLK_S_UNSUPP);
		// A data buffer outside RAM.
		d.desc(0, HDR, 16, 1, 1);
		d.desc(1, 0x4000_0000, 512, 3, 2);
		d.desc(2, STATUS, 1, 2);
		d.write(HDR, blkHeader(VIRTIO_BLK_T_IN, 0));
		d.submit(0);
		d.drain();
		expect(status(d)).toBe(VIRTIO_BLK_S_IOERR);
		// A header shorter than 16 bytes.
		d.desc(0, HDR, 8, 1, 2);
		d.submit(0);
		d.drain();
		expect(status(d)).toBe(VIRTIO_BLK_S_IOERR);
		expect(d.reg(REG.status) & NEEDS_RESET).toBe(0);
		const ro = new Driver(m, 1);
		ro.init(1 << 5);
		request(ro, VIRTIO_BLK_T_OUT, 0, 512, new Uint8Array(512));
		expect(status(ro)).toBe(VIRTIO_BLK_S_IOERR);
		expect(m.disks[1].bytes().subarray(0, 512)).toEqual(disk(8).subarray(0, 512));
	});

	it('discards: the sectors read zero', () => {
		const m = machineWith([{ image: disk(8) }]);
		const d = new Driver(m);
		d.init(1 << 13);
		const seg = new Uint8Array(16);
		new DataView(seg.buffer).setBigUint64(0, 2n, true);
		new DataView(seg.buffer).setUint32(8, 3, true);
		request(d, VIRTIO_BLK_T_DISCARD, 0, 16, seg);
		expect(status(d)).toBe(VIRTIO_BLK_S_OK);
		expect(
			m.disks[0]
				.bytes()
				.subarray(1024, 2560)
				.every((b) => b === 0)
		).toBe(true);
		expect(m.disks[0].bytes()[1023]).not.toBe(0);
	});

	it('needs a reset for a looped chain, a chain without a status byte, a head past the queue', () => {
		for (const setup of [
			(d: Driver) => {
				d.desc(0, HDR, 16, 1, 1);
				d.desc(1, DATA, 512, 1, 0); // 1 -> 0 -> 1 ...
			},
			(d: Driver) => d.desc(0, HDR, 16, 0),
			(d: Driver) => d.desc(0, HDR, 16, 1, 9)
		]) {
			const d = new Driver(machineWith([{ image: disk() }]));
			d.init();
			d.write(HDR, blkHeader(VIRTIO_BLK_T_IN, 0));
			setup(d);
			d.submit(0);
			d.drain();
			expect(d.reg(REG.status) & NEEDS_RESET).toBe(NEEDS_RESET);
			expect(d.reg(REG.interruptStatus) & 2).toBe(2);
			expect(d.usedIdx()).toBe(0);
			// Status 0 brings it back.
			expect(d.init()).toBe(true);
			expect(d.reg(REG.status) & NEEDS_RESET).toBe(0);
		}
	});

	it('follows indirect descriptor tables (VIRTIO_F_INDIRECT_DESC)', () => {
		const img = disk();
		const d = new Driver(machineWith([{ image: img }]));
		d.init(F_INDIRECT);
		const table = BUF + 0x5000;
		d.write(HDR, blkHeader(VIRTIO_BLK_T_IN, 1));
		d.desc(0, HDR, 16, 1, 1, table);
		d.desc(1, DATA, 256, 3, 2, table);
		d.desc(2, DATA + 0x800, 256, 3, 3, table);
		d.desc(3, STATUS, 1, 2, 0, table);
		d.desc(5, table, 64, 4);
		d.submit(5);
		d.drain();
		expect(status(d)).toBe(VIRTIO_BLK_S_OK);
		expect(d.read(DATA, 256)).toEqual(img.subarray(512, 768));
		expect(d.read(DATA + 0x800, 256)).toEqual(img.subarray(768, 1024));
		expect(d.used(0)).toEqual([5, 513]);
		// Without the feature, or nested, it is a driver error.
		const e = new Driver(machineWith([{ image: img }]));
		e.init();
		e.desc(5, table, 64, 4);
		e.submit(5);
		expect(e.reg(REG.status) & NEEDS_RESET).toBe(NEEDS_RESET);
	});

	it('suppresses interrupts by used_event (VIRTIO_F_EVENT_IDX) and publishes avail_event', () => {
		const d = new Driver(machineWith([{ image: disk() }]));
		d.init(F_EVENT_IDX);
		d.u16(AVAIL + 4 + 2 * d.num, 1); // used_event: interrupt when used idx passes 1
		request(d, VIRTIO_BLK_T_FLUSH, 0, 0);
		expect(d.reg(REG.interruptStatus)).toBe(0);
		expect(d.u16(0x8001_2000 + 4 + 8 * d.num)).toBe(1); // avail_event = next avail idx
		request(d, VIRTIO_BLK_T_FLUSH, 0, 0);
		expect(d.reg(REG.interruptStatus)).toBe(1);
		// Without event idx the NO_INTERRUPT flag suppresses.
		const n = new Driver(machineWith([{ image: disk() }]));
		n.init();
		n.u16(AVAIL, 1);
		request(n, VIRTIO_BLK_T_FLUSH, 0, 0);
		expect([n.usedIdx(), n.reg(REG.interruptStatus)]).toEqual([1, 0]);
	});

	it('restores a snapshot taken mid-request and completes it the same way', () => {
		const m = machineWith([{ image: disk() }]);
		const d = new Driver(m);
		d.init();
		d.write(HDR, blkHeader(VIRTIO_BLK_T_OUT, 4));
		d.write(DATA, new Uint8Array(512).fill(0xab));
		d.desc(0, HDR, 16, 1, 1);
		d.desc(1, DATA, 512, 1, 2);
		d.desc(2, STATUS, 1, 2);
		d.submit(0);
		const snap = structuredClone(m.snapshot());
		d.drain();
		const after = m.disks[0].bytes().slice();
		expect(after[2048]).toBe(0xab);
		m.restore(snap);
		expect(m.disks[0].bytes()[2048]).toBe(disk()[2048]);
		expect(d.usedIdx()).toBe(0);
		d.drain();
		expect(m.disks[0].bytes()).toEqual(after);
		expect(d.usedIdx()).toBe(1);
	});

	it('tells the history which disk pages were written, and only those', () => {
		const m = machineWith([{ image: disk() }]);
		const d = new Driver(m);
		d.init();
		m.disks[0].takeDirty();
		request(d, VIRTIO_BLK_T_OUT, 9, 512, new Uint8Array(512));
		expect(m.disks[0].takeDirty()).toEqual([1]);
		expect(m.snapshot({ ram: false }).disks).toBeUndefined();
	});
});

describe('the virtqueue parser under random descriptor tables', () => {
	it('never throws or loops, whatever the rings hold', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ minLength: 4096, maxLength: 4096 }),
				fc.constantFrom(1, 2, 4, 8, 16, 256),
				fc.boolean(),
				fc.boolean(),
				(bytes, num, indirect, eventIdx) => {
					const mem = new Uint8Array(bytes);
					let reads = 0;
					// 4 KiB of memory at 0: rings and descriptors inside it, anything outside fails.
					const dma: DmaPort = {
						read: (a, n) => (
							reads++,
							a >= 0 && a + n <= mem.length ? mem.slice(a, a + n) : undefined
						),
						write: (a, b) => a >= 0 && a + b.length <= mem.length && (mem.set(b, a), true)
					};
					const q = {
						...emptyQueue(num),
						ready: true,
						desc: [0, 0],
						driver: [1024, 0],
						device: [2048, 0]
					} as ReturnType<typeof emptyQueue>;
					for (let k = 0; k < 4; k++) {
						const c = popChain(dma, q, { indirect, eventIdx });
						if (c === 'empty' || c === 'error') break;
						expect(c.readable.length + c.writable.length).toBeLessThanOrEqual(Math.max(num, 256));
					}
					expect(reads).toBeLessThan(4 * (num + 300));
				}
			),
			{ numRuns: 300 }
		);
	});
});

describe('wiring: device tree and --disk', () => {
	it('lists the eight slots as QEMU virt does, highest first, only with disks', () => {
		const soc = (virtio: boolean) =>
			virtTree({ harts: 1, ramBytes: 1 << 20, virtio }).children.find((n) => n.name === 'soc')!;
		const nodes = soc(true).children.filter((n) => n.name.startsWith('virtio_mmio@'));
		expect(nodes.map((n) => n.name)).toEqual(
			[8, 7, 6, 5, 4, 3, 2, 1].map((i) => `virtio_mmio@1000${i}000`)
		);
		const slot0 = nodes[7];
		const prop = (k: string) => slot0.props.find(([name]) => name === k)?.[1];
		expect(prop('compatible')).toBe('virtio,mmio');
		expect(prop('interrupts')).toEqual([1]);
		expect(prop('reg')).toEqual([0, 0x1000_1000, 0, 0x1000]);
		expect(soc(false).children.some((n) => n.name.startsWith('virtio'))).toBe(false);
	});

	it('parses --disk FILE[,serial=S][,readonly], repeatable', () => {
		const o = parseRunOptions(['p.elf', '--disk', 'a.img,serial=abc', '--disk=b.img,readonly']);
		expect(typeof o === 'string' ? o : o.disks).toEqual([
			{ path: 'a.img', serial: 'abc', readonly: false },
			{ path: 'b.img', readonly: true }
		]);
		expect(parseRunOptions(['p.elf', '--disk', 'a.img,bogus'])).toMatch(/unknown option 'bogus'/);
		expect(parseRunOptions(['p.elf', '--disk', `a.img,serial=${'x'.repeat(21)}`])).toMatch(
			/longer than 20/
		);
	});
});

describe('disk images in history and snapshot files', () => {
	it('steps back across disk writes: the history keeps only the pages written', () => {
		const m = machineWith([{ image: disk(64) }]);
		const d = new Driver(m);
		d.init();
		const h = new History<null>(m);
		h.take(0, null);
		const first = h.usage().disk0;
		request(d, VIRTIO_BLK_T_OUT, 20, 512, new Uint8Array(512).fill(1));
		h.take(1, null);
		expect(h.usage().disk0 - first).toBe(4096); // one page more, not the image again
		request(d, VIRTIO_BLK_T_OUT, 40, 512, new Uint8Array(512).fill(2));
		h.take(2, null);
		h.restore(h.list()[1]);
		expect(m.disks[0].bytes()[20 * 512]).toBe(1);
		expect(m.disks[0].bytes()[40 * 512]).toBe(disk(64)[40 * 512]);
		h.truncateAfter(1);
		// After a restore every page is compared again, so a write now is versioned as usual.
		request(d, VIRTIO_BLK_T_OUT, 40, 512, new Uint8Array(512).fill(3));
		h.take(3, null);
		h.restore(h.list()[0]);
		expect(m.disks[0].bytes()).toEqual(disk(64));
		h.restore(h.list()[2]);
		expect([m.disks[0].bytes()[20 * 512], m.disks[0].bytes()[40 * 512]]).toEqual([1, 3]);
	});

	it('keeps the disks in a snapshot file', () => {
		const m = machineWith([{ image: disk(8) }]);
		const back = decodeSnapshot(encodeSnapshot(m.snapshot()));
		expect(back.state.disks?.[0]).toEqual(disk(8));
	});

	it('survives random bytes in every ring and descriptor, through the device', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ minLength: 0x3000, maxLength: 0x3000 }),
				fc.boolean(),
				(junk, ind) => {
					const m = machineWith([{ image: disk(8) }]);
					const d = new Driver(m);
					d.init(ind ? F_INDIRECT | F_EVENT_IDX : 0);
					d.write(0x8001_0000, junk); // descriptors, avail and used rings
					d.reg(REG.queueNotify, 0);
					d.drain();
					d.reg(REG.queueNotify, 0);
					d.drain();
					expect(d.reg(REG.magic)).toBe(VIRTIO_MAGIC);
				}
			),
			{ numRuns: 100 }
		);
	});
});
