/*
 * dhcp.c -- the DHCP client the kernel runs once at boot when it has a network card (RFC 2131
 * §3.1): broadcast a DISCOVER, take the first OFFER, REQUEST the address it offers, and use it
 * once the server ACKs. No answer (or a NAK) leaves the static address QEMU's user networking
 * would hand out anyway: 10.0.2.15/24, router 10.0.2.2, DNS 10.0.2.3. Leases are never renewed:
 * this kernel does not live for a day.
 */
#include "net.h"
#include "string.h"

#define SERVER_PORT 67
#define CLIENT_PORT 68
#define COOKIE 0x63825363u /* RFC 2131 §3: the options start with 99.130.83.99 */
#define OPT_SUBNET 1
#define OPT_ROUTER 3
#define OPT_DNS 6
#define OPT_REQUESTED 50
#define OPT_TYPE 53
#define OPT_SERVER 54
#define OPT_PARAMS 55
#define DISCOVER 1
#define OFFER 2
#define REQUEST 3
#define ACK 5
#define NAK 6
#define MSG_BYTES 300 /* the fixed part, the cookie and a few options, as BOOTP's minimum */
/* 2 s for each answer: generous, because QEMU's slirp answers from its main loop, on the host's
 * time, while -icount runs the guest's clock on instructions (vmscope's outside host: 20 us). */
#define WAIT_TICKS 200

static uint32_t get32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
static void put32(uint8_t *p, uint32_t v) { p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = (uint8_t)v; }

static uint32_t xid;

/* Broadcast a DISCOVER or REQUEST (requested address and server id for a REQUEST). */
static void send(uint8_t type, uint32_t requested, uint32_t server) {
	uint8_t *m = net_udp_data();
	memset(m, 0, MSG_BYTES);
	m[0] = 1, m[1] = 1, m[2] = 6; /* BOOTREQUEST, Ethernet, 6-byte addresses */
	put32(m + 4, xid);
	m[10] = 0x80; /* flags: BROADCAST, we cannot take unicast before we have an address */
	memcpy(m + 28, net_mac(), 6);
	put32(m + 236, COOKIE);
	uint8_t *o = m + 240;
	*o++ = OPT_TYPE, *o++ = 1, *o++ = type;
	if (requested) *o++ = OPT_REQUESTED, *o++ = 4, put32(o, requested), o += 4;
	if (server) *o++ = OPT_SERVER, *o++ = 4, put32(o, server), o += 4;
	*o++ = OPT_PARAMS, *o++ = 3, *o++ = OPT_SUBNET, *o++ = OPT_ROUTER, *o++ = OPT_DNS;
	*o = 255;
	net_udp_broadcast(CLIENT_PORT, SERVER_PORT, MSG_BYTES);
}

struct answer {
	int type;
	uint32_t yiaddr, server, netmask, router, dns;
};

/* Wait for a reply to our xid and read the options we asked for; 0 if none came in time. */
static int receive(int sock, struct answer *a) {
	uint32_t len;
	const uint8_t *m;
	while ((m = net_kernel_recv(sock, WAIT_TICKS, &len))) {
		if (len < 240 || m[0] != 2 || get32(m + 4) != xid || memcmp(m + 28, net_mac(), 6) ||
		    get32(m + 236) != COOKIE)
			continue; /* not an answer to us */
		memset(a, 0, sizeof *a);
		a->yiaddr = get32(m + 16);
		for (uint32_t i = 240; i < len && m[i] != 255;) {
			if (m[i] == 0) { /* pad */
				i++;
				continue;
			}
			if (i + 2 > len || i + 2 + m[i + 1] > len) break; /* an option past the end */
			const uint8_t *v = m + i + 2;
			if (m[i] == OPT_TYPE && m[i + 1] >= 1) a->type = v[0];
			if (m[i + 1] >= 4) {
				if (m[i] == OPT_SERVER) a->server = get32(v);
				if (m[i] == OPT_SUBNET) a->netmask = get32(v);
				if (m[i] == OPT_ROUTER) a->router = get32(v);
				if (m[i] == OPT_DNS) a->dns = get32(v);
			}
			i += 2u + m[i + 1];
		}
		return 1;
	}
	return 0;
}

void dhcp_configure(void) {
	const uint8_t *mac = net_mac();
	xid = 0x766d7300u | mac[5]; /* "vms" and our MAC's last byte: the same every boot */
	int sock = net_kernel_socket(CLIENT_PORT);
	struct answer offer, ack = {0};
	for (int tries = 0; sock >= 0 && tries < 2; tries++) {
		send(DISCOVER, 0, 0);
		if (!receive(sock, &offer) || offer.type != OFFER || !offer.yiaddr) continue;
		send(REQUEST, offer.yiaddr, offer.server);
		ack.type = 0;
		while (receive(sock, &ack) && ack.type != ACK && ack.type != NAK) {
		}
		if (ack.type != ACK || ack.yiaddr != offer.yiaddr) break;
		net_configure(ack.yiaddr, ack.netmask ? ack.netmask : 0xffffff00u, ack.router, ack.dns, 1);
		net_kernel_close(sock);
		return;
	}
	if (sock >= 0) net_kernel_close(sock);
	net_configure(0x0a00020f, 0xffffff00u, 0x0a000202, 0x0a000203, 0); /* QEMU user networking's plan */
}
