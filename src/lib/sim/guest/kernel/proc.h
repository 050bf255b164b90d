/* proc.h -- processes. */
#ifndef PROC_H
#define PROC_H

#include "vm.h"
#include <stdint.h>

#define NPROC 8

/* A process's user registers, saved by trap.S on every trap from U-mode and restored by
 * user_return. regs[i] is register xi (regs[0] is unused: x0 is always zero). The layout is
 * shared with trap.S: keep the two in step. */
struct trapframe {
	uint32_t regs[32];
	uint32_t epc; /* where the process resumes: the faulting or ecall instruction, or after it */
};

/* Register numbers in regs[] (the psABI names) */
enum { REG_RA = 1, REG_SP = 2, REG_A0 = 10, REG_A1 = 11, REG_A2 = 12, REG_A3 = 13, REG_A4 = 14, REG_A7 = 17 };

/* UNUSED: a free slot. RUNNABLE: waiting for the CPU. RUNNING: on the CPU (current).
 * SLEEPING: in sleep(), until wake_tick. WAITING: in wait(), until a child exits.
 * ZOMBIE: exited, memory freed, slot kept until the parent collects the exit status.
 * NETWAITING: in recvfrom or ping, until its answer comes or its time is up (socket.c). */
enum procstate { UNUSED, RUNNABLE, RUNNING, SLEEPING, WAITING, ZOMBIE, NETWAITING };

struct proc {
	struct trapframe tf; /* first, so trap.S finds it at the address in sscratch */
	enum procstate state;
	int pid;
	char name[16];
	pagetable_t pagetable;
	uint32_t heap_base; /* first heap address: the page after the program's bss */
	uint32_t brk;       /* current end of the heap (sbrk moves it) */
	uint32_t wake_tick; /* SLEEPING until uptime reaches this */
	int faults;         /* demand-zero page faults served for this process */
	struct proc *parent; /* who spawned it (0: the kernel started it at boot) */
	int status;          /* exit status, kept while ZOMBIE */
	uint32_t wait_va;    /* WAITING: where to store the child's status (0: nowhere) */
};

extern struct proc *current;

struct proc *proc_create(const char *name, struct proc *parent);
void proc_exit(struct proc *p, int status);
void proc_kill(struct proc *p, const char *why);
void proc_wakeup(uint32_t now);
int proc_wait(struct proc *p, uint32_t status_va);
struct proc *schedule(void);
void user_return(struct trapframe *tf) __attribute__((noreturn));

#endif
