/*
 * pio_disk.c -- a driver for vmscope's teaching PIO disk (src/lib/sim/devices/pio-disk.ts), a
 * deliberately old-fashioned controller in the manner of an ATA drive in PIO mode: the CPU moves
 * every byte itself, one 32-bit word per access of the DATA register, where virtio-blk's device
 * reaches memory by DMA. It is there to be compared with virtio_blk.c: the same sectors cost
 * 128 device accesses per sector here, a handful per request there, and under a hypervisor each
 * device access is a trap into it.
 *
 * At boot pio_init reads the ID register at PIO_DISK (memlayout.h); where nothing answers (QEMU, a
 * machine without the disk) the load faults and probe_read32 says so. The disk takes the number
 * after the virtio disks. A transfer: SECTOR, COUNT, COMMAND; then for each sector, wait while the
 * STATUS says BUSY, check DRQ ("a data word is ready" for a read, "wanted" for a write), and move
 * its 128 words through DATA; at the end wait while BUSY and look at ERR. Polled, like the virtio
 * driver: this kernel takes no device interrupts.
 */
#include "console.h"
#include "disk.h"
#include "memlayout.h"
#include "riscv.h"
#include "string.h"
#include "timer.h"

/* Registers (byte offsets) and their bits, as pio-disk.ts defines them. */
#define PIO_ID 0x00
#define PIO_CAPACITY 0x04
#define PIO_SECTOR 0x08
#define PIO_COUNT 0x0c
#define PIO_COMMAND 0x10
#define PIO_STATUS 0x14
#define PIO_DATA 0x18
#define PIO_FEATURES 0x24
#define PIO_ID_VALUE 0x444f4950u /* "PIOD" */
#define CMD_READ 1
#define CMD_WRITE 2
#define CMD_FLUSH 3
#define CMD_RESET 4
#define ST_BUSY 1
#define ST_DRQ 4
#define ST_ERR 8
#define FEAT_RO 1
#define FEAT_FLUSH 2
#define WORDS_PER_SECTOR (DISK_SECTOR / 4)
#define TIMEOUT (10 * TIMEBASE_HZ) /* 10 s of `time` while BUSY: the device is broken */

static struct {
	int present, broken;
	uint32_t sectors, features;
	uint32_t reads, writes, flushes, errors, sectors_read, sectors_written;
} pio;

int probe_read32(uint32_t addr, uint32_t *value); /* trap.S */

static uint32_t reg_read(uint32_t off) { return *(volatile uint32_t *)(PIO_DISK + off); }
static void reg_write(uint32_t off, uint32_t v) { *(volatile uint32_t *)(PIO_DISK + off) = v; }

void pio_init(void) {
	uint32_t id;
	if (probe_read32(PIO_DISK + PIO_ID, &id) < 0 || id != PIO_ID_VALUE) return;
	reg_write(PIO_COMMAND, CMD_RESET); /* whatever a previous kernel left half done */
	pio.sectors = reg_read(PIO_CAPACITY);
	pio.features = reg_read(PIO_FEATURES);
	pio.present = 1;
}

void pio_report(int disk) {
	if (!pio.present) return;
	kprintf("[kernel] disk %d: PIO disk at 0x%08x, %u sectors (%u KiB), no serial%s%s\n", disk, PIO_DISK,
	        pio.sectors, pio.sectors / 2, pio.features & FEAT_RO ? ", read-only" : "",
	        pio.features & FEAT_FLUSH ? ", write cache (flush)" : "");
}

void pio_summary(int disk) {
	if (!pio.present) return;
	kprintf("[kernel] disk %d: %u reads (%u sectors), %u writes (%u sectors), %u flushes, %u errors\n", disk,
	        pio.reads, pio.sectors_read, pio.writes, pio.sectors_written, pio.flushes, pio.errors);
}

/* Poll STATUS until BUSY clears; the status then, or -1 (the device is given up) after TIMEOUT. */
static int wait_idle(void) {
	uint64_t start = r_time();
	for (;;) {
		uint32_t st = reg_read(PIO_STATUS);
		if (!(st & ST_BUSY)) return (int)st;
		if (r_time() - start > TIMEOUT) {
			kprintf("[kernel] PIO disk: busy for 10 s, giving up on it\n");
			pio.broken = 1;
			return -1;
		}
	}
}

int pio_info(uint32_t dev, struct diskinfo *info) {
	if (dev != 0 || !pio.present) return DISK_EINVAL;
	memset(info, 0, sizeof *info);
	info->sectors = pio.sectors;
	info->block_size = DISK_SECTOR;
	info->flags = (pio.features & FEAT_RO ? DISK_F_RO : 0) | (pio.features & FEAT_FLUSH ? DISK_F_FLUSH : 0);
	info->address = PIO_DISK;
	return 0;
}

/* A command that fails: the device is reset, so the next one starts clean. */
static int failed(void) {
	pio.errors++;
	reg_write(PIO_COMMAND, CMD_RESET);
	return DISK_EIO;
}

int pio_rw(pagetable_t pt, uint32_t dev, uint32_t sector, uint32_t va, uint32_t count, int write) {
	if (dev != 0 || !pio.present) return DISK_EINVAL;
	if (count == 0 || count > DISK_MAX_SECTORS || va % DISK_SECTOR) return DISK_EINVAL;
	if ((uint64_t)sector + count > pio.sectors) return DISK_EINVAL;
	if (write && (pio.features & FEAT_RO)) return DISK_EROFS;
	/* Every page of the buffer first, so a bad one is refused before the disk is touched. */
	for (uint32_t off = 0; off < count * DISK_SECTOR; off += DISK_SECTOR)
		if (!user_addr(pt, va + off, write ? PTE_R : PTE_W)) return DISK_EINVAL;
	if (pio.broken) return DISK_EIO;

	reg_write(PIO_SECTOR, sector);
	reg_write(PIO_COUNT, count);
	reg_write(PIO_COMMAND, write ? CMD_WRITE : CMD_READ);
	for (uint32_t i = 0; i < count; i++) {
		int st = wait_idle();
		if (st < 0 || (st & ST_ERR) || !(st & ST_DRQ)) return failed();
		/* A sector never crosses a page: the buffer is 512-byte aligned. */
		volatile uint32_t *p = (uint32_t *)user_addr(pt, va + i * DISK_SECTOR, write ? PTE_R : PTE_W);
		if (write)
			for (int w = 0; w < WORDS_PER_SECTOR; w++) reg_write(PIO_DATA, p[w]);
		else
			for (int w = 0; w < WORDS_PER_SECTOR; w++) p[w] = reg_read(PIO_DATA);
	}
	int st = wait_idle(); /* a write: until the media has it */
	if (st < 0 || (st & ST_ERR)) return failed();
	if (write) pio.writes++, pio.sectors_written += count;
	else pio.reads++, pio.sectors_read += count;
	return 0;
}

int pio_flush(uint32_t dev) {
	if (dev != 0 || !pio.present) return DISK_EINVAL;
	if (!(pio.features & FEAT_FLUSH)) return 0;
	if (pio.broken) return DISK_EIO;
	reg_write(PIO_COMMAND, CMD_FLUSH);
	int st = wait_idle();
	if (st < 0 || (st & ST_ERR)) return failed();
	pio.flushes++;
	return 0;
}
