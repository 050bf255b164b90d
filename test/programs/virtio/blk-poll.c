/*
 * A bare-metal virtio-blk driver by polling (virtio 1.2 §3.1 init, §2.7 split queue, §5.2 blk), for
 * the oracle test: the same ELF runs on QEMU virt (-global virtio-mmio.force-legacy=false) and on
 * vmscope, and both must print the same and leave the same image bytes.
 */
#include <stdint.h>
#include "../rt.h"

/* QEMU fills the slots from the highest (0x10008000), vmscope from the lowest: find the disk. */
static uint32_t slot;
#define R(off) (*(volatile uint32_t *)(slot + (off)))
#define QN 8

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
static struct desc descs[QN] __attribute__((aligned(16)));
static struct { uint16_t flags, idx, ring[QN], used_event; } avail __attribute__((aligned(4)));
static struct { uint16_t flags, idx; struct { uint32_t id, len; } ring[QN]; uint16_t avail_event; } used
	__attribute__((aligned(4)));
static struct { uint32_t type, reserved; uint64_t sector; } hdr;
static uint8_t buf[2048];
static volatile uint8_t status;
static uint16_t seen;

static uint32_t sum(const uint8_t *p, int n) {
	uint32_t s = 0;
	for (int i = 0; i < n; i++) s = s * 31 + p[i];
	return s;
}

/* One request: header, data (device-writable for reads and get-id), status; poll the used ring. */
static int request(uint32_t type, uint32_t sector, int len) {
	hdr.type = type;
	hdr.reserved = 0;
	hdr.sector = sector;
	status = 0xff;
	int writable = type == 0 || type == 8;
	descs[0] = (struct desc){ (uintptr_t)&hdr, 16, 1, 1 };
	descs[1] = (struct desc){ (uintptr_t)buf, (uint32_t)len, (uint16_t)(1 | (writable ? 2 : 0)), 2 };
	descs[2] = (struct desc){ (uintptr_t)&status, 1, 2, 0 };
	if (len == 0) descs[0].next = 2;
	avail.ring[avail.idx % QN] = 0;
	__sync_synchronize();
	avail.idx++;
	__sync_synchronize();
	R(0x050) = 0;
	while (*(volatile uint16_t *)&used.idx == seen) {}
	__sync_synchronize();
	seen++;
	R(0x064) = R(0x060);
	return status;
}

int main(void) {
	for (slot = 0x10001000u; slot <= 0x10008000u; slot += 0x1000)
		if (R(0x008) == 2) break;
	if (slot > 0x10008000u) {
		print("no virtio-blk device\n");
		return 1;
	}
	print("magic %x version %d device %d\n", R(0x000), R(0x004), R(0x008));
	R(0x070) = 0;
	R(0x070) = 1;
	R(0x070) = 3;
	R(0x014) = 1;
	uint32_t hi = R(0x010);
	R(0x024) = 0;
	R(0x020) = 0;
	R(0x024) = 1;
	R(0x020) = 1; /* VIRTIO_F_VERSION_1 */
	R(0x070) = 11;
	print("version_1 offered %d, features ok %d\n", (int)(hi & 1), (int)((R(0x070) >> 3) & 1));
	R(0x030) = 0;
	print("queue max >= 8: %d\n", R(0x034) >= QN);
	R(0x038) = QN;
	R(0x080) = (uintptr_t)descs;
	R(0x084) = 0;
	R(0x090) = (uintptr_t)&avail;
	R(0x094) = 0;
	R(0x0a0) = (uintptr_t)&used;
	R(0x0a4) = 0;
	R(0x044) = 1;
	R(0x070) = 15;
	print("capacity %d sectors\n", R(0x100));

	int st = request(8, 0, 20);
	buf[20] = 0;
	print("get-id %d '%s'\n", st, (const char *)buf);
	st = request(0, 0, 512);
	print("read sector 0: %d sum %x\n", st, sum(buf, 512));
	for (int i = 0; i < 1024; i++) buf[i] = (uint8_t)(i * 13 + 5);
	st = request(1, 3, 1024);
	print("write sectors 3-4: %d\n", st);
	print("flush: %d\n", request(4, 0, 0));
	for (int i = 0; i < 1024; i++) buf[i] = 0;
	st = request(0, 4, 512);
	print("read sector 4: %d sum %x\n", st, sum(buf, 512));
	print("past the end: %d\n", request(0, R(0x100), 512));
	print("unknown type: %d\n", request(99, 0, 0));
	print("status %x\n", R(0x070));
	return 0;
}
