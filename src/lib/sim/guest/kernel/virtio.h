/*
 * virtio.h -- the virtio-mmio transport (version 2, "modern") and the split virtqueue, as the
 * virtio 1.2 specification defines them (OASIS, 2022). Section numbers below are that document's.
 *
 * A virtio device is a block of 32-bit registers (4.2.2) plus, from offset 0x100, a
 * device-specific configuration space; its work comes through virtqueues, rings in the driver's
 * memory that the device reads and writes by DMA (2.7). Everything is little-endian, as RISC-V is.
 */
#ifndef VIRTIO_H
#define VIRTIO_H

#include <stdint.h>

/* virtio-mmio registers (4.2.2, table "MMIO Device Register Layout"): byte offsets. */
#define VIRTIO_MMIO_MAGIC_VALUE 0x000 /* reads "virt" */
#define VIRTIO_MMIO_VERSION 0x004      /* 2 for this (modern) interface, 1 for the legacy one */
#define VIRTIO_MMIO_DEVICE_ID 0x008    /* 0: an empty slot; 2: a block device (5) */
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010     /* 32 of the device's feature bits ... */
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014 /* ... the ones selected here (0: bits 0..31) */
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020     /* the features the driver accepts, 32 at a time */
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030     /* the queue the next five registers are about */
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034 /* its largest size (0: no such queue) */
#define VIRTIO_MMIO_QUEUE_NUM 0x038     /* the size the driver chose */
#define VIRTIO_MMIO_QUEUE_READY 0x044   /* 1: the device may use it */
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050  /* write a queue's number: "there is new work in it" */
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070           /* device status (2.1); writing 0 resets the device */
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080   /* physical address of the descriptor table */
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090 /* ... of the available ring ("driver area") */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0 /* ... of the used ring ("device area") */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc /* changes whenever the configuration space does */
#define VIRTIO_MMIO_CONFIG 0x100            /* the device-specific configuration space */

#define VIRTIO_MAGIC 0x74726976u /* "virt", little-endian */

/* Device status bits (2.1), set by the driver one step at a time during initialization (3.1.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1   /* the driver has noticed the device */
#define VIRTIO_STATUS_DRIVER 2        /* and knows how to drive it */
#define VIRTIO_STATUS_DRIVER_OK 4     /* and is ready: the device may start */
#define VIRTIO_STATUS_FEATURES_OK 8   /* the driver has accepted its features (the device checks) */
#define VIRTIO_STATUS_NEEDS_RESET 64  /* the device has gone wrong and needs a reset */
#define VIRTIO_STATUS_FAILED 128      /* the driver has given up on the device */

/* Feature bits that are not the device's own (6): bit 32 says "I speak virtio 1.x". */
#define VIRTIO_F_VERSION_1 32

/*
 * The split virtqueue (2.7): three areas in the driver's memory.
 *  - the descriptor table: each descriptor is one buffer (a physical address and a length); NEXT
 *    chains it to another, WRITE says the device writes it (otherwise the device only reads it);
 *  - the available ring: the driver puts the head of each new chain here and bumps idx;
 *  - the used ring: the device puts the head of each finished chain here (and how many bytes it
 *    wrote) and bumps idx.
 * Both indexes run freely (mod 2^16); ring[idx % size] is the next slot.
 */
#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1 /* "do not interrupt me when you use a buffer": we poll */

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

#endif
