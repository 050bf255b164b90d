/* kalloc.h -- the physical page-frame allocator. */
#ifndef KALLOC_H
#define KALLOC_H

void kinit(void);
void *kalloc(void);
void kfree(void *frame);
int kfree_count(void);

#endif
