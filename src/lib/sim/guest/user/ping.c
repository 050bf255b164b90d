/* ping -- sends four ICMP echo requests to the gateway, 10.0.2.2 (QEMU's user networking, or
 * vmscope's simulated outside host), one every 10 ticks, and prints each reply with its round
 * trip: the `time` counter (10 MHz) read just before and just after the ping system call, so the
 * first one includes the ARP exchange that finds the gateway's MAC address. Simulated time: on
 * vmscope it is the machine's clock, not the host's. */
#include "ulib.h"

#define COUNT 4
#define TIMEOUT 300 /* ticks: 3 s (QEMU answers on the host's time: see dhcp.c) */

int main(void) {
	struct netinfo ni;
	char a[16], b[16];
	if (netinfo(&ni) < 0) {
		printf("ping: no network card\n");
		return 1;
	}
	uint32_t dst = IP(10, 0, 2, 2);
	printf("ping: PING %s from %s: 56 data bytes\n", ipstr(dst, a), ipstr(ni.ip, b));
	int got = 0;
	for (int seq = 1; seq <= COUNT; seq++) {
		struct pingreply r;
		uint32_t t0 = rdtime();
		int e = ping(dst, seq, TIMEOUT, &r);
		uint32_t us = (rdtime() - t0) / 10;
		if (e == 0) {
			got++;
			printf("ping: %u bytes from %s: icmp_seq=%d ttl=%u time=%u us\n", r.bytes, ipstr(r.from, a), seq,
			       r.ttl, us);
		} else
			printf("ping: icmp_seq=%d: %s\n", seq, e == NET_ETIMEDOUT ? "no reply within 3 s" : "unreachable");
		if (seq < COUNT) sleep(10);
	}
	printf("ping: %d packets transmitted, %d received\n", COUNT, got);
	return got == COUNT ? 0 : 1;
}
