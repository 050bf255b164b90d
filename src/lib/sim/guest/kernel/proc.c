/*
 * proc.c -- the process table and the round-robin scheduler.
 *
 * This kernel has a single kernel stack. A process is only its saved user registers (struct
 * trapframe), its address space and a little bookkeeping; it never sleeps *inside* the kernel.
 * Every trap runs to completion on the one stack and ends by choosing which process's
 * registers to restore: the same one, or the next runnable one. A system call that must wait
 * (sleep, wait) just marks the process SLEEPING or WAITING and lets another run. That keeps the kernel short
 * enough to read in one sitting; xv6 instead gives each process its own kernel stack and
 * switches between them, which a real kernel needs once system calls can block half-way.
 */
#include "proc.h"
#include "console.h"
#include "disk.h"
#include "kalloc.h"
#include "memlayout.h"
#include "net.h"
#include "programs.h"
#include "riscv.h"
#include "sbi.h"
#include "string.h"
#include "timer.h"

static struct proc procs[NPROC];
struct proc *current; /* the process whose registers are (or will be) in the hart; 0 = none */
static int next_pid = 1;
static int started, killed, faults_served;

/* Create a process running the built-in program `name`, as a child of parent (0 for the
 * kernel). Returns 0 if there is no such program, no free slot or not enough memory. */
struct proc *proc_create(const char *name, struct proc *parent) {
	const struct program *prog = program_find(name);
	if (!prog) return 0;
	struct proc *p = 0;
	for (int i = 0; i < NPROC && !p; i++)
		if (procs[i].state == UNUSED) p = &procs[i];
	if (!p) return 0;
	memset(p, 0, sizeof *p);
	p->pagetable = uvm_create();
	if (!p->pagetable) return 0;
	if (exec(p, prog) < 0) {
		uvm_free(p->pagetable);
		return 0;
	}
	p->pid = next_pid++;
	int n = 0;
	for (; name[n] && n < (int)sizeof p->name - 1; n++) p->name[n] = name[n];
	p->parent = parent;
	p->state = RUNNABLE;
	started++;
	kprintf("[kernel] start pid %d: %s (%d pages)\n", p->pid, p->name, uvm_count(p->pagetable));
	return p;
}

/* A waiting parent collects an exited child: the child's pid goes into the parent's a0, its
 * status into the parent's memory, and the child's slot is free again. */
static int reap(struct proc *parent, struct proc *child) {
	int pid = child->pid;
	if (parent->wait_va) copyout(parent->pagetable, parent->wait_va, &child->status, sizeof child->status);
	child->state = UNUSED;
	parent->tf.regs[REG_A0] = (uint32_t)pid;
	if (parent->state == WAITING) parent->state = RUNNABLE;
	return pid;
}

/* The process has finished: give back its memory at once. Its slot stays, as a ZOMBIE, only
 * while a parent may still ask for its exit status. */
static void proc_finish(struct proc *p, int status) {
	faults_served += p->faults;
	net_release(p); /* its sockets' pages */
	if (p == current) {
		kvm_switch(); /* stop using the page table we are about to free */
		current = 0;
	}
	uvm_free(p->pagetable);
	p->pagetable = 0;
	p->status = status;
	for (int i = 0; i < NPROC; i++) { /* orphans: nobody will wait for them now */
		if (procs[i].parent != p) continue;
		procs[i].parent = 0;
		if (procs[i].state == ZOMBIE) procs[i].state = UNUSED;
	}
	if (!p->parent) {
		p->state = UNUSED;
		return;
	}
	p->state = ZOMBIE;
	if (p->parent->state == WAITING) reap(p->parent, p);
}

void proc_exit(struct proc *p, int status) {
	kprintf("[kernel] pid %d (%s) exited with status %d\n", p->pid, p->name, status);
	proc_finish(p, status);
}

void proc_kill(struct proc *p, const char *why) {
	kprintf("[kernel] pid %d (%s) killed: %s\n", p->pid, p->name, why);
	killed++;
	proc_finish(p, -1);
}

/* wait(&status): collect an exited child now if there is one; otherwise, if children are still
 * running, block until one exits (proc_finish then reaps it). -1 if there are no children. */
int proc_wait(struct proc *p, uint32_t status_va) {
	int children = 0;
	p->wait_va = status_va;
	for (int i = 0; i < NPROC; i++) {
		if (procs[i].parent != p || procs[i].state == UNUSED) continue;
		if (procs[i].state == ZOMBIE) return reap(p, &procs[i]);
		children++;
	}
	if (!children) return -1;
	p->state = WAITING;
	return 0; /* replaced by the child's pid when reap() runs */
}

/* Make runnable every sleeper whose time has come. Called on each timer tick. */
void proc_wakeup(uint32_t now) {
	for (int i = 0; i < NPROC; i++)
		if (procs[i].state == SLEEPING && now >= procs[i].wake_tick) procs[i].state = RUNNABLE;
}

/* Nothing is left to run: report and power off. */
static void all_done(void) {
	disk_summary(); /* nothing when there is no disk */
	net_summary();  /* nothing without a network card */
	kprintf("[kernel] all processes exited after %u ticks: %d started, %d killed, %d page faults "
	        "served, %d pages free. shutting down.\n",
	        ticks, started, killed, faults_served, kfree_count());
	sbi_shutdown(0);
}

/*
 * Round robin: starting after the process that ran last, pick the first RUNNABLE one and make
 * it current (switching to its page table). The caller has already put the previous process
 * in its new state (RUNNABLE if preempted, SLEEPING, or gone). If nothing is runnable but some
 * process sleeps, wait for the next timer tick and look again; if nothing is left, power off.
 */
struct proc *schedule(void) {
	static int last = NPROC - 1; /* slot of the process chosen last time */
	for (;;) {
		int blocked = 0; /* some process will become runnable later */
		for (int k = 1; k <= NPROC; k++) {
			int i = (last + k) % NPROC;
			struct proc *p = &procs[i];
			blocked |= p->state == SLEEPING || p->state == WAITING || p->state == NETWAITING;
			if (p->state != RUNNABLE) continue;
			if (p != current) {
				/* Another address space: point satp at its root table, drop stale TLB entries. */
				w_satp(MAKE_SATP(p->pagetable));
				sfence_vma();
			}
			p->state = RUNNING;
			current = p;
			last = i;
			return p;
		}
		if (!blocked) all_done();
		timer_idle(); /* every live process sleeps (or waits for one that does): wait for a tick */
	}
}
