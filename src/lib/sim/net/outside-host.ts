/**
 * The outside network as a guest sees it through QEMU's `-netdev user` (libslirp), simulated: a
 * gateway at 10.0.2.2 and a DNS server at 10.0.2.3 on 10.0.2.0/24, answering what a small guest
 * stack asks of them, so a guest written against QEMU's user networking works unchanged on vmscope
 * (bare, or behind the hypervisor's switch as its uplink).
 *
 * What it answers, as slirp does:
 *  - ARP requests for 10.0.2.2 and 10.0.2.3 (slirp arp_input): the MAC is 52:55 followed by the
 *    address asked for (52:55:0a:00:02:02 for the gateway); the reply frame is padded to 64 bytes.
 *  - ICMP echo to 10.0.2.2 or 10.0.2.3 (slirp icmp_input → icmp_reflect): an echo reply, TTL 255.
 *  - DHCP (slirp bootp.c): DISCOVER → OFFER and REQUEST → ACK of 10.0.2.15 (then .16, … per MAC, as
 *    slirp's 16-client pool), with server id and router 10.0.2.2, DNS 10.0.2.3, mask /24, a lease of
 *    one day; a REQUEST for another address is NAKed. Replies go from 10.0.2.2:67 to the broadcast
 *    address and MAC, TOS low-delay, TTL 64.
 *  - vmscope only (slirp would forward it to the host): a UDP echo service on 10.0.2.2 (port 7 by
 *    default), which answers each datagram with the same bytes.
 * Anything else is counted as ignored (there is no world behind the gateway).
 *
 * It is a function of its state, the frame and the cycle: receive() returns the frames to deliver
 * and the cycle each is due (now + latency, in order), and schedules nothing itself, so the bare
 * machine's link (machine/net-slot.ts) and a switch uplink can each put them on their own clock.
 * Its state is plain data.
 */
import type { Lifecycle } from '../devices/device';
import {
	ARP_REPLY,
	ARP_REQUEST,
	BOOTREPLY,
	BOOTREQUEST,
	BROADCAST_MAC,
	buildArp,
	buildDhcp,
	buildEthernet,
	buildIcmp,
	buildIpv4,
	buildUdp,
	DHCP_CLIENT_PORT,
	DHCP_SERVER_PORT,
	DHCPACK,
	DHCPDISCOVER,
	DHCPNAK,
	DHCPOFFER,
	DHCPREQUEST,
	decodeFrame,
	ETHERTYPE_ARP,
	ETHERTYPE_IPV4,
	ICMP_ECHO_REPLY,
	ICMP_ECHO_REQUEST,
	ipOption,
	IP_PROTO_ICMP,
	IP_PROTO_UDP,
	macString,
	OPT_DNS,
	OPT_LEASE,
	OPT_MESSAGE_TYPE,
	OPT_REQUESTED_IP,
	OPT_ROUTER,
	OPT_SERVER_ID,
	OPT_SUBNET,
	readIpOption,
	dhcpOption,
	type DhcpMessage
} from './frame';

export const NETWORK = 0x0a000200; // 10.0.2.0
export const NETMASK = 0xffffff00;
export const GATEWAY_IP = 0x0a000202; // 10.0.2.2
export const DNS_IP = 0x0a000203; // 10.0.2.3
/** The first address slirp's DHCP server hands out (vdhcp_start). */
export const GUEST_IP = 0x0a00020f; // 10.0.2.15
export const GATEWAY_MAC = '52:55:0a:00:02:02';
/** slirp's NB_BOOTP_CLIENTS. */
const DHCP_POOL = 16;
const LEASE_SECONDS = 24 * 3600;
/** slirp pads its ARP reply to this many bytes. */
const ARP_FRAME = 64;
const TTL_DEFAULT = 64; // slirp IPDEFTTL
const TTL_MAX = 255; // slirp MAXTTL (icmp_reflect)
const TOS_LOWDELAY = 0x10;

/** slirp's MAC for one of its virtual hosts: 52:55 and the IPv4 address. */
export function virtualMac(ip: number): string {
	return macString(Uint8Array.of(0x52, 0x55, ip >>> 24, (ip >>> 16) & 0xff, (ip >>> 8) & 0xff, ip & 0xff));
}

export interface OutsideHostOptions {
	/** Cycles between a frame arriving and the answer leaving (default 2000: 20 µs at 100 MHz). */
	latency?: number;
	/** The UDP echo service's port on 10.0.2.2, or null for none (default 7). */
	udpEchoPort?: number | null;
	/**
	 * Addresses its DHCP server gives particular MACs (a scenario's `nics[].ip`), as a DHCP server's
	 * static bindings do; other clients take the pool's addresses in turn, skipping these.
	 */
	reservations?: Readonly<Record<string, number>>;
}

export interface OutsideHostStats {
	/** Frames received, answered (frames sent), and ignored (nothing to say to them). */
	received: number;
	sent: number;
	ignored: number;
}

export interface OutsideHostState {
	/** The next IPv4 identification (slirp's ip_id). */
	ipId: number;
	/** DHCP leases, by client MAC, in the order given. */
	leases: { mac: string; ip: number }[];
	stats: OutsideHostStats;
}

/** A frame to hand to the guest side, due at cycle `at`. */
export interface Delivery {
	at: number;
	frame: Uint8Array;
}

export class OutsideHost implements Lifecycle<OutsideHostState> {
	readonly latency: number;
	readonly udpEchoPort: number | null;
	private readonly reservations: Readonly<Record<string, number>>;
	private s: OutsideHostState = OutsideHost.powerOn();

	constructor(o: OutsideHostOptions = {}) {
		this.latency = o.latency ?? 2000;
		this.udpEchoPort = o.udpEchoPort === undefined ? 7 : o.udpEchoPort;
		this.reservations = { ...o.reservations };
		if (!Number.isSafeInteger(this.latency) || this.latency < 0)
			throw new RangeError(
				`outside host latency must be a whole number of cycles, got ${this.latency}`
			);
	}

	private static powerOn(): OutsideHostState {
		return { ipId: 0, leases: [], stats: { received: 0, sent: 0, ignored: 0 } };
	}

	get stats(): Readonly<OutsideHostStats> {
		return this.s.stats;
	}

	/** The leases handed out so far (for reports). */
	get leases(): readonly { mac: string; ip: number }[] {
		return this.s.leases;
	}

	reset(): void {
		this.s = OutsideHost.powerOn();
	}

	snapshot(): OutsideHostState {
		return structuredClone(this.s);
	}

	restore(state: OutsideHostState): void {
		this.s = structuredClone(state);
	}

	/** A frame from the guest side at cycle `now`: the frames it answers with, and when. */
	receive(frame: Uint8Array, now: number): Delivery[] {
		this.s.stats.received++;
		const out = this.answer(frame);
		if (out.length === 0) this.s.stats.ignored++;
		this.s.stats.sent += out.length;
		return out.map((f) => ({ at: now + this.latency, frame: f }));
	}

	private answer(frame: Uint8Array): Uint8Array[] {
		const d = decodeFrame(frame);
		if (d.error || !d.eth) return [];
		const eth = d.eth;
		if (d.arp) {
			const a = d.arp;
			// RFC 826 (as slirp arp_input): answer requests for our own addresses only.
			if (a.op !== ARP_REQUEST || (a.targetIp !== GATEWAY_IP && a.targetIp !== DNS_IP)) return [];
			const mac = virtualMac(a.targetIp);
			const arp = buildArp({
				op: ARP_REPLY,
				senderMac: mac,
				senderIp: a.targetIp,
				targetMac: a.senderMac,
				targetIp: a.senderIp
			});
			const f = new Uint8Array(ARP_FRAME);
			f.set(buildEthernet(eth.src, mac, ETHERTYPE_ARP, arp));
			return [f];
		}
		const ip = d.ip;
		if (!ip) return [];
		if (d.icmp) {
			const m = d.icmp;
			if (m.type !== ICMP_ECHO_REQUEST || (ip.dst !== GATEWAY_IP && ip.dst !== DNS_IP)) return [];
			// RFC 792: the reply carries the request's identifier, sequence number and data.
			const icmp = buildIcmp({ type: ICMP_ECHO_REPLY, code: 0, id: m.id, seq: m.seq, data: m.data });
			const pkt = buildIpv4(
				{
					src: ip.dst,
					dst: ip.src,
					protocol: IP_PROTO_ICMP,
					ttl: TTL_MAX,
					id: this.nextId(),
					tos: ip.tos
				},
				icmp
			);
			return [buildEthernet(eth.src, virtualMac(ip.dst), ETHERTYPE_IPV4, pkt)];
		}
		if (d.dhcp && d.udp?.dstPort === DHCP_SERVER_PORT) return this.dhcp(d.dhcp);
		const udp = d.udp;
		if (udp && ip.dst === GATEWAY_IP && this.udpEchoPort !== null && udp.dstPort === this.udpEchoPort) {
			const reply = buildUdp(ip.dst, ip.src, {
				srcPort: udp.dstPort,
				dstPort: udp.srcPort,
				payload: udp.payload
			});
			const pkt = buildIpv4(
				{ src: ip.dst, dst: ip.src, protocol: IP_PROTO_UDP, ttl: TTL_DEFAULT, id: this.nextId() },
				reply
			);
			return [buildEthernet(eth.src, GATEWAY_MAC, ETHERTYPE_IPV4, pkt)];
		}
		return [];
	}

	private nextId(): number {
		const id = this.s.ipId;
		this.s.ipId = (id + 1) & 0xffff;
		return id;
	}

	/** The client's lease (made now if it has none and the pool has room), as slirp's get_new_addr. */
	private lease(mac: string): number | undefined {
		const have = this.s.leases.find((l) => l.mac === mac);
		if (have) return have.ip;
		let ip: number | undefined = this.reservations[mac];
		const taken = (a: number) =>
			this.s.leases.some((l) => l.ip === a) || Object.values(this.reservations).includes(a);
		for (let k = 0; ip === undefined && k < DHCP_POOL; k++) if (!taken(GUEST_IP + k)) ip = GUEST_IP + k;
		if (ip === undefined) return undefined;
		this.s.leases.push({ mac, ip });
		return ip;
	}

	private dhcp(m: DhcpMessage): Uint8Array[] {
		const type = dhcpOption(m, OPT_MESSAGE_TYPE)?.[0];
		if (m.op !== BOOTREQUEST || (type !== DHCPDISCOVER && type !== DHCPREQUEST)) return [];
		const ip = this.lease(m.chaddr);
		if (ip === undefined) return [];
		let reply = type === DHCPDISCOVER ? DHCPOFFER : DHCPACK;
		// RFC 2131 §4.3.2: a REQUEST for an address other than the client's lease is NAKed.
		const asked = readIpOption(m, OPT_REQUESTED_IP) ?? (m.ciaddr || undefined);
		if (type === DHCPREQUEST && asked !== undefined && asked !== ip) reply = DHCPNAK;
		const options =
			reply === DHCPNAK
				? [
						{ code: OPT_MESSAGE_TYPE, data: Uint8Array.of(reply) },
						ipOption(OPT_SERVER_ID, GATEWAY_IP)
					]
				: [
						{ code: OPT_MESSAGE_TYPE, data: Uint8Array.of(reply) },
						ipOption(OPT_SERVER_ID, GATEWAY_IP),
						ipOption(OPT_SUBNET, NETMASK),
						ipOption(OPT_ROUTER, GATEWAY_IP),
						ipOption(OPT_DNS, DNS_IP),
						{
							code: OPT_LEASE,
							data: Uint8Array.of(
								0,
								(LEASE_SECONDS >>> 16) & 0xff,
								(LEASE_SECONDS >>> 8) & 0xff,
								LEASE_SECONDS & 0xff
							)
						}
					];
		const bootp = buildDhcp({
			op: BOOTREPLY,
			xid: m.xid,
			secs: 0,
			flags: m.flags,
			ciaddr: 0,
			yiaddr: reply === DHCPNAK ? 0 : ip,
			siaddr: reply === DHCPNAK ? 0 : GATEWAY_IP,
			giaddr: 0,
			chaddr: m.chaddr,
			options
		});
		const udp = buildUdp(GATEWAY_IP, 0xffffffff, {
			srcPort: DHCP_SERVER_PORT,
			dstPort: DHCP_CLIENT_PORT,
			payload: bootp
		});
		const pkt = buildIpv4(
			{
				src: GATEWAY_IP,
				dst: 0xffffffff,
				protocol: IP_PROTO_UDP,
				ttl: TTL_DEFAULT,
				id: this.nextId(),
				tos: TOS_LOWDELAY,
				df: false
			},
			udp
		);
		return [buildEthernet(BROADCAST_MAC, GATEWAY_MAC, ETHERTYPE_IPV4, pkt)];
	}
}
