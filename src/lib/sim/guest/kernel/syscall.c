/*
 * syscall.c -- the system calls. Numbers are in lib/syscalls.h, shared with user code.
 *
 * Each handler gets the calling process, reads its arguments from the saved registers a0..a3
 * and returns the result, which goes back to the process in a0. A handler may change the
 * process's state (exit, yield, sleep, wait); trap_user then schedules.
 */
#include "syscall.h"
#include "console.h"
#include "disk.h"
#include "memlayout.h"
#include "net.h"
#include "riscv.h"
#include "syscalls.h"
#include "timer.h"

#define ARG(p, n) ((p)->tf.regs[REG_A0 + (n)])

static int32_t sys_exit(struct proc *p) {
	proc_exit(p, (int32_t)ARG(p, 0));
	return 0; /* nobody will see it: the process is gone */
}

/* write(fd, buf, len): copy the bytes out of the process's memory (never trusting its
 * pointer), then send them to the console. */
static int32_t sys_write(struct proc *p) {
	uint32_t fd = ARG(p, 0), buf = ARG(p, 1), len = ARG(p, 2);
	char chunk[128];
	if (fd != 1 && fd != 2) return -1;
	for (uint32_t done = 0; done < len;) {
		uint32_t n = len - done < sizeof chunk ? len - done : sizeof chunk;
		if (copyin(p->pagetable, chunk, buf + done, n) < 0) return -1;
		console_write(chunk, (int)n);
		done += n;
	}
	return (int32_t)len;
}

static int32_t sys_getpid(struct proc *p) { return p->pid; }

static int32_t sys_yield(struct proc *p) {
	p->state = RUNNABLE;
	return 0;
}

static int32_t sys_sleep(struct proc *p) {
	int32_t n = (int32_t)ARG(p, 0);
	if (n <= 0) return 0;
	p->wake_tick = ticks + (uint32_t)n;
	p->state = SLEEPING;
	return 0;
}

/* sbrk(n): move the break by n bytes and return the old one. Growing maps nothing: the pages
 * are allocated on first touch by the page-fault handler (demand-zero). Shrinking frees the
 * pages that are now wholly above the break. */
static int32_t sys_sbrk(struct proc *p) {
	int32_t n = (int32_t)ARG(p, 0);
	uint32_t old = p->brk, new = old + (uint32_t)n;
	if ((n > 0 && (new < old || new > USER_HEAP_MAX)) || (n < 0 && (new > old || new < p->heap_base)))
		return -1;
	if (n < 0) {
		for (uint32_t va = PGROUNDUP(new); va < PGROUNDUP(old); va += PGSIZE) uvm_unmap(p->pagetable, va);
		sfence_vma();
	}
	p->brk = new;
	return (int32_t)old;
}

static int32_t sys_uptime(struct proc *p) {
	(void)p;
	return (int32_t)ticks;
}

/* spawn(name): the name is a NUL-terminated string in user memory, read one byte at a time. */
static int32_t sys_spawn(struct proc *p) {
	char name[32];
	for (uint32_t i = 0;; i++) {
		if (i == sizeof name || copyin(p->pagetable, &name[i], ARG(p, 0) + i, 1) < 0) return -1;
		if (name[i] == '\0') break;
	}
	struct proc *child = proc_create(name, p);
	return child ? child->pid : -1;
}

/* wait(&status): the status pointer must be writable now (e.g. on the stack); it is
 * checked here because a failure later, when the child exits, could not be reported. */
static int32_t sys_wait(struct proc *p) {
	uint32_t status_va = ARG(p, 0);
	int32_t zero = 0;
	if (status_va && copyout(p->pagetable, status_va, &zero, sizeof zero) < 0) return -1;
	return proc_wait(p, status_va);
}

/* diskinfo(disk, &info): the struct is built here, then copied out whole. */
static int32_t sys_diskinfo(struct proc *p) {
	struct diskinfo info;
	if (disk_info(ARG(p, 0), &info) < 0) return DISK_EINVAL;
	return copyout(p->pagetable, ARG(p, 1), &info, sizeof info) < 0 ? DISK_EINVAL : 0;
}

/* diskread/diskwrite(disk, sector, buf, count): virtio_blk.c checks every argument, the buffer
 * page by page, and returns when the device has finished. */
static int32_t sys_diskread(struct proc *p) {
	return disk_rw(p->pagetable, ARG(p, 0), ARG(p, 1), ARG(p, 2), ARG(p, 3), 0);
}
static int32_t sys_diskwrite(struct proc *p) {
	return disk_rw(p->pagetable, ARG(p, 0), ARG(p, 1), ARG(p, 2), ARG(p, 3), 1);
}
static int32_t sys_diskflush(struct proc *p) { return disk_flush(ARG(p, 0)); }

/* The network (net.c checks every argument; copies go through copyin/copyout). */
static int32_t sys_netinfo(struct proc *p) {
	struct netinfo info;
	int r = net_info(&info);
	if (r < 0) return r;
	return copyout(p->pagetable, ARG(p, 0), &info, sizeof info) < 0 ? NET_EINVAL : 0;
}
static int32_t sys_udp_bind(struct proc *p) { return net_udp_bind(p, ARG(p, 0)); }
static int32_t sys_udp_sendto(struct proc *p) {
	return net_udp_sendto(p, ARG(p, 0), ARG(p, 1), ARG(p, 2), ARG(p, 3));
}
static int32_t sys_udp_recvfrom(struct proc *p) {
	return net_udp_recvfrom(p, ARG(p, 0), ARG(p, 1), ARG(p, 2), ARG(p, 3), ARG(p, 4));
}
static int32_t sys_ping(struct proc *p) { return net_ping(p, ARG(p, 0), ARG(p, 1), ARG(p, 2), ARG(p, 3)); }
static int32_t sys_udp_close(struct proc *p) { return net_udp_close(p, ARG(p, 0)); }

static int32_t (*const handlers[])(struct proc *) = {
	[SYS_exit] = sys_exit,   [SYS_write] = sys_write, [SYS_getpid] = sys_getpid, [SYS_yield] = sys_yield,
	[SYS_sleep] = sys_sleep, [SYS_sbrk] = sys_sbrk,   [SYS_uptime] = sys_uptime, [SYS_spawn] = sys_spawn,
	[SYS_wait] = sys_wait,   [SYS_diskinfo] = sys_diskinfo, [SYS_diskread] = sys_diskread,
	[SYS_diskwrite] = sys_diskwrite, [SYS_diskflush] = sys_diskflush, [SYS_netinfo] = sys_netinfo,
	[SYS_udp_bind] = sys_udp_bind, [SYS_udp_sendto] = sys_udp_sendto, [SYS_udp_recvfrom] = sys_udp_recvfrom,
	[SYS_ping] = sys_ping, [SYS_udp_close] = sys_udp_close,
};

void syscall(struct proc *p) {
	uint32_t num = p->tf.regs[REG_A7];
	if (num < sizeof handlers / sizeof handlers[0] && handlers[num]) {
		int32_t ret = handlers[num](p);
		if (p->state != UNUSED) ARG(p, 0) = (uint32_t)ret;
	} else {
		kprintf("[kernel] pid %d (%s): unknown system call %d, returning -1\n", p->pid, p->name, (int)num);
		ARG(p, 0) = (uint32_t)-1;
	}
}
