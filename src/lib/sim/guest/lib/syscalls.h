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

/* The network (net.c): one virtio-net card, an IPv4 address from DHCP at boot (or 10.0.2.15),
 * UDP sockets and ping. Addresses are host-order numbers (10.0.2.2 is 0x0a000202). A call that
 * waits (recvfrom, ping) waits inside the kernel, polling the card, for at most timeout ticks. */
#define SYS_netinfo 14      /* netinfo(&info): 0, or NET_ENODEV without a card */
#define SYS_udp_bind 15     /* udp_bind(port): a socket number; port 0 picks a free one */
#define SYS_udp_sendto 16   /* udp_sendto(sock, buf, len, &to): len, or a NET_E* error */
#define SYS_udp_recvfrom 17 /* udp_recvfrom(sock, buf, len, &from, timeout): the length, or error */
#define SYS_ping 18         /* ping(ip, seq, timeout, &reply): 0 when the echo reply came */
#define SYS_udp_close 19    /* udp_close(sock) */

#define NET_EINVAL (-1)    /* a bad socket, buffer, pointer or length */
#define NET_ENODEV (-2)    /* no network card */
#define NET_ETIMEDOUT (-3) /* nothing arrived in time */
#define NET_EUNREACH (-4)  /* no ARP answer for the next hop */
#define NET_EADDRINUSE (-5)
#define NET_ENOMEM (-6)
#define UDP_MAX 1472 /* the largest datagram payload in one 1500-byte IPv4 packet */

#ifndef __ASSEMBLER__
#include <stdint.h>
struct netinfo {
	uint8_t mac[6];
	uint8_t dhcp; /* 1: the address came from a DHCP server */
	uint8_t link_up;
	uint32_t ip, netmask, router, dns;
	uint32_t address; /* where the card's registers are (physical) */
};
struct netaddr {
	uint32_t ip;
	uint32_t port;
};
struct pingreply {
	uint32_t from;
	uint32_t ttl;
	uint32_t bytes; /* ICMP bytes in the reply (header and data) */
};
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
