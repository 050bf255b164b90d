/* udpclient -- the client half of a UDP echo: sends 4 short messages to port 7 of an echo server
 * and waits up to 3 s for each to come back, checking the bytes. The server is 10.0.2.15, the
 * first address a DHCP server hands out (on the hypervisor's switch, the first VM to ask: run
 * udpserver there), unless that is this machine's own address; then it is the gateway 10.0.2.2,
 * where vmscope's simulated outside host runs an echo service (QEMU's user networking does not:
 * there the datagrams go to the host's own port 7). */
#include "ulib.h"
#include "format.h"
#include "string.h"

#define FIRST_LEASE IP(10, 0, 2, 15)
#define GATEWAY IP(10, 0, 2, 2)
#define PORT 7
#define ROUNDS 4
#define TIMEOUT 300 /* ticks: 3 s */

int main(void) {
	char msg[32], back[64], a[16];
	int sock = udp_bind(0);
	if (sock < 0) {
		printf("udpclient: no socket (error %d)\n", sock);
		return 1;
	}
	struct netinfo ni;
	netinfo(&ni);
	struct netaddr to = {ni.ip == FIRST_LEASE ? GATEWAY : FIRST_LEASE, PORT};
	printf("udpclient: echoing off %s:%d\n", ipstr(to.ip, a), PORT);
	int ok = 0;
	for (int i = 1; i <= ROUNDS; i++) {
		int len = format(msg, sizeof msg, "echo request %d", i);
		uint32_t t0 = rdtime();
		int e = udp_sendto(sock, msg, len, &to);
		struct netaddr from;
		int got = e < 0 ? e : udp_recvfrom(sock, back, sizeof back, &from, TIMEOUT);
		uint32_t us = (rdtime() - t0) / 10;
		if (got == len && memcmp(back, msg, (size_t)len) == 0) {
			ok++;
			printf("udpclient: \"%s\" came back from %s:%u in %u us\n", msg, ipstr(from.ip, a), from.port, us);
		} else
			printf("udpclient: \"%s\": %s (%d)\n", msg, got < 0 ? "no answer" : "wrong answer", got);
	}
	udp_close(sock);
	printf("udpclient: %d of %d echoed\n", ok, ROUNDS);
	return ok == ROUNDS ? 0 : 1;
}
