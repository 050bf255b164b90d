/* syscall.h -- dispatching system calls. */
#ifndef SYSCALL_H
#define SYSCALL_H

#include "proc.h"

void syscall(struct proc *p);

#endif
