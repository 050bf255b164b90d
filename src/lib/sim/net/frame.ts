/**
 * Ethernet frames and the few protocols inside them that vmscope's network speaks: ARP (RFC 826),
 * IPv4 (RFC 791, no options kept, no fragments), ICMP echo (RFC 792), UDP (RFC 768) and DHCP
 * (RFC 2131 with RFC 2132 options). One parse and one build function per layer, over bytes.
 *
 * Parsing never throws: malformed bytes give a ParseError naming the byte offset (from the start of
 * the bytes given to that parser) and what is wrong there, so a packet inspector can point at it and
 * a fuzzer can feed anything. Builders compute lengths and checksums themselves. Addresses are plain
 * data: a MAC is a 6-byte array or "52:54:00:12:34:56", an IPv4 address a 32-bit number
 * (0x0a00020f is 10.0.2.15).
 */

export const ETH_HEADER = 14;
/** The largest frame without an FCS that vmscope's NICs and switch carry (1500-byte MTU + header). */
export const ETH_MAX_FRAME = 1514;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const IP_PROTO_ICMP = 1;
export const IP_PROTO_UDP = 17;
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

/** What a parser says about bytes it cannot read: where, and why. */
export interface ParseError {
	error: string;
	offset: number;
}

export type Parsed<T> = T | ParseError;

export function isParseError<T extends object>(p: Parsed<T>): p is ParseError {
	return 'error' in p && typeof (p as ParseError).offset === 'number';
}

const fail = (offset: number, error: string): ParseError => ({ error, offset });

// ---- addresses ----

/** "52:54:00:12:34:56" as six bytes; undefined unless it is six two-digit hex bytes. */
export function parseMac(s: string): Uint8Array | undefined {
	const m = /^([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2})$/i.exec(
		s
	);
	return m ? Uint8Array.from(m.slice(1), (h) => parseInt(h, 16)) : undefined;
}

export function macString(b: Uint8Array, at = 0): string {
	return Array.from(b.subarray(at, at + 6), (x) => x.toString(16).padStart(2, '0')).join(':');
}

function macBytes(mac: string | Uint8Array): Uint8Array {
	if (typeof mac !== 'string') return mac;
	const b = parseMac(mac);
	if (!b) throw new RangeError(`not a MAC address: '${mac}'`);
	return b;
}

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

// ---- byte helpers ----

const u16 = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const u32 = (b: Uint8Array, o: number) =>
	((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
function put16(b: Uint8Array, o: number, v: number): void {
	b[o] = (v >>> 8) & 0xff;
	b[o + 1] = v & 0xff;
}
function put32(b: Uint8Array, o: number, v: number): void {
	put16(b, o, v >>> 16);
	put16(b, o + 2, v & 0xffff);
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

// ---- DHCP (RFC 2131 §2, options RFC 2132) ----

export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;
export const BOOTREQUEST = 1;
export const BOOTREPLY = 2;
const DHCP_FIXED = 236;
const DHCP_COOKIE = 0x63825363;
// RFC 2132 option codes used here.
export const OPT_SUBNET = 1;
export const OPT_ROUTER = 3;
export const OPT_DNS = 6;
export const OPT_REQUESTED_IP = 50;
export const OPT_LEASE = 51;
export const OPT_MESSAGE_TYPE = 53;
export const OPT_SERVER_ID = 54;
// RFC 2132 §9.6 DHCP message types.
export const DHCPDISCOVER = 1;
export const DHCPOFFER = 2;
export const DHCPREQUEST = 3;
export const DHCPDECLINE = 4;
export const DHCPACK = 5;
export const DHCPNAK = 6;
export const DHCPRELEASE = 7;

export interface DhcpMessage {
	op: number;
	xid: number;
	secs: number;
	flags: number;
	ciaddr: number;
	yiaddr: number;
	siaddr: number;
	giaddr: number;
	/** The client's hardware address (Ethernet: the first 6 of chaddr's 16 bytes). */
	chaddr: string;
	/** Options in the order they came, code and value bytes (pad and end not kept). */
	options: { code: number; data: Uint8Array }[];
}

export function parseDhcp(b: Uint8Array): Parsed<DhcpMessage> {
	if (b.length < DHCP_FIXED + 4)
		return fail(b.length, `DHCP message of ${b.length} bytes is shorter than 240`);
	if (b[1] !== 1 || b[2] !== 6)
		return fail(1, `hardware type ${b[1]}/length ${b[2]} is not Ethernet (1/6)`);
	if (u32(b, DHCP_FIXED) !== DHCP_COOKIE) return fail(DHCP_FIXED, 'no DHCP magic cookie 99.130.83.99');
	const options: DhcpMessage['options'] = [];
	for (let o = DHCP_FIXED + 4; ;) {
		if (o >= b.length) return fail(o, 'options end without an end option (255)');
		const code = b[o];
		if (code === 255) break;
		if (code === 0) {
			o++;
			continue;
		}
		if (o + 1 >= b.length) return fail(o, `option ${code} has no length byte`);
		const len = b[o + 1];
		if (o + 2 + len > b.length)
			return fail(o + 1, `option ${code} of ${len} bytes runs past the message`);
		options.push({ code, data: b.slice(o + 2, o + 2 + len) });
		o += 2 + len;
	}
	return {
		op: b[0],
		xid: u32(b, 4),
		secs: u16(b, 8),
		flags: u16(b, 10),
		ciaddr: u32(b, 12),
		yiaddr: u32(b, 16),
		siaddr: u32(b, 20),
		giaddr: u32(b, 24),
		chaddr: macString(b, 28),
		options
	};
}

/** The value bytes of option `code`, if present. */
export function dhcpOption(m: DhcpMessage, code: number): Uint8Array | undefined {
	return m.options.find((o) => o.code === code)?.data;
}

/** An option holding one IPv4 address (or the first of several). */
export function ipOption(code: number, ...ips: number[]): { code: number; data: Uint8Array } {
	const data = new Uint8Array(4 * ips.length);
	ips.forEach((ip, i) => put32(data, 4 * i, ip));
	return { code, data };
}

export function readIpOption(m: DhcpMessage, code: number): number | undefined {
	const d = dhcpOption(m, code);
	return d && d.length >= 4 ? u32(d, 0) : undefined;
}

export function buildDhcp(m: DhcpMessage): Uint8Array {
	const optBytes = m.options.reduce((n, o) => n + 2 + o.data.length, 0);
	// RFC 2131 §2: the options field is at least 312 bytes in a message a client must accept (576 total).
	const b = new Uint8Array(Math.max(DHCP_FIXED + 4 + optBytes + 1, 300));
	b[0] = m.op;
	b[1] = 1;
	b[2] = 6;
	put32(b, 4, m.xid);
	put16(b, 8, m.secs);
	put16(b, 10, m.flags);
	put32(b, 12, m.ciaddr);
	put32(b, 16, m.yiaddr);
	put32(b, 20, m.siaddr);
	put32(b, 24, m.giaddr);
	b.set(macBytes(m.chaddr), 28);
	put32(b, DHCP_FIXED, DHCP_COOKIE);
	let o = DHCP_FIXED + 4;
	for (const opt of m.options) {
		b[o] = opt.code;
		b[o + 1] = opt.data.length;
		b.set(opt.data, o + 2);
		o += 2 + opt.data.length;
	}
	b[o] = 255;
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
