/**
 * virtio-net on the bare machine, at the virtqueue level: a TypeScript driver lays out the receiveq
 * and transmitq in RAM as a guest driver would, sends frames to the outside host and takes its
 * answers; drops when no buffer is posted, oversized and malformed chains, snapshot and restore.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import './fast-check-seed';
import { REG, VirtioMmio } from '../../src/lib/sim/devices/virtio/mmio';
import { VirtioNet, VIRTIO_NET_HDR } from '../../src/lib/sim/devices/virtio/net';
import { Machine } from '../../src/lib/sim/machine/machine';
import {
	buildArp,
	buildEthernet,
	buildIcmp,
	buildIpv4,
	decodeFrame,
	ETHERTYPE_ARP,
	ETHERTYPE_IPV4,
	IP_PROTO_ICMP
} from '../../src/lib/sim/net/frame';
import { GATEWAY_MAC } from '../../src/lib/sim/net/outside-host';
import { detachedHost } from '../../src/lib/sim/devices/device';

const RAM0 = 0x8000_0000;
const SLOT0 = 0x1000_1000;
const NUM = 8;
/** Per queue: descriptor table, avail ring, used ring, then buffers of 2 KiB per descriptor. */
const Q = [RAM0 + 0x1_0000, RAM0 + 0x2_0000];
const NEEDS_RESET = 64;
const MAC = '52:54:00:12:34:56';

class NetDriver {
	avail = [0, 0];
	constructor(
		readonly m: Machine,
		readonly slot = 0
	) {}
	reg(off: number, v?: number): number {
		const a = SLOT0 + 0x1000 * this.slot + off;
		if (v === undefined) return this.m.bus.read(a, 4);
		this.m.bus.write(a, 4, v);
		return 0;
	}
	desc(q: number, i: number, addr: number, len: number, flags: number, next = 0): void {
		const v = new DataView(new ArrayBuffer(16));
		v.setUint32(0, addr, true);
		v.setUint32(8, len, true);
		v.setUint16(12, flags, true);
		v.setUint16(14, next, true);
		this.m.dma.write(Q[q] + 16 * i, new Uint8Array(v.buffer));
	}
	buf(q: number, i: number): number {
		return Q[q] + 0x3000 + 0x800 * i;
	}
	u16(a: number, v?: number): number {
		if (v === undefined) {
			const b = this.m.dma.read(a, 2)!;
			return b[0] | (b[1] << 8);
		}
		this.m.dma.write(a, Uint8Array.of(v & 255, v >> 8));
		return 0;
	}
	init(): void {
		for (const [o, v] of [
			[REG.status, 0],
			[REG.status, 1],
			[REG.status, 3],
			[REG.driverFeaturesSel, 0],
			[REG.driverFeatures, (1 << 5) | (1 << 16)],
			[REG.driverFeaturesSel, 1],
			[REG.driverFeatures, 1],
			[REG.status, 11]
		])
			this.reg(o, v);
		for (const q of [0, 1]) {
			this.reg(REG.queueSel, q);
			this.reg(REG.queueNum, NUM);
			this.reg(REG.queueDescLow, Q[q]);
			this.reg(REG.queueDriverLow, Q[q] + 0x1000);
			this.reg(REG.queueDeviceLow, Q[q] + 0x2000);
			this.reg(REG.queueReady, 1);
		}
		this.reg(REG.status, 15);
	}
	submit(q: number, head: number, notify = true): void {
		const avail = Q[q] + 0x1000;
		this.u16(avail + 4 + 2 * (this.avail[q] % NUM), head);
		this.avail[q] = (this.avail[q] + 1) & 0xffff;
		this.u16(avail + 2, this.avail[q]);
		if (notify) this.reg(REG.queueNotify, q);
	}
	/** Post receive buffer i (2 KiB, or `len`) as one writable descriptor. */
	postRx(i: number, len = 0x800): void {
		this.desc(0, i, this.buf(0, i), len, 2);
		this.submit(0, i);
	}
	/** Send `frame` from transmit slot i: header and frame in one readable descriptor. */
	send(i: number, frame: Uint8Array): void {
		const b = new Uint8Array(VIRTIO_NET_HDR + frame.length);
		b.set(frame, VIRTIO_NET_HDR);
		this.m.dma.write(this.buf(1, i), b);
		this.desc(1, i, this.buf(1, i), b.length, 0);
		this.submit(1, i);
	}
	usedIdx(q: number): number {
		return this.u16(Q[q] + 0x2000 + 2);
	}
	used(q: number, n: number): [number, number] {
		const b = this.m.dma.read(Q[q] + 0x2000 + 4 + 8 * (n % NUM), 8)!;
		const v = new DataView(b.buffer);
		return [v.getUint32(0, true), v.getUint32(4, true)];
	}
	drain(): void {
		this.m.events.runDue(Number.MAX_SAFE_INTEGER);
	}
}

function arpFor(ip: number): Uint8Array {
	const arp = buildArp({
		op: 1,
		senderMac: MAC,
		senderIp: 0x0a00020f,
		targetMac: '00:00:00:00:00:00',
		targetIp: ip
	});
	return buildEthernet('ff:ff:ff:ff:ff:ff', MAC, ETHERTYPE_ARP, arp);
}

function ping(seq: number): Uint8Array {
	const icmp = buildIcmp({ type: 8, code: 0, id: 7, seq, data: new Uint8Array(32).fill(seq) });
	return buildEthernet(
		GATEWAY_MAC,
		MAC,
		ETHERTYPE_IPV4,
		buildIpv4({ src: 0x0a00020f, dst: 0x0a000202, protocol: IP_PROTO_ICMP }, icmp)
	);
}

/** The virtio-net behind slot 0's transport. */
function nicOf(m: Machine): VirtioNet {
	const slot = m.devices.get('virtio0');
	if (!(slot instanceof VirtioMmio) || !(slot.backend instanceof VirtioNet))
		throw new Error('no NIC in slot 0');
	return slot.backend;
}

const machine = (disks = 0) =>
	new Machine({
		ramMiB: 1,
		disks: Array.from({ length: disks }, () => ({ image: new Uint8Array(4096) })),
		nics: [{ backend: 'user' }]
	});

describe('virtio-net on the bare machine', () => {
	it('sits in the slot after the disks, device 1, with MAC and link status in config space', () => {
		const m = machine(1);
		const d = new NetDriver(m, 1);
		expect(d.reg(REG.deviceId)).toBe(1);
		expect(new NetDriver(m, 0).reg(REG.deviceId)).toBe(2);
		expect(new NetDriver(m, 2).reg(REG.deviceId)).toBe(0);
		d.reg(REG.deviceFeaturesSel, 0);
		const f = d.reg(REG.deviceFeatures);
		expect(f & (1 << 5)).toBeTruthy(); // MAC
		expect(f & (1 << 16)).toBeTruthy(); // STATUS
		expect(f & ~((1 << 5) | (1 << 16) | (1 << 28) | (1 << 29))).toBe(0); // no offloads, no MRG_RXBUF
		const cfg = Array.from({ length: 8 }, (_, i) => m.bus.read(SLOT0 + 0x1000 + 0x100 + i, 1));
		expect(cfg).toEqual([0x52, 0x54, 0, 0x12, 0x34, 0x56, 1, 0]);
		expect(m.bus.read(SLOT0 + 0x1000 + 0x104, 4)).toBe(0x0001_5634); // mac[4], mac[5], status: little-endian;
	});

	it('a transmitted ARP request is answered into the posted receive buffer, with an interrupt', () => {
		const m = machine();
		const d = new NetDriver(m);
		d.init();
		d.postRx(0);
		d.send(0, arpFor(0x0a000202));
		expect(d.usedIdx(1)).toBe(1);
		expect(d.used(1, 0)).toEqual([0, 0]);
		expect(m.nets[0].counters().sent).toBe(1);
		expect(d.usedIdx(0)).toBe(0); // the answer is on its way (the outside host's latency)
		d.drain();
		expect(d.usedIdx(0)).toBe(1);
		const [id, len] = d.used(0, 0);
		expect([id, len]).toEqual([0, VIRTIO_NET_HDR + 64]);
		const got = m.dma.read(d.buf(0, 0), len)!;
		// virtio_net_hdr: flags 0, gso NONE, no lengths, num_buffers 1 (§5.1.6.4.1).
		expect(Array.from(got.subarray(0, VIRTIO_NET_HDR))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
		expect(decodeFrame(got.subarray(VIRTIO_NET_HDR)).arp?.senderMac).toBe(GATEWAY_MAC);
		expect(d.reg(REG.interruptStatus) & 1).toBe(1);
		expect(m.plic.snapshot()).toBeDefined();
	});

	it('with no receive buffer posted the answer is dropped and counted', () => {
		const m = machine();
		const d = new NetDriver(m);
		d.init();
		const seen: string[] = [];
		m.nets[0].hooks.frame.add((what, f, cycle) => seen.push(`${what} ${f.length} @${cycle}`));
		d.send(0, ping(1));
		d.drain();
		const nic = nicOf(m);
		expect(nic.counters()).toMatchObject({ txFrames: 1, rxFrames: 0, rxNoBuffer: 1 });
		expect(m.nets[0].counters()).toEqual({ sent: 1, delivered: 0, dropped: 1 });
		// Observers see each frame: sent at the notify's cycle, dropped when the answer arrived.
		expect(seen).toEqual(['sent 74 @0', 'dropped 74 @2000']);
		// The next one, with a buffer, arrives.
		d.postRx(0);
		d.send(1, ping(2));
		d.drain();
		expect(decodeFrame(m.dma.read(d.buf(0, 0) + VIRTIO_NET_HDR, 14 + 20 + 8 + 32)!).icmp?.seq).toBe(2);
	});

	it('drops a frame over 1514 bytes, a chain shorter than the header or outside memory, and goes on', () => {
		const m = machine();
		const d = new NetDriver(m);
		d.init();
		d.send(0, new Uint8Array(1515));
		d.desc(1, 1, d.buf(1, 1), 8, 0);
		d.submit(1, 1);
		d.desc(1, 2, 0x4000_0000, 100, 0); // a frame outside guest memory: nothing to send
		d.submit(1, 2);
		expect(d.usedIdx(1)).toBe(3);
		const nic = nicOf(m);
		expect(nic.counters()).toMatchObject({ txFrames: 0, txDropped: 3 });
		expect(m.nets[0].counters().sent).toBe(0);
		expect(d.reg(REG.status) & NEEDS_RESET).toBe(0);
	});

	it('a receive buffer too small gets the frame dropped and comes back with length 0', () => {
		const m = machine();
		const d = new NetDriver(m);
		d.init();
		d.postRx(0, 40);
		d.send(0, ping(1));
		d.drain();
		expect(d.used(0, 0)).toEqual([0, 0]);
		const nic = nicOf(m);
		expect(nic.counters().rxTooSmall).toBe(1);
	});

	it('a chain of the wrong direction, or one outside memory, makes the device need a reset', () => {
		for (const bad of ['tx-writable', 'rx-readable', 'rx-outside'] as const) {
			const m = machine();
			const d = new NetDriver(m);
			d.init();
			if (bad === 'tx-writable') {
				d.desc(1, 0, d.buf(1, 0), 64, 2);
				d.submit(1, 0);
			} else {
				d.desc(
					0,
					0,
					bad === 'rx-outside' ? 0x4000_0000 : d.buf(0, 0),
					2048,
					bad === 'rx-outside' ? 2 : 0
				);
				d.submit(0, 0);
				d.send(0, ping(1));
				d.drain();
			}
			expect(d.reg(REG.status) & NEEDS_RESET, bad).toBe(NEEDS_RESET);
			expect(d.reg(REG.interruptStatus) & 2, bad).toBe(2);
		}
	});

	it('random descriptor tables never make the device throw', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({ addr: fc.nat(), len: fc.nat(4000), flags: fc.nat(7), next: fc.nat(12) }),
					{ minLength: NUM, maxLength: NUM }
				),
				fc.array(fc.nat(NUM + 2), { minLength: 1, maxLength: 6 }),
				fc.boolean(),
				(descs, heads, rx) => {
					const m = machine();
					const d = new NetDriver(m);
					d.init();
					const q = rx ? 0 : 1;
					descs.forEach((x, i) =>
						d.desc(q, i, x.addr % 2 ? d.buf(q, i) : x.addr, x.len, x.flags, x.next)
					);
					for (const h of heads) d.submit(q, h);
					if (rx) for (let i = 0; i < heads.length; i++) nicOf(m).receive(ping(i));
					d.drain();
				}
			),
			{ numRuns: 300 }
		);
	});

	it('snapshot and restore: a frame in flight arrives the same after a restore', () => {
		const m = machine();
		const d = new NetDriver(m);
		d.init();
		d.postRx(0);
		d.postRx(1);
		d.send(0, ping(5));
		const snap = m.snapshot();
		expect(structuredClone(snap.components)).toEqual(snap.components);
		d.drain();
		const first = m.dma.read(d.buf(0, 0), 128)!;
		const nic = nicOf(m);
		const stats = { ...nic.counters() };
		m.restore(snap);
		expect(nic.counters().rxFrames).toBe(0);
		m.dma.write(d.buf(0, 0), new Uint8Array(128));
		d.drain();
		expect(m.dma.read(d.buf(0, 0), 128)).toEqual(first);
		expect(nic.counters()).toEqual(stats);
	});

	it('a device alone (no machine): receive before the driver is ready drops, never throws', () => {
		const nic = new VirtioNet(detachedHost());
		expect(() => new VirtioNet(detachedHost(), { mac: '01:00:5e:00:00:01' })).toThrow(/multicast/);
		expect(() => new VirtioNet(detachedHost(), { mac: 'nope' })).toThrow(/not a MAC/);
		nic.attach({ pop: () => 'empty', push: () => {}, fail: () => {}, has: () => false, live: false });
		expect(nic.receive(ping(1))).toBe(false);
		expect(nic.counters().rxNoBuffer).toBe(1);
	});
});
