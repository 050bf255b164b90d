/* udpserver -- the server half of a UDP echo: binds port 7 (RFC 862's echo port) and sends every
 * datagram back to where it came from, until it has echoed 4 or heard nothing for 2 s. Its
 * partner is udpclient in another machine on the same network (two VMs on the hypervisor's
 * switch); alone it just waits and gives up. */
#include "ulib.h"

#define PORT 7
#define ROUNDS 4
#define TIMEOUT 200 /* ticks */

int main(void) {
	char buf[UDP_MAX], a[16];
	int sock = udp_bind(PORT);
	if (sock < 0) {
		printf("udpserver: cannot bind port %d (error %d)\n", PORT, sock);
		return 1;
	}
	printf("udpserver: listening on port %d\n", PORT);
	int n = 0;
	for (; n < ROUNDS; n++) {
		struct netaddr from;
		int len = udp_recvfrom(sock, buf, sizeof buf, &from, TIMEOUT);
		if (len < 0) {
			printf("udpserver: nothing for 2 s, stopping\n");
			break;
		}
		printf("udpserver: %d bytes from %s:%u, echoed\n", len, ipstr(from.ip, a), from.port);
		udp_sendto(sock, buf, len, &from);
	}
	udp_close(sock);
	printf("udpserver: echoed %d datagrams\n", n);
	return 0;
}
