/* ulib.h -- what a user program can call: the system calls and a small printf. */
#ifndef ULIB_H
#define ULIB_H

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

int printf(const char *fmt, ...);

#define PAGE_SIZE 4096

#endif
