/* pingpeer -- pings the other machine on its network: two VMs on the hypervisor's switch get
 * 10.0.2.15 and 10.0.2.16 from the outside network's DHCP server, and each pings the other, eight
 * times, one every 5 ticks (50 ms), printing each round trip in microseconds of simulated time.
 * The first includes the ARP exchange that finds the peer's MAC; every frame crosses the switch.
 * Then it stays up a second, answering the peer's last pings, before it exits. */
#include "ulib.h"

#define COUNT 8
#define GAP 5       /* ticks between pings */
#define TIMEOUT 100 /* ticks: 1 s */

int main(void) {
	struct netinfo ni;
	char a[16], b[16];
	if (netinfo(&ni) < 0) {
		printf("pingpeer: no network card\n");
		return 1;
	}
	uint32_t peer = ni.ip == IP(10, 0, 2, 15) ? IP(10, 0, 2, 16) : IP(10, 0, 2, 15);
	printf("pingpeer: PING %s from %s\n", ipstr(peer, a), ipstr(ni.ip, b));
	int got = 0;
	uint32_t total = 0, worst = 0;
	for (int seq = 1; seq <= COUNT; seq++) {
		struct pingreply r;
		uint32_t t0 = rdtime();
		int e = ping(peer, seq, TIMEOUT, &r);
		uint32_t us = (rdtime() - t0) / 10;
		if (e == 0) {
			got++;
			total += us;
			if (us > worst) worst = us;
			printf("pingpeer: reply from %s: seq=%d time=%u us\n", ipstr(r.from, a), seq, us);
		} else
			printf("pingpeer: seq=%d: %s\n", seq, e == NET_ETIMEDOUT ? "no reply within 1 s" : "unreachable");
		if (seq < COUNT) sleep(GAP);
	}
	printf("pingpeer: %d of %d replied, mean %u us, worst %u us\n", got, COUNT, got ? total / got : 0, worst);
	sleep(TIMEOUT);
	return got == COUNT ? 0 : 1;
}
