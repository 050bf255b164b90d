/*
 * syscalls.h -- the system call numbers, shared by the kernel and the user programs.
 *
 * Calling convention (the same as Linux on RISC-V): the number goes in a7, arguments in a0..a2,
 * then `ecall`; the result comes back in a0. An unknown number returns -1.
 */
#ifndef LIB_SYSCALLS_H
#define LIB_SYSCALLS_H

#define SYS_exit 1   /* exit(status): never returns */
#define SYS_write 2  /* write(fd, buf, len): fd 1 or 2 is the console; returns len or -1 */
#define SYS_getpid 3 /* getpid(): the caller's process id */
#define SYS_yield 4  /* yield(): give the CPU to the next runnable process */
#define SYS_sleep 5  /* sleep(ticks): block for at least that many timer ticks */
#define SYS_sbrk 6   /* sbrk(n): grow (or shrink) the heap by n bytes; returns the old break */
#define SYS_uptime 7 /* uptime(): timer ticks since boot */
#define SYS_spawn 8  /* spawn(name): start a built-in program as a child; its pid, or -1 */
#define SYS_wait 9   /* wait(&status): wait for a child to exit; its pid, or -1 if none */

#endif
