/**
 * Frames in a student's words: a one-line summary ("ICMP echo request 10.0.2.15 → 10.0.2.16, seq 2"),
 * and each layer's header as fields with the bytes they came from, for the packet inspector. Decoding
 * is the simulator's own (net/frame.ts decodeFrame); this only names what it found.
 */
import {
	decodeFrame,
	ipString,
	type DecodedFrame,
	ETHERTYPE_ARP,
	ETHERTYPE_IPV4,
	IP_PROTO_ICMP,
	IP_PROTO_UDP
} from '$lib/sim/net/frame';

const DHCP_TYPES: Record<number, string> = {
	1: 'DISCOVER',
	2: 'OFFER',
	3: 'REQUEST',
	4: 'DECLINE',
	5: 'ACK',
	6: 'NAK',
	7: 'RELEASE'
};
const ICMP_TYPES: Record<number, string> = { 0: 'echo reply', 8: 'echo request', 3: 'unreachable' };
const ETHERTYPES: Record<number, string> = { [ETHERTYPE_IPV4]: 'IPv4', [ETHERTYPE_ARP]: 'ARP' };
const PROTOCOLS: Record<number, string> = { [IP_PROTO_ICMP]: 'ICMP', [IP_PROTO_UDP]: 'UDP' };

const hex = (n: number, digits: number) => `0x${n.toString(16).padStart(digits, '0')}`;

function dhcpType(d: DecodedFrame): string {
	const t = d.dhcp?.options.find((o) => o.code === 53)?.data[0];
	return t !== undefined ? (DHCP_TYPES[t] ?? `type ${t}`) : 'message';
}

/** The protocol a frame's top layer speaks, for the frame list's column. */
export function protocolOf(d: DecodedFrame): string {
	if (d.dhcp) return 'DHCP';
	if (d.udp) return 'UDP';
	if (d.icmp) return 'ICMP';
	if (d.ip) return 'IPv4';
	if (d.arp) return 'ARP';
	return d.eth ? (ETHERTYPES[d.eth.ethertype] ?? hex(d.eth.ethertype, 4)) : 'malformed';
}

export function frameSummary(d: DecodedFrame): string {
	if (d.arp)
		return d.arp.op === 1
			? `ARP who has ${ipString(d.arp.targetIp)}? tell ${ipString(d.arp.senderIp)}`
			: `ARP ${ipString(d.arp.senderIp)} is at ${d.arp.senderMac}`;
	if (d.dhcp) return `DHCP ${dhcpType(d)}${d.dhcp.yiaddr ? ` of ${ipString(d.dhcp.yiaddr)}` : ''}`;
	const ip = d.ip;
	if (ip && d.icmp)
		return `ICMP ${ICMP_TYPES[d.icmp.type] ?? `type ${d.icmp.type}`} ${ipString(ip.src)} → ${ipString(ip.dst)}, seq ${d.icmp.seq}`;
	if (ip && d.udp)
		return `UDP ${ipString(ip.src)}:${d.udp.srcPort} → ${ipString(ip.dst)}:${d.udp.dstPort}, ${d.udp.payload.length} bytes`;
	if (ip) return `IPv4 ${ipString(ip.src)} → ${ipString(ip.dst)}, protocol ${ip.protocol}`;
	if (d.error) return `${d.error.layer}: ${d.error.error} (byte ${d.error.offset})`;
	return d.eth ? `EtherType ${hex(d.eth.ethertype, 4)}` : 'not an Ethernet frame';
}

export interface Layer {
	name: string;
	/** The bytes of its header in the frame: [first, end). */
	from: number;
	to: number;
	fields: [string, string][];
}

/** Each layer's header, as fields and the bytes they occupy. */
export function layers(bytes: Uint8Array, d: DecodedFrame = decodeFrame(bytes)): Layer[] {
	const out: Layer[] = [];
	if (!d.eth) return out;
	out.push({
		name: 'Ethernet II',
		from: 0,
		to: 14,
		fields: [
			['destination', d.eth.dst],
			['source', d.eth.src],
			['type', `${hex(d.eth.ethertype, 4)} (${ETHERTYPES[d.eth.ethertype] ?? 'unknown'})`]
		]
	});
	if (d.arp)
		out.push({
			name: 'ARP',
			from: 14,
			to: 42,
			fields: [
				[
					'operation',
					d.arp.op === 1 ? '1 (request)' : d.arp.op === 2 ? '2 (reply)' : String(d.arp.op)
				],
				['sender MAC', d.arp.senderMac],
				['sender IP', ipString(d.arp.senderIp)],
				['target MAC', d.arp.targetMac],
				['target IP', ipString(d.arp.targetIp)]
			]
		});
	if (!d.ip) return out;
	const ihl = (bytes[14] & 15) * 4;
	const total = (bytes[16] << 8) | bytes[17];
	out.push({
		name: 'IPv4',
		from: 14,
		to: 14 + ihl,
		fields: [
			['header length', `${ihl} bytes`],
			['total length', `${total} bytes`],
			['identification', hex(d.ip.id, 4)],
			['time to live', String(d.ip.ttl)],
			['protocol', `${d.ip.protocol} (${PROTOCOLS[d.ip.protocol] ?? 'other'})`],
			['checksum', hex((bytes[24] << 8) | bytes[25], 4)],
			['source', ipString(d.ip.src)],
			['destination', ipString(d.ip.dst)]
		]
	});
	const l4 = 14 + ihl;
	if (d.icmp)
		out.push({
			name: 'ICMP',
			from: l4,
			to: l4 + 8,
			fields: [
				['type', `${d.icmp.type} (${ICMP_TYPES[d.icmp.type] ?? 'other'})`],
				['code', String(d.icmp.code)],
				['identifier', String(d.icmp.id)],
				['sequence', String(d.icmp.seq)],
				['data', `${d.icmp.data.length} bytes`]
			]
		});
	if (d.udp)
		out.push({
			name: 'UDP',
			from: l4,
			to: l4 + 8,
			fields: [
				['source port', String(d.udp.srcPort)],
				['destination port', String(d.udp.dstPort)],
				['length', `${d.udp.payload.length + 8} bytes`],
				['checksum', hex((bytes[l4 + 6] << 8) | bytes[l4 + 7], 4)]
			]
		});
	if (d.dhcp)
		out.push({
			name: 'DHCP',
			from: l4 + 8,
			to: Math.min(bytes.length, l4 + 8 + 240),
			fields: [
				['message', dhcpType(d)],
				['transaction', hex(d.dhcp.xid >>> 0, 8)],
				['client MAC', d.dhcp.chaddr],
				['your address', ipString(d.dhcp.yiaddr)],
				['options', d.dhcp.options.map((o) => String(o.code)).join(', ')]
			]
		});
	return out;
}
