/*
 * net.c -- a deliberately small IPv4 network stack over the one network card (virtio_net.c):
 * Ethernet, ARP with a cache of 8 entries (RFC 826), IPv4 without options or fragments (RFC 791),
 * ICMP echo both ways (RFC 792), UDP (RFC 768), and a DHCP client at boot (RFC 2131).
 *
 * Everything is polled, as the disk drivers are: the timer tick calls net_poll, which answers ARP
 * requests and pings, queues datagrams for sockets and wakes the processes waiting for them
 * (socket.c), and the idle loop polls while a process waits. Only the kernel's own waits, for an
 * ARP answer before sending and for DHCP at boot, spin here until the answer comes or time runs
 * out. A real stack would take the card's interrupt instead: the same next step as for the disks.
 *
 * Frames are built in place in the card's transmit buffer. Anything that polls may send replies
 * from there (an ARP reply, say), so a packet's next hop is always resolved before its bytes are
 * written. Multi-byte fields on the wire are big-endian: get16/put16 and friends read them.
 */
#include "console.h"
#include "kalloc.h"
#include "memlayout.h"
#include "net.h"
#include "netstack.h"
#include "riscv.h"
#include "string.h"
#include "timer.h"

#define ETH_ARP 0x0806
#define ETH_IP 0x0800
#define NARP 8

uint32_t get16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
uint32_t get32(const uint8_t *p) { return get16(p) << 16 | get16(p + 2); }
void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v; }
void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16), put16(p + 2, v); }

struct netif nif;

static struct {
	uint32_t ip;
	uint8_t mac[6];
} arp_cache[NARP];
static int arp_next; /* the entry the next new address replaces */

const uint8_t broadcast_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* RFC 1071: the ones' complement sum of 16-bit words, folded; `sum` carries a pseudo-header. */
uint32_t csum_add(uint32_t sum, const uint8_t *p, int len) {
	for (int i = 0; i + 1 < len; i += 2) sum += get16(p + i);
	if (len & 1) sum += (uint32_t)p[len - 1] << 8;
	return sum;
}
uint32_t csum_fold(uint32_t sum) {
	while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}
static uint32_t pseudo(uint32_t src, uint32_t dst, uint32_t proto, uint32_t len) {
	return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto + len;
}

/* ---- sending ---- */

static uint8_t *eth_header(const uint8_t dst[6], uint32_t type) {
	uint8_t *f = nic_tx_frame();
	memcpy(f, dst, 6);
	memcpy(f + 6, nif.mac, 6);
	put16(f + 12, type);
	return f + ETH_HLEN;
}

static void eth_send(int payload_len) {
	if (nic_send(ETH_HLEN + payload_len) == 0) nif.sent++;
	else nif.dropped++;
}

static void arp_send(uint32_t op, const uint8_t tha[6], uint32_t tpa, const uint8_t to[6]) {
	uint8_t *a = eth_header(to, ETH_ARP);
	put16(a, 1), put16(a + 2, ETH_IP), a[4] = 6, a[5] = 4, put16(a + 6, op); /* Ethernet, IPv4 */
	memcpy(a + 8, nif.mac, 6), put32(a + 14, nif.ip);
	memcpy(a + 18, tha, 6), put32(a + 24, tpa);
	eth_send(28);
}

static const uint8_t *arp_lookup(uint32_t ip) {
	for (int i = 0; i < NARP; i++)
		if (arp_cache[i].ip == ip) return arp_cache[i].mac;
	return 0;
}

/* RFC 826's merge: update the sender's entry if we have one, else (when asked to) add it. */
static void arp_learn(uint32_t ip, const uint8_t mac[6], int add) {
	for (int i = 0; i < NARP; i++)
		if (arp_cache[i].ip == ip) {
			memcpy(arp_cache[i].mac, mac, 6);
			return;
		}
	if (!add || ip == 0) return;
	arp_cache[arp_next].ip = ip;
	memcpy(arp_cache[arp_next].mac, mac, 6);
	arp_next = (arp_next + 1) % NARP;
}


/* Poll the card until done() says so or `ticks` timer ticks' worth of time has passed. */
int wait_for(int (*done)(void), uint32_t ticks) {
	uint64_t end = r_time() + (uint64_t)ticks * TICK_INTERVAL;
	for (;;) {
		nic_poll(input);
		if (done()) return 1;
		if (r_time() > end) return 0;
	}
}

static uint32_t want_ip;
static int arp_answered(void) { return arp_lookup(want_ip) != 0; }

/* The MAC address for an IPv4 destination: ours to broadcast, the router's off our subnet. */
const uint8_t *route(uint32_t dst) {
	if (dst == BROADCAST || (nif.ip && dst == (nif.ip | ~nif.netmask))) return broadcast_mac;
	uint32_t hop = (dst & nif.netmask) == (nif.ip & nif.netmask) ? dst : nif.router;
	for (int tries = 0; tries < 3; tries++) {
		const uint8_t *mac = arp_lookup(hop);
		if (mac) return mac;
		static const uint8_t zero[6];
		arp_send(1, zero, hop, broadcast_mac); /* ARP request: who has hop? */
		want_ip = hop;
		wait_for(arp_answered, 100); /* 1 s */
	}
	return arp_lookup(hop);
}

static uint16_t ip_id;

/* Where an IPv4 packet's payload goes, once route() has given the next hop's MAC. */
uint8_t *ip_payload(void) { return nic_tx_frame() + ETH_HLEN + IP_HLEN; }

void ip_send(const uint8_t mac[6], uint32_t src, uint32_t dst, uint32_t proto, int len) {
	uint8_t *ip = eth_header(mac, ETH_IP);
	memset(ip, 0, IP_HLEN);
	ip[0] = 0x45; /* version 4, 5 words of header */
	put16(ip + 2, (uint32_t)(IP_HLEN + len));
	put16(ip + 4, ip_id++);
	put16(ip + 6, 0x4000); /* don't fragment */
	ip[8] = 64;            /* TTL */
	ip[9] = (uint8_t)proto;
	put32(ip + 12, src), put32(ip + 16, dst);
	put16(ip + 10, csum_fold(csum_add(0, ip, IP_HLEN)));
	eth_send(IP_HLEN + len);
}

/* UDP header and checksum around the `len` bytes already at ip_payload() + UDP_HLEN. */
void udp_send(const uint8_t mac[6], uint32_t src, uint32_t dst, uint32_t sport, uint32_t dport, int len) {
	uint8_t *u = ip_payload();
	put16(u, sport), put16(u + 2, dport), put16(u + 4, (uint32_t)(UDP_HLEN + len)), put16(u + 6, 0);
	uint32_t sum = csum_fold(csum_add(pseudo(src, dst, PROTO_UDP, (uint32_t)(UDP_HLEN + len)), u, UDP_HLEN + len));
	put16(u + 6, sum ? sum : 0xffff); /* RFC 768: a computed 0 is sent as all ones */
	ip_send(mac, src, dst, PROTO_UDP, UDP_HLEN + len);
}

/* ---- receiving ---- */

static void udp_input(const uint8_t *ip, const uint8_t *u, int len) {
	uint32_t src = get32(ip + 12), dst = get32(ip + 16);
	if (len < UDP_HLEN || (int)get16(u + 4) < UDP_HLEN || (int)get16(u + 4) > len) return;
	len = (int)get16(u + 4);
	if (get16(u + 6) && csum_fold(csum_add(pseudo(src, dst, PROTO_UDP, (uint32_t)len), u, len))) return;
	/* Nobody listens, or the socket is full: dropped. */
	if (!socket_deliver(get16(u + 2), src, get16(u), u + UDP_HLEN, (uint32_t)(len - UDP_HLEN))) nif.dropped++;
}

static void icmp_input(const uint8_t *f, const uint8_t *ip, const uint8_t *m, int len) {
	if (len < 8 || csum_fold(csum_add(0, m, len))) return;
	uint32_t src = get32(ip + 12);
	if (m[0] == 8 && m[1] == 0 && nif.ip) { /* an echo request to us: the same bytes back, type 0 */
		uint8_t *r = ip_payload();
		memmove(r, m, (uint32_t)len); /* from the receive buffer to the transmit buffer */
		r[0] = 0, put16(r + 2, 0);
		put16(r + 2, csum_fold(csum_add(0, r, len)));
		ip_send(f + 6, nif.ip, src, PROTO_ICMP, len);
	} else if (m[0] == 0) {
		echo_deliver(get16(m + 4), get16(m + 6), src, ip[8], (uint32_t)len);
	}
}

void input(const uint8_t *f, int len) {
	nif.received++;
	if (len < ETH_HLEN || (memcmp(f, nif.mac, 6) && memcmp(f, broadcast_mac, 6))) return;
	const uint8_t *p = f + ETH_HLEN;
	len -= ETH_HLEN;
	if (get16(f + 12) == ETH_ARP) {
		if (len < 28 || get16(p) != 1 || get16(p + 2) != ETH_IP || p[4] != 6 || p[5] != 4) return;
		uint32_t spa = get32(p + 14), tpa = get32(p + 24);
		int for_us = nif.ip && tpa == nif.ip;
		arp_learn(spa, p + 8, for_us);
		if (for_us && get16(p + 6) == 1) arp_send(2, p + 8, spa, p + 8); /* a request: reply */
		return;
	}
	if (get16(f + 12) != ETH_IP || len < IP_HLEN || p[0] != 0x45) return; /* no IP options */
	int total = (int)get16(p + 2);
	if (total < IP_HLEN || total > len || (get16(p + 6) & 0x3fff) || csum_fold(csum_add(0, p, IP_HLEN)))
		return; /* short, a fragment, or damaged */
	uint32_t dst = get32(p + 16);
	/* Before DHCP has given us an address, take what comes to us by any address (the offer). */
	if (nif.ip && dst != nif.ip && dst != BROADCAST && dst != (nif.ip | ~nif.netmask)) return;
	if (p[9] == PROTO_ICMP) icmp_input(f, p, p + IP_HLEN, total - IP_HLEN);
	else if (p[9] == PROTO_UDP) udp_input(p, p + IP_HLEN, total - IP_HLEN);
}

/* Take what arrived; then wake the processes whose answer came or whose time ran out. */
int net_poll(void) {
	if (!nif.up) return 0;
	nic_poll(input);
	return net_wake();
}

/* ---- for dhcp.c and the boot ---- */

uint8_t *net_udp_data(void) { return ip_payload() + UDP_HLEN; }
void net_udp_broadcast(uint32_t sport, uint32_t dport, int len) {
	udp_send(broadcast_mac, nif.ip, BROADCAST, sport, dport, len);
}
const uint8_t *net_mac(void) { return nif.mac; }
void net_configure(uint32_t ip, uint32_t netmask, uint32_t router, uint32_t dns, int dhcp) {
	nif.ip = ip, nif.netmask = netmask, nif.router = router, nif.dns = dns, nif.dhcp = dhcp;
}

int net_info(struct netinfo *info) {
	if (!nif.up) return NET_ENODEV;
	memset(info, 0, sizeof *info);
	memcpy(info->mac, nif.mac, 6);
	info->dhcp = (uint8_t)nif.dhcp;
	info->link_up = (uint8_t)nic_link_up();
	info->ip = nif.ip, info->netmask = nif.netmask, info->router = nif.router, info->dns = nif.dns;
	info->address = nic_address();
	return 0;
}

void net_init(void) { nif.up = nic_init(nif.mac) == 0; }

static void print_ip(const char *before, uint32_t ip) {
	kprintf("%s%u.%u.%u.%u", before, ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

void net_report(void) {
	if (nic_problem()) kprintf("[kernel] virtio at 0x%08x: device 1 %s\n", nic_address(), nic_problem());
	if (!nif.up) return;
	const uint8_t *m = nif.mac;
	kprintf("[kernel] net: virtio-net at 0x%08x, mac %02x:%02x:%02x:%02x:%02x:%02x, link %s\n", nic_address(),
	        m[0], m[1], m[2], m[3], m[4], m[5], nic_link_up() ? "up" : "down");
	dhcp_configure();
	print_ip(nif.dhcp ? "[kernel] net: DHCP gave " : "[kernel] net: no DHCP answer, using ", nif.ip);
	int bits = 0;
	for (uint32_t mask = nif.netmask; mask & 0x80000000u; mask <<= 1) bits++;
	kprintf("/%d", bits);
	print_ip(", router ", nif.router);
	print_ip(", dns ", nif.dns);
	kprintf("\n");
}

void net_summary(void) {
	if (nif.up) kprintf("[kernel] net: %u frames sent, %u received, %u dropped\n", nif.sent, nif.received, nif.dropped);
}
