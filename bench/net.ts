/**
 * `npm run bench`, section 7: virtio-net on the bare machine. A driver on the host side of the bus
 * (register writes, rings in RAM, as the guest driver makes them) sends batches of frames to the
 * simulated outside host, which answers each (a ping, or a full-size UDP datagram to its echo
 * service); the machine's event queue delivers the answers into posted receive buffers, which the
 * driver gives back. The figure is frames per second of host time through transport, queues,
 * device, link and outside host, counting both directions.
 */
import { REG } from '../src/lib/sim/devices/virtio/mmio';
import { Machine } from '../src/lib/sim/machine/machine';
import { buildEthernet, buildIcmp, buildIpv4, buildUdp, ETHERTYPE_IPV4 } from '../src/lib/sim/net/frame';
import { GATEWAY_MAC } from '../src/lib/sim/net/outside-host';

const SLOT = 0x1000_1000;
const QN = 256;
const BATCH = 64;
const HDR = 12;
const [RXQ, TXQ] = [0x8001_0000, 0x8002_0000];
const [RXBUF, TXBUF] = [0x8010_0000, 0x8020_0000];
const GUEST = 0x0a00020f;
const GW = 0x0a000202;
const MAC = '52:54:00:12:34:56';

function frame(kind: 'ping' | 'udp'): Uint8Array {
	const ip =
		kind === 'ping'
			? buildIpv4(
					{ src: GUEST, dst: GW, protocol: 1 },
					buildIcmp({ type: 8, code: 0, id: 1, seq: 1, data: new Uint8Array(56) })
				)
			: buildIpv4(
					{ src: GUEST, dst: GW, protocol: 17 },
					buildUdp(GUEST, GW, { srcPort: 5000, dstPort: 7, payload: new Uint8Array(1472) })
				);
	return buildEthernet(GATEWAY_MAC, MAC, ETHERTYPE_IPV4, ip);
}

function bench(kind: 'ping' | 'udp', frames: number) {
	const m = new Machine({ ramMiB: 16, nics: [{ backend: 'user' }] });
	const reg = (off: number, v: number) => m.bus.write(SLOT + off, 4, v);
	const u16 = (a: number, v: number) => m.dma.write(a, Uint8Array.of(v & 0xff, v >>> 8));
	const read16 = (a: number) => {
		const b = m.dma.read(a, 2)!;
		return b[0] | (b[1] << 8);
	};
	const desc = (table: number, i: number, addr: number, len: number, flags: number) => {
		const b = new DataView(new ArrayBuffer(16));
		b.setUint32(0, addr, true);
		b.setUint32(8, len, true);
		b.setUint16(12, flags, true);
		m.dma.write(table + 16 * i, new Uint8Array(b.buffer));
	};
	for (const [off, v] of [
		[REG.status, 0],
		[REG.status, 3],
		[REG.driverFeaturesSel, 1],
		[REG.driverFeatures, 1],
		[REG.status, 11]
	] as const)
		reg(off, v);
	for (const [q, base] of [
		[0, RXQ],
		[1, TXQ]
	]) {
		reg(REG.queueSel, q);
		reg(REG.queueNum, QN);
		reg(REG.queueDescLow, base);
		reg(REG.queueDriverLow, base + 0x1000);
		reg(REG.queueDeviceLow, base + 0x2000);
		reg(REG.queueReady, 1);
	}
	reg(REG.status, 15);
	const packet = new Uint8Array(HDR + frame(kind).length);
	packet.set(frame(kind), HDR);
	for (let i = 0; i < QN; i++) {
		desc(RXQ, i, RXBUF + 2048 * i, 2048, 2);
		desc(TXQ, i, TXBUF + 2048 * i, packet.length, 0);
		m.dma.write(TXBUF + 2048 * i, packet);
		u16(RXQ + 0x1000 + 4 + 2 * i, i);
	}
	let rxAvail = QN;
	u16(RXQ + 0x1000 + 2, rxAvail);
	let [txAvail, rxUsed, received] = [0, 0, 0];
	const t0 = performance.now();
	let sent = 0;
	for (; sent < frames; sent += BATCH) {
		for (let k = 0; k < BATCH; k++) u16(TXQ + 0x1000 + 4 + 2 * (txAvail % QN), txAvail++ % QN);
		u16(TXQ + 0x1000 + 2, txAvail & 0xffff);
		reg(REG.queueNotify, 1);
		while (m.events.size > 0) m.events.runDue(m.events.nextCycle());
		// Give every filled receive buffer back.
		for (const used = read16(RXQ + 0x2000 + 2); rxUsed !== used; rxUsed = (rxUsed + 1) & 0xffff) {
			const id = m.dma.read(RXQ + 0x2000 + 4 + 8 * (rxUsed % QN), 1)![0];
			u16(RXQ + 0x1000 + 4 + 2 * (rxAvail % QN), id);
			rxAvail++;
			received++;
		}
		u16(RXQ + 0x1000 + 2, rxAvail & 0xffff);
		reg(REG.queueNotify, 0);
	}
	const seconds = (performance.now() - t0) / 1000;
	return { frames: sent + received, sent, received, seconds, bytes: packet.length - HDR };
}

const rows = [['virtio-net', 'frame bytes', 'frames', 'host s', 'frames/s (host)']];
for (const kind of ['ping', 'udp'] as const) {
	const r = bench(kind, 20_480);
	if (r.received !== r.sent) throw new Error(`bench net: ${r.received} of ${r.sent} answers arrived`);
	rows.push([
		kind === 'ping' ? 'ping and reply' : 'UDP echo, full size',
		String(r.bytes),
		String(r.frames),
		r.seconds.toFixed(2),
		(r.frames / r.seconds).toFixed(0)
	]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padStart(widths[c])).join('  '));
console.log('Frames counted both ways: sent by the driver and answered by the outside host.');
