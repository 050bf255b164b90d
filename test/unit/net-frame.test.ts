/**
 * frame.ts: each layer built and parsed back, checksums checked against hand-computed bytes, errors
 * naming the offset, and random bytes never making a parser throw.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import './fast-check-seed';
import {
	buildArp,
	buildDhcp,
	buildEthernet,
	buildIcmp,
	buildIpv4,
	buildUdp,
	decodeFrame,
	internetChecksum,
	ipString,
	isParseError,
	macString,
	parseArp,
	parseDhcp,
	parseEthernet,
	parseIcmp,
	parseIp,
	parseIpv4,
	parseMac,
	parseUdp,
	ETHERTYPE_ARP,
	ETHERTYPE_IPV4,
	IP_PROTO_UDP,
	IP_PROTO_ICMP
} from '../../src/lib/sim/net/frame';

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, '').match(/../g)!, (h) => parseInt(h, 16));
const A = 0x0a00020f; // 10.0.2.15
const B = 0x0a000202; // 10.0.2.2

describe('addresses', () => {
	it('parses and prints MACs and IPv4 addresses', () => {
		expect(macString(parseMac('52:54:00:12:34:56')!)).toBe('52:54:00:12:34:56');
		expect(parseMac('52:54:00:12:34')).toBeUndefined();
		expect(parseMac('52:54:00:12:34:5g')).toBeUndefined();
		expect(parseIp('10.0.2.15')).toBe(A);
		expect(parseIp('10.0.2.256')).toBeUndefined();
		expect(ipString(0xffffffff)).toBe('255.255.255.255');
	});
});

describe('checksums', () => {
	it('RFC 1071 §3 example: 0001 f203 f4f5 f6f7 folds to ddf2, so the checksum is 220d', () => {
		expect(internetChecksum(hex('0001f203f4f5f6f7'))).toBe(0x220d);
		// An odd byte is the high half of a last word: 0001 + f203 + f4f5 + f600 = 2dcf9, folded dcfb.
		expect(internetChecksum(hex('0001f203f4f5f6'))).toBe(0x2304);
	});

	it('an IPv4 header as Wikipedia works it out: checksum b861', () => {
		const h = hex('4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7');
		expect(internetChecksum(h)).toBe(0xb861);
		const built = buildIpv4(
			{ src: 0xc0a80001, dst: 0xc0a800c7, protocol: 17, ttl: 64 },
			new Uint8Array(0x73 - 20)
		);
		expect(Array.from(built.subarray(10, 12))).toEqual([0xb8, 0x61]);
	});
});

describe('layers round-trip', () => {
	it('Ethernet', () => {
		const f = buildEthernet('ff:ff:ff:ff:ff:ff', '52:54:00:12:34:56', ETHERTYPE_ARP, Uint8Array.of(1, 2));
		expect(f.length).toBe(16);
		const e = parseEthernet(f);
		expect(e).toMatchObject({
			dst: 'ff:ff:ff:ff:ff:ff',
			src: '52:54:00:12:34:56',
			ethertype: ETHERTYPE_ARP
		});
		expect(parseEthernet(f.subarray(0, 13))).toEqual({
			error: expect.stringContaining('14-byte'),
			offset: 13
		});
		const llc = f.slice();
		llc[12] = 0;
		llc[13] = 46;
		expect(parseEthernet(llc)).toMatchObject({ offset: 12 });
	});

	it('ARP, byte for byte (RFC 826 layout)', () => {
		const p = {
			op: 1,
			senderMac: '52:54:00:12:34:56',
			senderIp: A,
			targetMac: '00:00:00:00:00:00',
			targetIp: B
		};
		const b = buildArp(p);
		expect(b).toEqual(hex('0001 0800 06 04 0001 525400123456 0a00020f 000000000000 0a000202'));
		expect(parseArp(b)).toEqual(p);
		const bad = b.slice();
		bad[5] = 16;
		expect(parseArp(bad)).toMatchObject({ offset: 4 });
	});

	it('IPv4: fragments, bad lengths and checksums are errors at their field', () => {
		const pkt = buildIpv4({ src: A, dst: B, protocol: IP_PROTO_ICMP, id: 7 }, Uint8Array.of(9, 9));
		const p = parseIpv4(pkt);
		expect(p).toMatchObject({ src: A, dst: B, protocol: 1, id: 7, ttl: 64 });
		const frag = pkt.slice();
		frag[6] |= 0x20; // MF
		expect(parseIpv4(frag)).toMatchObject({ offset: 6 });
		const sum = pkt.slice();
		sum[11] ^= 1;
		expect(parseIpv4(sum)).toMatchObject({ offset: 10 });
		const long = pkt.slice();
		long[3] = 200;
		expect(parseIpv4(long)).toMatchObject({ offset: 2 });
		const v6 = pkt.slice();
		v6[0] = 0x65;
		expect(parseIpv4(v6)).toMatchObject({ offset: 0 });
		// Padding after total length (a short frame padded to 60 bytes) is not payload.
		const padded = new Uint8Array(pkt.length + 10);
		padded.set(pkt);
		expect((parseIpv4(padded) as { payload: Uint8Array }).payload.length).toBe(2);
	});

	it('ICMP echo and UDP with their checksums', () => {
		const m = { type: 8, code: 0, id: 0x1234, seq: 1, data: Uint8Array.of(1, 2, 3) };
		const b = buildIcmp(m);
		expect(internetChecksum(b)).toBe(0);
		expect(parseIcmp(b)).toEqual(m);
		b[9] ^= 0xff;
		expect(parseIcmp(b)).toMatchObject({ offset: 2 });
		const u = buildUdp(A, B, { srcPort: 1234, dstPort: 7, payload: Uint8Array.of(0x68, 0x69) });
		expect(parseUdp(u, A, B)).toEqual({ srcPort: 1234, dstPort: 7, payload: Uint8Array.of(0x68, 0x69) });
		// The pseudo-header is in the sum: the same bytes between other hosts fail.
		expect(parseUdp(u, A, A)).toMatchObject({ offset: 6 });
		const nosum = u.slice();
		nosum[6] = nosum[7] = 0;
		nosum[8] = 0; // changed payload, but no checksum to catch it
		expect(isParseError(parseUdp(nosum, A, A))).toBe(false);
	});

	it('DHCP options, and their errors', () => {
		const msg = {
			op: 1,
			xid: 0xdeadbeef,
			secs: 0,
			flags: 0x8000,
			ciaddr: 0,
			yiaddr: 0,
			siaddr: 0,
			giaddr: 0,
			chaddr: '52:54:00:12:34:56',
			options: [{ code: 53, data: Uint8Array.of(1) }]
		};
		const b = buildDhcp(msg);
		expect(b.length).toBe(300);
		expect(Array.from(b.subarray(236, 243))).toEqual([99, 130, 83, 99, 53, 1, 1]);
		expect(b[243]).toBe(255);
		expect(parseDhcp(b)).toEqual(msg);
		const cut = b.slice(0, 242);
		expect(parseDhcp(cut)).toMatchObject({ offset: 241 });
		const noEnd = b.slice(0, 243);
		expect(parseDhcp(noEnd)).toMatchObject({ offset: 243 });
	});

	it('decodeFrame goes down the layers and names the frame offset of an error', () => {
		const udp = buildUdp(A, B, { srcPort: 5000, dstPort: 7, payload: Uint8Array.of(1) });
		const f = buildEthernet(
			'52:55:0a:00:02:02',
			'52:54:00:12:34:56',
			ETHERTYPE_IPV4,
			buildIpv4({ src: A, dst: B, protocol: IP_PROTO_UDP }, udp)
		);
		const d = decodeFrame(f);
		expect(d.udp?.dstPort).toBe(7);
		expect(d.error).toBeUndefined();
		f[14 + 20 + 7] ^= 1; // the UDP checksum's low byte
		expect(decodeFrame(f).error).toEqual({
			layer: 'udp',
			error: 'UDP checksum does not match',
			offset: 40
		});
	});
});

describe('malformed bytes', () => {
	it('no parser throws on random bytes, and every error offset lies within the bytes', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
				const d = decodeFrame(b);
				if (d.error) expect(d.error.offset).toBeLessThanOrEqual(b.length);
				for (const p of [parseArp(b), parseIpv4(b), parseIcmp(b), parseUdp(b, A, B), parseDhcp(b)])
					if (isParseError(p)) expect(p.offset).toBeLessThanOrEqual(b.length);
			}),
			{ numRuns: 2000 }
		);
	});

	it('random bytes behind valid headers (the deeper layers) never throw either', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 600 }),
				fc.constantFrom(1, 17),
				fc.boolean(),
				(payload, proto, dhcp) => {
					const p =
						dhcp && proto === 17
							? buildUdp(0, 0xffffffff, { srcPort: 68, dstPort: 67, payload })
							: payload;
					const f = buildEthernet(
						'ff:ff:ff:ff:ff:ff',
						'52:54:00:00:00:01',
						ETHERTYPE_IPV4,
						buildIpv4({ src: 0, dst: 0xffffffff, protocol: proto }, p)
					);
					const d = decodeFrame(f);
					expect(d.ip).toBeDefined();
					if (d.error) expect(d.error.offset).toBeLessThanOrEqual(f.length);
				}
			),
			{ numRuns: 1000 }
		);
	});
});
