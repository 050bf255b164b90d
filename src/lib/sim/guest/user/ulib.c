/* ulib.c -- system call stubs and printf for user programs. */
#include "ulib.h"
#include "format.h"
#include "syscalls.h"

/* The system call instruction: number in a7, arguments in a0..a2, `ecall` traps into the
 * kernel (scause 8, "environment call from U-mode"), the result comes back in a0. */
long syscall(long num, long arg0, long arg1, long arg2) {
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;
	register long a7 __asm__("a7") = num;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}

/* The same with a fourth argument in a3 (the disk calls need it). */
long syscall4(long num, long arg0, long arg1, long arg2, long arg3) {
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;
	register long a3 __asm__("a3") = arg3;
	register long a7 __asm__("a7") = num;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a7) : "memory");
	return a0;
}

void exit(int status) {
	syscall(SYS_exit, status, 0, 0);
	for (;;) {
	}
}
int write(int fd, const void *buf, int len) { return (int)syscall(SYS_write, fd, (long)buf, len); }
int getpid(void) { return (int)syscall(SYS_getpid, 0, 0, 0); }
int yield(void) { return (int)syscall(SYS_yield, 0, 0, 0); }
int sleep(int ticks) { return (int)syscall(SYS_sleep, ticks, 0, 0); }
void *sbrk(int increment) { return (void *)syscall(SYS_sbrk, increment, 0, 0); }
int uptime(void) { return (int)syscall(SYS_uptime, 0, 0, 0); }
int spawn(const char *name) { return (int)syscall(SYS_spawn, (long)name, 0, 0); }
int wait(int *status) { return (int)syscall(SYS_wait, (long)status, 0, 0); }
int diskinfo(int disk, struct diskinfo *info) { return (int)syscall(SYS_diskinfo, disk, (long)info, 0); }
int diskread(int disk, uint32_t sector, void *buf, int count) {
	return (int)syscall4(SYS_diskread, disk, (long)sector, (long)buf, count);
}
int diskwrite(int disk, uint32_t sector, const void *buf, int count) {
	return (int)syscall4(SYS_diskwrite, disk, (long)sector, (long)buf, count);
}
int diskflush(int disk) { return (int)syscall(SYS_diskflush, disk, 0, 0); }

/* Format the whole line first, then one write: one system call per printf. */
int printf(const char *fmt, ...) {
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vformat(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return write(1, buf, n < (int)sizeof buf ? n : (int)sizeof buf - 1);
}
