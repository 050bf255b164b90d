/*
 * exec.c -- load a program's ELF image into a fresh address space (System V gABI, ELF32).
 *
 * Only what the user programs here need: each PT_LOAD segment gets fresh zeroed frames, mapped
 * with the segment's own permissions (text R+X, data R+W), filled with the file's bytes; the
 * rest of the segment (bss) stays zero. Then one stack page, and the registers to start with.
 */
#include "console.h"
#include "kalloc.h"
#include "memlayout.h"
#include "proc.h"
#include "programs.h"
#include "string.h"

struct elfhdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct proghdr {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

#define ELF_MAGIC 0x464c457fu /* "\x7fELF" */
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

static int load_segment(struct proc *p, const struct program *prog, const struct proghdr *ph) {
	uint32_t perm = 0;
	if (ph->flags & PF_R) perm |= PTE_R;
	if (ph->flags & PF_W) perm |= PTE_W;
	if (ph->flags & PF_X) perm |= PTE_X;
	if (ph->vaddr < USER_BASE || ph->vaddr + ph->memsz > USER_HEAP_MAX || ph->filesz > ph->memsz) return -1;
	if (ph->offset + ph->filesz > (uint32_t)(prog->end - prog->elf)) return -1;
	for (uint32_t va = PGROUNDDOWN(ph->vaddr); va < ph->vaddr + ph->memsz; va += PGSIZE) {
		/* Segments start on page boundaries (user.ld), so each page belongs to one segment. */
		if (uvm_alloc(p->pagetable, va, perm) < 0) return -1;
		uint8_t *frame = (uint8_t *)PTE2PA(*walk(p->pagetable, va, 0));
		/* Copy the part of [vaddr, vaddr+filesz) that falls in this page. */
		uint32_t lo = va > ph->vaddr ? va : ph->vaddr;
		uint32_t hi = va + PGSIZE < ph->vaddr + ph->filesz ? va + PGSIZE : ph->vaddr + ph->filesz;
		if (lo < hi) memcpy(frame + (lo - va), prog->elf + ph->offset + (lo - ph->vaddr), hi - lo);
	}
	uint32_t top = PGROUNDUP(ph->vaddr + ph->memsz);
	if (top > p->heap_base) p->heap_base = top;
	return 0;
}

/* Returns 0, or -1 if the image is malformed or memory ran out (the caller frees p). */
int exec(struct proc *p, const struct program *prog) {
	struct elfhdr eh;
	if (prog->end - prog->elf < (int)sizeof eh) return -1;
	memcpy(&eh, prog->elf, sizeof eh);
	if (*(uint32_t *)eh.ident != ELF_MAGIC || eh.phentsize != sizeof(struct proghdr)) return -1;
	if (eh.phoff + eh.phnum * sizeof(struct proghdr) > (uint32_t)(prog->end - prog->elf)) return -1;
	for (int i = 0; i < eh.phnum; i++) {
		struct proghdr ph;
		memcpy(&ph, prog->elf + eh.phoff + i * sizeof ph, sizeof ph);
		if (ph.type == PT_LOAD && ph.memsz > 0 && load_segment(p, prog, &ph) < 0) return -1;
	}
	if (uvm_alloc(p->pagetable, USER_STACK, PTE_R | PTE_W) < 0) return -1;
	p->brk = p->heap_base;
	p->tf.epc = eh.entry;
	p->tf.regs[REG_SP] = USER_TOP;
	return 0;
}
