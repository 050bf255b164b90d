/*
 * virtio_net.c -- a polled driver for a virtio network card (virtio 1.2, 5.1) behind the
 * virtio-mmio transport (4.2.2): QEMU's virtio-net-device and vmscope's.
 *
 * The card has two virtqueues (5.1.2): queue 0 receives, queue 1 transmits. Every packet in
 * either direction is a 12-byte virtio_net_hdr (5.1.6; we negotiate no offloads, so it is all
 * zeros going out and we ignore it coming in) followed by one Ethernet frame.
 *
 * Receiving: at start-up we give the device NRX buffers of 2 KiB (each holds the largest frame,
 * 1514 bytes, and the header: 5.1.6.3.1 asks for at least 1526). The device fills one per frame
 * and puts it in the used ring; nic_poll takes each filled buffer, hands the frame to the stack
 * (net.c) and gives the buffer straight back. Nobody is interrupted: the kernel polls from its
 * timer tick, and while a system call waits for an answer.
 *
 * Sending: one frame at a time, built in place in the one transmit buffer (nic_tx_frame), then
 * nic_send makes it available and waits until the device has used it, as virtio_blk.c does.
 */
#include "console.h"
#include "kalloc.h"
#include "memlayout.h"
#include "net.h"
#include "riscv.h"
#include "string.h"
#include "timer.h"
#include "virtio.h"

#define VIRTIO_NET_F_MAC 5     /* config space holds the card's MAC address */
#define VIRTIO_NET_F_STATUS 16 /* config space says whether the link is up */
#define VIRTIO_NET_S_LINK_UP 1
#define NET_CFG_MAC 0x00    /* 6 bytes */
#define NET_CFG_STATUS 0x06 /* le16 */
#define BIT(n) (1u << (n))

#define NET_HDR 12     /* struct virtio_net_hdr with num_buffers (VIRTIO_F_VERSION_1) */
#define NRX 8          /* receive buffers (and the size of both queues) */
#define RXBUF 2048     /* bytes per receive buffer: two per page */
#define RECEIVEQ 0
#define TRANSMITQ 1
#define TIMEOUT (TIMEBASE_HZ / 10) /* 100 ms for the device to take a frame */

/* One virtqueue of NRX descriptors, laid out with the alignment 2.7 asks for. */
struct vq {
	struct virtq_desc desc[NRX];
	struct {
		uint16_t flags, idx, ring[NRX], used_event;
	} avail;
	struct {
		uint16_t flags, idx;
		struct {
			uint32_t id, len;
		} ring[NRX];
		uint16_t avail_event;
	} used __attribute__((aligned(4)));
};

/* The page the device reaches for both queues and the transmit buffer. */
struct nic_page {
	struct vq q[2] __attribute__((aligned(16)));
	uint8_t tx[NET_HDR + ETH_MAX_FRAME];
};
_Static_assert(sizeof(struct nic_page) <= PGSIZE, "the NIC's queues fit one page");

static struct {
	uint32_t base; /* its registers (0: no card) */
	struct nic_page *page;
	uint8_t *rx[NRX]; /* the receive buffers (NRX / 2 pages) */
	uint16_t avail_idx[2], used_idx[2];
	int link_up;
} nic;

static const char *note; /* why a card found was not used */

int probe_read32(uint32_t addr, uint32_t *value); /* trap.S */

static uint32_t reg_read(uint32_t off) { return *(volatile uint32_t *)(nic.base + off); }
static void reg_write(uint32_t off, uint32_t v) { *(volatile uint32_t *)(nic.base + off) = v; }
static inline void fence(void) { __asm__ volatile("fence iorw, iorw" ::: "memory"); }

/* Give queue q to the device (4.2.3.2): its size and the three areas' physical addresses. */
static const char *setup_queue(int q) {
	reg_write(VIRTIO_MMIO_QUEUE_SEL, q);
	if (reg_read(VIRTIO_MMIO_QUEUE_READY)) return "a queue is already in use";
	if (reg_read(VIRTIO_MMIO_QUEUE_NUM_MAX) < NRX) return "its queues are shorter than 8";
	struct vq *v = &nic.page->q[q];
	v->avail.flags = VIRTQ_AVAIL_F_NO_INTERRUPT; /* we poll */
	reg_write(VIRTIO_MMIO_QUEUE_NUM, NRX);
	reg_write(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)v->desc);
	reg_write(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	reg_write(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)&v->avail);
	reg_write(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	reg_write(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)&v->used);
	reg_write(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	fence();
	reg_write(VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

/* Make receive buffer i available again (its descriptor i never changes). */
static void post_rx(int i) {
	struct vq *v = &nic.page->q[RECEIVEQ];
	v->avail.ring[nic.avail_idx[RECEIVEQ] % NRX] = (uint16_t)i;
	fence();
	*(volatile uint16_t *)&v->avail.idx = ++nic.avail_idx[RECEIVEQ];
}

/* The initialization sequence of 3.1.1, as for a disk (virtio_blk.c), then the receive buffers. */
static const char *setup(uint8_t mac[6]) {
	reg_write(VIRTIO_MMIO_STATUS, 0);
	for (int i = 0; reg_read(VIRTIO_MMIO_STATUS) != 0; i++)
		if (i == 1000000) return "it does not reset";
	uint32_t status = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;
	reg_write(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	reg_write(VIRTIO_MMIO_STATUS, status);
	/* Features: VERSION_1, and of the card's own only MAC and STATUS: no offloads (5.1.3). */
	reg_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	uint32_t take = reg_read(VIRTIO_MMIO_DEVICE_FEATURES) & (BIT(VIRTIO_NET_F_MAC) | BIT(VIRTIO_NET_F_STATUS));
	reg_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	if (!(reg_read(VIRTIO_MMIO_DEVICE_FEATURES) & BIT(VIRTIO_F_VERSION_1 - 32)))
		return "it does not offer VIRTIO_F_VERSION_1";
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES, take);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES, BIT(VIRTIO_F_VERSION_1 - 32));
	status |= VIRTIO_STATUS_FEATURES_OK;
	reg_write(VIRTIO_MMIO_STATUS, status);
	if (!(reg_read(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) return "it refused our features";

	nic.page = kalloc();
	for (int i = 0; i < NRX; i += 2) {
		uint8_t *pg = kalloc();
		if (!pg) return "no memory for its buffers";
		nic.rx[i] = pg;
		nic.rx[i + 1] = pg + RXBUF;
	}
	if (!nic.page) return "no memory for its queues";
	memset(nic.page, 0, sizeof *nic.page);
	const char *why = setup_queue(RECEIVEQ);
	if (!why) why = setup_queue(TRANSMITQ);
	if (why) return why;

	/* 5.1.5: the MAC from config space if the card has one, else one we make up (QEMU's first). */
	static const uint8_t fallback[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	for (int i = 0; i < 6; i++)
		mac[i] = take & BIT(VIRTIO_NET_F_MAC) ? *(volatile uint8_t *)(nic.base + VIRTIO_MMIO_CONFIG + NET_CFG_MAC + i)
		                                      : fallback[i];
	nic.link_up = !(take & BIT(VIRTIO_NET_F_STATUS)) ||
	              (*(volatile uint16_t *)(nic.base + VIRTIO_MMIO_CONFIG + NET_CFG_STATUS) & VIRTIO_NET_S_LINK_UP);

	status |= VIRTIO_STATUS_DRIVER_OK;
	reg_write(VIRTIO_MMIO_STATUS, status);
	if (reg_read(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET) return "it needs a reset";

	/* Every receive buffer to the device: descriptor i is buffer i, for the device to write. */
	struct vq *rq = &nic.page->q[RECEIVEQ];
	for (int i = 0; i < NRX; i++) {
		rq->desc[i] = (struct virtq_desc){(uint32_t)nic.rx[i], RXBUF, VIRTQ_DESC_F_WRITE, 0};
		post_rx(i);
	}
	fence();
	reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, RECEIVEQ);
	return 0;
}

int nic_init(uint8_t mac[6]) {
	for (int i = 0; i < VIRTIO_SLOTS; i++) {
		uint32_t base = VIRTIO0 + (uint32_t)i * VIRTIO_STRIDE, magic;
		if (probe_read32(base + VIRTIO_MMIO_MAGIC_VALUE, &magic) < 0) break;
		if (magic != VIRTIO_MAGIC) continue;
		nic.base = base;
		/* Version 1 (legacy) slots are reported by virtio_blk.c, whatever their device. */
		if (reg_read(VIRTIO_MMIO_VERSION) != 2 || reg_read(VIRTIO_MMIO_DEVICE_ID) != 1) continue;
		note = setup(mac);
		if (!note) return 0;
		reg_write(VIRTIO_MMIO_STATUS, reg_read(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FAILED);
		return -1; /* one card is all this kernel drives */
	}
	nic.base = 0;
	return -1;
}

uint32_t nic_address(void) { return nic.base; }
const char *nic_problem(void) { return nic.base ? note : 0; }
int nic_link_up(void) { return nic.link_up; }

uint8_t *nic_tx_frame(void) { return nic.page->tx + NET_HDR; }

int nic_send(int len) {
	struct vq *v = &nic.page->q[TRANSMITQ];
	if (len < 14 || len > ETH_MAX_FRAME) return -1;
	memset(nic.page->tx, 0, NET_HDR); /* no offloads: flags 0, gso_type NONE (5.1.6.2) */
	v->desc[0] = (struct virtq_desc){(uint32_t)nic.page->tx, (uint32_t)(NET_HDR + len), 0, 0};
	v->avail.ring[nic.avail_idx[TRANSMITQ] % NRX] = 0;
	fence();
	*(volatile uint16_t *)&v->avail.idx = ++nic.avail_idx[TRANSMITQ];
	fence();
	reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, TRANSMITQ);
	uint64_t start = r_time();
	while (*(volatile uint16_t *)&v->used.idx == nic.used_idx[TRANSMITQ])
		if (r_time() - start > TIMEOUT) return -1;
	nic.used_idx[TRANSMITQ]++;
	return 0;
}

int nic_poll(void (*input)(const uint8_t *frame, int len)) {
	struct vq *v = &nic.page->q[RECEIVEQ];
	int n = 0;
	if (!nic.base || note) return 0;
	while (*(volatile uint16_t *)&v->used.idx != nic.used_idx[RECEIVEQ]) {
		fence(); /* the index, then the buffer and the used entry the device wrote before it */
		uint32_t id = v->used.ring[nic.used_idx[RECEIVEQ] % NRX].id;
		uint32_t len = v->used.ring[nic.used_idx[RECEIVEQ] % NRX].len;
		nic.used_idx[RECEIVEQ]++;
		if (id >= NRX) continue; /* not a buffer of ours: the device is confused; skip it */
		if (len > NET_HDR && len <= RXBUF) input(nic.rx[id] + NET_HDR, (int)(len - NET_HDR));
		post_rx((int)id);
		n++;
	}
	if (n) {
		fence();
		reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, RECEIVEQ);
	}
	return n;
}
