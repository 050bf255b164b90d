/*
 * kalloc.c -- hands out 4 KiB physical frames, from the end of the kernel image up to PHYSTOP.
 *
 * The free frames are kept in a linked list threaded through the frames themselves (each free
 * frame's first word points at the next one), as in xv6: it needs no memory of its own.
 */
#include "kalloc.h"
#include "console.h"
#include "memlayout.h"
#include "string.h"
#include <stdint.h>

extern char end[]; /* first byte after the kernel image and its boot stack (kernel.ld) */

struct frame {
	struct frame *next;
};

static struct frame *free_list;
static int free_count;

void kinit(void) {
	for (uint32_t pa = PGROUNDUP((uint32_t)end); pa + PGSIZE <= PHYSTOP; pa += PGSIZE) kfree((void *)pa);
}

void kfree(void *frame) {
	uint32_t pa = (uint32_t)frame;
	if (pa % PGSIZE || pa < (uint32_t)end || pa >= PHYSTOP) panic("kfree: bad frame %p", frame);
	/* Fill with junk so that a use-after-free shows up as garbage, not as stale good data. */
	memset(frame, 0x5a, PGSIZE);
	struct frame *f = frame;
	f->next = free_list;
	free_list = f;
	free_count++;
}

/* Returns a zero-filled frame, or 0 when memory is exhausted. Zeroing matters for isolation:
 * a frame freed by one process must not show its data to the next. */
void *kalloc(void) {
	struct frame *f = free_list;
	if (!f) return 0;
	free_list = f->next;
	free_count--;
	memset(f, 0, PGSIZE);
	return f;
}

int kfree_count(void) { return free_count; }
