/**
 * Ethernet frames and the few protocols inside them that vmscope's network speaks: ARP (RFC 826),
 * IPv4 (RFC 791, no options kept, no fragments), ICMP echo (RFC 792), UDP (RFC 768) and DHCP
 * (RFC 2131 with RFC 2132 options, in dhcp.ts, re-exported here). One parse and one build function
 * per layer, over bytes, and decodeFrame for every layer at once.
 *
 * Parsing never throws: malformed bytes give a ParseError naming the byte offset (from the start of
 * the bytes given to that parser) and what is wrong there, so a packet inspector can point at it and
 * a fuzzer can feed anything. Builders compute lengths and checksums themselves. Addresses are plain
 * data: a MAC is a 6-byte array or "52:54:00:12:34:56", an IPv4 address a 32-bit number
 * (0x0a00020f is 10.0.2.15).
 */

import {
	fail,
	isParseError,
	macBytes,
	macString,
	put16,
	put32,
	u16,
	u32,
	type ParseError,
	type Parsed
} from './bytes';
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT, parseDhcp, type DhcpMessage } from './dhcp';

export { isParseError, macString, parseMac, type ParseError, type Parsed } from './bytes';
export * from './dhcp';

export const ETH_HEADER = 14;
/** The largest frame without an FCS that vmscope's NICs and switch carry (1500-byte MTU + header). */
export const ETH_MAX_FRAME = 1514;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const IP_PROTO_ICMP = 1;
export const IP_PROTO_UDP = 17;
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

// ---- addresses ----

/** "10.0.2.15" as a number; undefined unless it is four decimal bytes. */
export function parseIp(s: string): number | undefined {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
	if (!m) return undefined;
	const b = m.slice(1).map(Number);
	if (b.some((x) => x > 255)) return undefined;
	return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}

export function ipString(ip: number): string {
	return [24, 16, 8, 0].map((s) => (ip >>> s) & 0xff).join('.');
}

/** RFC 1071: the ones' complement of the ones' complement sum of 16-bit words (odd byte padded). */
export function internetChecksum(b: Uint8Array, initial = 0): number {
	let sum = initial;
	for (let i = 0; i + 1 < b.length; i += 2) sum += (b[i] << 8) | b[i + 1];
	if (b.length & 1) sum += b[b.length - 1] << 8;
	while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
	return ~sum & 0xffff;
}

/** The sum of RFC 768's pseudo-header (source, destination, protocol, length), not yet folded. */
function pseudoSum(src: number, dst: number, proto: number, length: number): number {
	return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + length;
}

// ---- Ethernet II ----

export interface EthernetFrame {
	dst: string;
	src: string;
	ethertype: number;
	payload: Uint8Array;
}

export function parseEthernet(b: Uint8Array): Parsed<EthernetFrame> {
	if (b.length < ETH_HEADER)
		return fail(b.length, `frame of ${b.length} bytes is shorter than its 14-byte header`);
	const ethertype = u16(b, 12);
	// IEEE 802.3: a value up to 1500 is a length (802.2 LLC follows), not an EtherType.
	if (ethertype <= 1500)
		return fail(12, `0x${ethertype.toString(16)} is an 802.3 length, not an EtherType`);
	return { dst: macString(b, 0), src: macString(b, 6), ethertype, payload: b.subarray(ETH_HEADER) };
}

export function buildEthernet(
	dst: string | Uint8Array,
	src: string | Uint8Array,
	ethertype: number,
	payload: Uint8Array
): Uint8Array {
	const f = new Uint8Array(ETH_HEADER + payload.length);
	f.set(macBytes(dst), 0);
	f.set(macBytes(src), 6);
	put16(f, 12, ethertype);
	f.set(payload, ETH_HEADER);
	return f;
}

// ---- ARP over Ethernet for IPv4 (RFC 826) ----

export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;
const ARP_BYTES = 28;

export interface ArpPacket {
	op: number;
	senderMac: string;
	senderIp: number;
	targetMac: string;
	targetIp: number;
}

export function parseArp(b: Uint8Array): Parsed<ArpPacket> {
	if (b.length < ARP_BYTES) return fail(b.length, `ARP packet of ${b.length} bytes is shorter than 28`);
	// RFC 826: hardware type 1 (Ethernet), protocol 0x0800, address lengths 6 and 4.
	if (u16(b, 0) !== 1) return fail(0, `hardware type ${u16(b, 0)} is not Ethernet (1)`);
	if (u16(b, 2) !== ETHERTYPE_IPV4) return fail(2, `protocol type 0x${u16(b, 2).toString(16)} is not IPv4`);
	if (b[4] !== 6 || b[5] !== 4) return fail(4, `address lengths ${b[4]}/${b[5]} are not 6/4`);
	return {
		op: u16(b, 6),
		senderMac: macString(b, 8),
		senderIp: u32(b, 14),
		targetMac: macString(b, 18),
		targetIp: u32(b, 24)
	};
}

export function buildArp(p: ArpPacket): Uint8Array {
	const b = new Uint8Array(ARP_BYTES);
	put16(b, 0, 1);
	put16(b, 2, ETHERTYPE_IPV4);
	b[4] = 6;
	b[5] = 4;
	put16(b, 6, p.op);
	b.set(macBytes(p.senderMac), 8);
	put32(b, 14, p.senderIp);
	b.set(macBytes(p.targetMac), 18);
	put32(b, 24, p.targetIp);
	return b;
}

// ---- IPv4 (RFC 791) ----

export interface Ipv4Packet {
	src: number;
	dst: number;
	protocol: number;
	ttl: number;
	id: number;
	/** Type of service / DSCP byte. */
	tos: number;
	payload: Uint8Array;
}

export function parseIpv4(b: Uint8Array): Parsed<Ipv4Packet> {
	if (b.length < 20) return fail(b.length, `IPv4 packet of ${b.length} bytes is shorter than 20`);
	if (b[0] >>> 4 !== 4) return fail(0, `version ${b[0] >>> 4} is not 4`);
	const ihl = (b[0] & 15) * 4;
	if (ihl < 20) return fail(0, `header length ${ihl} is below 20`);
	if (ihl > b.length) return fail(0, `header length ${ihl} runs past the ${b.length} bytes`);
	const total = u16(b, 2);
	if (total < ihl || total > b.length)
		return fail(2, `total length ${total} does not fit ${ihl}..${b.length}`);
	// RFC 791 §3.1: MF set or a fragment offset means a fragment, which this stack does not reassemble.
	if (u16(b, 6) & 0x3fff) return fail(6, 'a fragment (MF or fragment offset set): not reassembled');
	if (internetChecksum(b.subarray(0, ihl)) !== 0) return fail(10, 'header checksum does not match');
	return {
		tos: b[1],
		id: u16(b, 4),
		ttl: b[8],
		protocol: b[9],
		src: u32(b, 12),
		dst: u32(b, 16),
		payload: b.subarray(ihl, total)
	};
}

export interface Ipv4Fields {
	src: number;
	dst: number;
	protocol: number;
	ttl?: number;
	id?: number;
	tos?: number;
	/** Don't Fragment (default true, as most stacks send). */
	df?: boolean;
}

export function buildIpv4(f: Ipv4Fields, payload: Uint8Array): Uint8Array {
	const b = new Uint8Array(20 + payload.length);
	b[0] = 0x45;
	b[1] = f.tos ?? 0;
	put16(b, 2, b.length);
	put16(b, 4, f.id ?? 0);
	put16(b, 6, (f.df ?? true) ? 0x4000 : 0);
	b[8] = f.ttl ?? 64;
	b[9] = f.protocol;
	put32(b, 12, f.src);
	put32(b, 16, f.dst);
	put16(b, 10, internetChecksum(b.subarray(0, 20)));
	b.set(payload, 20);
	return b;
}

// ---- ICMP (RFC 792): echo and echo reply, other types kept as bytes ----

export const ICMP_ECHO_REPLY = 0;
export const ICMP_ECHO_REQUEST = 8;

export interface IcmpMessage {
	type: number;
	code: number;
	/** Echo identifier and sequence number (the "rest of header" word for other types). */
	id: number;
	seq: number;
	data: Uint8Array;
}

export function parseIcmp(b: Uint8Array): Parsed<IcmpMessage> {
	if (b.length < 8) return fail(b.length, `ICMP message of ${b.length} bytes is shorter than 8`);
	if (internetChecksum(b) !== 0) return fail(2, 'ICMP checksum does not match');
	return { type: b[0], code: b[1], id: u16(b, 4), seq: u16(b, 6), data: b.subarray(8) };
}

export function buildIcmp(m: IcmpMessage): Uint8Array {
	const b = new Uint8Array(8 + m.data.length);
	b[0] = m.type;
	b[1] = m.code;
	put16(b, 4, m.id);
	put16(b, 6, m.seq);
	b.set(m.data, 8);
	put16(b, 2, internetChecksum(b));
	return b;
}

// ---- UDP (RFC 768) ----

export interface UdpDatagram {
	srcPort: number;
	dstPort: number;
	payload: Uint8Array;
}

/** The UDP datagram in an IPv4 packet from src to dst (needed for the pseudo-header checksum). */
export function parseUdp(b: Uint8Array, src: number, dst: number): Parsed<UdpDatagram> {
	if (b.length < 8) return fail(b.length, `UDP datagram of ${b.length} bytes is shorter than 8`);
	const length = u16(b, 4);
	if (length < 8 || length > b.length) return fail(4, `UDP length ${length} does not fit 8..${b.length}`);
	const d = b.subarray(0, length);
	// RFC 768: a checksum of zero means the sender computed none.
	if (u16(b, 6) !== 0 && internetChecksum(d, pseudoSum(src, dst, IP_PROTO_UDP, length)) !== 0)
		return fail(6, 'UDP checksum does not match');
	return { srcPort: u16(b, 0), dstPort: u16(b, 2), payload: b.subarray(8, length) };
}

export function buildUdp(src: number, dst: number, d: UdpDatagram): Uint8Array {
	const b = new Uint8Array(8 + d.payload.length);
	put16(b, 0, d.srcPort);
	put16(b, 2, d.dstPort);
	put16(b, 4, b.length);
	b.set(d.payload, 8);
	const sum = internetChecksum(b, pseudoSum(src, dst, IP_PROTO_UDP, b.length));
	// RFC 768: a computed checksum of zero is sent as all ones.
	put16(b, 6, sum === 0 ? 0xffff : sum);
	return b;
}

// ---- one frame, every layer ----

/** A frame decoded as far as it goes: each layer present, and the first error below the last one. */
export interface DecodedFrame {
	eth?: EthernetFrame;
	arp?: ArpPacket;
	ip?: Ipv4Packet;
	icmp?: IcmpMessage;
	udp?: UdpDatagram;
	dhcp?: DhcpMessage;
	/** Where decoding stopped, with the offset from the frame's first byte. */
	error?: ParseError & { layer: string };
}

/** Decode every layer this module knows (the packet inspector's and the stacks' one entry point). */
export function decodeFrame(frame: Uint8Array): DecodedFrame {
	const out: DecodedFrame = {};
	const stop = (layer: string, e: ParseError, base: number): DecodedFrame => {
		out.error = { layer, error: e.error, offset: base + e.offset };
		return out;
	};
	const eth = parseEthernet(frame);
	if (isParseError(eth)) return stop('ethernet', eth, 0);
	out.eth = eth;
	if (eth.ethertype === ETHERTYPE_ARP) {
		const arp = parseArp(eth.payload);
		if (isParseError(arp)) return stop('arp', arp, ETH_HEADER);
		out.arp = arp;
		return out;
	}
	if (eth.ethertype !== ETHERTYPE_IPV4) return out;
	const ip = parseIpv4(eth.payload);
	if (isParseError(ip)) return stop('ipv4', ip, ETH_HEADER);
	out.ip = ip;
	const at = ETH_HEADER + (eth.payload[0] & 15) * 4;
	if (ip.protocol === IP_PROTO_ICMP) {
		const icmp = parseIcmp(ip.payload);
		if (isParseError(icmp)) return stop('icmp', icmp, at);
		out.icmp = icmp;
	} else if (ip.protocol === IP_PROTO_UDP) {
		const udp = parseUdp(ip.payload, ip.src, ip.dst);
		if (isParseError(udp)) return stop('udp', udp, at);
		out.udp = udp;
		const ports = [udp.srcPort, udp.dstPort];
		if (ports.includes(DHCP_SERVER_PORT) && ports.includes(DHCP_CLIENT_PORT)) {
			const dhcp = parseDhcp(udp.payload);
			if (isParseError(dhcp)) return stop('dhcp', dhcp, at + 8);
			out.dhcp = dhcp;
		}
	}
	return out;
}
