/*
 * syscalls.h -- the system call numbers, shared by the kernel and the user programs.
 *
 * Calling convention (the same as Linux on RISC-V): the number goes in a7, arguments in a0..a3,
 * then `ecall`; the result comes back in a0. An unknown number returns -1.
 */
#ifndef LIB_SYSCALLS_H
#define LIB_SYSCALLS_H

#define SYS_exit 1   /* exit(status): never returns */
#define SYS_write 2  /* write(fd, buf, len): fd 1 or 2 is the console; returns len or -1 */
#define SYS_getpid 3 /* getpid(): the caller's process id */
#define SYS_yield 4  /* yield(): give the CPU to the next runnable process */
#define SYS_sleep 5  /* sleep(ticks): block for at least that many timer ticks */
#define SYS_sbrk 6   /* sbrk(n): grow (or shrink) the heap by n bytes; returns the old break */
#define SYS_uptime 7 /* uptime(): timer ticks since boot */
#define SYS_spawn 8  /* spawn(name): start a built-in program as a child; its pid, or -1 */
#define SYS_wait 9   /* wait(&status): wait for a child to exit; its pid, or -1 if none */

/* Disks: the virtio-blk devices the kernel found at boot, numbered from 0 in address order. A
 * sector is 512 bytes. A transfer moves 1..DISK_MAX_SECTORS sectors between the disk and a buffer
 * that must be 512-byte aligned and already mapped (for a read, writable): the device reaches the
 * process's pages directly (DMA), with no copy through the kernel. The call returns when the
 * device has finished (the kernel polls it), with 0 or a DISK_E* error. */
#define SYS_diskinfo 10  /* diskinfo(disk, &info): fill a struct diskinfo; 0, or -1: no such disk */
#define SYS_diskread 11  /* diskread(disk, sector, buf, count) */
#define SYS_diskwrite 12 /* diskwrite(disk, sector, buf, count): done when the device says so, */
#define SYS_diskflush 13 /* diskflush(disk): but durable only after a flush (if it caches writes) */

#define DISK_SECTOR 512
#define DISK_MAX_SECTORS 128 /* 64 KiB per call */

#define DISK_EINVAL (-1) /* no such disk, sectors past the end, a bad count, buffer or pointer */
#define DISK_EIO (-2)    /* the device reported an error (VIRTIO_BLK_S_IOERR) or never answered */
#define DISK_EUNSUPP (-3) /* the device does not support the request (VIRTIO_BLK_S_UNSUPP) */
#define DISK_EROFS (-4)  /* a write to a read-only disk */

#define DISK_F_RO 1    /* the disk is read-only */
#define DISK_F_FLUSH 2 /* the device caches writes: flush to make them durable */

#ifndef __ASSEMBLER__
#include <stdint.h>
struct diskinfo {
	uint32_t sectors;    /* capacity in 512-byte sectors (low 32 bits) */
	uint32_t sectors_hi; /* (high 32 bits: 0 below 2 TiB) */
	uint32_t block_size; /* the device's block size in bytes (512 unless it says otherwise) */
	uint32_t flags;      /* DISK_F_* */
	uint32_t address;    /* where its registers are (physical) */
	char serial[24];     /* what VIRTIO_BLK_T_GET_ID returned, NUL-terminated (up to 20 bytes) */
};
#endif

#endif
