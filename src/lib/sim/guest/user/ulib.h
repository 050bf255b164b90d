/* ulib.h -- what a user program can call: the system calls and a small printf. */
#ifndef ULIB_H
#define ULIB_H

#include "syscalls.h"
#include <stdint.h>

void exit(int status) __attribute__((noreturn));
int write(int fd, const void *buf, int len);
int getpid(void);
int yield(void);
int sleep(int ticks);
void *sbrk(int increment);
int uptime(void);
int spawn(const char *name);
int wait(int *status);
long syscall(long num, long a0, long a1, long a2);
long syscall4(long num, long a0, long a1, long a2, long a3);

/* Disks (lib/syscalls.h): 0 or a DISK_E* error. */
int diskinfo(int disk, struct diskinfo *info);
int diskread(int disk, uint32_t sector, void *buf, int count);
int diskwrite(int disk, uint32_t sector, const void *buf, int count);
int diskflush(int disk);

/* The network (lib/syscalls.h): results >= 0, or a NET_E* error. */
int netinfo(struct netinfo *info);
int udp_bind(int port);
int udp_sendto(int sock, const void *buf, int len, const struct netaddr *to);
int udp_recvfrom(int sock, void *buf, int len, struct netaddr *from, int timeout_ticks);
int udp_close(int sock);
int ping(uint32_t ip, int seq, int timeout_ticks, struct pingreply *reply);
long syscall5(long num, long a0, long a1, long a2, long a3, long a4);
/* "10.0.2.15" into buf (at least 16 bytes); returns buf. */
char *ipstr(uint32_t ip, char *buf);
#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* The `time` CSR, 10 MHz (the kernel lets user code read it: scounteren.TM). */
static inline uint32_t rdtime(void) {
	uint32_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

int printf(const char *fmt, ...);

#define PAGE_SIZE 4096

#endif
