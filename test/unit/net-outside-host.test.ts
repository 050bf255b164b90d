/**
 * outside-host.ts answers as QEMU's slirp does: ARP for 10.0.2.2 and .3, ping, a DHCP exchange of
 * 10.0.2.15, and the UDP echo service; answers are byte-checked and due `latency` cycles later.
 */
import { describe, expect, it } from 'vitest';
import {
	buildArp,
	buildDhcp,
	buildEthernet,
	buildIcmp,
	buildIpv4,
	buildUdp,
	decodeFrame,
	dhcpOption,
	ETHERTYPE_ARP,
	ETHERTYPE_IPV4,
	IP_PROTO_ICMP,
	IP_PROTO_UDP,
	readIpOption,
	type DhcpMessage
} from '../../src/lib/sim/net/frame';
import { GATEWAY_MAC, OutsideHost } from '../../src/lib/sim/net/outside-host';

const MAC = '52:54:00:12:34:56';
const GUEST = 0x0a00020f;
const GW = 0x0a000202;
const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, '').match(/../g)!, (h) => parseInt(h, 16));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

function arpRequest(target: number, mac = MAC, from = GUEST) {
	const arp = buildArp({
		op: 1,
		senderMac: mac,
		senderIp: from,
		targetMac: '00:00:00:00:00:00',
		targetIp: target
	});
	return buildEthernet('ff:ff:ff:ff:ff:ff', mac, ETHERTYPE_ARP, arp);
}

function dhcp(type: number, o: Partial<DhcpMessage> = {}, requested?: number) {
	const msg: DhcpMessage = {
		op: 1,
		xid: 0x766d7363,
		secs: 0,
		flags: 0,
		ciaddr: 0,
		yiaddr: 0,
		siaddr: 0,
		giaddr: 0,
		chaddr: MAC,
		options: [
			{ code: 53, data: Uint8Array.of(type) },
			...(requested === undefined
				? []
				: [
						{
							code: 50,
							data: Uint8Array.of(
								requested >>> 24,
								(requested >>> 16) & 255,
								(requested >>> 8) & 255,
								requested & 255
							)
						}
					])
		],
		...o
	};
	const udp = buildUdp(0, 0xffffffff, { srcPort: 68, dstPort: 67, payload: buildDhcp(msg) });
	const ip = buildIpv4({ src: 0, dst: 0xffffffff, protocol: IP_PROTO_UDP }, udp);
	return buildEthernet('ff:ff:ff:ff:ff:ff', msg.chaddr, ETHERTYPE_IPV4, ip);
}

describe('the outside host (slirp-like)', () => {
	it('answers ARP for the gateway, byte for byte, latency cycles later', () => {
		const h = new OutsideHost({ latency: 500 });
		const [r, ...more] = h.receive(arpRequest(GW), 1000);
		expect(more).toEqual([]);
		expect(r.at).toBe(1500);
		expect(hexOf(r.frame)).toBe(
			hexOf(
				hex(
					'525400123456 52550a000202 0806' + // Ethernet: to the asker, from 52:55 + 10.0.2.2
						'0001 0800 06 04 0002 52550a000202 0a000202 525400123456 0a00020f' +
						'00'.repeat(64 - 42) // slirp pads its reply to 64 bytes
				)
			)
		);
	});

	it('answers ARP for the DNS address with 52:55:0a:00:02:03, and nothing else', () => {
		const h = new OutsideHost();
		const [r] = h.receive(arpRequest(0x0a000203), 0);
		expect(decodeFrame(r.frame).arp?.senderMac).toBe('52:55:0a:00:02:03');
		expect(h.receive(arpRequest(0x0a000209), 0)).toEqual([]);
		expect(h.stats).toEqual({ received: 2, sent: 1, ignored: 1 });
	});

	it('echoes a ping to 10.0.2.2 with TTL 255, the same id, seq and data, valid checksums', () => {
		const h = new OutsideHost();
		const data = Uint8Array.from({ length: 56 }, (_, i) => i);
		const icmp = buildIcmp({ type: 8, code: 0, id: 0x4242, seq: 3, data });
		const req = buildEthernet(
			GATEWAY_MAC,
			MAC,
			ETHERTYPE_IPV4,
			buildIpv4({ src: GUEST, dst: GW, protocol: IP_PROTO_ICMP, id: 9 }, icmp)
		);
		const [r] = h.receive(req, 10);
		const d = decodeFrame(r.frame);
		expect(d.error).toBeUndefined();
		expect(d.eth).toMatchObject({ dst: MAC, src: GATEWAY_MAC });
		expect(d.ip).toMatchObject({ src: GW, dst: GUEST, ttl: 255, protocol: 1, id: 0 });
		expect(d.icmp).toEqual({ type: 0, code: 0, id: 0x4242, seq: 3, data });
		expect(r.frame.length).toBe(14 + 20 + 8 + 56);
		// The reply's ICMP bytes: type 0, and the checksum moved by exactly the type's 0x0800.
		const reqSum = (icmp[2] << 8) | icmp[3];
		expect(((r.frame[36] << 8) | r.frame[37]) - reqSum).toBe(0x800);
	});

	it('leaves pings elsewhere unanswered (no world behind the gateway)', () => {
		const h = new OutsideHost();
		const icmp = buildIcmp({ type: 8, code: 0, id: 1, seq: 1, data: new Uint8Array(0) });
		const req = buildEthernet(
			GATEWAY_MAC,
			MAC,
			ETHERTYPE_IPV4,
			buildIpv4({ src: GUEST, dst: 0x08080808, protocol: IP_PROTO_ICMP }, icmp)
		);
		expect(h.receive(req, 0)).toEqual([]);
	});

	it('DHCP: DISCOVER → OFFER, REQUEST → ACK of 10.0.2.15, router .2, DNS .3; a wrong REQUEST is NAKed', () => {
		const h = new OutsideHost();
		const [offer] = h.receive(dhcp(1), 0);
		const o = decodeFrame(offer.frame);
		expect(o.error).toBeUndefined();
		expect(o.eth).toMatchObject({ dst: 'ff:ff:ff:ff:ff:ff', src: GATEWAY_MAC });
		expect(o.ip).toMatchObject({ src: GW, dst: 0xffffffff, ttl: 64, tos: 0x10 });
		expect(o.udp).toMatchObject({ srcPort: 67, dstPort: 68 });
		const m = o.dhcp!;
		expect(m).toMatchObject({ op: 2, xid: 0x766d7363, yiaddr: GUEST, siaddr: GW, chaddr: MAC });
		expect(m.options.map((x) => x.code)).toEqual([53, 54, 1, 3, 6, 51]);
		expect(dhcpOption(m, 53)).toEqual(Uint8Array.of(2));
		expect(readIpOption(m, 54)).toBe(GW);
		expect(readIpOption(m, 1)).toBe(0xffffff00);
		expect(readIpOption(m, 3)).toBe(GW);
		expect(readIpOption(m, 6)).toBe(0x0a000203);
		expect(dhcpOption(m, 51)).toEqual(Uint8Array.of(0, 1, 0x51, 0x80)); // 86400 s
		// The options' bytes as they are on the wire, after the magic cookie.
		const udpPayload = offer.frame.subarray(14 + 20 + 8);
		expect(hexOf(udpPayload.subarray(236, 236 + 4 + 3 + 6 * 4 + 6 + 1))).toBe(
			'63825363' +
				'350102' +
				'36040a000202' +
				'0104ffffff00' +
				'03040a000202' +
				'06040a000203' +
				'330400015180' +
				'ff'
		);
		const [ack] = h.receive(dhcp(3, {}, GUEST), 100);
		expect(dhcpOption(decodeFrame(ack.frame).dhcp!, 53)).toEqual(Uint8Array.of(5));
		expect(decodeFrame(ack.frame).dhcp!.yiaddr).toBe(GUEST);
		const [nak] = h.receive(dhcp(3, {}, 0x0a000263), 200);
		expect(dhcpOption(decodeFrame(nak.frame).dhcp!, 53)).toEqual(Uint8Array.of(6));
		// A second client gets the next address of the pool.
		const [other] = h.receive(dhcp(1, { chaddr: '52:54:00:00:00:02' }), 300);
		expect(decodeFrame(other.frame).dhcp!.yiaddr).toBe(GUEST + 1);
		expect(h.leases).toEqual([
			{ mac: MAC, ip: GUEST },
			{ mac: '52:54:00:00:00:02', ip: GUEST + 1 }
		]);
	});

	it('echoes UDP to 10.0.2.2:7, and can be switched off', () => {
		const udp = buildUdp(GUEST, GW, {
			srcPort: 4000,
			dstPort: 7,
			payload: new TextEncoder().encode('hi')
		});
		const f = buildEthernet(
			GATEWAY_MAC,
			MAC,
			ETHERTYPE_IPV4,
			buildIpv4({ src: GUEST, dst: GW, protocol: IP_PROTO_UDP }, udp)
		);
		const [r] = new OutsideHost().receive(f, 0);
		expect(decodeFrame(r.frame).udp).toEqual({
			srcPort: 7,
			dstPort: 4000,
			payload: new TextEncoder().encode('hi')
		});
		expect(new OutsideHost({ udpEchoPort: null }).receive(f, 0)).toEqual([]);
	});

	it('ignores malformed frames, and its state is plain data that restores', () => {
		const h = new OutsideHost();
		expect(h.receive(Uint8Array.of(1, 2, 3), 0)).toEqual([]);
		h.receive(dhcp(1), 0);
		const snap = h.snapshot();
		expect(structuredClone(snap)).toEqual(snap);
		const icmp = buildIcmp({ type: 8, code: 0, id: 1, seq: 1, data: new Uint8Array(0) });
		const ping = buildEthernet(
			GATEWAY_MAC,
			MAC,
			ETHERTYPE_IPV4,
			buildIpv4({ src: GUEST, dst: GW, protocol: IP_PROTO_ICMP }, icmp)
		);
		const first = h.receive(ping, 5);
		h.restore(snap);
		expect(h.receive(ping, 5)).toEqual(first);
		h.reset();
		expect(h.leases).toEqual([]);
	});
});
