/*
 * trap.c -- what happens after trap.S has saved a process's registers.
 *
 * scause says why we are here (priv 4.1.9): a timer interrupt, a system call (ecall from
 * U-mode), or an exception such as a page fault. Whatever it was, we end by choosing the
 * process to resume and returning its trapframe to trap.S, which restores it and executes sret.
 */
#include "console.h"
#include "format.h"
#include "memlayout.h"
#include "proc.h"
#include "riscv.h"
#include "syscall.h"
#include "timer.h"

static const char *const exception_names[16] = {
	[EXC_INST_MISALIGNED] = "instruction address misaligned",
	[EXC_INST_ACCESS] = "instruction access fault",
	[EXC_ILLEGAL_INST] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "load address misaligned",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "store/AMO address misaligned",
	[EXC_STORE_ACCESS] = "store/AMO access fault",
	[EXC_ECALL_U] = "environment call from U-mode",
	[EXC_ECALL_S] = "environment call from S-mode",
	[EXC_INST_PAGE_FAULT] = "instruction page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[EXC_STORE_PAGE_FAULT] = "store/AMO page fault",
};

static const char *cause_name(uint32_t scause) {
	if (scause & SCAUSE_INTERRUPT) return "interrupt";
	const char *n = scause < 16 ? exception_names[scause] : 0;
	return n ? n : "unknown exception";
}

/* A load or store touched an unmapped page. If the page lies in the heap (below the break that
 * sbrk set), this is demand-zero paging: give the process a zeroed page now, on first touch,
 * and retry the instruction. Returns 0 if the fault was dealt with (served, or the process
 * killed for want of memory), -1 if it was not a heap fault. */
static int page_fault(struct proc *p, uint32_t scause, uint32_t va) {
	if (scause == EXC_INST_PAGE_FAULT) return -1;
	if (va < p->heap_base || va >= p->brk) return -1;
	pte_t *pte = walk(p->pagetable, va, 0);
	if (pte && (*pte & PTE_V)) return -1; /* mapped, so the fault was about permission */
	if (uvm_alloc(p->pagetable, PGROUNDDOWN(va), PTE_R | PTE_W) < 0) {
		proc_kill(p, "out of memory for a heap page");
		return 0;
	}
	sfence_vma(); /* the TLB may remember that this page was invalid */
	p->faults++;
	return 0;
}

/* Called by trap.S for every trap from U-mode, on the kernel stack. */
struct trapframe *trap_user(struct trapframe *tf) {
	struct proc *p = current;
	uint32_t scause = r_scause(), stval = r_stval();

	if (scause == (SCAUSE_INTERRUPT | IRQ_S_TIMER)) {
		timer_tick();
		p->state = RUNNABLE; /* preempt: round robin moves on to the next process */
	} else if (scause == EXC_ECALL_U) {
		tf->epc += 4; /* resume after the ecall, not on it */
		syscall(p);
	} else if ((scause == EXC_LOAD_PAGE_FAULT || scause == EXC_STORE_PAGE_FAULT ||
	            scause == EXC_INST_PAGE_FAULT) &&
	           page_fault(p, scause, stval) == 0) {
		/* served: the same instruction runs again and now finds its page */
	} else {
		char why[128];
		format(why, sizeof why, "%s (scause %u) at sepc 0x%08x, stval 0x%08x", cause_name(scause),
		       scause, tf->epc, stval);
		proc_kill(p, why);
	}
	if (!current || current->state != RUNNING) schedule();
	return &current->tf;
}

/* A trap while the kernel itself was running. Interrupts are off in the kernel, so this is an
 * exception: a bug in the kernel. Nothing sensible can follow. */
void kernel_trap(void) {
	uint32_t scause = r_scause();
	panic("kernel trap: %s (scause %u) at sepc 0x%08x, stval 0x%08x", cause_name(scause), scause,
	      r_sepc(), r_stval());
}
