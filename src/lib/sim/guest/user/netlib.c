/* netlib.c -- the network system call stubs (lib/syscalls.h), linked only into the programs that
 * use the network, so every other program's code stays where it was. */
#include "format.h"
#include "syscalls.h"
#include "ulib.h"

/* The same with a fifth argument in a4 (udp_recvfrom's timeout). */
long syscall5(long num, long arg0, long arg1, long arg2, long arg3, long arg4) {
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;
	register long a3 __asm__("a3") = arg3;
	register long a4 __asm__("a4") = arg4;
	register long a7 __asm__("a7") = num;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a7) : "memory");
	return a0;
}
int netinfo(struct netinfo *info) { return (int)syscall(SYS_netinfo, (long)info, 0, 0); }
int udp_bind(int port) { return (int)syscall(SYS_udp_bind, port, 0, 0); }
int udp_sendto(int sock, const void *buf, int len, const struct netaddr *to) {
	return (int)syscall4(SYS_udp_sendto, sock, (long)buf, len, (long)to);
}
int udp_recvfrom(int sock, void *buf, int len, struct netaddr *from, int timeout_ticks) {
	return (int)syscall5(SYS_udp_recvfrom, sock, (long)buf, len, (long)from, timeout_ticks);
}
int udp_close(int sock) { return (int)syscall(SYS_udp_close, sock, 0, 0); }
int ping(uint32_t ip, int seq, int timeout_ticks, struct pingreply *reply) {
	return (int)syscall4(SYS_ping, (long)ip, seq, timeout_ticks, (long)reply);
}
char *ipstr(uint32_t ip, char *buf) {
	format(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
	return buf;
}
