/**
 * `npm run bench`, section 4: virtio-blk on the bare machine. A driver on the host side of the bus
 * (register writes, rings in RAM, as a guest driver makes them) keeps the queue full of 64 KiB
 * reads and writes and lets the machine's event queue complete them; the figures are sectors per
 * second of host time through the transport, queue and device, and the simulated throughput the
 * default fixed timing model gives (cycles at 100 MHz).
 */
import { Machine } from '../src/lib/sim/machine/machine';
import { REG } from '../src/lib/sim/devices/virtio/mmio';

const SLOT = 0x1000_1000;
const [DESC, AVAIL, USED, BUF] = [0x8001_0000, 0x8001_1000, 0x8001_2000, 0x8010_0000];
const QN = 64;
const CHUNK = 64 * 1024;
const DISK = 64 * 1024 * 1024;

function bench(write: boolean, requests: number) {
	const m = new Machine({ ramMiB: 16, disks: [{ image: new Uint8Array(DISK) }] });
	const reg = (off: number, v: number) => m.bus.write(SLOT + off, 4, v);
	const u16 = (a: number, v: number) => m.dma.write(a, Uint8Array.of(v & 0xff, v >>> 8));
	for (const [off, v] of [
		[REG.status, 0],
		[REG.status, 1],
		[REG.status, 3],
		[REG.driverFeaturesSel, 1],
		[REG.driverFeatures, 1],
		[REG.status, 11],
		[REG.queueNum, QN],
		[REG.queueDescLow, DESC],
		[REG.queueDriverLow, AVAIL],
		[REG.queueDeviceLow, USED],
		[REG.queueReady, 1],
		[REG.status, 15]
	] as const)
		reg(off, v);
	// QN / 3 requests of three descriptors each, each with its own header, buffer and status.
	const slots = Math.floor(QN / 3);
	for (let r = 0; r < slots; r++) {
		const hdr = BUF + r * (CHUNK + 0x1000);
		const desc = (i: number, addr: number, len: number, flags: number, next: number) => {
			const b = new DataView(new ArrayBuffer(16));
			b.setUint32(0, addr, true);
			b.setUint32(8, len, true);
			b.setUint16(12, flags, true);
			b.setUint16(14, next, true);
			m.dma.write(DESC + 16 * i, new Uint8Array(b.buffer));
		};
		desc(3 * r, hdr, 16, 1, 3 * r + 1);
		desc(3 * r + 1, hdr + 0x800, CHUNK, write ? 1 : 3, 3 * r + 2);
		desc(3 * r + 2, hdr + 16, 1, 2, 0);
		const h = new DataView(new ArrayBuffer(16));
		h.setUint32(0, write ? 1 : 0, true);
		h.setUint32(8, (r * CHUNK) / 512, true);
		m.dma.write(hdr, new Uint8Array(h.buffer));
	}
	let avail = 0;
	const t0 = performance.now();
	let cycle = 0;
	for (let done = 0; done < requests;) {
		const batch = Math.min(slots, requests - done);
		for (let r = 0; r < batch; r++) u16(AVAIL + 4 + 2 * (avail++ % QN), 3 * r);
		u16(AVAIL + 2, avail);
		reg(REG.queueNotify, 0);
		cycle = m.events.nextCycle();
		while (m.events.size > 0) m.events.runDue((cycle = m.events.nextCycle()));
		done += batch;
	}
	const seconds = (performance.now() - t0) / 1000;
	const sectors = (requests * CHUNK) / 512;
	return { sectors, seconds, simSeconds: cycle / m.cpuHz };
}

const rows = [['virtio-blk', 'sectors', 'host s', 'sectors/s (host)', 'MB/s (simulated)']];
for (const write of [false, true]) {
	const r = bench(write, 2000);
	rows.push([
		write ? '64 KiB writes' : '64 KiB reads',
		String(r.sectors),
		r.seconds.toFixed(2),
		(r.sectors / r.seconds).toFixed(0),
		((r.sectors * 512) / r.simSeconds / 1e6).toFixed(0)
	]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padStart(widths[c])).join('  '));
console.log('Simulated MB/s is what the default fixed timing model (blk-timing.ts) gives at 100 MHz.');
