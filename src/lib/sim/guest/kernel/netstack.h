/* netstack.h -- inside the network stack: what net.c (the protocols) and socket.c (sockets and
 * the processes waiting on them) share. Nothing outside those two files includes it. */
#ifndef NETSTACK_H
#define NETSTACK_H

#include <stdint.h>

#define ETH_HLEN 14
#define IP_HLEN 20
#define UDP_HLEN 8
#define PROTO_ICMP 1
#define PROTO_UDP 17
#define BROADCAST 0xffffffffu

struct netif {
	int up;
	uint8_t mac[6];
	uint32_t ip, netmask, router, dns;
	int dhcp;
	uint32_t sent, received, dropped;
};
extern struct netif nif;
extern const uint8_t broadcast_mac[6];

/* Big-endian fields, and the RFC 1071 checksum (csum_fold of csum_add's sum). */
uint32_t get16(const uint8_t *p);
uint32_t get32(const uint8_t *p);
void put16(uint8_t *p, uint32_t v);
void put32(uint8_t *p, uint32_t v);
uint32_t csum_add(uint32_t sum, const uint8_t *p, int len);
uint32_t csum_fold(uint32_t sum);

/* net.c: sending. route() may poll (ARP), so call it before writing at ip_payload(). */
const uint8_t *route(uint32_t dst);
uint8_t *ip_payload(void);
void ip_send(const uint8_t mac[6], uint32_t src, uint32_t dst, uint32_t proto, int len);
void udp_send(const uint8_t mac[6], uint32_t src, uint32_t dst, uint32_t sport, uint32_t dport, int len);
/* net.c: one received frame; and polling the card until done() or `ticks` ticks of time pass. */
void input(const uint8_t *f, int len);
int wait_for(int (*done)(void), uint32_t ticks);

/* socket.c: what the protocols hand up. 0: nobody took it. */
int socket_deliver(uint32_t port, uint32_t src, uint32_t sport, const uint8_t *data, uint32_t len);
void echo_deliver(uint32_t id, uint32_t seq, uint32_t from, uint32_t ttl, uint32_t bytes);
/* Wake every waiting process whose answer has come or whose time is up; how many woke. */
int net_wake(void);

#endif
