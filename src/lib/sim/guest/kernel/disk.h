/* disk.h -- the block devices the kernel found (virtio_blk.c, then pio_disk.c), as the system calls
 * see them. */
#ifndef DISK_H
#define DISK_H

#include "syscalls.h"
#include "vm.h"
#include <stdint.h>

/* Probe the virtio-mmio slots and set up every block device there. Prints nothing and
 * allocates the queues' pages now, before the boot line that counts the free pages. */
void disk_init(void);
/* One console line per disk found (and per device it could not use); nothing if none. */
void disk_report(void);
/* One line per disk at shutdown: its requests and errors; nothing if there is no disk. */
void disk_summary(void);

int disk_info(uint32_t dev, struct diskinfo *info);
/* Read or write `count` sectors at `sector` from or to the user buffer at va in pt (DMA straight
 * into the process's pages). 0, or a DISK_E* error (lib/syscalls.h). */
int disk_rw(pagetable_t pt, uint32_t dev, uint32_t sector, uint32_t va, uint32_t count, int write);
int disk_flush(uint32_t dev);

/* The teaching PIO disk (pio_disk.c), numbered after the virtio disks: its own dev is 0. */
void pio_init(void);
void pio_report(int disk);
void pio_summary(int disk);
int pio_info(uint32_t dev, struct diskinfo *info);
int pio_rw(pagetable_t pt, uint32_t dev, uint32_t sector, uint32_t va, uint32_t count, int write);
int pio_flush(uint32_t dev);

#endif
