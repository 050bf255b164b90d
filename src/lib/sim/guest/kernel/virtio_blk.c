/*
 * virtio_blk.c -- a driver for virtio block devices (virtio 1.2, 5.2) behind the virtio-mmio
 * transport, version 2 (4.2.2): the disks of QEMU's virt machine and of vmscope.
 *
 * At boot, disk_init looks at the eight virtio-mmio slots (memlayout.h), and sets up each block
 * device it finds as the specification's initialization sequence says (3.1.1): reset, say hello
 * (ACKNOWLEDGE, DRIVER), agree on features, give the device one virtqueue, DRIVER_OK. Disks are
 * numbered from 0 in address order.
 *
 * A request is a chain of three or more descriptors in that queue (5.2.6): a 16-byte header (what
 * to do, and at which sector) the device reads, the data buffers (the device reads them for a
 * write, writes them for a read), and one status byte the device writes last. The driver puts the
 * chain's head in the available ring, tells the device (a write to QueueNotify), and then polls
 * the used ring until the device hands the chain back. One request is in flight at a time, so the
 * chain always starts at descriptor 0, and the calling process simply waits in the kernel for it:
 * this kernel takes no interrupts (see README), and polling works the same on a bare machine and
 * in a VM. Letting other processes run meanwhile, woken by the device's interrupt (PLIC line 1..8),
 * is the next step a real kernel takes.
 *
 * The data buffers are the process's own pages: disk_rw translates the user buffer page by page
 * and gives the device their physical addresses, one descriptor per page, so nothing is copied.
 */
#include "console.h"
#include "disk.h"
#include "kalloc.h"
#include "memlayout.h"
#include "riscv.h"
#include "string.h"
#include "timer.h"
#include "virtio.h"

/* virtio-blk feature bits (5.2.3): the ones this driver accepts when the device offers them. */
#define VIRTIO_BLK_F_SEG_MAX 2  /* config seg_max: at most this many data buffers per request */
#define VIRTIO_BLK_F_RO 5       /* the disk is read-only */
#define VIRTIO_BLK_F_BLK_SIZE 6 /* config blk_size: the disk's block size */
#define VIRTIO_BLK_F_FLUSH 9    /* the device caches writes; VIRTIO_BLK_T_FLUSH makes them durable */
#define BIT(n) (1u << (n))

/* The configuration space (5.2.4): byte offsets from VIRTIO_MMIO_CONFIG. */
#define BLK_CFG_CAPACITY 0x00 /* le64: the size in 512-byte sectors */
#define BLK_CFG_SEG_MAX 0x0c  /* le32 */
#define BLK_CFG_BLK_SIZE 0x14 /* le32 */

/* Requests (5.2.6): the header's type, and the status the device writes back. */
#define VIRTIO_BLK_T_IN 0     /* read */
#define VIRTIO_BLK_T_OUT 1    /* write */
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8 /* the serial number: up to 20 bytes, NUL-padded */
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2
#define VIRTIO_BLK_ID_BYTES 20

#define QSIZE 32                   /* descriptors in our queue (a power of two, 2.7) */
#define TIMEOUT (10 * TIMEBASE_HZ) /* 10 s of `time` without an answer: the device is broken */

struct blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* What the device reaches by DMA, in one page per disk (from kalloc, so its physical address is
 * its kernel address). The three areas keep the alignment 2.7 asks for: 16, 2 and 4 bytes. */
struct queue_page {
	struct virtq_desc desc[QSIZE]; /* descriptor table */
	struct {                       /* available ring ("driver area") */
		uint16_t flags, idx, ring[QSIZE], used_event;
	} avail;
	struct { /* used ring ("device area") */
		uint16_t flags, idx;
		struct {
			uint32_t id, len;
		} ring[QSIZE];
		uint16_t avail_event;
	} used __attribute__((aligned(4)));
	struct blk_req_hdr hdr;        /* a request's first buffer ... */
	uint8_t status;                /* ... and its last */
	char id[VIRTIO_BLK_ID_BYTES]; /* where GET_ID's answer goes */
};
_Static_assert(sizeof(struct queue_page) <= PGSIZE, "a disk's queue fits one page");

struct disk {
	uint32_t base;       /* physical (= kernel virtual) address of its registers */
	uint64_t sectors;    /* capacity */
	uint32_t block_size; /* bytes */
	uint32_t max_segs;   /* data buffers per request */
	int ro, flush;       /* VIRTIO_BLK_F_RO and _FLUSH negotiated */
	int broken;          /* it stopped answering: every request fails now */
	uint16_t qsize;
	uint16_t avail_idx, used_idx; /* our copies of the two rings' free-running indexes */
	struct queue_page *q;
	char serial[VIRTIO_BLK_ID_BYTES + 1];
	uint32_t reads, writes, flushes, errors, sectors_read, sectors_written;
};

static struct disk disks[VIRTIO_SLOTS];
static int ndisks;

/* What each slot held that is not a disk we use, for disk_report (0: nothing worth saying). */
static const char *slot_note[VIRTIO_SLOTS];
static uint32_t slot_device[VIRTIO_SLOTS];

int probe_read32(uint32_t addr, uint32_t *value); /* trap.S */

static uint32_t reg_read(const struct disk *d, uint32_t off) {
	return *(volatile uint32_t *)(d->base + off);
}
static void reg_write(const struct disk *d, uint32_t off, uint32_t v) {
	*(volatile uint32_t *)(d->base + off) = v;
}

/* Order every memory and device access before the fence against every one after it. The device
 * reads our rings by DMA: what we wrote must be in memory before the store that tells it to look. */
static inline void fence(void) { __asm__ volatile("fence iorw, iorw" ::: "memory"); }

/* The 64-bit capacity, read twice over if the device changed its configuration in between
 * (ConfigGeneration, 4.2.2). */
static uint64_t read_capacity(const struct disk *d) {
	uint32_t gen, lo, hi;
	do {
		gen = reg_read(d, VIRTIO_MMIO_CONFIG_GENERATION);
		lo = reg_read(d, VIRTIO_MMIO_CONFIG + BLK_CFG_CAPACITY);
		hi = reg_read(d, VIRTIO_MMIO_CONFIG + BLK_CFG_CAPACITY + 4);
	} while (gen != reg_read(d, VIRTIO_MMIO_CONFIG_GENERATION));
	return ((uint64_t)hi << 32) | lo;
}

/* One request from start to end; 0 or a DISK_E* error. segs are the data buffers (physical
 * addresses), written by the device if device_writes. */
struct seg {
	uint32_t pa, len;
};

static int request(struct disk *d, uint32_t type, uint64_t sector, const struct seg *segs, int nseg,
                   int device_writes) {
	struct queue_page *q = d->q;
	if (d->broken) return DISK_EIO;
	q->hdr.type = type;
	q->hdr.reserved = 0;
	q->hdr.sector = sector;
	q->status = 0xff; /* not OK until the device says so */

	int n = 0; /* the chain: descriptor 0 (header), 1..nseg (data), nseg + 1 (status) */
	q->desc[n] = (struct virtq_desc){(uint32_t)&q->hdr, sizeof q->hdr, VIRTQ_DESC_F_NEXT, 1};
	for (int i = 0; i < nseg; i++) {
		n++;
		uint16_t flags = VIRTQ_DESC_F_NEXT | (device_writes ? VIRTQ_DESC_F_WRITE : 0);
		q->desc[n] = (struct virtq_desc){segs[i].pa, segs[i].len, flags, (uint16_t)(n + 1)};
	}
	n++;
	q->desc[n] = (struct virtq_desc){(uint32_t)&q->status, 1, VIRTQ_DESC_F_WRITE, 0};

	q->avail.ring[d->avail_idx % d->qsize] = 0; /* the chain's head */
	fence();                                   /* the chain and its slot, then the index */
	*(volatile uint16_t *)&q->avail.idx = ++d->avail_idx;
	fence(); /* the index, then the notification (2.7.13) */
	reg_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);

	uint64_t start = r_time();
	while (*(volatile uint16_t *)&q->used.idx == d->used_idx)
		if (r_time() - start > TIMEOUT) {
			kprintf("[kernel] virtio-blk at 0x%08x: no answer in 10 s, giving up on it\n", d->base);
			d->broken = 1;
			d->errors++;
			return DISK_EIO;
		}
	fence(); /* the index, then what the device wrote before it: data, status, the used entry */
	uint32_t head = q->used.ring[d->used_idx % d->qsize].id;
	d->used_idx++;
	if (head != 0) {
		kprintf("[kernel] virtio-blk at 0x%08x: gave back descriptor %u, not 0; giving up on it\n",
		        d->base, head);
		d->broken = 1;
		d->errors++;
		return DISK_EIO;
	}
	uint8_t status = *(volatile uint8_t *)&q->status;
	if (status == VIRTIO_BLK_S_OK) return 0;
	d->errors++;
	return status == VIRTIO_BLK_S_UNSUPP ? DISK_EUNSUPP : DISK_EIO;
}

/* The initialization sequence of 3.1.1 for a block device at d->base. 0, or what went wrong
 * (then the device is left with FAILED set). */
static const char *setup(struct disk *d) {
	/* 1. Reset, and wait until the device says it is done (2.4.2). */
	reg_write(d, VIRTIO_MMIO_STATUS, 0);
	for (int i = 0; reg_read(d, VIRTIO_MMIO_STATUS) != 0; i++)
		if (i == 1000000) return "it does not reset";
	/* 2, 3. We have seen it, and we can drive it. */
	uint32_t status = VIRTIO_STATUS_ACKNOWLEDGE;
	reg_write(d, VIRTIO_MMIO_STATUS, status);
	status |= VIRTIO_STATUS_DRIVER;
	reg_write(d, VIRTIO_MMIO_STATUS, status);

	/* 4. Features: what it offers, 32 bits at a time; we take VERSION_1 (required: this is the
	 * modern interface) and, of the block device's own, RO, BLK_SIZE, FLUSH and SEG_MAX. */
	reg_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	uint32_t offered = reg_read(d, VIRTIO_MMIO_DEVICE_FEATURES);
	reg_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint32_t offered_hi = reg_read(d, VIRTIO_MMIO_DEVICE_FEATURES);
	if (!(offered_hi & BIT(VIRTIO_F_VERSION_1 - 32))) return "it does not offer VIRTIO_F_VERSION_1";
	uint32_t take =
	    offered & (BIT(VIRTIO_BLK_F_RO) | BIT(VIRTIO_BLK_F_BLK_SIZE) | BIT(VIRTIO_BLK_F_FLUSH) |
	               BIT(VIRTIO_BLK_F_SEG_MAX));
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES, take);
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES, BIT(VIRTIO_F_VERSION_1 - 32));
	/* 5, 6. FEATURES_OK, and read it back: the device clears it if it cannot live with them. */
	status |= VIRTIO_STATUS_FEATURES_OK;
	reg_write(d, VIRTIO_MMIO_STATUS, status);
	if (!(reg_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) return "it refused our features";

	/* 7. The device-specific part: queue 0 (the block device's only one, 5.2.2), at most QSIZE
	 * long, and the configuration. */
	reg_write(d, VIRTIO_MMIO_QUEUE_SEL, 0);
	if (reg_read(d, VIRTIO_MMIO_QUEUE_READY)) return "its queue 0 is already in use";
	uint32_t max = reg_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (max < 4) return "its queue 0 is missing or shorter than 4";
	uint32_t n = QSIZE;
	while (n > max) n /= 2;
	d->q = kalloc();
	if (!d->q) return "no memory for its queue";
	d->qsize = (uint16_t)n;
	d->q->avail.flags = VIRTQ_AVAIL_F_NO_INTERRUPT; /* we poll */
	reg_write(d, VIRTIO_MMIO_QUEUE_NUM, n);
	reg_write(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)d->q->desc);
	reg_write(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	reg_write(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)&d->q->avail);
	reg_write(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	reg_write(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)&d->q->used);
	reg_write(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	fence();
	reg_write(d, VIRTIO_MMIO_QUEUE_READY, 1);

	d->sectors = read_capacity(d);
	d->ro = (take & BIT(VIRTIO_BLK_F_RO)) != 0;
	d->flush = (take & BIT(VIRTIO_BLK_F_FLUSH)) != 0;
	d->block_size = DISK_SECTOR;
	if (take & BIT(VIRTIO_BLK_F_BLK_SIZE)) {
		uint32_t b = reg_read(d, VIRTIO_MMIO_CONFIG + BLK_CFG_BLK_SIZE);
		if (b) d->block_size = b;
	}
	d->max_segs = n - 2; /* the header and the status take two descriptors */
	if (take & BIT(VIRTIO_BLK_F_SEG_MAX)) {
		uint32_t s = reg_read(d, VIRTIO_MMIO_CONFIG + BLK_CFG_SEG_MAX);
		if (s && s < d->max_segs) d->max_segs = s;
	}

	/* 8. Ready. */
	status |= VIRTIO_STATUS_DRIVER_OK;
	reg_write(d, VIRTIO_MMIO_STATUS, status);
	if (reg_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET) return "it needs a reset";

	/* Its serial number, if it will tell (a device may answer UNSUPP: then it has none). */
	struct seg id = {(uint32_t)d->q->id, VIRTIO_BLK_ID_BYTES};
	if (request(d, VIRTIO_BLK_T_GET_ID, 0, &id, 1, 1) == 0)
		for (int i = 0; i < VIRTIO_BLK_ID_BYTES && d->q->id[i]; i++) {
			char c = d->q->id[i];
			d->serial[i] = c >= 0x20 && c < 0x7f ? c : '?';
		}
	d->errors = 0; /* a refused GET_ID is not the disk's fault */
	return 0;
}

void disk_init(void) {
	for (int i = 0; i < VIRTIO_SLOTS; i++) {
		uint32_t base = VIRTIO0 + (uint32_t)i * VIRTIO_STRIDE, magic;
		/* Nothing answers: on QEMU every slot does (an empty one says device 0), and vmscope
		 * fills its slots from the lowest, so there is nothing further on either. */
		if (probe_read32(base + VIRTIO_MMIO_MAGIC_VALUE, &magic) < 0) break;
		if (magic != VIRTIO_MAGIC) continue;
		struct disk *d = &disks[ndisks];
		memset(d, 0, sizeof *d);
		d->base = base;
		uint32_t version = reg_read(d, VIRTIO_MMIO_VERSION);
		uint32_t device = reg_read(d, VIRTIO_MMIO_DEVICE_ID);
		slot_device[i] = device;
		if (device == 0) continue; /* an empty slot */
		if (version != 2) {
			slot_note[i] = version == 1 ? "uses the legacy interface (version 1), which this kernel does not "
			                              "drive (QEMU: -global virtio-mmio.force-legacy=false)"
			                            : "has an unknown interface version";
			continue;
		}
		if (device == 1) continue; /* a network card: virtio_net.c drives it */
		if (device != 2) {
			slot_note[i] = "is not a block device: no driver for it";
			continue;
		}
		const char *why = setup(d);
		if (why) {
			reg_write(d, VIRTIO_MMIO_STATUS, reg_read(d, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FAILED);
			if (d->q) kfree(d->q);
			slot_note[i] = why;
			continue;
		}
		ndisks++;
	}
	pio_init();
}

void disk_report(void) {
	int disk = 0;
	for (int i = 0; i < VIRTIO_SLOTS; i++) {
		uint32_t base = VIRTIO0 + (uint32_t)i * VIRTIO_STRIDE;
		if (slot_note[i]) {
			kprintf("[kernel] virtio at 0x%08x: device %u %s\n", base, slot_device[i], slot_note[i]);
			continue;
		}
		if (disk == ndisks || disks[disk].base != base) continue;
		struct disk *d = &disks[disk];
		kprintf("[kernel] disk %d: virtio-blk at 0x%08x, ", disk, d->base);
		if (d->sectors >> 32) kprintf("more than 2^32 sectors");
		else kprintf("%u sectors (%u KiB)", (uint32_t)d->sectors, (uint32_t)(d->sectors / 2));
		if (d->block_size != DISK_SECTOR) kprintf(", blocks of %u bytes", d->block_size);
		if (d->serial[0]) kprintf(", serial \"%s\"", d->serial);
		else kprintf(", no serial");
		kprintf("%s%s\n", d->ro ? ", read-only" : "", d->flush ? ", write cache (flush)" : "");
		disk++;
	}
	pio_report(ndisks);
}

void disk_summary(void) {
	for (int i = 0; i < ndisks; i++) {
		struct disk *d = &disks[i];
		kprintf("[kernel] disk %d: %u reads (%u sectors), %u writes (%u sectors), %u flushes, %u errors\n", i,
		        d->reads, d->sectors_read, d->writes, d->sectors_written, d->flushes, d->errors);
	}
	pio_summary(ndisks);
}

int disk_info(uint32_t dev, struct diskinfo *info) {
	if (dev >= (uint32_t)ndisks) return pio_info(dev - ndisks, info);
	const struct disk *d = &disks[dev];
	memset(info, 0, sizeof *info);
	info->sectors = (uint32_t)d->sectors;
	info->sectors_hi = (uint32_t)(d->sectors >> 32);
	info->block_size = d->block_size;
	info->flags = (d->ro ? DISK_F_RO : 0) | (d->flush ? DISK_F_FLUSH : 0);
	info->address = d->base;
	memcpy(info->serial, d->serial, sizeof d->serial);
	return 0;
}

int disk_rw(pagetable_t pt, uint32_t dev, uint32_t sector, uint32_t va, uint32_t count, int write) {
	if (dev >= (uint32_t)ndisks) return pio_rw(pt, dev - ndisks, sector, va, count, write);
	struct disk *d = &disks[dev];
	if (count == 0 || count > DISK_MAX_SECTORS || va % DISK_SECTOR) return DISK_EINVAL;
	if ((uint64_t)sector + count > d->sectors) return DISK_EINVAL;
	if (write && d->ro) return DISK_EROFS;

	/* The buffer, page by page, as physical addresses: the device writes the pages of a read
	 * (they must be writable by the process), reads those of a write (readable). As the buffer
	 * is 512-byte aligned, every piece is a whole number of sectors. */
	struct seg segs[DISK_MAX_SECTORS * DISK_SECTOR / PGSIZE + 1];
	int nseg = 0;
	uint32_t len = count * DISK_SECTOR;
	for (uint32_t off = 0; off < len;) {
		char *pa = user_addr(pt, va + off, write ? PTE_R : PTE_W);
		if (!pa) return DISK_EINVAL;
		uint32_t n = PGSIZE - (va + off) % PGSIZE;
		if (n > len - off) n = len - off;
		segs[nseg++] = (struct seg){(uint32_t)pa, n};
		off += n;
	}
	/* As few requests as the device's seg_max allows: almost always one. */
	for (int i = 0; i < nseg;) {
		int k = nseg - i < (int)d->max_segs ? nseg - i : (int)d->max_segs;
		uint32_t sectors = 0;
		for (int j = 0; j < k; j++) sectors += segs[i + j].len / DISK_SECTOR;
		int r = request(d, write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, sector, &segs[i], k, !write);
		if (r) return r;
		if (write) d->writes++, d->sectors_written += sectors;
		else d->reads++, d->sectors_read += sectors;
		sector += sectors;
		i += k;
	}
	return 0;
}

int disk_flush(uint32_t dev) {
	if (dev >= (uint32_t)ndisks) return pio_flush(dev - ndisks);
	struct disk *d = &disks[dev];
	if (!d->flush) return 0; /* no write cache: every completed write is already durable */
	int r = request(d, VIRTIO_BLK_T_FLUSH, 0, 0, 0, 0);
	if (r == 0) d->flushes++;
	return r;
}
