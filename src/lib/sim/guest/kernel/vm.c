/*
 * vm.c -- building Sv32 page tables (priv 4.3).
 *
 * Sv32 translates a 32-bit virtual address in two steps: VPN[1] (bits 31..22) indexes the root
 * table, whose entry points at a second-level table; VPN[0] (bits 21..12) indexes that one,
 * whose entry holds the physical page number. Each table is one 4 KiB page of 1024 entries.
 *
 * The kernel lives in 0x8020_0000..PHYSTOP, which is inside the 4 MiB covered by root entry 512.
 * One second-level table, kernel_pt, maps it (at its physical address, U=0) and every process's
 * root table points at that same kernel_pt. So the kernel is "in" every address space and a trap
 * from user code can run kernel code at once, without changing satp; U=0 keeps user code out.
 *
 * The device registers (the virtio-mmio slots, for the disk driver) are mapped the same way, at
 * their physical addresses with U=0, but by a single root entry that is itself a leaf: a 4 MiB
 * "megapage" (priv 4.3.1: a leaf at the first level maps all 4 MiB below it), which needs no
 * second-level table and so costs no page.
 */
#include "vm.h"
#include "console.h"
#include "kalloc.h"
#include "memlayout.h"
#include "riscv.h"
#include "string.h"

extern char etext[], erodata[]; /* section boundaries from kernel.ld */

static pte_t kernel_root[1024] __attribute__((aligned(4096)));
static pte_t kernel_pt[1024] __attribute__((aligned(4096)));

/* A and D are set in every leaf up front. The spec lets hardware either set them itself or
 * raise a page fault when they are clear (priv 4.3.1); setting them ourselves works on both. */
#define PTE_AD (PTE_A | PTE_D)

/* Map the kernel image page by page, with the least permission each part needs: text is
 * read+execute, read-only data read-only, everything else (data, bss, stack, free frames)
 * read+write. A stray write into kernel code then faults instead of silently corrupting it. */
void kvm_init(void) {
	for (uint32_t pa = KERNBASE; pa < PHYSTOP; pa += PGSIZE) {
		uint32_t perm = PTE_R | PTE_W;
		if (pa < (uint32_t)etext) perm = PTE_R | PTE_X;
		else if (pa < (uint32_t)erodata) perm = PTE_R;
		kernel_pt[VPN0(pa)] = PA2PTE(pa) | perm | PTE_G | PTE_AD | PTE_V;
	}
	/* A non-leaf entry has R=W=X=0: "the next level is here". */
	kernel_root[VPN1(KERNBASE)] = PA2PTE(kernel_pt) | PTE_V;
	/* A leaf in the root table: 0x1000_0000..0x1040_0000, read+write, never executable. Its
	 * address must be a multiple of 4 MiB (a megapage's PPN[0] is zero, priv 4.3.2). */
	kernel_root[VPN1(DEVBASE)] = PA2PTE(DEVBASE) | PTE_R | PTE_W | PTE_G | PTE_AD | PTE_V;
	kvm_switch();
}

/* Run on the kernel-only page table (at boot, and when no process runs). Turning paging on
 * while executing is safe only because the kernel is mapped at the very addresses it runs
 * at: the next instruction fetch, now translated, lands on the same byte. */
void kvm_switch(void) {
	w_satp(MAKE_SATP(kernel_root));
	sfence_vma();
}

/* The root entries every address space shares: the kernel's table and the devices' megapage. */
static int kernel_entry(int i) { return i == (int)VPN1(KERNBASE) || i == (int)VPN1(DEVBASE); }

/* A new, empty user address space: only the shared kernel mappings. */
pagetable_t uvm_create(void) {
	pagetable_t pt = kalloc();
	if (pt) {
		pt[VPN1(KERNBASE)] = kernel_root[VPN1(KERNBASE)];
		pt[VPN1(DEVBASE)] = kernel_root[VPN1(DEVBASE)];
	}
	return pt;
}

/* The leaf PTE for va, creating the second-level table if alloc is set. 0 if there is none. */
pte_t *walk(pagetable_t pt, uint32_t va, int alloc) {
	pte_t *pde = &pt[VPN1(va)];
	if (!(*pde & PTE_V)) {
		if (!alloc) return 0;
		pagetable_t next = kalloc();
		if (!next) return 0;
		*pde = PA2PTE(next) | PTE_V;
	}
	pagetable_t next = (pagetable_t)PTE2PA(*pde);
	return &next[VPN0(va)];
}

/* Map one user page at va to frame. perm is some of R, W, X; U, A, D and V are added. */
int uvm_map(pagetable_t pt, uint32_t va, void *frame, uint32_t perm) {
	pte_t *pte = walk(pt, va, 1);
	if (!pte || (*pte & PTE_V)) return -1;
	*pte = PA2PTE(frame) | perm | PTE_U | PTE_AD | PTE_V;
	return 0;
}

/* Allocate a zeroed frame and map it at va. */
int uvm_alloc(pagetable_t pt, uint32_t va, uint32_t perm) {
	void *frame = kalloc();
	if (!frame) return -1;
	if (uvm_map(pt, va, frame, perm) < 0) {
		kfree(frame);
		return -1;
	}
	return 0;
}

/* Unmap the user page at va (if mapped) and free its frame. The caller flushes the TLB. */
void uvm_unmap(pagetable_t pt, uint32_t va) {
	pte_t *pte = walk(pt, va, 0);
	if (!pte || !(*pte & PTE_V)) return;
	kfree((void *)PTE2PA(*pte));
	*pte = 0;
}

/* Free a whole address space: every user frame, every second-level table, then the root.
 * The kernel's shared mappings are not ours to free. */
void uvm_free(pagetable_t pt) {
	for (int i = 0; i < 1024; i++) {
		if (!(pt[i] & PTE_V) || kernel_entry(i)) continue;
		pagetable_t next = (pagetable_t)PTE2PA(pt[i]);
		for (int j = 0; j < 1024; j++)
			if (next[j] & PTE_V) kfree((void *)PTE2PA(next[j]));
		kfree(next);
	}
	kfree(pt);
}

/* How many user pages are mapped (for the exit message). */
int uvm_count(pagetable_t pt) {
	int n = 0;
	for (int i = 0; i < 1024; i++) {
		if (!(pt[i] & PTE_V) || kernel_entry(i)) continue;
		pagetable_t next = (pagetable_t)PTE2PA(pt[i]);
		for (int j = 0; j < 1024; j++) n += (next[j] & PTE_V) != 0;
	}
	return n;
}

/* The kernel never follows a user pointer directly: it translates each page through the
 * process's own table, and refuses any page that is unmapped or lacks the permission `need`
 * for U-mode. (Frames are mapped at their physical address in the kernel, so once we have the
 * physical address we can use it as a pointer.) Returns the kernel address of va, or 0. The disk
 * driver uses it too, to hand a process's pages to the device. */
char *user_addr(pagetable_t pt, uint32_t va, uint32_t need) {
	if (va >= USER_TOP) return 0;
	pte_t *pte = walk(pt, va, 0);
	if (!pte || (*pte & (PTE_V | PTE_U | need)) != (PTE_V | PTE_U | need)) return 0;
	return (char *)(PTE2PA(*pte) + (va % PGSIZE));
}

/* Copy len bytes from user address srcva into the kernel. 0, or -1 for a bad pointer. */
int copyin(pagetable_t pt, void *dst, uint32_t srcva, uint32_t len) {
	char *d = dst;
	while (len > 0) {
		char *s = user_addr(pt, srcva, PTE_R);
		if (!s) return -1;
		uint32_t n = PGSIZE - srcva % PGSIZE; /* up to the end of this page */
		if (n > len) n = len;
		memcpy(d, s, n);
		d += n, srcva += n, len -= n;
	}
	return 0;
}

/* Copy len bytes from the kernel to user address dstva. 0, or -1 for a bad pointer. */
int copyout(pagetable_t pt, uint32_t dstva, const void *src, uint32_t len) {
	const char *s = src;
	while (len > 0) {
		char *d = user_addr(pt, dstva, PTE_W);
		if (!d) return -1;
		uint32_t n = PGSIZE - dstva % PGSIZE;
		if (n > len) n = len;
		memcpy(d, s, n);
		s += n, dstva += n, len -= n;
	}
	return 0;
}
