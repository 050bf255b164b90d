/**
 * DHCP messages (RFC 2131 §2, options RFC 2132): parse and build, over a UDP payload. Parsing
 * never throws (see bytes.ts).
 */
import { fail, macBytes, macString, put16, put32, u16, u32, type Parsed } from './bytes';

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
