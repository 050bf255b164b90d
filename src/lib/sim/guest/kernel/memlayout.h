/*
 * memlayout.h -- where things are, in physical and in virtual memory.
 *
 * Physical (QEMU virt map, RAM from 0x8000_0000):
 *   0x1000_1000  VIRTIO0: the first of eight virtio-mmio slots, 0x1000 apart (virtio_blk.c)
 *   0x1000_9000  PIO_DISK: vmscope's teaching PIO disk, when there is one (pio_disk.c)
 *   0x8000_0000  SBI firmware (M-mode; the kernel never touches it)
 *   0x8020_0000  KERNBASE: this kernel's text, rodata, data, bss, boot stack (kernel.ld)
 *   end .. PHYSTOP  free 4 KiB frames handed out by kalloc()
 *   PHYSTOP      0x8040_0000: the kernel uses no RAM above this, so a guest needs only 4 MiB
 *
 * Virtual, in every address space (each process has its own root page table):
 *   0x0000_0000  unmapped guard page (catches null pointers)
 *   0x0001_0000  USER_BASE: the program's text, rodata, data, bss (its ELF segments)
 *   ...          heap: from the page after bss up to the break, grown by sbrk (demand-zero)
 *   0x003F_E000  unmapped guard page below the stack
 *   0x003F_F000  user stack, one page, top at USER_TOP
 *   0x1000_0000 .. 0x1040_0000  DEVBASE: the devices, one 4 MiB megapage at its physical
 *                address with U=0 (vm.c), so the disk driver reaches the virtio registers
 *   0x8020_0000 .. PHYSTOP  the kernel, mapped at its physical address with U=0, so user code
 *                cannot touch it but traps can run kernel code without switching page tables
 */
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H

#define PGSIZE 4096u
#define PGROUNDUP(a) (((a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(PGSIZE - 1))

#define KERNBASE 0x80200000u
#define PHYSTOP 0x80400000u

#define DEVBASE 0x10000000u   /* the 4 MiB of device registers the kernel maps (vm.c) */
#define VIRTIO0 0x10001000u   /* QEMU virt's virtio-mmio slot 0 ... */
#define VIRTIO_STRIDE 0x1000u /* ... the next one 0x1000 further on ... */
#define VIRTIO_SLOTS 8        /* ... eight in all, up to 0x1000_8fff */
#define PIO_DISK 0x10009000u  /* the page after them: free on QEMU virt too */

#define USER_BASE 0x00010000u
#define USER_TOP 0x00400000u
#define USER_STACK (USER_TOP - PGSIZE)     /* lowest address of the stack page */
#define USER_HEAP_MAX (USER_STACK - PGSIZE) /* the break may not reach the guard page */

#endif
