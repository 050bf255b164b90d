/* udpflood -- the noisy neighbour of the network: sends 600 datagrams of 1400 bytes as fast as its
 * stack lets it to UDP port 9 (discard) of 10.0.2.15 (or 10.0.2.16 when it is 10.0.2.15 itself),
 * about 6.7 Mbit in all. The switch's port towards that machine fills with them: its other traffic
 * waits behind, and what does not fit in the port's queue is dropped. */
#include "ulib.h"

#define COUNT 600
#define BYTES 1400

int main(void) {
	struct netinfo ni;
	static char buf[BYTES];
	char a[16];
	if (netinfo(&ni) < 0) {
		printf("udpflood: no network card\n");
		return 1;
	}
	uint32_t victim = ni.ip == IP(10, 0, 2, 15) ? IP(10, 0, 2, 16) : IP(10, 0, 2, 15);
	int sock = udp_bind(4009);
	if (sock < 0) {
		printf("udpflood: cannot bind (error %d)\n", sock);
		return 1;
	}
	for (int i = 0; i < BYTES; i++) buf[i] = (char)i;
	struct netaddr to = {victim, 9};
	printf("udpflood: %d datagrams of %d bytes to %s:9\n", COUNT, BYTES, ipstr(victim, a));
	uint32_t t0 = rdtime();
	int sent = 0;
	for (int i = 0; i < COUNT; i++)
		if (udp_sendto(sock, buf, BYTES, &to) >= 0) sent++;
	uint32_t us = (rdtime() - t0) / 10;
	udp_close(sock);
	printf("udpflood: sent %d in %u us\n", sent, us);
	return 0;
}
